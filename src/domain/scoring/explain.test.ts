import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainRanking, explainUnit, median, totalParts } from './explain.js';
import { explainUnitEn, totalPartsEn } from './explain-en.js';
import { explainUnitZh, totalPartsZh } from './explain-zh.js';
import { type Ranking, rankPeriod } from './rank.js';
import { type Scheme, parseScheme } from './scheme.js';
import type { UnitScore } from './scores.js';

const read = (name: string) => readFileSync(new URL(`./schemes/${name}`, import.meta.url), 'utf8');
const county = parseScheme(read('shaanxi-county-quarter.yaml'), 'county.yaml');
const city = parseScheme(read('shaanxi-city-quarter.yaml'), 'city.yaml');

function row(unitId: string, components: Record<string, number>, more: Partial<UnitScore> = {}): UnitScore {
  return { period: '2017-Q3', unitId, unitName: unitId, peerGroups: [], components, bonuses: {}, deductions: {}, vetoes: [], ...more };
}

const explain = (scheme: Scheme, r: Ranking, id: string, previous: Ranking | null = null) => {
  const e = explainUnit(scheme, r, id, previous);
  if (e === null) throw new Error(`no ${id}`);
  return { e, zh: explainUnitZh(scheme, r, e), en: explainUnitEn(scheme, r, e) };
};

describe('seed 003, cities: the gap to the top lies in the lead departments’ score', () => {
  // Hanzhong's, Ankang's and Baoji's figures are the seed's; the rest are invented to fit its order.
  const cities: [string, number, number, number][] = [
    ['汉中市', 94.25, 91.78, 1.5], ['西安市', 94.0, 88.9, 1.4], ['商洛市', 93.7, 88.8, 1.5], ['安康市', 92.14, 89.03, 1.9], ['宝鸡市', 90.0, 90.63, 1.1],
    ['咸阳市', 91.5, 88.7, 1.3], ['渭南市', 91.0, 88.6, 1.1], ['延安市', 90.6, 88.2, 1.4], ['榆林市', 90.2, 87.9, 1.0], ['铜川市', 89.8, 87.5, 1.2],
  ];
  const ranking = rankPeriod(city, { rows: cities.map(([name, c, l, m]) => row(name, { crossInspection: c, leadDepartments: l, monthlyBulletin: m })) }, '2017-Q3');

  it('puts 汉中, 西安, 商洛 ahead of 安康, fourth', () => {
    expect(ranking.units.slice(0, 4).map((u) => u.unitId)).toEqual(['汉中市', '西安市', '商洛市', '安康市']);
  });

  it('splits 安康’s 2.03 gap to 汉中 by component and ranks each component on its own', () => {
    const { e, zh } = explain(city, ranking, '安康市');
    expect(e.top?.diff).toBe(203);
    expect(e.top?.parts.map((p) => [p.key, p.diff])).toEqual([['crossInspection', 106], ['leadDepartments', 137], ['monthlyBulletin', -40], ['bonus', 0]]);
    expect(e.componentRanks.map((r) => [r.componentId, r.rank])).toEqual([['crossInspection', 4], ['leadDepartments', 3], ['monthlyBulletin', 1]]);
    expect(zh).toContain('安康市总分 92.49（交叉检查 92.14×50% + 八办两组 89.03×50% + 月通报 1.90），全省第 4 名；分项名次：交叉检查第 4、八办两组第 3、月通报第 1。');
    expect(zh).toContain('与第 1 名汉中市相差 2.03 分：八办两组少 1.37，交叉检查少 1.06，月通报多 0.40');
  });
});

describe('gaps', () => {
  const ranking = rankPeriod(county, {
    rows: [
      row('a', { crossInspection: 95, monthlyBulletin: 1 }, { bonuses: { innovation: 0.2 } }),
      row('b', { crossInspection: 94.5, monthlyBulletin: 1.5 }, { deductions: { auditFinding: 0.3 } }),
      row('c', { crossInspection: 94, monthlyBulletin: 1.7 }, { deductions: { bulletinCriticism: 0.2 } }),
      row('d', { crossInspection: 94.5, monthlyBulletin: 1 }),
    ],
  }, '2017-Q3');

  it('decomposes each gap so the parts add up to it exactly', () => {
    for (const e of explainRanking(county, ranking)) {
      for (const g of [e.above, e.below, e.top]) if (g !== null) expect(g.parts.reduce((s, p) => s + p.diff, 0)).toBe(g.diff);
      const unit = ranking.units.find((u) => u.unitId === e.unitId);
      expect(totalParts(county, unit ?? ranking.units[0]!).reduce((s, p) => s + p.points, 0)).toBe(unit?.total);
    }
  });

  it('says why a unit with the same total is placed behind', () => {
    const { e, zh } = explain(county, ranking, 'c');
    // c and d both total 95.50; d's inspection score is higher.
    expect([e.rank, e.above?.unitId, e.above?.diff]).toEqual([4, 'd', 0]);
    expect(zh).toContain('与上一名d（第 3 名）总分相同，因交叉检查较低排在其后');
    expect(e.above?.decidedBy).toBe('crossInspection');
    expect(explain(county, ranking, 'd').zh).toContain('与下一名c（第 4 名）总分相同，因交叉检查较高排在其前');
    expect(explain(county, ranking, 'c').en).toContain('The same total as the unit above, d (rank 3), ranked after it for a lower 交叉检查');
    expect(totalPartsZh(county, ranking.units[1]!)).toBe('交叉检查 94.50 + 月通报 1.50 − 扣分 0.30');
  });
});

describe('counterfactuals', () => {
  it('lifts a veto, or not when another remains', () => {
    const r = rankPeriod(county, {
      rows: [row('a', { crossInspection: 90, monthlyBulletin: 1 }), row('b', { crossInspection: 96, monthlyBulletin: 1 }, { vetoes: ['falseExit'] }), row('c', { crossInspection: 97, monthlyBulletin: 1 }, { vetoes: ['falseExit', 'fundMisuse'] })],
    }, '2017-Q3');
    const b = explain(county, r, 'b');
    expect(b.e.counterfactuals).toMatchObject([{ kind: 'vetoLifted', vetoId: 'falseExit', stillVetoed: false, rank: 1 }]);
    expect(b.zh).toContain('b因一票否决（虚假脱贫）排在未被否决的单位之后');
    expect(b.zh).toContain('若解除“虚假脱贫”一票否决，b将列第 1 名。');
    expect(b.en).toContain('b is ranked after every unit not vetoed, because of a one-vote veto (虚假脱贫): total 97.00');
    expect(b.en).toContain('If the “虚假脱贫” veto were lifted, b would be rank 1 of 3.');
    // c (98.00, two vetoes) is second behind a (91.00): the veto orders them, not the points.
    expect(explain(county, r, 'c').zh).toContain('因一票否决排在上一名a（第 1 名）之后（总分高 7.00 分）');
    expect(b.zh).not.toContain('与第 1 名');
    expect(explain(county, r, 'a').zh).toContain('下一名c（第 2 名）因一票否决排在其后（总分低 7.00 分）');
    expect(explain(county, r, 'c').e.counterfactuals.flatMap((c) => (c.kind === 'vetoLifted' ? [c.stillVetoed] : []))).toEqual([true, true]);
  });

  it('puts a component at the peer median (all units when there are no groups)', () => {
    expect(median([100, 300, 200])).toBe(200);
    expect(median([100, 201])).toBe(151);
    const deep = { peerGroups: ['deepPoverty'] };
    const r = rankPeriod(county, {
      rows: [
        row('a', { crossInspection: 96, monthlyBulletin: 1 }),
        row('b', { crossInspection: 95, monthlyBulletin: 1 }, deep),
        row('c', { crossInspection: 93, monthlyBulletin: 1 }, deep),
        row('d', { crossInspection: 90, monthlyBulletin: 1 }, deep),
      ],
    }, '2017-Q3');
    const d = explain(county, r, 'd');
    expect(d.e.counterfactuals).toMatchObject([{ kind: 'componentAtPeerMedian', componentId: 'crossInspection', groupId: 'deepPoverty', median: 9300, rank: 3, peerRanks: [{ groupId: 'deepPoverty', rank: 2, of: 3 }] }]);
    expect(d.zh).toContain('若交叉检查达到深度贫困县中位数 93.00，d将由第 4 名升至第 3 名。');
    expect(explain(county, r, 'a').e.counterfactuals).toMatchObject([{ groupId: null, median: 9400, rank: 2 }]);
  });
});

describe('change against the previous period', () => {
  it('counts places gained and lost; a new unit has no change', () => {
    const rows = (period: string, scores: [string, number][]) => scores.map(([id, c]) => ({ ...row(id, { crossInspection: c, monthlyBulletin: 1 }), period }));
    const previous = rankPeriod(county, { rows: rows('2017-Q2', [['a', 94], ['b', 95], ['c', 90]]) }, '2017-Q2');
    const current = rankPeriod(county, { rows: rows('2017-Q3', [['a', 96], ['b', 94], ['c', 93], ['d', 80]]) }, '2017-Q3');
    const change = (id: string) => explain(county, current, id, previous).e.change;
    expect(change('a')).toEqual({ previousPeriod: '2017-Q2', previousRank: 2, rankChange: 1, previousTotal: 9500, totalChange: 200 });
    expect(change('b')?.rankChange).toBe(-1);
    expect(change('d')).toBeNull();
    expect(explain(county, current, 'a', previous).zh).toContain('较上期（2017 年第二季度）第 2 名上升 1 位');
    expect(explain(county, current, 'b', previous).zh).toContain('较上期（2017 年第二季度）第 1 名下降 1 位');
    expect(explain(county, current, 'c', previous).zh).toContain('与上期名次持平');
    expect(explain(county, current, 'a', previous).en).toContain('up 1 place from rank 2 in the previous period (2017 Q2)');
    expect(explain(county, current, 'b', previous).en).toContain('down 1 place from rank 1 in the previous period (2017 Q2)');
  });
});

describe('capped items in the text', () => {
  it('shows bonus points cut off at the cap on their own', () => {
    const capped: Scheme = { ...county, bonuses: { ...county.bonuses, cap: 60 } };
    const r = rankPeriod(capped, { rows: [row('a', { crossInspection: 90, monthlyBulletin: 1 }, { bonuses: { innovation: 0.5, endorsement: 0.5 } })] }, '2017-Q3');
    expect(totalPartsZh(capped, r.units[0]!)).toBe('交叉检查 90.00 + 月通报 1.00 + 加分 0.60（按上限计）');
    expect(totalPartsEn(capped, r.units[0]!)).toBe('交叉检查 90.00 + 月通报 1.00 + bonus 0.60 (capped)');
  });
});
