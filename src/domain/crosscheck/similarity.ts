// Name and ID-number similarity: a department clerk and a village cadre type the same person
// differently (one wrong character, two digits swapped). Pure string functions.

/** Names as compared: no spaces or middle dots, half-width, so 阿依·古丽 equals 阿依古丽. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/[\s·•・.]/g, '');
}

/** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) rows.push(Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    const row = rows[i] ?? [];
    const prev = rows[i - 1] ?? [];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return rows[s.length]?.[t.length] ?? 0;
}

/** 1 for the same name, 0 for nothing in common; one wrong character of a three-character name is 0.67. */
export function nameSimilarity(a: string, b: string): number {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (x === y) return 1;
  const longest = Math.max([...x].length, [...y].length);
  return longest === 0 ? 1 : 1 - editDistance(x, y) / longest;
}

/** Names this close are the same person typed with a slip; below it the ID number may belong to someone else. */
export const typoThreshold = 0.5;

/**
 * Whether two ID numbers of the same length differ in one or two characters: one wrong digit, or
 * two (an adjacent pair swapped is two). More than two is another person.
 */
export function isIdTypo(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++diff > 2) return false;
  return diff > 0;
}

/**
 * Keys that any ID within two differing characters shares at least one of: the number cut into
 * three blocks (address, birth date, sequence and check), two errors leave one block whole.
 */
export function typoKeys(name: string, id: string): [string, string, string] {
  const n = normalizeName(name);
  return [`${n}|a${id.slice(0, 6)}`, `${n}|b${id.slice(6, 14)}`, `${n}|c${id.slice(14)}`];
}
