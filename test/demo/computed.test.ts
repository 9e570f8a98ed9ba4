// The demo's computed results (npm start): the registry quality check and the household exit
// assessment, each run once over the synthetic registry with its known share of bad records, so
// their pages open on results. Nothing here is made up: these are the stored runs an officer makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureExitDemo } from '../../src/app/exit-demo.js';
import { ensureQualityDemo } from '../../src/app/quality-demo.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const city = '610900000000';
const clock = { now: () => new Date('2019-12-31T00:00:00Z') };

describe.each(dialects)('demo runs on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
    await synthesize({ store: t.store, clock }, 'test', { under: city, households: 400, seed: 3, year: 2019, withErrors: true, replace: false });
  });
  afterAll(async () => t?.dispose());

  it('checks the demo city’s data quality once and keeps its findings', async () => {
    const lines: string[] = [];
    await ensureQualityDemo(t.store, city, (l) => lines.push(l));
    const runs = await t.store.db.selectFrom('quality_run').selectAll().execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.households).toBe(400);
    expect(runs[0]?.findings).toBeGreaterThan(0);
    expect(await t.store.db.selectFrom('quality_finding').select('id').execute()).toHaveLength(runs[0]?.findings ?? -1);
    expect(lines.join('\n')).toContain('400 户中');
    await ensureQualityDemo(t.store, city, (l) => lines.push(l));
    expect(await t.store.db.selectFrom('quality_run').select('id').execute()).toHaveLength(1);
  });

  it('assesses the demo city’s households once and keeps the run', async () => {
    const lines: string[] = [];
    await ensureExitDemo(t.store, city, 2019, (l) => lines.push(l));
    const runs = await t.store.db.selectFrom('exit_run').selectAll().execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ unit: 'household', region_code: city, year: 2019, created_by: 'demo' });
    expect(runs[0]?.units ?? 0).toBeGreaterThan(0);
    expect(runs[0]?.ready).toBe(Number(/可退出 (\d+) 户/.exec(lines.join('\n'))?.[1]));
    await ensureExitDemo(t.store, city, 2019, (l) => lines.push(l));
    expect(await t.store.db.selectFrom('exit_run').select('id').execute()).toHaveLength(1);
  });
});
