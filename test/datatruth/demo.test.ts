// The demo's quality run (npm start) is the real check over the synthetic registry, run once: the
// quality page opens on findings the generator's known bad records produce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { ensureQualityDemo } from '../../src/app/quality-demo.js';
import { synthesize } from '../../src/app/synth.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const city = '610900000000';
const clock = { now: () => new Date('2019-12-31T00:00:00Z') };

describe.each(dialects)('demo quality run on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
    await synthesize({ store: t.store, clock }, 'test', { under: city, households: 400, seed: 3, year: 2019, withErrors: true, replace: false });
  });
  afterAll(async () => t?.dispose());

  it('checks the demo city once and keeps its findings', async () => {
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
});
