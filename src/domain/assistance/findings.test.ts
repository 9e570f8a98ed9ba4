import { describe, expect, it } from 'vitest';
import { codes } from '../code-lists.js';
import { defaultMeasures } from './catalogue.js';
import { genericMeasureFindings, uncoveredCauses, type PlanForFindings } from './findings.js';

const catalogue = new Map(defaultMeasures.map((m) => [m.code, m]));

describe('measure catalogue', () => {
  it('names only causes of the registry code list, and every cause but marriage-free ones has a measure', () => {
    const known = new Set(codes('cause'));
    for (const m of defaultMeasures) for (const c of m.causes) expect(known.has(c), `${m.code}: ${c}`).toBe(true);
    for (const c of codes('cause')) expect(defaultMeasures.some((m) => m.causes.includes(c)), c).toBe(true);
  });
});

describe('uncoveredCauses', () => {
  it('lists recorded causes no measure answers', () => {
    expect(uncoveredCauses(['illness', 'education'], ['medicalAssistance'], catalogue)).toEqual(['education']);
    expect(uncoveredCauses(['illness', 'education'], ['medicalAssistance', 'educationGrant'], catalogue)).toEqual([]);
    expect(uncoveredCauses(['lackCapital'], [], catalogue)).toEqual(['lackCapital']);
  });
  it('accepts any measure for “other”, but not an empty plan', () => {
    expect(uncoveredCauses(['other'], ['safeWater'], catalogue)).toEqual([]);
    expect(uncoveredCauses(['other'], [], catalogue)).toEqual(['other']);
  });
  it('ignores unknown measure codes rather than crediting them', () => {
    expect(uncoveredCauses(['illness'], ['nonsense'], catalogue)).toEqual(['illness']);
  });
});

const plan = (id: number, village: string, cause: string, measures: string[], cadreId: number | null = null): PlanForFindings => ({ householdId: id, villageCode: village, cadreId, mainCause: cause, otherCauses: [], measures });

describe('genericMeasureFindings', () => {
  it('flags a village that gives one measure for every cause', () => {
    const plans = [plan(1, 'A', 'illness', ['industrySubsidy']), plan(2, 'A', 'education', ['industrySubsidy']), plan(3, 'A', 'lackLabour', ['industrySubsidy']), plan(4, 'B', 'illness', ['medicalAssistance']), plan(5, 'B', 'education', ['educationGrant']), plan(6, 'B', 'lackCapital', ['microloan'])];
    const f = genericMeasureFindings(plans, (p) => p.villageCode);
    expect(f.map((x) => x.key)).toEqual(['A']);
    expect(f[0]).toMatchObject({ households: 3, distinctCauses: 3, sameSet: ['industrySubsidy'], share: 1 });
  });
  it('does not flag the same measure when the causes are the same, or too few households', () => {
    const same = [plan(1, 'A', 'illness', ['medicalAssistance']), plan(2, 'A', 'illness', ['medicalAssistance']), plan(3, 'A', 'illness', ['medicalAssistance'])];
    expect(genericMeasureFindings(same, (p) => p.villageCode)).toEqual([]);
    const few = [plan(1, 'A', 'illness', ['x']), plan(2, 'A', 'education', ['x'])];
    expect(genericMeasureFindings(few, (p) => p.villageCode)).toEqual([]);
  });
  it('groups by cadre and respects the share threshold', () => {
    const plans = [plan(1, 'A', 'illness', ['a'], 7), plan(2, 'A', 'education', ['a'], 7), plan(3, 'B', 'lackLand', ['a'], 7), plan(4, 'B', 'disability', ['b'], 7)];
    expect(genericMeasureFindings(plans, (p) => (p.cadreId === null ? null : String(p.cadreId)), { minHouseholds: 3, share: 0.8 })).toEqual([]);
    expect(genericMeasureFindings(plans, (p) => String(p.cadreId), { minHouseholds: 3, share: 0.75 })[0]).toMatchObject({ key: '7', sameCount: 3 });
  });
});
