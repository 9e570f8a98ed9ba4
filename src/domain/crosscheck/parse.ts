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
      issues: missing.map((c) => ({ row: r + 1, field: c.key, message: `“${schema.zh}”文件缺少必需的列“${c.zh}”（表头为：${found}）`, messageEn: `the ${schema.en} file lacks the required column ${c.key}`, fix: `请在表头加上“${c.zh}”列（也可写作：${c.aliases.slice(0, 3).join('、') || c.zh}），或确认选择的数据类型是否正确` })),
    };
  }
  return { layout: null, issues: [{ row: null, field: 'idNumber', message: `前 ${headerScan} 行中找不到“身份证号”表头：文件的列与“${schema.zh}”的格式不符`, messageEn: `no ID-number header in the first ${headerScan} rows: the columns do not match the ${schema.en} schema`, fix: `请确认文件是“${schema.zh}”数据，表头含 ${schema.columns.filter((c) => c.required).map((c) => c.zh).join('、')}` }] };
}

const canonicalId = /^\d{17}[\dX]$/;

/** Parses data rows; a person listed twice is reported by the table the records go to. */
export class DatasetParser {
  constructor(
    private readonly schema: DatasetSchema,
    private readonly layout: HeaderLayout,
    private readonly today: string,
  ) {}

  /** A record, null for a blank row, or the issues of the row. */
  parse(row: number, cells: readonly RawCell[]): DatasetRecord | null | DatasetIssue[] {
    if (cells.every((c) => c === null || isBlank(c))) return null;
    const issues: DatasetIssue[] = [];
    const values: Record<string, FieldValue> = {};
    for (const [i, c] of this.layout.columns) {
      const raw = cells[i] ?? null;
      // Most ID cells are already clean: skip the normalisation meant for hand-typed ones.
      if (c.kind === 'idNumber' && typeof raw === 'string' && canonicalId.test(raw)) {
        values[c.key] = raw;
        continue;
      }
      if (c.required && isBlank(raw)) {
        issues.push({ row, field: c.key, message: `第 ${row} 行“${c.zh}”为空`, messageEn: `row ${row}: ${c.key} is empty`, fix: `请填写${c.zh}` });
        continue;
      }
      const parsed = parseCell(c, raw);
      if (!parsed.ok) issues.push({ row, field: c.key, message: `第 ${row} 行：${parsed.message}`, messageEn: `row ${row}: ${parsed.messageEn}`, fix: parsed.fix });
      else values[c.key] = parsed.value;
    }
    const id = typeof values['idNumber'] === 'string' ? values['idNumber'] : '';
    if (id !== '') {
      const check = checkIdNumber(id, { today: this.today });
      if (!check.valid) issues.push({ row, field: 'idNumber', message: `第 ${row} 行身份证号未通过校验：${check.reason}`, messageEn: `row ${row}: the ID number fails the check: ${check.reasonEn}`, fix: check.fix });
      else values['idNumber'] = check.normalized;
    }
    if (issues.length > 0) return issues;
    return { row, idNumber: String(values['idNumber']), name: String(values['name'] ?? ''), values };
  }
}
