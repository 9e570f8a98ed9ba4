// A large synthesis generates and checks in a worker thread while this one writes (synth.ts):
// the registry it writes must be the one the single-thread path writes, row for row.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { regionStats } from '../../src/app/stats.js';
import { offThreadFrom, synthesize } from '../../src/app/synth.js';
import { ValidationFailed } from '../../src/app/errors.js';
import { verifyAudit } from '../../src/store/audit.js';
import { rebuildVillageStats } from '../../src/store/stats.js';
import { sql } from 'kysely';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import type { Executor } from '../../src/store/store.js';

const clock = { now: () => new Date('2019-12-31T00:00:00Z') };
const county = '610923000000'; // 宁陕县
const town = '610923100000';
const usual = offThreadFrom.households;

/** Every registry row, in id order, without the timestamps. */
async function registryRows(db: Executor) {
  const households = await db.selectFrom('household').selectAll().orderBy('id').execute();
  const members = await db.selectFrom('member').selectAll().orderBy('id').execute();
  const incomes = await db.selectFrom('household_income').selectAll().orderBy('household_id').orderBy('year').execute();
  const events = await db.selectFrom('status_event').select(['household_id', 'type', 'date', 'reason', 'basis', 'actor']).orderBy('id').execute();
  const villageStats = await db.selectFrom('village_stat').selectAll().orderBy('region_code').execute();
  const yearStats = await db.selectFrom('village_year_stat').selectAll().orderBy('region_code').orderBy('year').execute();
  return { households, members, incomes, events, villageStats, yearStats };
}

describe.each(dialects)('synthesis in a worker thread on %s', (dialect) => {
  let here: TestStore;
  let there: TestStore;
  beforeAll(async () => {
    [here, there] = await Promise.all([createTestStore(dialect), createTestStore(dialect)]);
    await loadRegions(here.store, '610923');
    await loadRegions(there.store, '610923');
  });
  afterEach(() => {
    offThreadFrom.households = usual;
  });
  afterAll(async () => Promise.all([here?.dispose(), there?.dispose()]));

  it('writes the registry the single-thread path writes, row for row, with the same report and audit', async () => {
    const req = { under: county, households: 2500, seed: 42, year: 2019, withErrors: true, replace: false };
    offThreadFrom.households = Number.MAX_SAFE_INTEGER;
    const one = await synthesize({ store: here.store, clock }, 'test', req);
    offThreadFrom.households = 1;
    const progress: number[] = [];
    const two = await synthesize({ store: there.store, clock }, 'test', req, (done) => progress.push(done));
    expect({ ...two, seconds: 0 }).toEqual({ ...one, seconds: 0 });
    expect(progress.at(-1)).toBe(2500);
    const [a, b] = [await registryRows(here.store.db), await registryRows(there.store.db)];
    expect(b.members.length).toBe(one.members);
    expect(b).toEqual(a);
    expect(await regionStats(there.store.db, county, 2017, 2019)).toEqual(await regionStats(here.store.db, county, 2017, 2019));
    // The tally that crossed threads gave the pre-aggregates a recount gives.
    const live = await regionStats(there.store.db, county, null, 2019);
    await rebuildVillageStats(there.store.db, county);
    expect(await regionStats(there.store.db, county, null, 2019)).toEqual(live);
    expect(await verifyAudit(there.store.db)).toMatchObject({ ok: true, checked: 1 });
    const audit = await there.store.db.selectFrom('audit_log').select('after_json').executeTakeFirstOrThrow();
    expect(audit.after_json).toContain(one.digest);
  });

  it('adds a town to a registry that has people, after the rows already there', async () => {
    offThreadFrom.households = 1;
    await synthesize({ store: there.store, clock }, 'test', { under: county, households: 300, seed: 5, year: 2019, withErrors: false, replace: true });
    const before = await there.store.db.selectFrom('member').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    const report = await synthesize({ store: there.store, clock }, 'test', { under: town, households: 50, seed: 6, year: 2019, withErrors: false, replace: true });
    expect(report.households).toBe(50);
    const added = await there.store.db.selectFrom('member').select('id').where('id', '>', Number(before.max)).execute();
    expect(added.length).toBe(report.members);
  });

  it('refuses households the worker finds invalid as the single-thread path does, and writes nothing', async () => {
    const before = await registryRows(there.store.db);
    // Households of 2021 checked on 2019-12-31: people born after today, events in the future.
    const req = { under: town, households: 40, seed: 6, year: 2021, withErrors: false, replace: true };
    offThreadFrom.households = Number.MAX_SAFE_INTEGER;
    const inThread = await synthesize({ store: there.store, clock }, 'test', req).catch((e: unknown) => e);
    offThreadFrom.households = 1;
    const offThread = await synthesize({ store: there.store, clock }, 'test', req).catch((e: unknown) => e);
    expect(inThread).toBeInstanceOf(ValidationFailed);
    expect(offThread).toBeInstanceOf(ValidationFailed);
    expect((offThread as ValidationFailed).errors).toEqual((inThread as ValidationFailed).errors);
    expect(await registryRows(there.store.db)).toEqual(before);
  });

  it('rolls everything back when the database refuses a row in a later chunk, and the next write works', async () => {
    const before = await registryRows(there.store.db);
    const last = before.households.at(-1)?.id ?? 0;
    // The database fails partway through the rows of the second chunk, as a full disk or a lost
    // connection would: the chunks already stored must go with the rest.
    const failAfter = Number(last) + 1500;
    if (dialect === 'sqlite') {
      await sql.raw(`create trigger refuse_mid before insert on member when new.household_id > ${failAfter} begin select raise(abort, 'injected failure'); end`).execute(there.store.db);
    } else {
      await sql.raw(`create function refuse_mid() returns trigger language plpgsql as $$ begin if new.household_id > ${failAfter} then raise exception 'injected failure'; end if; return new; end $$`).execute(there.store.db);
      await sql.raw('create trigger refuse_mid before insert on member for each row execute function refuse_mid()').execute(there.store.db);
    }
    offThreadFrom.households = 1;
    const req = { under: county, households: 2500, seed: 9, year: 2019, withErrors: false, replace: true };
    const progress: number[] = [];
    try {
      const failed = await synthesize({ store: there.store, clock }, 'test', req, (done) => progress.push(done)).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      expect(String((failed as Error).message)).toContain('injected failure');
      expect(progress.at(-1) ?? 0).toBeGreaterThanOrEqual(1000);
      expect(await registryRows(there.store.db)).toEqual(before);
    } finally {
      await sql.raw(dialect === 'sqlite' ? 'drop trigger refuse_mid' : 'drop trigger refuse_mid on member; drop function refuse_mid()').execute(there.store.db);
    }
    // The member ID index dropped for the write is back, and the same write now goes through.
    const report = await synthesize({ store: there.store, clock }, 'test', req);
    expect(report.households).toBe(2500);
    expect((await registryRows(there.store.db)).members.length).toBe(report.members);
    expect(await verifyAudit(there.store.db)).toMatchObject({ ok: true });
  });
});
