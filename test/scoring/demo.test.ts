// The demo's scoring: sample quarters imported and flagged as sample, and the data-quality ranking
// computed from the demo registry itself (checked against a direct count).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { createScoringService } from '../../src/app/scoring.js';
import { ensureDemoScoring } from '../../src/app/scoring-demo.js';
import { synthesize } from '../../src/app/synth.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

describe('demo scoring', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
    await loadRegions(t.store, '6109');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: '610900000000', households: 3000, seed: 7, year: 2019, withErrors: true, replace: false });
  });
  afterAll(async () => t?.dispose());

  it('imports the sample quarters flagged as sample and ranks counties by registry completeness', async () => {
    const lines: string[] = [];
    await ensureDemoScoring(t.store, (l) => lines.push(l));
    await ensureDemoScoring(t.store, (l) => lines.push(l));
    expect(lines[0]).toContain('非真实考核结果');
    const scoring = createScoringService({ store: t.store, clock: { now: () => new Date() } });
    const report = await scoring.report('shaanxi-county-quarter', '2017-Q3');
    expect(report.sample).toBe(true);
    const counties = await t.store.db.selectFrom('household').select((e) => e.fn.count<number>('id').as('n')).select('village_code').groupBy('village_code').execute();
    const withHouseholds = new Set(counties.map((c) => c.village_code.slice(0, 6)));
    // Seed 7 spreads 3,000 households over all ten counties, as the demo's 60,000 do.
    expect(withHouseholds.size).toBe(10);
    expect(lines.join('\n')).toContain('已由演示数据计算建档立卡数据质量考核');
    const quality = await scoring.report('ankang-data-quality-quarter', '2019-Q4');
    expect(quality.sample).toBe(false);
    expect(quality.ranking.units).toHaveLength(10);
    const first = quality.ranking.units[0];
    const rows = await t.store.db.selectFrom('household').select(['phone', 'housing_safety_grade', 'housing_area', 'house_structure', 'road_type', 'fuel_type', 'arable_land_mu']).where('village_code', 'like', `${first?.unitId ?? ''}%`).execute();
    const filled = rows.reduce((a, r) => a + Object.values(r).filter((v) => v !== null && v !== '').length, 0);
    const expected = Math.floor((Math.floor((filled * 1_000_000) / (rows.length * 7) + 0.5) * 10000) / 1_000_000 + 0.5);
    expect(first?.values['completeness']).toBe(expected);
  });
});
