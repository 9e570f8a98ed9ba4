// The demo's sample feedback list (npm start) goes through the real parser and use case on both
// databases: six problems, the common ones inherited by each county, labelled as a demo, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { ensureRectificationDemo } from '../../src/app/rectification-demo.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const city = '610900000000';
const town = '610902004000';

describe.each(dialects)('demo rectification batch on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
  });
  afterAll(async () => t?.dispose());

  it('imports one labelled batch of six problems, every county inheriting the common three, and only once', async () => {
    const lines: string[] = [];
    await ensureRectificationDemo(t.store, city, town, (l) => lines.push(l));
    const counties = (await t.store.db.selectFrom('region').select('code').where('parent_code', '=', city).execute()).length;
    const batches = await t.store.db.selectFrom('rectification_batch').selectAll().execute();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.name).toContain('演示');
    expect(await t.store.db.selectFrom('rectification_problem').select('id').execute()).toHaveLength(6);
    expect(await t.store.db.selectFrom('rectification').select('id').execute()).toHaveLength(3 * counties + 3);
    expect(lines.join('\n')).toContain('非真实检查结果');
    // Its list is kept like an uploaded one, labelled as the demo's.
    expect(await t.store.db.selectFrom('rectification_problem_file').select(['file_name', 'problems']).execute()).toEqual([{ file_name: '省级交叉检查反馈问题清单（演示）.csv', problems: 6 }]);
    await ensureRectificationDemo(t.store, city, town, (l) => lines.push(l));
    expect(await t.store.db.selectFrom('rectification_batch').select('id').execute()).toHaveLength(1);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });
});
