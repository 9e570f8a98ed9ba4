// An HTTP test's world on one database: the 610902 regions, synthesized households under a region,
// a server at a fixed time and accounts signed in; created before the tests and dropped after.
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import type { DialectName } from '../../src/store/dialect.js';
import type { Store } from '../../src/store/store.js';
import { serveWithUsers, type Session } from '../http/helpers.js';
import { createTestStore, type TestStore } from './stores.js';

export interface ApiWorld {
  readonly store: Store;
  readonly app: FastifyInstance;
  /** Signed-in sessions by username. */
  readonly as: Record<string, Session>;
}

type Users = (store: Store) => Promise<readonly (readonly [string, string, string])[]>;

/** Registers the hooks; read the world inside tests, once beforeAll has run. */
export function apiWorld(dialect: DialectName, o: { under: string; households: number; seed: number; now: Date; users: Users }): () => ApiWorld {
  let t: TestStore | undefined;
  let world: ApiWorld | undefined;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date('2020-01-15T00:00:00Z') } }, 'test', { under: o.under, households: o.households, seed: o.seed, year: 2019, withErrors: false, replace: false });
    const { app, sessions } = await serveWithUsers(composeApp(t.store, { now: () => o.now }), await o.users(t.store));
    world = { store: t.store, app, as: sessions };
  });
  afterAll(async () => {
    await world?.app.close();
    await t?.dispose();
  });
  return () => {
    if (!world) throw new Error('the API world is made in beforeAll');
    return world;
  };
}
