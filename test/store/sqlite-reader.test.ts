// While a long transaction holds SQLite's connection, reads go on (on the last committed state)
// and writes wait their turn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.js';

describe('SQLite reads during a transaction', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jingzhun-reader-'));
    store = await openStore(join(dir, 'test.db'), { create: true, migrate: true });
    await sql`create table probe (n integer not null)`.execute(store.db);
    await sql`insert into probe (n) values (1)`.execute(store.db);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => (await sql<{ c: number }>`select count(*) as c from probe`.execute(store.db)).rows[0]!.c;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('answers a read while a transaction is open, with what was committed, and the new rows after commit', async () => {
    let finish!: () => void;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let inside = 0;
    const transaction = store.db.transaction().execute(async (trx) => {
      await sql`insert into probe (n) values (2), (3)`.execute(trx);
      inside = (await sql<{ c: number }>`select count(*) as c from probe`.execute(trx)).rows[0]!.c;
      await held; // an import yielding between chunks
    });
    await tick();
    // Without the reader this read would wait for the commit, and the race below would time out.
    const during = await Promise.race([count(), new Promise<string>((resolve) => setTimeout(() => resolve('waited'), 2000))]);
    expect(inside).toBe(3);
    expect(during).toBe(1);
    finish();
    await transaction;
    expect(await count()).toBe(3);
  });

  it('makes a write wait for the open transaction, then applies it after', async () => {
    let finish!: () => void;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const order: string[] = [];
    const transaction = store.db.transaction().execute(async (trx) => {
      await sql`insert into probe (n) values (4)`.execute(trx);
      await held;
      order.push('commit');
    });
    await tick();
    const write = sql`insert into probe (n) values (5)`.execute(store.db).then(() => order.push('write'));
    await tick();
    expect(order).toEqual([]);
    finish();
    await Promise.all([transaction, write]);
    expect(order).toEqual(['commit', 'write']);
    expect(await count()).toBe(5);
  });

  it('a rolled-back transaction was never visible to readers, before or after', async () => {
    const seen: number[] = [];
    await expect(
      store.db.transaction().execute(async (trx) => {
        await sql`insert into probe (n) values (6)`.execute(trx);
        await tick();
        seen.push(await count());
        throw new Error('import failed');
      }),
    ).rejects.toThrow('import failed');
    seen.push(await count());
    expect(seen).toEqual([5, 5]);
  });
  it('gives rows as better-sqlite3 would: awkward column names, a repeated name, nulls, blobs, numbers', async () => {
    const text = `select n, n as "1", 'a"b' as "we""ird", null as absent, x'00ff' as bytes, 2.5 as r, n as dup, n + 1 as dup from probe order by n limit 2`;
    const ours = (await sql.raw(text).execute(store.db)).rows;
    const theirs = store.sqlite?.prepare(text).all();
    expect(ours).toEqual(theirs);
    expect(ours[0]).toMatchObject({ n: 1, '1': 1, 'we"ird': 'a"b', absent: null, r: 2.5, dup: 2 });
    // A column named __proto__ is a column (better-sqlite3 drops it), never the row's prototype.
    const [proto] = (await sql.raw(`select 'p' as "__proto__", 1 as n`).execute(store.db)).rows as Record<string, unknown>[];
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toBe('p');
    // The statement is shared by text; it still gives objects when iterated afterwards.
    expect(store.sqlite?.prepare('select n from probe order by n limit 1').get()).toEqual({ n: 1 });
  });
});
