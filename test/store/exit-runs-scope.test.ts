import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun, listRuns } from '../../src/store/exit-assessment.js';
import { ancestorCodes } from '../../src/domain/region-code.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

describe.each(dialects)('exit assessment runs a region sees (%s)', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
  });
  afterAll(async () => t?.dispose());

  const run = (region: string) =>
    insertRun(t.store.db, {
      unit: 'households', region_code: region, year: 2019, scope: 'candidates', rule_set_id: 'test', rule_set_version: 1, rule_set_hash: 'h',
      rule_set_json: '{}', fact_names_json: '[]', data_time: null, created_at: '2019-12-01T00:00:00Z', created_by: 'test',
      units: 0, ready: 0, blocked: 0, no_data: 0, flagged: 0,
    });

  it('a village whose code ends in 0 sees its own runs and those above it, not its neighbours’', async () => {
    const own = await run('610902107210');
    const neighbour = await run('610902107211');
    const county = await run('610902000000');
    const village = '610902107210';
    const seen = (await listRuns(t.store.db, village, ancestorCodes(village), {}, 100)).map((r) => r.id);
    expect(seen).toContain(own);
    expect(seen).toContain(county);
    expect(seen).not.toContain(neighbour);
  });
});
