// Statistics as of the end of a past year that is not closed: counted from the status events, and
// equal to the snapshot that closing the year takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryService } from '../../src/app/registry.js';
import { loadRegions } from '../../src/app/regions.js';
import { regionStats, type RegionStats, type StatsResult } from '../../src/app/stats.js';
import { synthesize } from '../../src/app/synth.js';
import { closeYear } from '../../src/app/years.js';
import type { Clock } from '../../src/app/clock.js';
import type { StatusEventType } from '../../src/domain/registry.js';
import { endOfYear, statusAsOf } from '../../src/domain/status.js';
import { upsertVillageYears } from '../../src/store/registry-bulk.js';
import { villageCodes } from '../../src/store/regions.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdInput, idFor, memberInput } from '../factories/registry.js';

const hanbin = '610902000000';
const town = (village: string) => `${village.slice(0, 9)}000`;

/** The figures of a region, without the fields that say where they come from. */
function figures(s: StatsResult): { total: RegionStats; children: RegionStats[] } {
  const { year: _y, frozen: _f, source: _s, children, ...total } = s;
  return { total, children };
}

describe.each(dialects)('statistics as of a past year on %s', (dialect) => {
  let t: TestStore;
  let now = '2019-01-20T08:00:00Z';
  const clock: Clock = { now: () => new Date(now) };
  let registry: ReturnType<typeof createRegistryService>;
  let vA: string;
  let vB: string;
  let vC: string;
  const ids: Record<string, number> = {};
  const before: Partial<Record<number, StatsResult>> = {};

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    registry = createRegistryService({ store: t.store, clock });
    const villages = await villageCodes(t.store.db, hanbin);
    vA = villages[0] ?? '';
    // B in another town; C in a third town, with a rural population but no registered household.
    vB = villages.find((v) => town(v) !== town(vA)) ?? '';
    vC = villages.find((v) => town(v) !== town(vA) && town(v) !== town(vB)) ?? '';
    const pops: Record<string, number> = { [vA]: 400, [vB]: 500, [vC]: 100 };
    await upsertVillageYears(
      t.store.db,
      [2016, 2017, 2018, 2019].flatMap((year) => Object.entries(pops).map(([code, p]) => ({ code, year, ruralHouseholds: p / 4, ruralPopulation: p + (year - 2016) * 10, collectiveIncome: 0 }))),
    );

    const create = async (name: string, village: string, size: number, identifiedDate: string) => {
      const members = [memberInput(), memberInput({ relation: 'spouse', sex: 'female', birthDate: '1972-05-01', idNumber: idFor('1972-05-01', 'female'), name: '李秀英' }), memberInput({ relation: 'son', birthDate: '2000-01-01', idNumber: idFor('2000-01-01', 'male') })];
      const h = await registry.createHousehold('tester', { household: householdInput(village, { identifiedYear: Number(identifiedDate.slice(0, 4)) }), members: members.slice(0, size), identifiedDate, basis: null });
      ids[name] = h.id;
    };
    const event = async (name: string, type: StatusEventType, date: string) => {
      const id = ids[name] ?? 0;
      const h = (await registry.householdFile(id)).household;
      await registry.addStatusEvent('tester', id, h.version, { type, date, reason: type === 'removed' ? 'death' : null, basis: null });
    };
    // h1: identified 2016, exited 2018. h2: identified on the last day of 2016, removed 2018.
    await create('h1', vA, 2, '2016-03-01');
    await create('h2', vA, 1, '2016-12-31');
    // h3: identified on the first day of 2017, exited the same year. h4: identified 2016, exited 2017, relapsed 2018.
    await create('h3', vB, 3, '2017-01-01');
    await create('h4', vB, 1, '2016-05-01');
    // h5: identified on the last day of 2018.
    await create('h5', vB, 2, '2018-12-31');
    await event('h1', 'exited', '2018-11-20');
    await event('h2', 'removed', '2018-06-01');
    await event('h3', 'exited', '2017-11-01');
    await event('h4', 'exited', '2017-10-01');
    await event('h4', 'relapsed', '2018-03-01');
  });
  afterAll(async () => t?.dispose());

  const child = (s: StatsResult, village: string) => s.children.find((c) => c.code === town(village));

  it('counts each past year from the events: who was identified by 31 December, in the status their events left', async () => {
    const s2016 = await regionStats(t.store.db, hanbin, 2016, 2019);
    expect(s2016).toMatchObject({ source: 'events', frozen: false, year: 2016 });
    expect(s2016).toMatchObject({ households: 3, people: 4, poor: 3, poorPeople: 4, exited: 0, relapsed: 0, removed: 0 });
    expect(child(s2016, vA)).toMatchObject({ households: 2, people: 3, poor: 2, poorPeople: 3 });
    expect(child(s2016, vB)).toMatchObject({ households: 1, people: 1, poor: 1, poorPeople: 1 });
    expect(child(s2016, vC)).toMatchObject({ households: 0, ruralPopulation: 100, povertyIncidence: 0 });
    // Denominator: that year's rural population of each child (400 + 500 + 100 in 2016).
    expect(s2016.ruralPopulation).toBe(1000);
    expect(s2016.povertyIncidence).toBe(0.004);
    expect(child(s2016, vA)?.povertyIncidence).toBe(0.0075);

    const s2017 = await regionStats(t.store.db, hanbin, 2017, 2019);
    expect(child(s2017, vA)).toMatchObject({ households: 2, poor: 2, exited: 0 });
    expect(child(s2017, vB)).toMatchObject({ households: 2, people: 4, poor: 0, exited: 2, exitedPeople: 4, relapsed: 0 });
    expect(s2017.ruralPopulation).toBe(1030);
    expect(s2017.povertyIncidence).toBe(Math.round((3 / 1030) * 1e6) / 1e6);

    const s2018 = await regionStats(t.store.db, hanbin, 2018, 2019);
    expect(child(s2018, vA)).toMatchObject({ households: 2, people: 3, poor: 0, exited: 1, exitedPeople: 2, removed: 1, removedPeople: 1 });
    expect(child(s2018, vB)).toMatchObject({ households: 3, people: 6, poor: 1, poorPeople: 2, exited: 1, exitedPeople: 3, relapsed: 1, relapsedPeople: 1 });
    expect(s2018.povertyIncidence).toBe(Math.round((3 / 1060) * 1e6) / 1e6);
    // Nothing happened since 2018: the events give today's figures over the 2018 population.
    const live = await regionStats(t.store.db, hanbin, null, 2019);
    expect(live.source).toBe('live');
    for (const key of ['households', 'people', 'poor', 'exited', 'relapsed', 'removed', 'poorPeople', 'relapsedPeople'] as const) expect(s2018[key]).toBe(live[key]);
    before[2016] = s2016;
    before[2017] = s2017;
    before[2018] = s2018;

    // A village's own figures; a year before any household.
    expect(await regionStats(t.store.db, vB, 2017, 2019)).toMatchObject({ source: 'events', households: 2, exited: 2, ruralPopulation: 510 });
    expect(await regionStats(t.store.db, hanbin, 2015, 2019)).toMatchObject({ source: 'events', households: 0, ruralPopulation: 0, povertyIncidence: null });
  });

  it('reads the current year and later years live', async () => {
    expect(await regionStats(t.store.db, hanbin, 2019, 2019)).toMatchObject({ source: 'live', frozen: false, households: 5, ruralPopulation: 1090 });
    expect((await regionStats(t.store.db, hanbin, 2020, 2019)).source).toBe('live');
  });

  it('gives what the domain replay (statusAsOf) gives for every household', async () => {
    for (const year of [2016, 2017, 2018]) {
      const expected: Record<string, { households: number; people: number }> = {};
      for (const id of Object.values(ids)) {
        const file = await registry.householdFile(id);
        const status = statusAsOf(file.events, endOfYear(year));
        if (!status) continue;
        const key = `${town(file.household.villageCode)}:${status.status}`;
        const e = (expected[key] ??= { households: 0, people: 0 });
        e.households += 1;
        e.people += file.household.memberCount;
      }
      const s = before[year] as StatsResult;
      const got: Record<string, { households: number; people: number }> = {};
      for (const c of s.children) {
        for (const [status, people] of [['poor', c.poorPeople], ['exited', c.exitedPeople], ['relapsed', c.relapsedPeople], ['removed', c.removedPeople]] as const) {
          const households = c[status];
          if (households > 0) got[`${c.code}:${status}`] = { households, people };
        }
      }
      expect(got).toEqual(expected);
    }
  });

  it('closing a year freezes the same figures the events gave before', async () => {
    await closeYear({ store: t.store, clock }, 'admin', 2018);
    const frozen = await regionStats(t.store.db, hanbin, 2018, 2019);
    expect(frozen).toMatchObject({ source: 'snapshot', frozen: true });
    expect(figures(frozen)).toEqual(figures(before[2018] as StatsResult));
  });

  it('a year closed after later events were recorded freezes its own year-end, not the day it was closed', async () => {
    // A year on: h1 relapses in 2019, then 2017 is closed late.
    now = '2020-02-01T08:00:00Z';
    const h1 = (await registry.householdFile(ids['h1'] ?? 0)).household;
    await registry.addStatusEvent('tester', h1.id, h1.version, { type: 'relapsed', date: '2019-05-01', reason: null, basis: null });
    const s2019 = await regionStats(t.store.db, hanbin, 2019, 2020);
    expect(s2019).toMatchObject({ source: 'events', relapsed: 2, exited: 1 });
    expect(figures(await regionStats(t.store.db, hanbin, 2018, 2020))).toEqual(figures(before[2018] as StatsResult));
    await closeYear({ store: t.store, clock }, 'admin', 2017);
    const frozen = await regionStats(t.store.db, hanbin, 2017, 2020);
    expect(frozen.source).toBe('snapshot');
    expect(figures(frozen)).toEqual(figures(before[2017] as StatsResult));
  });
});

describe.each(dialects)('statistics as of a past year over a synthetic county on %s', (dialect) => {
  let t: TestStore;
  const county = '610923000000'; // 宁陕县
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610923');
    await synthesize({ store: t.store, clock: { now: () => new Date('2019-12-31T00:00:00Z') } }, 'test', { under: county, households: 800, seed: 5, year: 2019, withErrors: false, replace: false });
  });
  afterAll(async () => t?.dispose());

  it('counts every year 2014–2018 as the domain replay of each household’s events does', async () => {
    const events = await t.store.db.selectFrom('status_event').select(['household_id', 'type', 'date']).orderBy('household_id').orderBy('date').orderBy('id').execute();
    const households = await t.store.db.selectFrom('household').select(['id', 'village_code', 'member_count']).execute();
    const byHousehold = new Map<number, { type: StatusEventType; date: string }[]>();
    for (const e of events) {
      const list = byHousehold.get(e.household_id) ?? [];
      list.push({ type: e.type as StatusEventType, date: e.date });
      byHousehold.set(e.household_id, list);
    }
    for (const year of [2014, 2015, 2016, 2017, 2018]) {
      const s = await regionStats(t.store.db, county, year, 2020);
      expect(s.source).toBe('events');
      const expected = new Map<string, { households: number; poor: number; exited: number; relapsed: number; removed: number; people: number }>();
      for (const h of households) {
        const status = statusAsOf(byHousehold.get(h.id) ?? [], endOfYear(year));
        if (!status) continue;
        const key = town(h.village_code);
        const e = expected.get(key) ?? { households: 0, poor: 0, exited: 0, relapsed: 0, removed: 0, people: 0 };
        e.households += 1;
        e[status.status] += 1;
        e.people += h.member_count;
        expected.set(key, e);
      }
      for (const c of s.children) {
        const e = expected.get(c.code) ?? { households: 0, poor: 0, exited: 0, relapsed: 0, removed: 0, people: 0 };
        expect({ households: c.households, poor: c.poor, exited: c.exited, relapsed: c.relapsed, removed: c.removed, people: c.people }).toEqual(e);
      }
      expect(s.households).toBe([...expected.values()].reduce((a, e) => a + e.households, 0));
    }
  });
});
