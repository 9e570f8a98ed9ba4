// The unique index on member ID numbers: built once at the end of a bulk write into a registry
// smaller than the write (SQLite), and the migration that made it a named, droppable index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkWriter } from '../../src/app/bulk-write.js';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry, type ImportMode } from '../../src/app/workbook/import.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import { ValidationFailed } from '../../src/app/errors.js';
import { generateHouseholds, planVillages } from '../../src/domain/synth/generate.js';
import { verifyAudit } from '../../src/store/audit.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/store.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { fixtureHouseholds, messyFlatWorkbook } from '../workbook/fixtures.js';

const clock = { now: () => new Date('2019-12-31T00:00:00Z') };
const villages = ['610923100201', '610923100202'];
const all = [...generateHouseholds({ seed: 11, households: 600, villages, year: 2019, withErrors: false, errorShare: 0 }, planVillages(villages, 600, 11))];
const meta = { actor: 'test', action: 'synth', region: '610923000000', description: {} };

describe.each(dialects)('member ID index around a bulk write on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
  });
  afterAll(async () => t?.dispose());

  const memberCount = async () => Number((await t.store.db.selectFrom('member').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('is there and unique after a write larger than the registry', async () => {
    await t.store.bulkTransaction(async (trx) => {
      const writer = await BulkWriter.open(t.store, trx, clock, 1_000_000);
      await writer.write(all.slice(0, 200));
      await writer.finish(meta);
    });
    if (dialect === 'sqlite') {
      const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'member' order by name`.execute(t.store.db)).rows.map((r) => r.name);
      expect(names).toEqual(['member_household', 'member_id_number']);
    }
    const stored = await t.store.db.selectFrom('member').select(['household_id', 'id_number']).where('id', '=', 1).executeTakeFirstOrThrow();
    await expect(t.store.db.insertInto('member').values({ ...(await t.store.db.selectFrom('member').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()), id: 999_999 }).execute()).rejects.toThrow();
    expect(stored.id_number).toBe(all[0]?.members[0]?.idNumber);
  });

  it('refuses a person registered before the write, naming both households, and writes nothing', async () => {
    const before = await memberCount();
    const first = all[300] as (typeof all)[number];
    const registered = (all[5] as (typeof all)[number]).members[0] as (typeof first.members)[number];
    const again = { ...first, members: [registered, ...first.members.slice(1)] };
    const error = await t.store
      .bulkTransaction(async (trx) => {
        const writer = await BulkWriter.open(t.store, trx, clock, 1_000_000);
        await writer.write([again, ...all.slice(301, 400)]);
        await writer.finish(meta);
      })
      .then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    if (dialect === 'sqlite') {
      // Built at the end: the households that share the number, not the number itself.
      expect(error).toBeInstanceOf(ValidationFailed);
      const e = (error as ValidationFailed).errors[0];
      expect(e?.message).toContain(all[5]?.household.householdNo);
      expect(e?.message).toContain(first.household.householdNo);
      expect(e?.messageEn).toMatch(/registered in 2 households/);
      expect(JSON.stringify((error as ValidationFailed).errors)).not.toContain(registered.idNumber);
    } else {
      expect(String(error)).toMatch(/unique|duplicate/i);
    }
    expect(await memberCount()).toBe(before);
    expect((await verifyAudit(t.store.db)).checked).toBe(1);
    // The index is back as it was (the drop was rolled back with the rows).
    await expect(t.store.db.insertInto('member').values({ ...(await t.store.db.selectFrom('member').selectAll().where('id', '=', 2).executeTakeFirstOrThrow()), id: 999_998 }).execute()).rejects.toThrow();
  });

  it('keeps the index row by row for a write smaller than the registry', async () => {
    await t.store.bulkTransaction(async (trx) => {
      const writer = await BulkWriter.open(t.store, trx, clock, 10);
      await writer.write(all.slice(400, 410));
      await writer.finish(meta);
    });
    expect(await memberCount()).toBe(all.slice(0, 200).concat(all.slice(400, 410)).reduce((n, h) => n + h.members.length, 0));
  });
});

describe.each(dialects)('member ID index around a first import on %s', (dialect) => {
  let t: TestStore;
  let village = '';
  const run = (files: InputFile[], mode: ImportMode) => importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope: null });
  const indexes = async () => (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'member' order by name`.execute(t.store.db)).rows.map((r) => r.name);
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    village = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
  });
  afterAll(async () => t?.dispose());

  it('builds the index once into an empty registry; a later file cannot register the same person again', async () => {
    const first = fixtureHouseholds(village, 3);
    expect((await run([await messyFlatWorkbook(first)], 'dryRun')).status).not.toBe('failed');
    if (dialect === 'sqlite') expect(await indexes()).toEqual(['member_household', 'member_id_number']);
    const r = await run([await messyFlatWorkbook(first)], 'all');
    expect(r.counts).toMatchObject({ created: 3, members: 9 });
    if (dialect === 'sqlite') expect(await indexes()).toEqual(['member_household', 'member_id_number']);
    // The head of the first household again, in a new household: the registered owner is found.
    const [again] = fixtureHouseholds(village, 1);
    const head = first[0]?.people[0];
    if (!again || !head) throw new Error('fixture');
    const second = await run([await messyFlatWorkbook([{ ...again, people: [{ ...head }, ...again.people.slice(1)] }])], 'all');
    expect(second.counts.created).toBe(0);
    expect(JSON.stringify(second.issues)).toContain(first[0]?.no);
  });
});

describe('migration 092 on SQLite', () => {
  it('turns the column constraint into a named index, keeping every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jingzhun-092-'));
    try {
      const file = join(dir, 'old.db');
      // A registry as it was before 092: every earlier migration, and members in it.
      const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
      const list = migrations('sqlite');
      delete list['092-member-id-index'];
      const { error } = await new Migrator({ db: old, provider: { getMigrations: async () => list }, allowUnorderedMigrations: true }).migrateToLatest();
      expect(error).toBeUndefined();
      await sql`insert into member (id, household_id, name, id_number, relation, sex, birth_date, ethnicity, school_status, health, labour_ability, work_status, work_months) values
        (7, 1, '张三', '610923198001010011', 'head', '1', '1980-01-01', '01', 'none', 'healthy', 'normal', 'farming', 6),
        (9, 1, '李四', '610923198202020022', 'spouse', '2', '1982-02-02', '01', 'none', 'healthy', 'normal', 'farming', 0)`.execute(old);
      const rows = async (db: Kysely<unknown>) => (await sql`select * from member order by id`.execute(db)).rows;
      const beforeRows = await rows(old);
      expect((await sql<{ name: string }>`select name from sqlite_master where tbl_name = 'member' and type = 'index' order by name`.execute(old)).rows.map((r) => r.name)).toEqual(['member_household', 'sqlite_autoindex_member_1']);
      await old.destroy();

      const store = await openStore(file, { migrate: true });
      try {
        expect(await rows(store.db as unknown as Kysely<unknown>)).toEqual(beforeRows);
        const indexes = (await sql<{ name: string }>`select name from sqlite_master where tbl_name = 'member' and type = 'index' order by name`.execute(store.db)).rows.map((r) => r.name);
        expect(indexes).toEqual(['member_household', 'member_id_number']);
        await expect(sql`insert into member (id, household_id, name, id_number, relation, sex, birth_date, ethnicity, school_status, health, labour_ability, work_status) values (10, 2, '王五', '610923198001010011', 'head', '1', '1980-01-01', '01', 'none', 'healthy', 'normal', 'farming')`.execute(store.db)).rejects.toThrow(/UNIQUE/);
        // The id keeps counting after the largest one.
        await sql`insert into member (household_id, name, id_number, relation, sex, birth_date, ethnicity, school_status, health, labour_ability, work_status) values (2, '王五', '610923199001010033', 'head', '1', '1990-01-01', '01', 'none', 'healthy', 'normal', 'farming')`.execute(store.db);
        expect((await sql<{ id: number }>`select max(id) as id from member`.execute(store.db)).rows[0]?.id).toBe(10);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
