// The list page the database writes as JSON must be exactly the page built from rows in JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { maskIdNumber } from '../../src/domain/id-number.js';
import { parentCode } from '../../src/domain/region-code.js';
import { ListItemSchema } from '../../src/http/schemas.js';
import { listHouseholds, listHouseholdsJson, listSorts, maskedIdNumber, sortKey, type ListFilter, type ListPage, type ListSort } from '../../src/store/household-list.js';
import { getRegions } from '../../src/store/regions.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const clock = { now: () => new Date('2019-12-31T00:00:00Z') };

describe.each(dialects)('household list as JSON on %s', (dialect) => {
  let t: TestStore;
  let headless = 0;
  let oddName = 0;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610923');
    await synthesize({ store: t.store, clock }, 'test', { under: '610923000000', households: 300, seed: 7, year: 2019, withErrors: false, replace: false });
    // A household whose head is missing (a half-entered file) lists with a null head.
    const row = await t.store.db.selectFrom('household').select('id').orderBy('id').offset(5).limit(1).executeTakeFirstOrThrow();
    headless = row.id;
    await t.store.db.deleteFrom('member').where('household_id', '=', headless).where('relation', '=', 'head').execute();
    // A name with characters JSON must escape (a hand-edited or migrated record) still lists as itself.
    const other = await t.store.db.selectFrom('household').select('id').orderBy('id').offset(6).limit(1).executeTakeFirstOrThrow();
    oddName = other.id;
    await t.store.db.updateTable('member').set({ name: '王"小\\二\t,{"id":1}' }).where('household_id', '=', other.id).where('relation', '=', 'head').execute();
  });
  afterAll(async () => t?.dispose());

  /** The JSON page with its items parsed one by one, and its item count checked. */
  async function pageOf(filter: ListFilter, page: ListPage, mask: boolean) {
    const got = await listHouseholdsJson(t.store.db, dialect, filter, page, mask);
    const items = JSON.parse(`[${got.itemsText}]`) as object[];
    expect(got.count).toBe(items.length);
    return { items, lastKey: got.lastKey };
  }

  async function expected(filter: ListFilter, page: ListPage, mask: boolean) {
    const rows = await listHouseholds(t.store.db, filter, page);
    const names = new Map((await getRegions(t.store.db, rows.flatMap((r) => [r.villageCode, parentCode(r.villageCode) ?? '']))).map((r) => [r.code, r.name]));
    return {
      items: rows.map((r) => ({
        ...r,
        headIdNumber: r.headIdNumber === null ? null : mask ? maskIdNumber(r.headIdNumber) : r.headIdNumber,
        villageName: names.get(r.villageCode) ?? '',
        townName: names.get(parentCode(r.villageCode) ?? '') ?? '',
      })),
      lastKey: rows.length > 0 ? sortKey(rows[rows.length - 1]!, page.sort) : null,
    };
  }

  it('gives the same items, fields and cursor keys as the row query, for every sort, both orders and both maskings', async () => {
    let pages = 0;
    let sawHeadless = false;
    let sawOddName = false;
    for (const sort of Object.keys(listSorts) as ListSort[]) {
      for (const order of ['asc', 'desc'] as const) {
        for (const mask of [false, true]) {
          const filter: ListFilter = { region: '610923000000', status: order === 'asc' ? undefined : 'poor' };
          let after: ListPage['after'] = null;
          for (let n = 0; n < 3; n++) {
            const page: ListPage = { sort, order, limit: 40, after };
            const got = await pageOf(filter, page, mask);
            const want = await expected(filter, page, mask);
            expect(got.items).toEqual(want.items);
            expect(got.lastKey).toEqual(want.lastKey);
            for (const item of got.items) expect(Object.keys(item)).toEqual(Object.keys(ListItemSchema.properties));
            sawHeadless ||= got.items.some((i) => (i as { id: number }).id === headless);
            sawOddName ||= got.items.some((i) => (i as { id: number }).id === oddName);
            pages++;
            if (!got.lastKey) break;
            after = got.lastKey;
          }
        }
      }
    }
    expect(pages).toBe(72);
    expect(sawHeadless).toBe(true);
    expect(sawOddName).toBe(true);
  });

  it('finds by name and ID number the same way', async () => {
    const [first] = await listHouseholds(t.store.db, { region: '610923000000' }, { sort: 'village', order: 'asc', limit: 1, after: null });
    for (const q of [first!.headName!, first!.headIdNumber!.slice(-6), first!.householdNo]) {
      const page: ListPage = { sort: 'village', order: 'asc', limit: 50, after: null };
      const got = await pageOf({ region: '610923000000', q }, page, true);
      expect(got.items).toEqual((await expected({ region: '610923000000', q }, page, true)).items);
      expect(got.items.length).toBeGreaterThan(0);
    }
  });

  it('masks an ID number of any length as the domain rule does', async () => {
    const full = '61092319900101123X6543210987';
    for (let length = 0; length <= full.length; length++) {
      const id = full.slice(0, length);
      const row = await sql<{ m: string | null }>`select ${sql.raw(maskedIdNumber(dialect, 'x'))} as m from (select cast(${id} as text) as x) t`.execute(t.store.db);
      expect(row.rows[0]?.m, `length ${length}`).toBe(maskIdNumber(id));
    }
    const nothing = await sql<{ m: string | null }>`select ${sql.raw(maskedIdNumber(dialect, 'x'))} as m from (select cast(null as text) as x) t`.execute(t.store.db);
    expect(nothing.rows[0]?.m).toBeNull();
  });
});
