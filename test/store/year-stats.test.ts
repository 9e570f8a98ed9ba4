// The dated pre-aggregate (village_year_stat) against the count from the status events
// (`subtreeCountsAsOf`, the definition) after random writes of every kind, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/app/errors.js';
import { createRegistryService } from '../../src/app/registry.js';
import { loadRegions } from '../../src/app/regions.js';
import { regionStats } from '../../src/app/stats.js';
import { synthesize } from '../../src/app/synth.js';
import { importRegistry } from '../../src/app/workbook/import.js';
import { closeYear, reopenYear } from '../../src/app/years.js';
import type { Clock } from '../../src/app/clock.js';
import type { HouseholdStatus, StatusEventType } from '../../src/domain/registry.js';
import { statusFromEvents, transitionError } from '../../src/domain/status.js';
import { subtreeCountsAsOf, subtreeCountsAtYearEnd, type GroupedCounts } from '../../src/store/stats.js';
import { rebuildVillageYearStats } from '../../src/store/year-stats.js';
import { createRandom } from '../../src/domain/synth/random.js';
import { migrations } from '../../src/store/migrations/index.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdInput, idFor, memberInput } from '../factories/registry.js';
import { householdHeader, householdRow, memberHeader, memberRow, plainWorkbook } from '../workbook/fixtures.js';

const hanbin = '610902000000';
const years = [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];


const plain = (g: GroupedCounts) => ({ total: g.total, byChild: Object.fromEntries([...g.byChild].sort(([a], [b]) => (a < b ? -1 : 1))) });

describe.each(dialects)('the dated pre-aggregate on %s', (dialect) => {
  let t: TestStore;
  let now = '2021-06-01T08:00:00Z';
  const clock: Clock = { now: () => new Date(now) };
  let registry: ReturnType<typeof createRegistryService>;
  let villages: string[] = [];
  let regions: string[] = [];
  const rnd = createRandom(dialect === 'sqlite' ? 11 : 12).next;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock }, 'test', { under: hanbin, households: 200, seed: 3, year: 2020, withErrors: false, replace: false });
    // Villages of two towns that the synthetic data used, so that moves cross towns too.
    const used = (await t.store.db.selectFrom('household').select('village_code').distinct().orderBy('village_code').execute()).map((r) => r.village_code);
    const towns = [...new Set(used.map((v) => v.slice(0, 9)))].slice(0, 2);
    villages = towns.flatMap((town) => used.filter((v) => v.startsWith(town)).slice(0, 2));
    regions = [hanbin, `${towns[0]}000`, villages[0] ?? ''];
  });
  afterAll(async () => t?.dispose());

  async function expectAgreement(step: string): Promise<void> {
    for (const region of regions) {
      for (const year of years) {
        expect(plain(await subtreeCountsAtYearEnd(t.store.db, region, year)), `${step}: ${region} ${year}`).toEqual(plain(await subtreeCountsAsOf(t.store.db, region, year)));
      }
    }
  }

  const ids = async () => (await t.store.db.selectFrom('household').select('id').orderBy('id').execute()).map((r) => r.id);
  const household = async (id: number) => (await registry.householdFile(id)).household;
  const dateIn = (from: number, to: number) => {
    const year = from + Math.floor(rnd() * (to - from + 1));
    return rnd() < 0.25 ? `${year}-12-31` : `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  };
  const members = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      i === 0 ? memberInput({ idNumber: idFor('1970-03-15', 'male') }) : memberInput({ relation: 'son', birthDate: '2001-02-03', idNumber: idFor('2001-02-03', 'male'), name: '张小' }),
    );

  async function randomWrite(): Promise<string> {
    const all = await ids();
    const id = pick(all);
    const roll = rnd();
    if (roll < 0.2 || all.length === 0) {
      const date = dateIn(2013, 2020);
      await registry.createHousehold('tester', { household: householdInput(pick(villages), { identifiedYear: Number(date.slice(0, 4)) }), members: members(1 + Math.floor(rnd() * 3)), identifiedDate: date, basis: null });
      return 'create';
    }
    const h = await household(id);
    if (roll < 0.35) {
      await registry.updateHousehold('tester', id, h.version, { villageCode: pick(villages) });
      return 'move';
    }
    if (roll < 0.5) {
      await registry.replaceMembers('tester', id, h.version, members(1 + Math.floor(rnd() * 4)));
      return 'members';
    }
    if (roll < 0.9) {
      const allowed = (['exited', 'relapsed', 'removed'] as const).filter((type) => transitionError(h.status, type) === null);
      if (allowed.length === 0) return 'none';
      const type: StatusEventType = pick(allowed);
      // Any day from 2012 on: one before the household's latest event (its identification, say) is
      // refused, the rest are dated across the years the table keeps.
      const latest = (await registry.householdFile(id)).events.reduce((d, e) => (e.date > d ? e.date : d), '');
      const date = rnd() < 0.2 ? dateIn(2012, 2020) : dateIn(Math.max(2012, Number(latest.slice(0, 4))), 2020);
      const written = await registry.addStatusEvent('tester', id, h.version, { type, date, reason: type === 'removed' ? 'death' : null, basis: null }).then(
        () => true,
        (e: unknown) => {
          if (e instanceof ValidationFailed && date < latest && e.errors.some((x) => x.field === 'date')) return false;
          if (!(e instanceof Error && /closed|已关闭|封存/i.test(`${e.message} ${(e as { code?: string }).code ?? ''}`))) throw e;
          return false;
        },
      );
      if (date < latest) expect(written).toBe(false);
      return `status ${type}${written ? '' : ' (refused)'}`;
    }
    await registry.deleteHousehold('tester', id, h.version);
    return 'delete';
  }

  it('agrees with the events after synthetic data and random single writes', async () => {
    registry = createRegistryService({ store: t.store, clock });
    await expectAgreement('synth');
    for (let i = 0; i < 60; i++) {
      const what = await randomWrite();
      if (i % 10 === 9) await expectAgreement(`write ${i} (${what})`);
    }
    await expectAgreement('writes');
  });

  it('agrees after a workbook import, and writes a relapsed household a legal history', async () => {
    const [v0, v1] = villages as [string, string];
    const rows = [
      { no: `${v0}9001`, village: v0, extra: { 脱贫状态: '返贫', 识别年度: 2015 } },
      { no: `${v0}9002`, village: v0, extra: { 脱贫状态: '已脱贫', 脱贫年度: 2018, 识别年度: 2014 } },
      { no: `${v1}9003`, village: v1, extra: { 识别年度: 2017 } },
      { no: `${v1}9004`, village: v1, extra: { 脱贫状态: '返贫', 脱贫年度: 2017, 识别年度: 2015 } },
    ];
    const file = await plainWorkbook('花名册.xlsx', [
      { name: '户', header: [...householdHeader, '脱贫状态', '脱贫年度'], rows: rows.map((r) => [...householdRow(r.no, r.village, { 识别年度: r.extra.识别年度 }), r.extra.脱贫状态 ?? null, r.extra.脱贫年度 ?? null]) },
      { name: '人', header: memberHeader, rows: rows.flatMap((r) => [memberRow(r.no, '王建国', idFor('1970-03-15', 'male'), '户主', '男'), memberRow(r.no, '王小明', idFor('2005-09-10', 'male'), '之子', '男')]) },
    ]);
    const r = await importRegistry({ store: t.store, clock }, { files: [file], mode: 'all', actor: 'tester', scope: null });
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('imported');
    const relapsed = await t.store.db.selectFrom('household').select(['id', 'status']).where('household_no', '=', `${v0}9001`).executeTakeFirstOrThrow();
    expect(relapsed.status).toBe('relapsed');
    const events = (await registry.householdFile(relapsed.id)).events;
    expect(events.map((e) => e.type)).toEqual(['identified', 'exited', 'relapsed']);
    // A legal history: the replay gives the stored status instead of refusing it.
    expect(statusFromEvents(events).status).toBe<HouseholdStatus>('relapsed');
    // Given an exit year, the exit is dated at its end, the relapse today; the row keeps no exit year, as the replay says.
    const withYear = await t.store.db.selectFrom('household').select(['id', 'status', 'exit_year']).where('household_no', '=', `${v1}9004`).executeTakeFirstOrThrow();
    const history = (await registry.householdFile(withYear.id)).events;
    expect(history.map((e) => `${e.type} ${e.date}`)).toEqual(['identified 2015-01-01', 'exited 2017-12-31', 'relapsed 2021-06-01']);
    expect(statusFromEvents(history)).toEqual({ status: withYear.status, exitYear: withYear.exit_year });
    // Its village's year-ends around the exit agree (the region list below may not hold the village).
    for (const year of [2016, 2017, 2018]) {
      expect(plain(await subtreeCountsAtYearEnd(t.store.db, v1, year)), `${year}`).toEqual(plain(await subtreeCountsAsOf(t.store.db, v1, year)));
    }
    await expectAgreement('import');
  });

  it('freezes on close the figures the dated pre-aggregate gives, and keeps agreeing after reopen and backdated writes', async () => {
    const asOf2018 = await regionStats(t.store.db, hanbin, 2018, 2021);
    expect(asOf2018.source).toBe('events');
    await closeYear({ store: t.store, clock }, 'admin', 2018);
    const frozen = await regionStats(t.store.db, hanbin, 2018, 2021);
    expect(frozen.source).toBe('snapshot');
    const { source: _a, frozen: _b, ...frozenFigures } = frozen;
    const { source: _c, frozen: _d, ...openFigures } = asOf2018;
    expect(frozenFigures).toEqual(openFigures);
    await reopenYear({ store: t.store, clock }, 'admin', 2018, '补录 2018 年的脱贫');
    now = '2021-09-01T08:00:00Z';
    for (let i = 0; i < 20; i++) await randomWrite();
    await expectAgreement('after reopen');
  });

  it('is rebuilt from households and events to the same rows (what migration 090 fills)', async () => {
    const read = () => t.store.db.selectFrom('village_year_stat').selectAll().orderBy('region_code').orderBy('year').execute();
    const kept = (await read()).filter((r) => Object.entries(r).some(([k, v]) => k !== 'region_code' && k !== 'year' && Number(v) !== 0));
    await rebuildVillageYearStats(t.store.db, ['000000000000', '999999999999']);
    expect(await read()).toEqual(kept);
    await expectAgreement('rebuilt');
  });

  it('migration 090 creates and fills the table from the data already there', async () => {
    const read = () => t.store.db.selectFrom('village_year_stat').selectAll().orderBy('region_code').orderBy('year').execute();
    const kept = await read();
    expect(kept.length).toBeGreaterThan(0);
    const migration = migrations(dialect)['090-village-year-stat'];
    if (!migration) throw new Error('090-village-year-stat is not registered');
    const db = t.store.db as unknown as Parameters<typeof migration.up>[0];
    await migration.down?.(db);
    await migration.up(db);
    expect(await read()).toEqual(kept);
    await expectAgreement('migrated');
  });
});
