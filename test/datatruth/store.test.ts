// Registry pages for the comparison: households never split between pages, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/clock.js';
import { registryPage } from '../../src/store/crosscheck.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { hanbin, seedRegistry, type People } from './fixtures.js';

const clock: Clock = { now: () => new Date('2017-10-09T02:00:00Z') };

describe.each(dialects)('registry pages on %s', (dialect) => {
  let t: TestStore;
  let people: People;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    people = await seedRegistry(t.store, clock);
  });
  afterAll(async () => t?.dispose());

  it('pages by whole households, with the latest allowances when asked', async () => {
    const sizes: number[][] = [];
    for (let after = 0; ; ) {
      const page = await registryPage(t.store.db, hanbin, after, 2, { incomes: true, ...(t.store.sqlite ? { raw: t.store.sqlite } : {}) });
      sizes.push(page.households.map((h) => h.length));
      if (page.next === null) break;
      after = page.next;
    }
    // The first household (three people) does not fit two rows: it is read whole, alone.
    expect(sizes.flat()).toEqual([3, 1, 1]);
    const [first] = (await registryPage(t.store.db, hanbin, 0, 10, { incomes: true })).households;
    expect(first?.map((p) => p.name)).toEqual(['张伟', '李芳', '张小明']);
    expect(first?.[0]).toMatchObject({ minimumLivingAllowance: 500000, receivesMinimumLiving: false, householdStatus: 'poor', villageCode: people.villages[0] });
    expect((await registryPage(t.store.db, people.villages[1], 0, 10, { incomes: false })).households.map((h) => h[0]?.name)).toEqual(['王强', '赵兰']);
  });
});
