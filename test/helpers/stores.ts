// Every store test runs on both databases: a fresh SQLite file, and a fresh schema on the local PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.js';
import type { DialectName } from '../../src/store/dialect.js';

export const pgUrl = process.env['JINGZHUN_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Set JINGZHUN_TEST_PG=off to run on SQLite only (CI always runs both). */
export const dialects: DialectName[] = pgUrl === 'off' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestStore {
  readonly store: Store;
  dispose(): Promise<void>;
}

export async function createTestStore(dialect: DialectName): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jingzhun-test-'));
    const store = await openStore(join(dir, 'test.db'), { create: true, migrate: true });
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const store = await openStore(pgUrl, { migrate: true, schema });
  return {
    store,
    async dispose() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
    },
  };
}
