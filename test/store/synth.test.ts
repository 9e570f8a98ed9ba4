import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { regionStats } from '../../src/app/stats.js';
import { synthesize, type SynthReport } from '../../src/app/synth.js';
import { ValidationFailed } from '../../src/app/errors.js';
import { verifyAudit } from '../../src/store/audit.js';
import { rebuildVillageStats, townWithMostHouseholds, villageWithMostHouseholds } from '../../src/store/stats.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const clock = { now: () => new Date('2019-12-31T00:00:00Z') };
const county = '610923000000'; // 宁陕县
const reports: Partial<Record<string, SynthReport>> = {};

describe.each(dialects)('synthetic registry on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610923');
  });
  afterAll(async () => t?.dispose());

  it('writes the same registry for the same seed, with exact pre-aggregates and one audit entry', async () => {
    const report = await synthesize({ store: t.store, clock }, 'test', { under: county, households: 1500, seed: 42, year: 2019, withErrors: true, replace: false });
    reports[dialect] = report;
    expect(report.households).toBe(1500);
    expect(Object.values(report.errors).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(10);
    const live = await regionStats(t.store.db, county, null, 2019);
    // Recounting from the households gives the figures the bulk write tallied.
    await rebuildVillageStats(t.store.db, county);
    const recounted = await regionStats(t.store.db, county, null, 2019);
    expect(recounted).toEqual(live);
    expect(live.households).toBe(1500);
    expect(live.people).toBe(report.members);
    const audit = await verifyAudit(t.store.db);
    expect(audit).toMatchObject({ ok: true, checked: 1 });
    const other = dialects.find((d) => d !== dialect);
    const otherReport = other ? reports[other] : undefined;
    if (otherReport) expect(report.digest).toBe(otherReport.digest);
  });

  it('finds the town with the most households (the demo gives it to its town officer)', async () => {
    const counts = await t.store.db.selectFrom('household').select(['village_code']).execute();
    const byTown = new Map<string, number>();
    for (const h of counts) byTown.set(h.village_code.slice(0, 9), (byTown.get(h.village_code.slice(0, 9)) ?? 0) + 1);
    const most = Math.max(...byTown.values());
    const town = await townWithMostHouseholds(t.store.db, county);
    expect(byTown.get(town?.slice(0, 9) ?? '')).toBe(most);
    expect(await townWithMostHouseholds(t.store.db, '610902000000')).toBeNull();
  });

  it('finds the village with the most households of a town (the demo gives it to its village cadre)', async () => {
    const counts = await t.store.db.selectFrom('household').select(['village_code']).execute();
    const byVillage = new Map<string, number>();
    for (const h of counts) byVillage.set(h.village_code, (byVillage.get(h.village_code) ?? 0) + 1);
    const town = (await townWithMostHouseholds(t.store.db, county)) ?? '';
    const inTown = [...byVillage].filter(([v]) => v.startsWith(town.slice(0, 9)));
    const most = Math.max(...inTown.map(([, n]) => n));
    const village = await villageWithMostHouseholds(t.store.db, town);
    expect(village?.startsWith(town.slice(0, 9))).toBe(true);
    expect(byVillage.get(village ?? '')).toBe(most);
    expect(await villageWithMostHouseholds(t.store.db, '610902000000')).toBeNull();
  });

  it('refuses to write over existing data unless asked to replace it', async () => {
    await expect(synthesize({ store: t.store, clock }, 'test', { under: county, households: 10, seed: 1, year: 2019, withErrors: false, replace: false })).rejects.toBeInstanceOf(ValidationFailed);
    const replaced = await synthesize({ store: t.store, clock }, 'test', { under: county, households: 300, seed: 1, year: 2019, withErrors: false, replace: true });
    expect(replaced.households).toBe(300);
    expect((await regionStats(t.store.db, county, null, 2019)).households).toBe(300);
    expect((await verifyAudit(t.store.db)).checked).toBe(2);
  });

  it('fills a second town of a county that already has data, with people of its own', async () => {
    const towns = await t.store.db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', county).orderBy('code').execute();
    const [a, b] = towns;
    if (!a || !b) throw new Error('county without two towns');
    const first = await synthesize({ store: t.store, clock }, 'test', { under: a.code, households: 150, seed: 8, year: 2019, withErrors: false, replace: true });
    // The same seed makes the same birth dates: only the taken ID numbers keep the two towns apart.
    const second = await synthesize({ store: t.store, clock }, 'test', { under: b.code, households: 150, seed: 8, year: 2019, withErrors: false, replace: true });
    expect([first.households, second.households]).toEqual([150, 150]);
    expect(second.villages).toBeLessThanOrEqual(150);
  });
});
