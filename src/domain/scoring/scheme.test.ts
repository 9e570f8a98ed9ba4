import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScoringInputError, type ScoringIssue } from './issues.js';
import { parseScheme } from './scheme.js';

const read = (name: string) => readFileSync(new URL(`./schemes/${name}`, import.meta.url), 'utf8');

function issuesOf(text: string, file = 'test.yaml'): ScoringIssue[] {
  try {
    parseScheme(text, file);
  } catch (error) {
    if (error instanceof ScoringInputError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the scheme to be refused');
}

const minimal = `id: t
version: 1
name: 测试方案
periodType: quarter
unitType: county
components:
`;

describe('parseScheme', () => {
  it('reads the shipped county scheme into hundredths', () => {
    const s = parseScheme(read('shaanxi-county-quarter.yaml'), 'shaanxi-county-quarter.yaml');
    expect(s).toMatchObject({ id: 'shaanxi-county-quarter', version: '2017.3', periodType: 'quarter', unitType: 'county', scope: '全省' });
    expect(s.components).toEqual([
      { id: 'crossInspection', name: '交叉检查', max: 10000, weight: null },
      { id: 'monthlyBulletin', name: '月通报', max: 200, weight: null },
    ]);
    expect(s.bonuses.cap).toBe(100);
    expect(s.bonuses.items[0]).toEqual({ id: 'innovation', name: '创新做法加分', cap: 50, component: 'monthlyBulletin' });
    expect(s.tieRule).toEqual({ kind: 'breakBy', components: ['crossInspection', 'monthlyBulletin'] });
    expect(s.peerGroups).toEqual([{ id: 'deepPoverty', name: '深度贫困县' }]);
    expect(s.consequences).toEqual({ rewardTop: 10, accountabilityBottom: 10, funds: null });
  });

  it('reads the city scheme with weights and the pilot-site scheme with funds', () => {
    const city = parseScheme(read('shaanxi-city-quarter.yaml'), 'city.yaml');
    expect(city.components.map((c) => c.weight)).toEqual([500_000, 500_000, null]);
    const pilot = parseScheme(read('ankang-pilot-site-year.yaml'), 'pilot.yaml');
    expect(pilot.tieRule).toEqual({ kind: 'shared' });
    expect(pilot.consequences.funds).toEqual({ base: 500_000, pool: 5_000_000, formula: 'linear', bands: [], vetoedKeepsBase: false });
  });

  it('reads the same scheme written as JSON', () => {
    const json = JSON.stringify(parse(read('shaanxi-county-quarter.yaml')), null, '\t');
    expect(parseScheme(json, 'county.json')).toEqual(parseScheme(read('shaanxi-county-quarter.yaml'), 'county.yaml'));
  });

  it('refuses weights that do not add up to 1, naming the line', () => {
    const text = `${minimal}  - { id: a, name: 甲, weight: 0.6 }\n  - { id: b, name: 乙, weight: 0.3 }\n`;
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ code: 'weights', file: 'test.yaml', line: 7, path: 'components' });
    expect(issue?.message).toBe('加权考核项的权重之和应为 1（100%），现为 90%：甲 60% + 乙 30%');
  });

  it('accepts thirds written to six decimals', () => {
    const text = `${minimal}  - { id: a, name: 甲, weight: 0.333333 }\n  - { id: b, name: 乙, weight: 0.333333 }\n  - { id: c, name: 丙, weight: 0.333334 }\n`;
    expect(parseScheme(text, 't.yaml').components.map((c) => c.weight)).toEqual([333_333, 333_333, 333_334]);
  });

  it('refuses repeated ids and names, reserved ids and unknown references, all at once', () => {
    const text = `${minimal}  - { id: a, name: 甲, max: 100 }
  - { id: a, name: 乙, max: 100 }
  - { id: unitId, name: 丙, max: 10 }
bonuses:
  items:
    - { id: b1, name: 甲, cap: 1, component: nope }
tieRule: { breakBy: [zzz] }
`;
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['unknownReference', 12],
      ['duplicateId', 8],
      ['field', 9],
      ['duplicateId', 12],
      ['unknownReference', 13],
    ]);
    expect(issues[1]?.message).toContain('“a”重复');
  });

  it('refuses a maximum with three decimals and lists every missing field', () => {
    const issues = issuesOf('id: t\ncomponents:\n  - { id: a, name: 甲, max: 10.005 }\n');
    expect(issues.map((i) => i.path)).toEqual(['version', 'name', 'periodType', 'unitType', 'components[0].max']);
    expect(issues.every((i) => i.messageEn.length > 0)).toBe(true);
  });

  it('reports YAML syntax errors with their line', () => {
    const [issue] = issuesOf('id: t\ncomponents: [\n  { id: a\n');
    expect(issue?.code).toBe('syntax');
    expect(issue?.line).toBeGreaterThanOrEqual(2);
  });
});
