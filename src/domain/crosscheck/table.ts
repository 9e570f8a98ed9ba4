// A department file held column by column: ten million records as objects would not fit the
// default heap, as columns they do. The index by ID number doubles as the duplicate check.
import type { FieldValue } from '../workbook/cells.js';
import { IdIndex, idKey } from './id-index.js';
import type { DatasetIssue, DatasetRecord } from './parse.js';

export class DatasetTable {
  private readonly index = new IdIndex();
  private readonly ids: string[] = [];
  private readonly names: string[] = [];
  private readonly rows: number[] = [];
  private readonly columns = new Map<string, FieldValue[]>();

  constructor(private readonly keys: readonly string[]) {
    for (const k of keys) if (k !== 'idNumber' && k !== 'name') this.columns.set(k, []);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds a record, or returns the issue when the ID number is already listed. */
  add(r: DatasetRecord): DatasetIssue | null {
    const first = this.index.setIfAbsent(idKey(r.idNumber), this.ids.length);
    if (first >= 0) {
      return { row: r.row, field: 'idNumber', message: `第 ${r.row} 行与第 ${this.rows[first] ?? 0} 行是同一身份证号`, messageEn: `row ${r.row} repeats the ID number of row ${this.rows[first] ?? 0}`, fix: '同一人只应列一行：请合并或删除重复行' };
    }
    this.ids.push(r.idNumber);
    this.names.push(r.name);
    this.rows.push(r.row);
    for (const [k, col] of this.columns) col.push(r.values[k] ?? null);
    return null;
  }

  /** The position of the record with this ID number. */
  find(idNumber: string): number | undefined {
    const i = this.index.get(idKey(idNumber));
    // The key leaves out the check character: a registry number with a wrong one is not a match.
    return i >= 0 && this.ids[i] === idNumber ? i : undefined;
  }

  idAt(i: number): string {
    return this.ids[i] ?? '';
  }

  nameAt(i: number): string {
    return this.names[i] ?? '';
  }

  valueAt(i: number, key: string): FieldValue {
    return this.columns.get(key)?.[i] ?? null;
  }

  record(i: number): DatasetRecord {
    const values: Record<string, FieldValue> = { idNumber: this.idAt(i), name: this.nameAt(i) };
    for (const [k, col] of this.columns) values[k] = col[i] ?? null;
    return { row: this.rows[i] ?? 0, idNumber: this.idAt(i), name: this.nameAt(i), values };
  }

  static of(keys: readonly string[], records: readonly DatasetRecord[]): DatasetTable {
    const t = new DatasetTable(keys);
    for (const r of records) t.add(r);
    return t;
  }
}
