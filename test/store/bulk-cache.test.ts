// A bulk write on SQLite runs with a smaller page cache (store/dialects/sqlite.ts, withBulkCache),
// and the writer gets its own cache back afterwards, also when the write fails.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../helpers/stores.js';

describe('the page cache of bulk writes on SQLite', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
  });
  afterAll(async () => t?.dispose());

  const cacheSize = (): number => Number(t.store.sqlite?.pragma('cache_size', { simple: true }));

  it('is a quarter of the writer’s during the write, and the writer’s again after it, done or failed', async () => {
    expect(cacheSize()).toBe(-262144);
    const inside = await t.store.bulkTransaction(async (trx) => {
      await sql`select 1`.execute(trx);
      return cacheSize();
    });
    expect(inside).toBe(-65536);
    expect(cacheSize()).toBe(-262144);
    await expect(t.store.bulkTransaction(async () => {
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(cacheSize()).toBe(-262144);
  });
});
