// Cell values as they arrive from workbooks and CSV files, turned into typed field values.
// Every failure carries a Chinese message and a fix; ID numbers never appear in messages.
import { codeLists, resolveCode } from '../code-lists.js';
import { looksExcelMangled, normalizeIdInput, scientific } from '../id-number.js';
import { normalizeRegionCode } from '../region-code.js';
import { fieldEn } from '../validate.js';
import type { ColumnSpec } from './columns.js';
import { toHalfWidth } from './columns.js';

/** A cell as read: text, a number (Excel numeric cell), a boolean, or empty. Dates arrive as YYYY-MM-DD text. */
export type RawCell = string | number | boolean | null;

export type FieldValue = string | number | boolean | null | string[];

export type Parsed = { readonly ok: true; readonly value: FieldValue } | { readonly ok: false; readonly message: string; readonly messageEn: string; readonly fix: string; readonly fixEn: string };

const ok = (value: FieldValue): Parsed => ({ ok: true, value });

/** A column's name in English messages: the registry's English field name, else its key in words. */
function enName(spec: ColumnSpec): string {
  const name = fieldEn(spec.key);
  return name !== spec.key ? name : spec.key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}
const enLower = (spec: ColumnSpec): string => enName(spec).replace(/^./, (c) => c.toLowerCase());
const fail = (message: string, messageEn: string, fix: string, fixEn: string): Parsed => ({ ok: false, message, messageEn, fix, fixEn });

/** Half-width, trimmed, inner runs of spaces collapsed; spaces between Chinese characters dropped. */
const needsCleaning = /[\uFF01-\uFF5E\u3000\s\u00a0]/;

export function cleanText(raw: string): string {
  // Most cells are already clean: one test instead of five replacements (a million rows per import).
  if (!needsCleaning.test(raw)) return raw;
  return toHalfWidth(raw)
    .replace(/[\u00a0\t\r\n]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\u4e00-\u9fff·]) (?=[\u4e00-\u9fff·])/g, '');
}

export function isBlank(raw: RawCell): boolean {
  return raw === null || (typeof raw === 'string' && cleanText(raw) === '');
}

/** The text of a cell as shown in reports (numbers as Excel would print them). */
export function cellText(raw: RawCell): string {
  if (raw === null) return '';
  if (typeof raw === 'number') return Number.isInteger(raw) && Math.abs(raw) >= 1e15 ? raw.toExponential(5).replace('e', 'E') : String(raw);
  return String(raw);
}

const number = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

const plainNumber = /^-?\d+(\.\d+)?$/;

function numeric(raw: RawCell, units: RegExp): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return null;
  if (plainNumber.test(raw)) return Number(raw);
  const text = cleanText(raw).replace(/[,，\s]/g, '').replace(units, '');
  return number.test(text) ? Number(text) : null;
}

const trueWords = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '已', '参加', '享受']);
const falseWords = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗', '未', '未参加', '不享受']);

function excelSerialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 80000) return null;
  // Excel counts days from 1899-12-30 (its 1900 leap-year bug is absorbed by that epoch).
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial) * 86400000;
  return new Date(ms).toISOString().slice(0, 10);
}

function realDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) return null;
  return date.toISOString().slice(0, 10);
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 1985.03, 1985.3, 1985-3, 1985年3月, 198503: a year and a month, as 出生年月 columns hold them. */
const yearMonth = /^(19|20)\d{2}(?:(?:年|[-/.])(?:0?[1-9]|1[0-2])月?|(?:0[1-9]|1[0-2]))$/;

/** Whether a cell holds only a year and a month. */
export function isYearMonth(raw: RawCell): boolean {
  return typeof raw === 'string' && yearMonth.test(cleanText(raw).replace(/\s/g, ''));
}

export function parseDate(raw: RawCell): string | null {
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 19000101 && raw <= 21001231) return realDate(Math.floor(raw / 10000), Math.floor(raw / 100) % 100, raw % 100);
    return excelSerialDate(raw);
  }
  if (typeof raw !== 'string') return null;
  // The form the ledger writes, checked without building a Date (a million birth dates per import).
  const iso = isoDate.exec(raw);
  if (iso) {
    const y = Number(iso[1]);
    const m = Number(iso[2]);
    const d = Number(iso[3]);
    const days = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
    return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= days ? raw : null;
  }
  // Systems export dates with a midnight time ("1985/03/12 00:00:00"); the time is dropped.
  const text = cleanText(raw).replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '').replace(/\s/g, '');
  // A year and month (出生年月: 1985.03) has no day; read as a serial number it would be 1905.
  if (yearMonth.test(text)) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4,5}(\.\d+)?$/.test(text)) return excelSerialDate(Number(text));
  return null;
}

function labels(spec: ColumnSpec): string {
  if (!spec.list) return '';
  const items = codeLists[spec.list].items;
  const shown = items.slice(0, 12).map((i) => i.zh).join('、');
  return items.length > 12 ? `${shown} 等` : shown;
}

function parseCode(spec: ColumnSpec, text: string): Parsed {
  if (!spec.list) return ok(text);
  const code = resolveCode(spec.list, text.replace(/\s/g, ''));
  if (code !== undefined) return ok(code);
  return fail(`“${text}”不是${spec.zh}的有效取值`, `"${text}" is not a valid ${enLower(spec)}`, `请从下拉列表中选择，如：${labels(spec)}`, `Choose from the drop-down list, e.g. ${labels(spec)}`);
}

// Code and yes/no columns repeat a handful of texts over a million rows: each text is resolved
// once per column. Bounded, so that a column of free text cannot grow it.
const memoLimit = 512;
const memos = new WeakMap<ColumnSpec, Map<string, Parsed>>();

/** Turns one cell into the value of its field; blank cells give null (or false, or an empty list). */
export function parseCell(spec: ColumnSpec, raw: RawCell): Parsed {
  if (typeof raw !== 'string' || (spec.kind !== 'code' && spec.kind !== 'bool' && spec.kind !== 'codes')) return parseUncached(spec, raw);
  let memo = memos.get(spec);
  if (!memo) {
    memo = new Map();
    memos.set(spec, memo);
  }
  const known = memo.get(raw);
  // A list is copied: each household gets its own.
  if (known) return known.ok && Array.isArray(known.value) ? ok([...known.value]) : known;
  const parsed = parseUncached(spec, raw);
  if (memo.size < memoLimit) memo.set(raw, parsed.ok && Array.isArray(parsed.value) ? ok([...parsed.value]) : parsed);
  return parsed;
}

function parseUncached(spec: ColumnSpec, raw: RawCell): Parsed {
  if (spec.kind === 'bool') {
    if (isBlank(raw)) return ok(false);
    if (typeof raw === 'boolean') return ok(raw);
    const word = cleanText(String(raw)).toLowerCase();
    if (trueWords.has(word)) return ok(true);
    if (falseWords.has(word)) return ok(false);
    return fail(`${spec.zh}应填“是”或“否”，实际为“${word}”`, `${enName(spec)} must be yes or no`, '请填写“是”或“否”', 'Enter 是 (yes) or 否 (no)');
  }
  if (spec.kind === 'codes') {
    if (isBlank(raw)) return ok([]);
    const parts = cleanText(String(raw)).split(/[、,，;；/\s]+/).filter((p) => p !== '');
    const codes: string[] = [];
    for (const part of parts) {
      const one = parseCode(spec, part);
      if (!one.ok) return one;
      if (typeof one.value === 'string') codes.push(one.value);
    }
    return ok(codes);
  }
  if (spec.kind === 'idNumber') return parseId(raw);
  if (isBlank(raw)) return ok(null);
  switch (spec.kind) {
    case 'text':
      if (spec.key === 'householdNo') return parseHouseholdNo(raw);
      return ok(typeof raw === 'number' ? String(raw) : cleanText(String(raw)));
    case 'int': {
      const n = numeric(raw, /[年月个]$/);
      if (n === null || !Number.isInteger(n)) return fail(`${spec.zh}应为整数，实际为“${cellText(raw)}”`, `${enName(spec)} must be a whole number`, '请填写整数，不要带文字', 'Enter a whole number without text');
      return ok(n);
    }
    case 'decimal': {
      const n = numeric(raw, /(亩|平方米|㎡|m2|公里|千米|km)$/i);
      if (n === null) return fail(`${spec.zh}应为数字，实际为“${cellText(raw)}”`, `${enName(spec)} must be a number`, '请填写数字，不要带单位以外的文字', 'Enter a number with no text other than the unit');
      return ok(n);
    }
    case 'yuan': {
      const n = numeric(raw, /元$/);
      if (n === null) return fail(`${spec.zh}应为金额（元），实际为“${cellText(raw)}”`, `${enName(spec)} must be an amount in yuan`, '请填写数字金额，单位为元', 'Enter the amount as a number, in yuan');
      const fen = Math.round(n * 100);
      if (Math.abs(fen - n * 100) > 1e-6) return fail(`${spec.zh}最多两位小数`, `${enName(spec)} has more than two decimals`, '请保留到分（两位小数）', 'Round to fen (two decimals)');
      return ok(fen);
    }
    case 'date': {
      const date = parseDate(raw);
      if (date === null && isYearMonth(raw)) {
        return fail(`${spec.zh}“${cellText(raw)}”只有年和月，缺少日`, `${enName(spec)} "${cellText(raw)}" has a year and month but no day`, '请填写完整的出生日期（如 1985-03-12）；或留空，系统按身份证号推算', 'Enter the full date (e.g. 1985-03-12), or leave it blank to take it from the ID number');
      }
      if (date === null) return fail(`${spec.zh}“${cellText(raw)}”不是有效日期`, `${enName(spec)} is not a date`, '请填写如 1985-03-12 的日期', 'Enter a date such as 1985-03-12');
      return ok(date);
    }
    case 'regionCode': {
      const text = typeof raw === 'number' ? String(raw) : cleanText(String(raw)).replace(/\s/g, '');
      const code = normalizeRegionCode(text);
      if (code === undefined) return fail(`${spec.zh}“${text}”不是 12 位统计用区划代码`, `${enName(spec)} must be a 12-digit region code`, '请填写村的 12 位区划代码，并把该列设为“文本”格式', 'Enter the 12-digit village region code and format the column as Text');
      return ok(code);
    }
    case 'code':
      return parseCode(spec, cleanText(String(raw)));
  }
}

const mangledMessage = {
  message: '身份证号被 Excel 存成了数字（科学计数法或末尾数字丢失），不能导入',
  messageEn: 'the ID number was stored by Excel as a number (scientific notation or lost digits) and is refused',
  fix: '请把该列设为“文本”格式，重新录入完整的 18 位号码',
  fixEn: 'Format the column as Text and re-enter the full 18-digit number',
};

// A ledger exported by an account that sees ID numbers masked (610902********0012) cannot be imported back.
const maskedMessage = {
  message: '身份证号已脱敏（中间为 *），不能导入：这份台账是由看不到完整身份证号的账号导出的',
  messageEn: 'the ID number is masked (digits replaced by *) and is refused: the ledger was exported by an account that does not see full ID numbers',
  fix: '请用能看到完整身份证号的账号（如县、乡数据管理员）导出台账后再修改导入',
  fixEn: 'Export the ledger with an account that sees full ID numbers (a county or town data officer), then edit and import that',
};

const canonicalId = /^\d{17}[\dX]$/;

/**
 * Household numbers are often 16 digits: Excel keeps 15 significant digits of a number, so a
 * number cell ends in 0 where a digit was (6109020022059401 → …400) or shows as 6.10902E+15.
 * Such a number would join households that are not one: it is refused, never guessed.
 */
export function parseHouseholdNo(raw: RawCell): Parsed {
  // Cleaned once (the import reads every row's number twice: to chunk the row, then to assemble it).
  const text = typeof raw === 'number' ? String(raw) : cleanText(String(raw));
  // Scientific notation has an E: a household number without one is not tested further.
  const mangled =
    typeof raw === 'number' ? raw >= 1e15 && (raw > Number.MAX_SAFE_INTEGER || raw % 10 === 0) : (text.includes('E') || text.includes('e')) && scientific.test(text);
  if (mangled) {
    return fail(
      '户编号被 Excel 存成了数字（超过 15 位的数字末尾会变成 0，或显示为 6.10902E+15），不能导入',
      'the household number was stored by Excel as a number (digits past the 15th become 0, or it shows as 6.10902E+15) and is refused',
      '请把户编号列设为“文本”格式，对照原台账重新录入完整的户编号',
      'Format the household number column as Text and re-enter the full numbers from the original ledger',
    );
  }
  return ok(text);
}

/** ID numbers stay text; a numeric cell has already lost digits, so it is refused rather than guessed. */
export function parseId(raw: RawCell): Parsed {
  if (isBlank(raw)) return ok('');
  if (typeof raw === 'number') {
    // A number cell below 2^53 holds its digits, but Excel shows and resaves it as 6.10926E+17: refuse it.
    return fail(mangledMessage.message, mangledMessage.messageEn, mangledMessage.fix, mangledMessage.fixEn);
  }
  const text = String(raw).replace(/^['\t]+/, '');
  if (text.includes('*')) return fail(maskedMessage.message, maskedMessage.messageEn, maskedMessage.fix, maskedMessage.fixEn);
  // Nearly every cell is already 18 plain characters: nothing to convert or strip.
  const clean = canonicalId.test(text) ? text : null;
  // A double prints at most 17 significant digits: 18 digits that are how Excel wrote a number end
  // in 0, so any other last character needs no further test (nine in ten people).
  if (clean !== null && clean.charCodeAt(17) !== 48) return ok(clean);
  if (looksExcelMangled(clean ?? toHalfWidth(text))) return fail(mangledMessage.message, mangledMessage.messageEn, mangledMessage.fix, mangledMessage.fixEn);
  return ok(clean ?? normalizeIdInput(text));
}
