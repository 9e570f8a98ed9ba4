// A department file held column by column in typed arrays, indexed by ID number (the index
// doubles as the duplicate check). Ten million records as objects neither fit the default heap
// nor let the garbage collector rest.
import type { FieldValue } from '../workbook/cells.js';
import { columnFor, PackedNumbers, PackedStrings, pushValue, type PackedColumn } from './columns.js';
import { IdIndex, idKey } from './id-index.js';
import type { DatasetIssue, DatasetRecord } from './parse.js';

export class DatasetTable {
  private readonly index = new IdIndex();
  private readonly ids = new PackedStrings();
  private readonly names = new PackedStrings();
  private readonly rows = new PackedNumbers();
  private readonly columns = new Map<string, PackedColumn>();

  /** `kinds`: column key → schema column kind (text, bool, yuan …). */
  constructor(kinds: Readonly<Record<string, string>>) {
    for (const [k, kind] of Object.entries(kinds)) if (k !== 'idNumber' && k !== 'name') this.columns.set(k, columnFor(kind));
  }

  get size(): number {
    return this.ids.size;
  }

  /** Adds a record, or returns the issue when the ID number is already listed. */
  add(r: DatasetRecord): DatasetIssue | null {
    const first = this.index.setIfAbsent(idKey(r.idNumber), this.ids.size);
    if (first >= 0) {
      const row = this.rows.get(first) ?? 0;
      return { row: r.row, field: 'idNumber', message: `第 ${r.row} 行与第 ${row} 行是同一身份证号`, messageEn: `row ${r.row} repeats the ID number of row ${row}`, fix: '同一人只应列一行：请合并或删除重复行' };
    }
    this.ids.push(r.idNumber);
    this.names.push(r.name);
    this.rows.push(r.row);
    for (const [k, col] of this.columns) pushValue(col, r.values[k] ?? null);
    return null;
  }

  /** The position of the record with this ID number. */
  find(idNumber: string): number | undefined {
    const i = this.index.get(idKey(idNumber));
    // The key leaves out the check character: a registry number with a wrong one is not a match.
    return i >= 0 && this.ids.get(i) === idNumber ? i : undefined;
  }

  idAt(i: number): string {
    return this.ids.get(i) ?? '';
  }

  nameAt(i: number): string {
    return this.names.get(i) ?? '';
  }

  valueAt(i: number, key: string): FieldValue {
    return this.columns.get(key)?.get(i) ?? null;
  }

  record(i: number): DatasetRecord {
    const values: Record<string, FieldValue> = { idNumber: this.idAt(i), name: this.nameAt(i) };
    for (const [k, col] of this.columns) values[k] = col.get(i);
    return { row: this.rows.get(i) ?? 0, idNumber: this.idAt(i), name: this.nameAt(i), values };
  }

  static of(kinds: Readonly<Record<string, string>>, records: readonly DatasetRecord[]): DatasetTable {
    const t = new DatasetTable(kinds);
    for (const r of records) t.add(r);
    return t;
  }
}
