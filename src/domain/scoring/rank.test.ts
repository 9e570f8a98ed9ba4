import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScoringInputError } from './issues.js';
import { type Ranking, rankPeriod, rankScored, scoreParts } from './rank.js';
import { type Scheme, parseScheme } from './scheme.js';
import type { UnitScore } from './scores.js';

const read = (name: string) => readFileSync(new URL(`./schemes/${name}`, import.meta.url), 'utf8');
const county = parseScheme(read('shaanxi-county-quarter.yaml'), 'county.yaml');
const shared: Scheme = { ...county, tieRule: { kind: 'shared' } };

function row(unitId: string, crossInspection: number, monthlyBulletin: number, more: Partial<UnitScore> = {}): UnitScore {
  return { period: '2017-Q3', unitId, unitName: `${unitId}县`, peerGroups: [], components: { crossInspection, monthlyBulletin }, bonuses: {}, deductions: {}, vetoes: [], ...more };
}

const rank = (scheme: Scheme, rows: UnitScore[]): Ranking => rankPeriod(scheme, { rows }, '2017-Q3');
const order = (r: Ranking) => r.units.map((u) => [u.unitId, u.rank]);

describe('totals', () => {
  it('adds in hundredths, so 0.1 + 0.2 is 0.30 and 98.20 + 1.60 is 99.80', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const r = rank(county, [row('a', 0.1, 0.2), row('b', 98.2, 1.2, { bonuses: { innovation: 0.4 } })]);
    expect(r.units.map((u) => u.total)).toEqual([9980, 30]);
  });

  it('weights components and rounds each weighted part half up, as officials do', () => {
    const city = parseScheme(read('shaanxi-city-quarter.yaml'), 'city.yaml');
    const r = rankPeriod(city, { rows: [{ ...row('安康', 0, 0), components: { crossInspection: 92.14, leadDepartments: 89.03, monthlyBulletin: 1.9 } }] }, '2017-Q3');
    expect(r.units[0]?.contributions).toEqual({ crossInspection: 4607, leadDepartments: 4452, monthlyBulletin: 190 });
    expect(r.units[0]?.total).toBe(9249);
  });

  it('cuts bonus and deduction items off at the caps on all items together', () => {
    const r = rank(county, [row('a', 90, 1, { bonuses: { innovation: 0.5, endorsement: 0.5 } })]);
    expect(r.units[0]).toMatchObject({ bonus: 100, total: 9200 });
    const capped = { ...county, bonuses: { ...county.bonuses, cap: 80 }, deductions: { ...county.deductions, cap: 150 } };
    const s = rank(capped, [row('a', 90, 1, { bonuses: { innovation: 0.5, endorsement: 0.5 }, deductions: { bulletinCriticism: 1, auditFinding: 1 } })]);
    expect(s.units[0]).toMatchObject({ bonus: 80, deduction: 150, total: 9100 - 70 });
  });
});

describe('ranks', () => {
  it('shares ranks on equal totals and skips the next (1224)', () => {
    const r = rank(shared, [row('a', 95, 1), row('b', 94, 1), row('c', 95, 0), row('d', 93, 1)]);
    expect(order(r)).toEqual([['a', 1], ['b', 2], ['c', 2], ['d', 4]]);
    expect(r.units.map((u) => u.tied)).toEqual([false, true, true, false]);
  });

  it('breaks ties by the listed components in order, and shares when they are equal too', () => {
    const r = rank(county, [row('a', 94, 1), row('b', 95, 0), row('c', 94.5, 0.5), row('d', 94.5, 0.5), row('e', 93, 1)]);
    // All total 95.00; the inspection score decides, then the bulletin; c and d are equal on both.
    expect(order(r)).toEqual([['b', 1], ['c', 2], ['d', 2], ['a', 4], ['e', 5]]);
    const byBulletin = { ...county, tieRule: { kind: 'breakBy' as const, components: ['monthlyBulletin'] } };
    expect(order(rank(byBulletin, [row('a', 94, 1), row('b', 95, 0)]))).toEqual([['a', 1], ['b', 2]]);
  });

  it('ranks vetoed units after all others, whatever their score', () => {
    const r = rank(county, [row('a', 99, 2, { vetoes: ['falseExit'] }), row('b', 80, 1), row('c', 90, 1), row('d', 95, 1, { vetoes: ['fundMisuse', 'falseExit'] })]);
    expect(order(r)).toEqual([['c', 1], ['b', 2], ['a', 3], ['d', 4]]);
    expect(r.units.map((u) => u.vetoed)).toEqual([false, false, true, true]);
  });

  it('ranks within peer groups, vetoed members last there too; roster groups count', () => {
    const rostered: Scheme = { ...county, units: [{ id: 'e', name: 'e县', peerGroups: ['deepPoverty'] }, ...['a', 'b', 'c', 'd'].map((id) => ({ id, name: `${id}县`, peerGroups: [] }))] };
    const deep = { peerGroups: ['deepPoverty'] };
    const r = rank(rostered, [row('a', 99, 1), row('b', 90, 1, deep), row('c', 95, 1, { ...deep, vetoes: ['falseExit'] }), row('d', 85, 1, deep), row('e', 80, 1)]);
    expect(r.peerGroupSizes).toEqual({ deepPoverty: 4 });
    expect(Object.fromEntries(r.units.map((u) => [u.unitId, u.peerRanks.map((p) => `${p.rank}/${p.of}`).join()]))).toEqual({ a: '', b: '1/4', d: '2/4', e: '3/4', c: '4/4' });
  });

  it('ranks nothing when any score is bad', () => {
    expect(() => rank(county, [row('a', 100.01, 1), row('b', 90, 3)])).toThrow(ScoringInputError);
  });

  it('ranks scored parts directly', () => {
    const parts = { unitName: 'x', peerGroups: [], bonusItems: {}, deductionItems: {}, vetoes: [] };
    const r = rankScored(shared, '2017-Q3', [scoreParts(shared, { ...parts, unitId: 'b', values: { crossInspection: 9000 } }), scoreParts(shared, { ...parts, unitId: 'a', values: { crossInspection: 9000 } })]);
    expect(order(r)).toEqual([['a', 1], ['b', 1]]);
  });
});
