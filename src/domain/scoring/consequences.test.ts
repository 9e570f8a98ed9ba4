import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocatePool, applyConsequences } from './consequences.js';
import { rankPeriod } from './rank.js';
import { type Scheme, parseScheme } from './scheme.js';
import type { UnitScore } from './scores.js';

const pilot = parseScheme(readFileSync(new URL('./schemes/ankang-pilot-site-year.yaml', import.meta.url), 'utf8'), 'pilot.yaml');

function site(unitId: string, tasks: number, more: Partial<UnitScore> = {}): UnitScore {
  return { period: '2017', unitId, unitName: `${unitId}试点`, peerGroups: [], components: { tasks, industry: 20, governance: 10 }, bonuses: {}, deductions: {}, vetoes: [], ...more };
}

const sites = [site('a', 58), site('b', 57), site('c', 57), site('d', 55), site('e', 54), site('f', 50), site('g', 50), site('h', 59, { vetoes: ['falseExit'] })];

describe('allocatePool', () => {
  it('adds up to the pool exactly, the better-ranked unit taking an odd yuan', () => {
    expect(allocatePool(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocatePool(5_000_000, [9, 8, 7, 6, 5, 4, 3, 2, 1]).reduce((a, b) => a + b, 0)).toBe(5_000_000);
    expect(allocatePool(10, [0, 0])).toEqual([0, 0]);
    expect(allocatePool(Number.MAX_SAFE_INTEGER, [9999, 1])).toHaveLength(2);
  });
});

describe('applyConsequences', () => {
  it('lists the top and bottom, ties at the boundary included, and vetoed units on their own', () => {
    const r = rankPeriod(pilot, { rows: sites }, '2017');
    const c = applyConsequences({ ...pilot, consequences: { ...pilot.consequences, rewardTop: 2, accountabilityBottom: 1 } }, r);
    expect(c.reward.map((u) => [u.unitId, u.rank])).toEqual([['a', 1], ['b', 2], ['c', 2]]);
    expect(c.accountability.map((u) => [u.unitId, u.rank])).toEqual([['f', 6], ['g', 6]]);
    expect(c.vetoed.map((u) => [u.unitId, u.rank])).toEqual([['h', 8]]);
  });

  it('never puts a unit on both lists when there are fewer units than the lists ask for', () => {
    const r = rankPeriod(pilot, { rows: sites.slice(0, 4) }, '2017');
    const c = applyConsequences({ ...pilot, consequences: { ...pilot.consequences, rewardTop: 3, accountabilityBottom: 3 } }, r);
    expect(c.reward.map((u) => u.unitId)).toEqual(['a', 'b', 'c']);
    expect(c.accountability.map((u) => u.unitId)).toEqual(['d']);
  });

  it('gives equal ranks equal linear weight; a vetoed unit loses its share and, by default, its base', () => {
    const r = rankPeriod(pilot, { rows: sites }, '2017');
    const funds = applyConsequences(pilot, r).funds;
    expect(funds?.lines.map((l) => [l.unitId, l.weight])).toEqual([['a', 7], ['b', 6], ['c', 6], ['d', 4], ['e', 3], ['f', 2], ['g', 2], ['h', 0]]);
    expect(funds?.lines.find((l) => l.unitId === 'h')?.amount).toBe(0);
    expect(funds?.total).toBe(7 * 500_000 + 5_000_000);
    const keeps: Scheme = { ...pilot, consequences: { ...pilot.consequences, funds: { base: 100, pool: 0, formula: 'linear', bands: [], vetoedKeepsBase: true } } };
    expect(applyConsequences(keeps, r).funds?.lines.find((l) => l.unitId === 'h')?.amount).toBe(100);
  });

  it('weights by rank bands or by score', () => {
    const r = rankPeriod(pilot, { rows: sites }, '2017');
    const bands: Scheme = { ...pilot, consequences: { ...pilot.consequences, funds: { base: 0, pool: 1000, formula: 'bands', bands: [{ from: 1, to: 2, weight: 3 }, { from: 3, to: 5, weight: 1 }], vetoedKeepsBase: false } } };
    expect(applyConsequences(bands, r).funds?.lines.map((l) => l.amount)).toEqual([273, 273, 272, 91, 91, 0, 0, 0]); // weights 3, 3, 3 (ranks 1, 2, 2), 1, 1
    const score: Scheme = { ...pilot, consequences: { ...pilot.consequences, funds: { base: 0, pool: 1000, formula: 'score', bands: [], vetoedKeepsBase: false } } };
    const lines = applyConsequences(score, r).funds?.lines ?? [];
    expect(lines.reduce((a, l) => a + l.amount, 0)).toBe(1000);
    expect(lines[0]?.weight).toBe(8800);
  });
});
