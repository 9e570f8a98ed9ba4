// Reading score sheets from JSON, CSV or a workbook's rows. Structural problems (unknown columns,
// text where a number belongs) are collected with their lines and thrown together.
import { parse } from 'csv-parse/sync';
import { FieldReader } from './fields.js';
import { type ScoringIssue, ScoringInputError } from './issues.js';
import type { Scheme } from './scheme.js';
import type { ScoreSheet, UnitScore } from './scores.js';
import { readSourceTree } from './source.js';

/** A cell as a CSV or workbook gives it. */
export type Cell = string | number | boolean | null;

export interface TableRow {
  readonly line: number;
  readonly cells: readonly Cell[];
}

const numberText = /^[+-]?\d+(\.\d+)?$/;

/**
 * JSON: `{ "schemeId"?, "period"?, "rows": [{ "period"?, "unitId", "unitName", "peerGroups"?,
 * "components": {id: number}, "bonuses"?, "deductions"?, "vetoes"? }] }`, or just the rows array.
 * A row's period wins over the file's, which wins over `defaultPeriod`.
 */
export function parseScoresJson(text: string, fileName: string, defaultPeriod = ''): ScoreSheet {
  const tree = readSourceTree(text, fileName);
  if (tree.syntaxIssues.length > 0) throw new ScoringInputError(tree.syntaxIssues);
  const r = new FieldReader(tree, fileName);
  const root = Array.isArray(tree.value) ? { rows: tree.value } : r.record(tree.value, [], '得分表');
  if (root === null) throw new ScoringInputError(r.issues);
  const schemeId = typeof root['schemeId'] === 'string' ? root['schemeId'] : undefined;
  const sheetPeriod = typeof root['period'] === 'string' ? root['period'] : defaultPeriod;
  const rowsPath = Array.isArray(tree.value) ? [] : ['rows'];
  const rows: UnitScore[] = [];
  r.list(root, 'rows', [], true).forEach((value, i) => {
    const path = [...rowsPath, i];
    const row = r.record(value, path, '得分行');
    if (row === null) return;
    const unitId = r.text(row, 'unitId', path) ?? '';
    const unitName = r.text(row, 'unitName', path) ?? '';
    const who = { unitId, unitName };
    const numbers = (key: string): Record<string, number | null> => {
      const obj = row[key];
      if (obj === undefined || obj === null) return {};
      const rec = r.record(obj, [...path, key], key);
      if (rec === null) return {};
      const out: Record<string, number | null> = {};
      for (const [id, v] of Object.entries(rec)) {
        const n = toNumber(v);
        if (n === undefined) r.fail([...path, key, id], `${unitName}（${unitId}）“${id}”的值“${String(v)}”不是数`, `${unitName} (${unitId}): ${id} value "${String(v)}" is not a number`, { code: 'invalidNumber', ...who, component: id });
        else out[id] = n;
      }
      return out;
    };
    const strings = (key: string): string[] => r.list(row, key, path).map(String);
    rows.push({
      period: r.text(row, 'period', path, sheetPeriod) ?? sheetPeriod,
      unitId,
      unitName,
      peerGroups: strings('peerGroups'),
      components: numbers('components'),
      bonuses: dropBlanks(numbers('bonuses')),
      deductions: dropBlanks(numbers('deductions')),
      vetoes: strings('vetoes'),
      line: tree.lineAt(path),
    });
  });
  if (r.issues.length > 0) throw new ScoringInputError(r.issues);
  return { file: fileName, ...(schemeId === undefined ? {} : { schemeId }), rows };
}

/** CSV with a header row; see `scoresFromTable` for the columns. */
export function parseScoresCsv(text: string, fileName: string, scheme: Scheme, defaultPeriod = ''): ScoreSheet {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, on_record: (record: string[], ctx) => [String(ctx.lines), ...record] });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ScoringInputError([{ code: 'syntax', file: fileName, message: `CSV 格式错误：${message}`, messageEn: `CSV syntax error: ${message}` }]);
  }
  const table = records.map(([line, ...cells]) => ({ line: Number(line), cells }));
  return scoresFromTable(table, fileName, scheme, defaultPeriod);
}

const fixedColumns: Record<string, 'period' | 'unitId' | 'unitName' | 'peerGroups' | 'vetoes'> = {
  period: 'period', 期间: 'period', 考核期间: 'period',
  unitId: 'unitId', 单位代码: 'unitId', 区划代码: 'unitId', 代码: 'unitId',
  unitName: 'unitName', 单位名称: 'unitName', 单位: 'unitName', 名称: 'unitName',
  peerGroups: 'peerGroups', 分组: 'peerGroups',
  vetoes: 'vetoes', 一票否决: 'vetoes',
};

type Column = { kind: 'fixed'; field: 'period' | 'unitId' | 'unitName' | 'peerGroups' | 'vetoes' } | { kind: 'component' | 'bonus' | 'deduction' | 'veto'; id: string };

/**
 * Rows of a CSV file or worksheet. The first row names the columns, by id or Chinese name:
 * period/期间, unitId/单位代码, unitName/单位名称, peerGroups/分组 and vetoes/一票否决 (lists split by ; 、),
 * then one column per component, bonus and deduction item, and optionally one per veto item (是/1 = triggered).
 */
export function scoresFromTable(table: readonly TableRow[], fileName: string, scheme: Scheme, defaultPeriod = ''): ScoreSheet {
  const issues: ScoringIssue[] = [];
  const [header, ...body] = table.filter((row) => row.cells.some((c) => c !== null && String(c).trim() !== ''));
  if (header === undefined) throw new ScoringInputError([{ code: 'noScores', file: fileName, message: '得分表是空的', messageEn: 'the score sheet is empty' }]);
  const columns = header.cells.map((cell, i): Column | null => {
    const name = cell === null ? '' : String(cell).trim();
    const col = columnFor(scheme, name);
    if (col === null && name !== '') issues.push({ code: 'unknownItem', file: fileName, line: header.line, component: name, message: `第 ${i + 1} 列“${name}”不是本方案的考核项、加分项、扣分项或一票否决项`, messageEn: `column ${i + 1} "${name}" is not in the scheme` });
    return col;
  });
  const seen = new Set<string>();
  columns.forEach((col, i) => {
    const key = col === null ? null : col.kind === 'fixed' ? col.field : col.id;
    if (key !== null && seen.has(key)) issues.push({ code: 'duplicateId', file: fileName, line: header.line, component: key, message: `第 ${i + 1} 列与前面的列重复（${key}）`, messageEn: `column ${i + 1} repeats ${key}` });
    if (key !== null) seen.add(key);
  });
  const has = (field: string): boolean => columns.some((c) => c?.kind === 'fixed' && c.field === field);
  for (const field of ['unitId', 'unitName']) {
    if (!has(field)) issues.push({ code: 'field', file: fileName, line: header.line, message: `缺少“${field === 'unitId' ? '单位代码' : '单位名称'}”列`, messageEn: `column ${field} is missing` });
  }
  // Components computed from the system's own data (metric) are filled in by the caller, not typed in.
  for (const c of scheme.components.filter((x) => x.metric === undefined)) {
    if (!columns.some((col) => col?.kind === 'component' && col.id === c.id)) issues.push({ code: 'missingScore', file: fileName, line: header.line, component: c.id, message: `缺少考核项“${c.name}”列`, messageEn: `column for component ${c.id} is missing` });
  }
  const rows = body.map((row) => readRow(scheme, row, columns, fileName, defaultPeriod, issues));
  if (issues.length > 0) throw new ScoringInputError(issues);
  return { file: fileName, rows };
}

function readRow(scheme: Scheme, row: TableRow, columns: readonly (Column | null)[], file: string, defaultPeriod: string, issues: ScoringIssue[]): UnitScore {
  const fixed: Record<string, string> = {};
  const components: Record<string, number | null> = {};
  const bonuses: Record<string, number> = {};
  const deductions: Record<string, number> = {};
  const vetoes: string[] = [];
  const later: (() => void)[] = [];
  columns.forEach((col, i) => {
    const cell = row.cells[i] ?? null;
    if (col === null) return;
    if (col.kind === 'fixed') fixed[col.field] = cell === null ? '' : String(cell).trim();
    else if (col.kind === 'veto') {
      if (isTrue(cell)) vetoes.push(col.id);
    } else {
      // Read numbers after the unit's name is known, so the problem can name the unit.
      later.push(() => {
        const n = toNumber(cell);
        if (n === undefined) {
          issues.push({ code: 'invalidNumber', file, line: row.line, unitId: fixed['unitId'], unitName: fixed['unitName'], component: col.id, message: `${fixed['unitName'] ?? ''}（${fixed['unitId'] ?? ''}）“${itemName(scheme, col.id)}”的值“${String(cell)}”不是数`, messageEn: `${fixed['unitName'] ?? ''} (${fixed['unitId'] ?? ''}): ${col.id} value "${String(cell)}" is not a number` });
        } else if (col.kind === 'component') components[col.id] = n;
        else if (n !== null && n !== 0) (col.kind === 'bonus' ? bonuses : deductions)[col.id] = n;
      });
    }
  });
  later.forEach((f) => f());
  return {
    period: fixed['period'] || defaultPeriod,
    unitId: fixed['unitId'] ?? '',
    unitName: fixed['unitName'] ?? '',
    peerGroups: splitList(fixed['peerGroups']).map((g) => scheme.peerGroups.find((p) => p.id === g || p.name === g)?.id ?? g),
    components,
    bonuses,
    deductions,
    vetoes: [...vetoes, ...splitList(fixed['vetoes']).map((v) => scheme.vetoes.find((x) => x.id === v || x.name === v)?.id ?? v)],
    line: row.line,
  };
}

function itemName(scheme: Scheme, id: string): string {
  return [...scheme.components, ...scheme.bonuses.items, ...scheme.deductions.items].find((x) => x.id === id)?.name ?? id;
}

function columnFor(scheme: Scheme, name: string): Column | null {
  const field = fixedColumns[name];
  if (field !== undefined) return { kind: 'fixed', field };
  const match = (x: { id: string; name: string }): boolean => x.id === name || x.name === name;
  const c = scheme.components.find(match);
  if (c !== undefined) return { kind: 'component', id: c.id };
  const b = scheme.bonuses.items.find(match);
  if (b !== undefined) return { kind: 'bonus', id: b.id };
  const d = scheme.deductions.items.find(match);
  if (d !== undefined) return { kind: 'deduction', id: d.id };
  const v = scheme.vetoes.find(match);
  return v === undefined ? null : { kind: 'veto', id: v.id };
}

/** A number, null for a blank, undefined for text that is not a number. */
function toNumber(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return null;
  return numberText.test(text) ? Number(text) : undefined;
}

function isTrue(cell: Cell): boolean {
  if (cell === true) return true;
  const text = cell === null ? '' : String(cell).trim().toLowerCase();
  return ['是', '1', 'true', 'yes', 'y', '√', '✓', '否决'].includes(text);
}

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(/[;；、|]/).map((s) => s.trim()).filter((s) => s !== '');
}

function dropBlanks(values: Record<string, number | null>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== 0) out[k] = v;
  return out;
}
