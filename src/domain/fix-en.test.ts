// Every problem carries its fix twice: Chinese for the Chinese UI and the workbook report, English
// (`fixEn`) for the English UI. None may be blank, and none may simply repeat the Chinese fix.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIdNumber } from './id-number.js';
import { incomeComponentKeys, type IncomeComponents } from './registry.js';
import { validateIncome, validateMembers } from './validate.js';
import { parseCell } from './workbook/cells.js';
import { householdColumns, memberColumns } from './workbook/columns.js';

const han = /[\u4e00-\u9fff]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('English fixes', () => {
  const files = sources(join(import.meta.dirname, '..')).map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n') }));

  it('are never an empty literal', () => {
    const empty = files.flatMap(({ path, lines }) => lines.flatMap((l, i) => (/fixEn: (''|""|``)/.test(l) ? [`${path}:${i + 1}`] : [])));
    expect(empty).toEqual([]);
  });

  it('stand beside every written Chinese fix', () => {
    // A `fix: '…'` or `fix: \`…\`` property: its `fixEn` follows on the same line or the next.
    const alone = files.flatMap(({ path, lines }) =>
      lines.flatMap((l, i) => (/(^|[^\w.])fix: ['`]/.test(l) && !l.trimStart().startsWith('//') && !/fixEn: /.test(l) && !/fixEn: /.test(lines[i + 1] ?? '') ? [`${path}:${i + 1}`] : [])),
    );
    expect(alone).toEqual([]);
  });

  it('come with every refused ID number, in plain English', () => {
    const bad = ['', '6.10926E+17', '610902199001011000', '610902850612301', '61090219850612301', '6109021985061230A1', '61090219850612O011', '61090219850612X011', '610902198513123011', '610902198502303011', '610902189001013011', '610902198506123012'];
    for (const raw of bad) {
      const r = checkIdNumber(raw);
      if (r.valid) continue;
      expect(r.fixEn, raw).not.toBe('');
      expect(r.fixEn, raw).not.toMatch(han);
    }
  });

  it('come with every refused cell', () => {
    const spec = (key: string) => [...householdColumns, ...memberColumns].find((c) => c.key === key);
    const cases: [string, string][] = [['attribute', '特别户'], ['safeDrinkingWater', '也许'], ['identifiedYear', '二〇一六年'], ['housingArea', '很大'], ['birthDate', '1985-13-45'], ['villageCode', '汉滨'], ['idNumber', '6.10926E+17']];
    for (const [key, raw] of cases) {
      const s = spec(key);
      if (!s) throw new Error(key);
      const r = parseCell(s, raw);
      expect(r.ok, key).toBe(false);
      if (!r.ok) {
        expect(r.fixEn, key).not.toBe('');
        expect(r.fixEn, key).not.toBe(r.fix);
      }
    }
  });

  it('come with registry member and income errors', () => {
    const zero = Object.fromEntries(incomeComponentKeys.map((k) => [k, 0])) as unknown as IncomeComponents;
    const errors = [...validateMembers([], { today: '2020-01-01' }), ...validateIncome(1990, { ...zero, wageIncome: -1 }, { today: '2020-01-01' })];
    expect(errors.length).toBeGreaterThan(1);
    for (const e of errors) {
      expect(e.fixEn, e.field).not.toBe('');
      expect(e.fixEn, e.field).not.toMatch(han);
    }
  });
});
