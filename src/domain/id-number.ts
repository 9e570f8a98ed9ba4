// GB 11643-1999 resident ID numbers (公民身份号码, REFERENCE §9): 6-digit address code, 8-digit
// birth date, 3-digit sequence (odd for men, even for women), check character.
// ID numbers are personal data that must never reach a log, so no reason or fix below repeats
// the number or its digits; only the check character, which the standard itself prescribes.
import { isProvinceCode } from './region-code.js';

export type IdCheck =
  | { valid: true; normalized: string; birthDate: string; sex: 'male' | 'female' }
  | { valid: false; reason: string; reasonEn: string; fix: string; fixEn: string };

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** Trim, drop spaces anywhere, turn full-width digits and letters into half-width, x into X. */
export function normalizeIdInput(raw: string): string {
  // Bulk writes check millions of numbers that are already clean; nothing to replace in those.
  if (isCanonical(raw)) return raw;
  return (
    raw
      .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      // Zero-width characters come along when numbers are copied from web pages and chat apps.
      .replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/x/g, 'X')
  );
}

/** The check character for the first 17 digits. */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkDigit needs exactly 17 digits');
  return checkCharOf(first17);
}

/** The check character of a string whose first 17 characters are known to be digits. */
function checkCharOf(id: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (weights[i] ?? 0);
  return checkChars.charAt(sum % 11);
}

/** 17 digits and the check character they call for: an ID number in its one canonical form. */
export function hasRightCheckChar(id: string): boolean {
  return isCanonical(id) && id.charAt(17) === checkCharOf(id);
}

/** 17 digits and a digit or X, checked without a regular expression (bulk writes check millions). */
function isCanonical(id: string): boolean {
  if (id.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const last = id.charCodeAt(17);
  return (last >= 48 && last <= 57) || last === 88;
}

/** The number value of `length` digits starting at `from` (the caller knows they are digits). */
function digitsAt(id: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + (id.charCodeAt(i) - 48);
  return value;
}

/** A 15-digit number (1984–1999 cards) to its 18-digit form: the century goes in, a check character on the end. */
export function upgradeLegacyId(id15: string): string {
  const id = normalizeIdInput(id15);
  if (!/^\d{15}$/.test(id)) throw new RangeError('upgradeLegacyId needs exactly 15 digits');
  const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
  return first17 + checkDigit(first17);
}

/** Keeps the first six (the address) and the last four characters, so people can still tell records apart. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** A number as a spreadsheet writes it in scientific notation: 6.10926E+17. */
export const scientific = /^[+-]?\d+([.,]\d+)?E[+-]?\d+$/i;

/**
 * Whether the text is what is left of an ID number after a spreadsheet treated it as a number:
 * scientific notation ("6.10926E+17"), or 18 digits that are exactly how a double above 2^53
 * prints (its last digits rounded to zeros) and whose check character no longer fits.
 * A genuine number that merely ends in zeros still has a correct check character, so it passes.
 */
export function looksExcelMangled(raw: string): boolean {
  const text = normalizeIdInput(raw);
  if (scientific.test(text)) return true;
  if (!/^\d{18}$/.test(text)) return false;
  const value = Number(text);
  if (value <= Number.MAX_SAFE_INTEGER || String(value) !== text) return false;
  return checkDigit(text.slice(0, 17)) !== text.charAt(17);
}

interface Options {
  /** YYYY-MM-DD; without it a birth date in the future is not detected (the domain has no clock). */
  today?: string;
  /** Accept a 15-digit legacy number and return it upgraded to 18 digits. */
  allowLegacy15?: boolean;
}

const invalid = (reason: string, reasonEn: string, fix: string, fixEn: string): IdCheck => ({ valid: false, reason, reasonEn, fix, fixEn });

const mangled = (reason: string, reasonEn: string): IdCheck =>
  invalid(reason, reasonEn, '丢失的数字无法从表格中恢复：请把该列设为“文本”格式，对照证件重新录入完整的 18 位号码', 'Lost digits cannot be recovered from the sheet: format the column as Text and re-enter the full 18-digit number from the ID card');

export function checkIdNumber(raw: string, opts: Options = {}): IdCheck {
  // Most numbers arrive clean; bulk imports skip normalisation for them.
  if (isCanonical(raw)) return checkCanonical(raw, opts.today, false);

  const id = normalizeIdInput(raw);
  if (id === '') return invalid('身份证号为空', 'the ID number is empty', '请填写 18 位公民身份号码', 'Enter the 18-digit citizen ID number');
  if (scientific.test(id)) {
    return mangled('身份证号被 Excel 转成了科学计数法，后几位已经丢失', 'a spreadsheet turned the ID number into scientific notation and its last digits are lost');
  }

  if (/^\d{15}$/.test(id)) {
    if (!opts.allowLegacy15) {
      return invalid(
        '这是 15 位的旧身份证号，应升级为 18 位',
        'this is a 15-digit legacy ID number; it must be upgraded to 18 digits',
        '请按第二代身份证填写 18 位号码，或在导入时选择自动升位（在第 6 位后插入“19”并补算校验位）',
        'Enter the 18-digit number of the second-generation ID card, or choose automatic upgrade on import (inserts 19 after the 6th digit and recomputes the check character)',
      );
    }
    return checkCanonical(upgradeLegacyId(id), opts.today, true);
  }

  const badChar = firstBadCharacter(id);
  if (badChar) return badChar;
  if (id.length !== 18) {
    return invalid(`身份证号应为 18 位，实际为 ${id.length} 位`, `an ID number has 18 characters, this one has ${id.length}`, '请对照证件核对是否漏填或多填了数字', 'Check against the ID card for missing or extra digits');
  }
  return checkCanonical(id, opts.today, false);
}

function firstBadCharacter(id: string): IdCheck | null {
  const chars = [...id];
  const last = chars.length - 1;
  // X at the end is a check character even when the length is wrong: report the length instead.
  const pos = chars.findIndex((c, i) => !/\d/.test(c) && !(c === 'X' && i === last));
  if (pos < 0) return null;
  const c = chars[pos] ?? '';
  if (c === 'X') {
    return invalid(`第 ${pos + 1} 位不能是 X：只有第 18 位（校验位）可以是 X`, `character ${pos + 1} cannot be X; only the 18th (check) character can`, '请对照证件核对身份证号', 'Check the ID number against the ID card');
  }
  // Letters that look like digits are the usual cause when a number was typed from a photocopy.
  const lookalike = /[OoDQIlLZzSsBG]/.test(c) ? `（字母“${c}”容易与数字混淆，如 O 与 0、I/l 与 1、Z 与 2、S 与 5、B 与 8）` : '';
  return invalid(
    `第 ${pos + 1} 位“${c}”不是数字`,
    `character ${pos + 1} ("${c}") is not a digit`,
    `身份证号只含数字，末位可以是 X：请删除其中的字母或符号，对照证件核对${lookalike}`,
    `An ID number has only digits, with X allowed last: delete letters or symbols and check against the ID card${lookalike === '' ? '' : ` (the letter "${c}" is easily mistaken for a digit: O/0, I/l/1, Z/2, S/5, B/8)`}`,
  );
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkCanonical(id: string, today: string | undefined, legacy: boolean): IdCheck {
  // A legacy number's birth date sits in characters 7–12 of what the person typed.
  const where = legacy ? '第 7–12 位' : '第 7–14 位';
  const whereEn = legacy ? 'characters 7–12' : 'characters 7–14';
  // The address code starts with a province (GB/T 2260); the same for a legacy number.
  if (!isProvinceCode(id)) {
    return invalid(
      '前两位不是省级行政区划代码（第 1–2 位）',
      'the first two digits (characters 1–2) are not a province-level region code',
      '请对照证件核对前 6 位地址码：第 1–2 位是省、自治区、直辖市代码，如 11 北京、61 陕西',
      'Check the 6-digit address code against the ID card: characters 1–2 are the province, e.g. 11 Beijing, 61 Shaanxi',
    );
  }
  const year = digitsAt(id, 6, 4);
  const month = digitsAt(id, 10, 2);
  const day = digitsAt(id, 12, 2);
  if (month < 1 || month > 12) {
    return invalid(`出生日期中的月份不存在（${where}）`, `the birth month (${whereEn}) does not exist`, `请对照证件核对${where}的出生年月日`, `Check the birth date in ${whereEn} against the ID card`);
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 && leap ? 29 : (monthDays[month - 1] ?? 31);
  if (day < 1 || day > daysInMonth) {
    return invalid(
      `出生日期不存在：该月没有这一天（${where}）`,
      `the birth date (${whereEn}) does not exist: the month has no such day`,
      `请对照证件核对${where}的出生年月日（注意 2 月 29 日只在闰年存在）`,
      `Check the birth date in ${whereEn} against the ID card (29 February exists only in leap years)`,
    );
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (year < 1900) {
    return invalid('出生年份早于 1900 年', 'the birth year is before 1900', `请对照证件核对${where}的出生年份`, `Check the birth year in ${whereEn} against the ID card`);
  }
  if (today !== undefined && birthDate > today.slice(0, 10)) {
    return invalid('出生日期晚于今天', 'the birth date is in the future', `请对照证件核对${where}的出生年月日`, `Check the birth date in ${whereEn} against the ID card`);
  }
  const expected = checkCharOf(id);
  const actual = id.charAt(17);
  if (actual !== expected) {
    if (looksExcelMangled(id)) {
      return mangled('身份证号末尾几位变成了 0，疑似被 Excel 当作数字处理而丢失了精度', 'the last digits turned into zeros: a spreadsheet seems to have stored the ID number as a number and lost precision');
    }
    return invalid(
      `校验位应为 ${expected}，实际为 ${actual}`,
      `the check character should be ${expected}, not ${actual}`,
      '请对照证件逐位核对身份证号：多为某一位抄错或相邻两位颠倒，不要只改末位',
      'Check the ID number digit by digit against the ID card: usually one digit is miscopied or two neighbours swapped; do not just change the last character',
    );
  }
  return { valid: true, normalized: id, birthDate, sex: (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female' };
}
