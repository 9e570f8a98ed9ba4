// 12-digit statistical division codes: 2 province + 2 city + 2 county + 3 town + 3 village.
import type { RegionLevel } from './registry.js';

const prefixLengths = [2, 4, 6, 9, 12] as const;

/** The length of the significant prefix of a region of each level (a level past 5 keeps all 12). */
export function prefixLength(level: number): number {
  return prefixLengths[level - 1] ?? 12;
}

/** Accepts a 2, 4, 6, 9 or 12 digit code (the forms officials type) and returns the 12-digit one. */
export function normalizeRegionCode(input: string): string | undefined {
  const code = input.trim();
  if (!/^\d+$/.test(code) || !(prefixLengths as readonly number[]).includes(code.length)) return undefined;
  return code.padEnd(12, '0');
}

export function levelOf(code: string): RegionLevel {
  if (code.slice(9, 12) !== '000') return 5;
  if (code.slice(6, 9) !== '000') return 4;
  if (code.slice(4, 6) !== '00') return 3;
  if (code.slice(2, 4) !== '00') return 2;
  return 1;
}

/** The significant prefix of a code: every code in its subtree starts with it. */
export function regionPrefix(code: string): string {
  return code.slice(0, prefixLength(levelOf(code)));
}

export function parentCode(code: string): string | null {
  const level = levelOf(code);
  if (level === 1) return null;
  return code.slice(0, prefixLength((level - 1) as RegionLevel)).padEnd(12, '0');
}

/** Codes of all ancestors, the province first. */
export function ancestorCodes(code: string): string[] {
  const result: string[] = [];
  for (let parent = parentCode(code); parent !== null; parent = parentCode(parent)) result.unshift(parent);
  return result;
}

/** The 12-digit code of the county a town or village code lies in. */
export function countyCodeOf(code: string): string {
  return code.slice(0, 6).padEnd(12, '0');
}

/** Inclusive bounds of the codes in a region's subtree (itself included), for index range scans. */
export function subtreeRange(code: string): readonly [string, string] {
  const prefix = regionPrefix(code);
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')];
}

export function isInSubtree(code: string, ancestor: string): boolean {
  return code.startsWith(regionPrefix(ancestor));
}

/** Western provinces (西部): the village exit line is 3% there instead of 2%. */
const westernProvinces = new Set(['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65']);
export function isWestern(code: string): boolean {
  return westernProvinces.has(code.slice(0, 2));
}

/**
 * Province-level codes of GB/T 2260 (the first two digits of every region code and of every
 * resident ID number's address): 11–15 North, 21–23 North-east, 31–37 East, 41–46 South-central,
 * 50–54 South-west, 61–65 North-west, 71 Taiwan, 81 Hong Kong, 82 Macao.
 */
export const provinceCodes: readonly string[] = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82'];

/** Indexed by the two digits as a number: bulk writes check millions of ID numbers. */
const isProvinceNumber: readonly boolean[] = Array.from({ length: 100 }, (_, n) => provinceCodes.includes(String(n).padStart(2, '0')));

/** Whether the first two digits of a code (region or ID address) are a province-level code. */
export function isProvinceCode(code: string): boolean {
  const c0 = code.charCodeAt(0) - 48;
  const c1 = code.charCodeAt(1) - 48;
  return c0 >= 0 && c0 <= 9 && c1 >= 0 && c1 <= 9 && isProvinceNumber[c0 * 10 + c1] === true;
}
