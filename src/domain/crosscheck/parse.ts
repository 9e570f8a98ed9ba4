// Reading a department file against its kind's schema: find the header, map the columns, parse
// each row. Every problem is an issue naming the row, the column and the fix (Chinese first);
// the caller refuses the whole comparison when there is any, so nothing is compared half-read.
// ID numbers never appear in messages.
import { checkIdNumber } from '../id-number.js';
import { isBlank, parseCell, type FieldValue, type RawCell } from '../workbook/cells.js';
import { headerKey } from '../workbook/columns.js';
import type { DatasetColumn, DatasetSchema } from './kinds.js';

export interface DatasetIssue {
  /** Row in the file (1-based), or null for the file as a whole. */
  readonly row: number | null;
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
  readonly fix: string;
  readonly fixEn: string;
}

export interface DatasetRecord {
  readonly row: number;
  readonly idNumber: string;
  readonly name: string;
  readonly values: Readonly<Record<string, FieldValue>>;
}

export interface HeaderLayout {
  readonly headerRow: number;
  /** Column index in the row → schema column. */
  readonly columns: ReadonlyMap<number, DatasetColumn>;
}

export const headerScan = 15;

function columnIndex(schema: DatasetSchema): Map<string, DatasetColumn> {
  const index = new Map<string, DatasetColumn>();
  for (const c of schema.columns) for (const n of [c.zh, c.key, ...c.aliases]) if (!index.has(headerKey(n))) index.set(headerKey(n), c);
  return index;
}

/**
 * The header is the first of the top rows that names the ID-number column; its other cells map to
 * the schema. A missing required column is an issue on the header row, naming what was found.
 */
export function detectHeader(schema: DatasetSchema, rows: readonly (readonly RawCell[])[]): { layout: HeaderLayout | null; issues: DatasetIssue[] } {
  const index = columnIndex(schema);
  for (let r = 0; r < Math.min(rows.length, headerScan); r++) {
    const cells = rows[r] ?? [];
    const columns = new Map<number, DatasetColumn>();
    cells.forEach((cell, i) => {
      if (cell === null || typeof cell !== 'string') return;
      const c = index.get(headerKey(cell));
      if (c && ![...columns.values()].includes(c)) columns.set(i, c);
    });
    if (![...columns.values()].some((c) => c.key === 'idNumber')) continue;
    const missing = schema.columns.filter((c) => c.required && ![...columns.values()].includes(c));
    if (missing.length === 0) return { layout: { headerRow: r + 1, columns }, issues: [] };
    const found = cells.filter((c): c is string => typeof c === 'string' && c.trim() !== '').join('、');
    return {
      layout: null,
      issues: missing.map((c) => ({ row: r + 1, field: c.key, message: `“${schema.zh}”文件缺少必需的列“${c.zh}”（表头为：${found}）`, messageEn: `the ${schema.en} file lacks the required column ${c.key}`, fix: `请在表头加上“${c.zh}”列（也可写作：${c.aliases.slice(0, 3).join('、') || c.zh}），或确认选择的数据类型是否正确`, fixEn: `Add the column "${c.zh}" to the header (also accepted: ${c.aliases.slice(0, 3).join(', ') || c.zh}), or check the chosen data kind` })),
    };
  }
  return { layout: null, issues: [{ row: null, field: 'idNumber', message: `前 ${headerScan} 行中找不到“身份证号”表头：文件的列与“${schema.zh}”的格式不符`, messageEn: `no ID-number header in the first ${headerScan} rows: the columns do not match the ${schema.en} schema`, fix: `请确认文件是“${schema.zh}”数据，表头含 ${schema.columns.filter((c) => c.required).map((c) => c.zh).join('、')}`, fixEn: `Check that the file is ${schema.en} data with the headers ${schema.columns.filter((c) => c.required).map((c) => c.zh).join(', ')}` }] };
}

const canonicalId = /^\d{17}[\dX]$/;
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = 'X98765432'.split('').map((c) => c.charCodeAt(0));
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a canonical number (17 digits and a check character) passes every test of
 * `checkIdNumber`: a real birth date from 1900 to `today` (YYYYMMDD as a number) and the right
 * check character. Ten million rows are checked; only a number that fails goes to
 * `checkIdNumber`, for its message.
 */
export function passesIdCheck(id: string, today: number): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (weights[i] ?? 0);
  const r = sum % 11;
  const expected = r === 0 ? 49 : r === 1 ? 48 : (checkChars[r - 2] ?? 0);
  if (id.charCodeAt(17) !== expected) return false;
  const d = (i: number): number => id.charCodeAt(i) - 48;
  const year = d(6) * 1000 + d(7) * 100 + d(8) * 10 + d(9);
  const month = d(10) * 10 + d(11);
  const day = d(12) * 10 + d(13);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : (monthDays[month - 1] ?? 31))) return false;
  const date = year * 10000 + month * 100 + day;
  return date >= 19000101 && date <= today;
}

/** Column kinds with few distinct values: a cell's parse is remembered by its text. */
const cachedKinds = new Set(['bool', 'code', 'codes']);
const cacheLimit = 256;

/** Parses data rows; a person listed twice is reported by the table the records go to. */
export class DatasetParser {
  /** The mapped columns as parallel arrays: read once per row, without iterating a map. */
  private readonly at: number[] = [];
  private readonly specs: DatasetColumn[] = [];
  private readonly caches: (Map<string, ReturnType<typeof parseCell>> | null)[] = [];
  private readonly idAt: number;
  private readonly todayNumber: number;

  constructor(
    private readonly schema: DatasetSchema,
    private readonly layout: HeaderLayout,
    private readonly today: string,
  ) {
    let idAt = -1;
    for (const [i, c] of layout.columns) {
      if (c.kind === 'idNumber') idAt = i;
      this.at.push(i);
      this.specs.push(c);
      this.caches.push(cachedKinds.has(c.kind) ? new Map() : null);
    }
    this.idAt = idAt;
    this.todayNumber = Number(today.slice(0, 10).replaceAll('-', ''));
  }

  /** A record, null for a blank row, or the issues of the row. */
  parse(row: number, cells: readonly RawCell[]): DatasetRecord | null | DatasetIssue[] {
    const idCell = cells[this.idAt] ?? null;
    // A clean, valid number (nearly every row) is taken as it is: no normalisation, no blank-row test.
    const canonical = typeof idCell === 'string' && canonicalId.test(idCell);
    const quick = canonical && passesIdCheck(idCell, this.todayNumber);
    if (!quick && cells.every((c) => c === null || isBlank(c))) return null;
    let issues: DatasetIssue[] | null = null;
    const values: Record<string, FieldValue> = {};
    for (let k = 0; k < this.at.length; k++) {
      const c = this.specs[k] as DatasetColumn;
      const raw = cells[this.at[k] ?? 0] ?? null;
      // Most ID cells are already clean: skip the normalisation meant for hand-typed ones.
      if (c.kind === 'idNumber' && canonical) {
        values[c.key] = raw;
        continue;
      }
      if (c.required && isBlank(raw)) {
        (issues ??= []).push({ row, field: c.key, message: `第 ${row} 行“${c.zh}”为空`, messageEn: `row ${row}: ${c.key} is empty`, fix: `请填写${c.zh}`, fixEn: `Fill in ${c.key}` });
        continue;
      }
      const cache = this.caches[k];
      let parsed = typeof raw === 'string' ? cache?.get(raw) : undefined;
      if (parsed === undefined) {
        parsed = parseCell(c, raw);
        if (cache && typeof raw === 'string' && cache.size < cacheLimit) cache.set(raw, parsed);
      }
      if (!parsed.ok) (issues ??= []).push({ row, field: c.key, message: `第 ${row} 行：${parsed.message}`, messageEn: `row ${row}: ${parsed.messageEn}`, fix: parsed.fix, fixEn: parsed.fixEn });
      else values[c.key] = Array.isArray(parsed.value) ? [...parsed.value] : parsed.value;
    }
    const id = typeof values['idNumber'] === 'string' ? values['idNumber'] : '';
    if (id !== '' && !quick) {
      const check = checkIdNumber(id, { today: this.today });
      if (!check.valid) (issues ??= []).push({ row, field: 'idNumber', message: `第 ${row} 行身份证号未通过校验：${check.reason}`, messageEn: `row ${row}: the ID number fails the check: ${check.reasonEn}`, fix: check.fix, fixEn: check.fixEn });
      else values['idNumber'] = check.normalized;
    }
    if (issues) return issues;
    return { row, idNumber: String(values['idNumber']), name: String(values['name'] ?? ''), values };
  }
}
