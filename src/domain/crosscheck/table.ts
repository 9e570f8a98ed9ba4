// A department file held column by column in typed arrays, indexed by ID number (the index
// doubles as the duplicate check). Ten million records as objects neither fit the default heap
// nor let the garbage collector rest. A table read in another thread moves here whole (`parts`).
import type { FieldValue } from '../workbook/cells.js';
import { buffersOf, columnFor, columnOf, PackedIds, PackedNumbers, PackedStrings, pushValue, shortCode, type ColumnParts, type PackedColumn } from './columns.js';
import { IdIndex, idKey } from './id-index.js';
import type { DatasetIssue, DatasetRecord } from './parse.js';

export interface TableParts {
  readonly index: { slots: Float64Array; count: number };
  readonly ids: ColumnParts;
  readonly names: ColumnParts;
  readonly rows: ColumnParts;
  readonly columns: readonly [string, ColumnParts][];
}

export class DatasetTable {
  private index = new IdIndex();
  private ids = new PackedIds();
  private nameColumn = new PackedStrings();
  private rows = new PackedNumbers();
  private readonly columns = new Map<string, PackedColumn>();
  /** The columns beside ID and name, as arrays for the per-row loop. */
  private keys: string[] = [];
  private cols: PackedColumn[] = [];

  /** `kinds`: column key → schema column kind (text, bool, yuan …); `expected`: about how many records (the index is sized once). */
  constructor(kinds: Readonly<Record<string, string>>, expected = 0) {
    if (expected > 0) this.index = new IdIndex(expected);
    for (const [k, kind] of Object.entries(kinds)) if (k !== 'idNumber' && k !== 'name') this.columns.set(k, columnFor(kind));
    this.listColumns();
  }

  private listColumns(): void {
    this.keys = [...this.columns.keys()];
    this.cols = [...this.columns.values()];
  }

  get size(): number {
    return this.ids.size;
  }

  /** Names as read, for comparing with the registry's without making strings. */
  get names(): PackedStrings {
    return this.nameColumn;
  }

  /** Adds a record, or returns the issue when the ID number is already listed. */
  add(r: DatasetRecord): DatasetIssue | null {
    const key = idKey(r.idNumber);
    // Records come checked (GB 11643, a real birth date): every one has a key.
    if (key <= 0) throw new Error(`an unchecked ID number reached the department table (row ${r.row})`);
    // The index holds, beside the key, the position with the check character and the name's short
    // code: a lookup needs nothing else from memory when the names are equal and short.
    const first = this.index.setIfAbsent(key, this.ids.size * 128 + r.idNumber.charCodeAt(17), shortCode(r.name));
    if (first >= 0) {
      const row = this.rows.get(Math.floor(first / 128)) ?? 0;
      return { row: r.row, field: 'idNumber', message: `第 ${r.row} 行与第 ${row} 行是同一身份证号`, messageEn: `row ${r.row} repeats the ID number of row ${row}`, fix: '同一人只应列一行：请合并或删除重复行', fixEn: 'List each person once: merge or delete the duplicate row' };
    }
    this.ids.pushKey(key, r.idNumber.charCodeAt(17));
    this.nameColumn.push(r.name);
    this.rows.push(r.row);
    for (let k = 0; k < this.cols.length; k++) pushValue(this.cols[k] as PackedColumn, r.values[this.keys[k] ?? ''] ?? null);
    return null;
  }

  /** Where in the index the record with this key (`idKey`) and check character is (for `rowAt`, `nameCodeAt`), or −1. */
  slotOf(key: number, check: number): number {
    const at = this.index.find(key);
    // The key leaves out the check character: a number with another one is not a match.
    return at >= 0 && this.index.valueAt(at) % 128 === check ? at : -1;
  }

  rowAt(slot: number): number {
    return Math.floor(this.index.valueAt(slot) / 128);
  }

  /** The `shortCode` of the record's name. */
  nameCodeAt(slot: number): number {
    return this.index.extraAt(slot);
  }

  /** The position of the record with this key and check character, or −1. */
  findKey(key: number, check: number): number {
    const at = this.slotOf(key, check);
    return at < 0 ? -1 : this.rowAt(at);
  }

  /** The position of the record with this ID number. */
  find(idNumber: string): number | undefined {
    const i = this.findKey(idKey(idNumber), idNumber.charCodeAt(17));
    return i >= 0 ? i : undefined;
  }

  idAt(i: number): string {
    return this.ids.get(i) ?? '';
  }

  nameAt(i: number): string {
    return this.names.get(i) ?? '';
  }

  /** The column's reader, looked up once rather than per row. */
  column(key: string): ((i: number) => FieldValue) | null {
    const c = this.columns.get(key);
    return c ? (i) => c.get(i) : null;
  }

  valueAt(i: number, key: string): FieldValue {
    return this.columns.get(key)?.get(i) ?? null;
  }

  /** The record's values by column key (ID number and name first). */
  values(i: number): Record<string, FieldValue> {
    const values: Record<string, FieldValue> = { idNumber: this.idAt(i), name: this.nameAt(i) };
    for (let k = 0; k < this.cols.length; k++) values[this.keys[k] ?? ''] = (this.cols[k] as PackedColumn).get(i);
    return values;
  }

  rowNumber(i: number): number {
    return this.rows.get(i) ?? 0;
  }

  record(i: number): DatasetRecord {
    const values = this.values(i);
    return { row: this.rowNumber(i), idNumber: String(values['idNumber']), name: String(values['name']), values };
  }

  /** The table's arrays and the buffers to transfer with them. */
  parts(): { parts: TableParts; transfer: ArrayBuffer[] } {
    const index = this.index.parts();
    const cols: [string, ColumnParts][] = [...this.columns].map(([k, c]) => [k, c.parts()]);
    const parts: TableParts = { index, ids: this.ids.parts(), names: this.nameColumn.parts(), rows: this.rows.parts(), columns: cols };
    const transfer = [index.slots.buffer, ...[parts.ids, parts.names, parts.rows, ...cols.map(([, c]) => c)].flatMap(buffersOf)] as ArrayBuffer[];
    return { parts, transfer };
  }

  static fromParts(p: TableParts): DatasetTable {
    const t = new DatasetTable({});
    t.index = IdIndex.of(p.index);
    t.ids = columnOf(p.ids) as PackedIds;
    t.nameColumn = columnOf(p.names) as PackedStrings;
    t.rows = columnOf(p.rows) as PackedNumbers;
    for (const [k, c] of p.columns) t.columns.set(k, columnOf(c));
    t.listColumns();
    return t;
  }

  static of(kinds: Readonly<Record<string, string>>, records: readonly DatasetRecord[]): DatasetTable {
    const t = new DatasetTable(kinds);
    for (const r of records) t.add(r);
    return t;
  }
}
