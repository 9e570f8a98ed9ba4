// Single queries go through pool.query; a transaction must still keep to one connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Executor } from '../../src/store/store.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

describe.runIf(dialects.includes('postgres'))('PostgreSQL connections', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('postgres');
    await sql`create table pooled_probe (n integer not null)`.execute(t.store.db);
  });
  afterAll(async () => t?.dispose());

  const backend = async (db: Executor) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;

  it('runs every query of a transaction on one backend, in one transaction', async () => {
    await t.store.db.transaction().execute(async (trx) => {
      const pids = new Set<number>();
      const xids = new Set<string>();
      for (let i = 0; i < 5; i++) {
        pids.add(await backend(trx));
        xids.add(String((await sql<{ x: string }>`select txid_current()::text as x`.execute(trx)).rows[0]!.x));
      }
      expect(pids.size).toBe(1);
      expect(xids.size).toBe(1);
    });
  });

  it('rolls back everything a failed transaction wrote, and the connection is usable after', async () => {
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        await sql`insert into pooled_probe (n) values (1)`.execute(trx);
        await sql`insert into pooled_probe (n) values (null)`.execute(trx);
      }),
    ).rejects.toThrow();
    const { rows } = await sql<{ c: number }>`select count(*)::int as c from pooled_probe`.execute(t.store.db);
    expect(rows[0]!.c).toBe(0);
    // Every pooled connection still answers (none was left inside an aborted transaction).
    const answers = await Promise.all(Array.from({ length: 20 }, () => sql<{ one: number }>`select 1 as one`.execute(t.store.db)));
    expect(answers.every((a) => a.rows[0]!.one === 1)).toBe(true);
  });

  it('reports rows changed by single statements outside a transaction', async () => {
    const inserted = await t.store.db.insertInto('pooled_probe' as never).values({ n: 5 } as never).executeTakeFirst();
    expect(Number(inserted.numInsertedOrUpdatedRows)).toBe(1);
    const updated = await sql`update pooled_probe set n = n + 1`.execute(t.store.db);
    expect(Number(updated.numAffectedRows)).toBe(1);
    const deleted = await t.store.db.deleteFrom('pooled_probe' as never).executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(1);
  });

  it('keeps a transaction invisible to single queries until it commits', async () => {
    let seenInside = -1;
    await t.store.db.transaction().execute(async (trx) => {
      await sql`insert into pooled_probe (n) values (7)`.execute(trx);
      seenInside = (await sql<{ c: number }>`select count(*)::int as c from pooled_probe`.execute(t.store.db)).rows[0]!.c;
    });
    expect(seenInside).toBe(0);
    expect((await sql<{ c: number }>`select count(*)::int as c from pooled_probe`.execute(t.store.db)).rows[0]!.c).toBe(1);
  });
});
