// A real server on a fresh database with a small registry, for API and browser tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { composeApp } from '../app/compose.js';
import { webDist } from '../app/paths.js';
import { loadRegions } from '../app/regions.js';
import { synthesize } from '../app/synth.js';
import type { Clock } from '../app/clock.js';
import { openStore, type Store } from '../store/store.js';
import { buildServer } from './server.js';

export interface TestAccount {
  readonly username: string;
  readonly password: string;
  readonly regionCode: string;
}

export interface TestServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly users: { admin: TestAccount; town: TestAccount; otherTown: TestAccount; inspector: TestAccount; cadre: TestAccount; department: TestAccount };
  close(): Promise<void>;
}

const county = '610902000000'; // 汉滨区

export async function startTestServer(opts: { dialect?: 'sqlite' | 'postgres'; households?: number; listen?: boolean; clock?: Clock } = {}): Promise<TestServer> {
  const dialect = opts.dialect ?? 'sqlite';
  let store: Store;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jingzhun-server-'));
    store = await openStore(join(dir, 'test.db'), { create: true, migrate: true });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `srv_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    store = await openStore(process.env['JINGZHUN_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test', { migrate: true, schema });
    cleanup = async () => {
      const admin = await openStore(process.env['JINGZHUN_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test', {});
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    };
  }
  const clock = opts.clock ?? { now: () => new Date() };
  await loadRegions(store, '610902');
  await synthesize({ store, clock }, 'test', { under: county, households: opts.households ?? 400, seed: 3, year: 2019, withErrors: false, replace: false });
  // Accounts are bound to places that have households, as real ones would be.
  const populated = await store.db.selectFrom('household').select('village_code').distinct().orderBy('village_code').execute();
  const villages = populated.map((r) => r.village_code);
  const towns = [...new Set(villages.map((v) => `${v.slice(0, 9)}000`))];
  const ctx = composeApp(store, clock);
  const make = async (username: string, role: string, regionCode: string, department: string | null = null): Promise<TestAccount> => {
    const password = `Test-${username}-pass1`;
    await ctx.auth.createUser('test', { username, displayName: username, role, region: regionCode, department, password });
    return { username, password, regionCode };
  };
  const users = {
    admin: await make('admin', 'admin', '610000000000'),
    town: await make('town', 'regionAdmin', towns[0] ?? county),
    otherTown: await make('othertown', 'regionAdmin', towns[1] ?? county),
    inspector: await make('inspector', 'inspector', county),
    cadre: await make('cadre', 'villageCadre', villages[0] ?? county),
    department: await make('edu', 'department', county, 'education'),
  };
  const app = await buildServer(ctx, { webDir: webDist(), logger: false, secureCookies: false, loginRateLimit: 1000 });
  let url = '';
  if (opts.listen ?? true) url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    store,
    users,
    async close() {
      await app.close();
      await store.close();
      await cleanup();
    },
  };
}
