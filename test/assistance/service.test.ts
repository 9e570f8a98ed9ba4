// Assistance use cases on both databases: organisation with a cap and history, plans and their
// findings, visits with follow-ups and coverage, surveys with rates; bad input writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { createAssistance, type Assistance } from '../../src/app/assistance-module.js';
import { ValidationFailed, NotFound } from '../../src/app/errors.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { synthesizeAssistanceData } from '../../src/app/assistance-synth.js';
import { rebuildVisitPeriods } from '../../src/store/assistance-coverage.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { refused } from '../helpers/refused.js';

const county = '610902000000';
const clock = { now: () => new Date('2019-06-15T04:00:00Z') };
const admin: Principal = { userId: 1, username: 'admin', role: 'admin', regionCode: '610000000000', department: null };

describe.each(dialects)('assistance on %s', (dialect) => {
  let t: TestStore;
  let a: Assistance;
  let households: { id: number; village_code: string; main_cause: string }[];
  let village: string;
  let cadreId = 0;
  let unitId = 0;

  const count = async (table: 'visit' | 'visit_follow_up' | 'cadre_pairing' | 'household_plan' | 'survey_response') => Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: '610902101000', households: 120, seed: 3, year: 2019, withErrors: false, replace: false });
    a = createAssistance({ store: t.store, clock });
    households = await t.store.db.selectFrom('household').select(['id', 'village_code', 'main_cause']).where('status', '<>', 'removed').orderBy('id').execute();
    // The busiest village, with the first households the tests pair being its own.
    const sizes = new Map<string, number>();
    for (const h of households) sizes.set(h.village_code, (sizes.get(h.village_code) ?? 0) + 1);
    village = [...sizes.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0] ?? '';
    households = [...households.filter((h) => h.village_code === village), ...households.filter((h) => h.village_code !== village)];
  });
  afterAll(async () => t?.dispose());

  it('builds the organisation and keeps the history of assignments', async () => {
    const unit = await a.service.addUnit(admin, { name: '区发改局', regionCode: county });
    unitId = unit.id;
    await expect(a.service.addUnit(admin, { name: '区发改局', regionCode: county })).rejects.toThrow(ValidationFailed);
    const cadre = await a.service.addCadre(admin, { name: '王明', unitId, phone: '13900000000', position: '副局长', regionCode: county, cap: 2, username: null });
    cadreId = cadre.id;
    const secretary = await a.service.addCadre(admin, { name: '李强', unitId, phone: null, position: null, regionCode: county, username: null });
    expect(secretary.cap).toBe(5);
    const team = await a.service.addTeam(admin, { villageCode: village, unitId, from: '2018-03-01' });
    const m1 = await a.service.addMember(admin, { teamId: team, cadreId: secretary.id, role: 'firstSecretary', from: '2018-03-01' });
    const second = await refused(a.service.addMember(admin, { teamId: team, cadreId: cadre.id, role: 'firstSecretary', from: '2018-03-01' }));
    expect(second.errors[0]?.message).toContain('现任第一书记为 李强');
    await a.service.end(admin, 'member', m1, '2019-01-31');
    await a.service.addMember(admin, { teamId: team, cadreId: cadre.id, role: 'firstSecretary', from: '2019-02-01' });
    await a.service.addLead(admin, { villageCode: village, cadreId: secretary.id, level: 'county', from: '2018-01-01' });
    const org = await a.service.organisation(admin, village);
    expect(org.members.map((m) => [m.cadreName, m.role, m.from_date, m.to_date])).toEqual([['王明', 'firstSecretary', '2019-02-01', null], ['李强', 'firstSecretary', '2018-03-01', '2019-01-31']]);
    expect(org.leads[0]?.level).toBe('county');
  });

  it('pairs up to the cap and refuses a cadre over it, writing nothing', async () => {
    const [h1, h2, h3] = households;
    if (!h1 || !h2 || !h3) throw new Error('households');
    await a.service.pair(admin, { cadreId, householdId: h1.id, from: '2019-03-01' });
    await a.service.pair(admin, { cadreId, householdId: h2.id, from: '2019-03-01' });
    const before = await count('cadre_pairing');
    const e = await refused(a.service.pair(admin, { cadreId, householdId: h3.id, from: '2019-03-01' }));
    expect(e.errors[0]).toMatchObject({ field: 'cadreId' });
    expect(e.errors[0]?.message).toContain('达到上限 2 户');
    expect(await count('cadre_pairing')).toBe(before);
    await a.service.setCap(admin, cadreId, 3);
    await a.service.pair(admin, { cadreId, householdId: h3.id, from: '2019-03-01' });
    await expect(a.service.setCap(admin, cadreId, 2)).rejects.toThrow(ValidationFailed);
  });

  it('records a visit with a follow-up; refuses future, pre-pairing and unpaired visits atomically', async () => {
    const h = households[0];
    if (!h) throw new Error('household');
    const v = await a.visits.record(admin, { householdId: h.id, cadreId, date: '2019-06-10', purpose: 'routine', findings: '了解务工收入', followUps: [{ text: '办理慢病卡', due: '2019-06-20' }], latitude: 32.68, longitude: 109.02 });
    expect(v.followUps).toBe(1);
    const visits = await count('visit');
    const follow = await count('visit_follow_up');
    expect((await refused(a.visits.record(admin, { householdId: h.id, cadreId, date: '2019-06-16', purpose: 'routine', findings: '', followUps: [{ text: 'x', due: '2019-06-30' }], latitude: null, longitude: null }))).errors[0]?.message).toContain('晚于今天');
    expect((await refused(a.visits.record(admin, { householdId: h.id, cadreId, date: '2019-02-01', purpose: 'routine', findings: '', followUps: [], latitude: null, longitude: null }))).errors[0]?.message).toContain('早于结对开始日期');
    const other = households[10];
    if (!other) throw new Error('household');
    expect((await refused(a.visits.record(admin, { householdId: other.id, cadreId, date: '2019-06-01', purpose: 'routine', findings: '', followUps: [], latitude: null, longitude: null }))).errors[0]?.field).toBe('cadreId');
    expect(await count('visit')).toBe(visits);
    expect(await count('visit_follow_up')).toBe(follow);
  });

  it('gives the worklist and tracks a follow-up to done', async () => {
    const w = await a.visits.worklist(admin, cadreId);
    expect(w.households).toHaveLength(3);
    expect(w.visitsDue).toBe(2); // two never visited; the third visited five days ago
    expect(w.households[2]?.lastVisit).toBe('2019-06-10');
    expect(w.followUps).toHaveLength(1);
    expect(w.followUps[0]).toMatchObject({ text: '办理慢病卡', overdue: false, dueSoon: true });
    await a.visits.completeFollowUp(admin, w.followUps[0]?.id ?? 0, { date: '2019-06-15', note: '已办' });
    expect((await a.visits.worklist(admin, cadreId)).followUps).toHaveLength(0);
    await expect(a.visits.completeFollowUp(admin, w.followUps[0]?.id ?? 0, { date: '2019-06-15', note: '' })).rejects.toThrow(ValidationFailed);
  });

  it('a work-team account acts only as its own cadre and sees only its households', async () => {
    await t.store.db.insertInto('app_user').values({ username: 'wt1', display_name: 'wt1', password_hash: 'x', role: 'workTeam', region_code: county, department: null, failed_attempts: 0, locked_until: null, must_change_password: 0, created_at: '2019-01-01' }).execute();
    const own = await a.service.addCadre(admin, { name: '赵六', unitId, phone: null, position: null, regionCode: county, cap: 5, username: 'wt1' });
    const p: Principal = { userId: 9, username: 'wt1', role: 'workTeam', regionCode: county, department: null };
    const h = households[20];
    if (!h) throw new Error('household');
    await a.service.pair(admin, { cadreId: own.id, householdId: h.id, from: '2019-01-01' });
    const w = await a.visits.worklist(p, null);
    expect(w.cadre.name).toBe('赵六');
    expect(w.households.map((x) => x.householdId)).toEqual([h.id]);
    await a.visits.record(p, { householdId: h.id, cadreId: null, date: '2019-06-14', purpose: 'policy', findings: '宣讲政策', followUps: [], latitude: null, longitude: null });
    expect((await refused(a.visits.record(p, { householdId: h.id, cadreId, date: '2019-06-14', purpose: 'policy', findings: '', followUps: [], latitude: null, longitude: null }))).errors[0]?.field).toBe('cadreId');
    const outsider: Principal = { ...p, username: 'nobody' };
    expect((await refused(a.visits.worklist(outsider, null))).errors[0]?.message).toContain('未关联帮扶干部');
  });

  it('saves plans, refuses an unknown measure, and finds uncovered causes and generic villages', async () => {
    const h = households[0];
    if (!h) throw new Error('household');
    const e = await refused(a.service.savePlan(admin, { householdId: h.id, year: 2019, expectedVersion: null, measures: [{ measure: 'flyingCar', amountFen: 0, status: 'planned', note: '' }] }));
    expect(e.errors[0]?.message).toContain('不存在');
    expect(await count('household_plan')).toBe(0);
    const saved = await a.service.savePlan(admin, { householdId: h.id, year: 2019, expectedVersion: null, measures: [{ measure: 'safeWater', amountFen: 100000, status: 'planned', note: '' }] });
    expect(saved.version).toBe(1);
    await expect(a.service.savePlan(admin, { householdId: h.id, year: 2019, expectedVersion: 0, measures: [] })).rejects.toThrow(ValidationFailed);
    // Every household of the village gets the same measure whatever its cause.
    const same = households.filter((x) => x.village_code === village);
    for (const x of same) await a.service.savePlan(admin, { householdId: x.id, year: 2019, expectedVersion: null, measures: [{ measure: 'industrySubsidy', amountFen: 200000, status: 'done', note: '' }] });
    const f = await a.service.findings(county, 2019);
    expect(f.plans).toBe(same.length);
    expect(same.length).toBeGreaterThanOrEqual(3);
    expect(new Set(same.map((x) => x.main_cause)).size).toBeGreaterThanOrEqual(2);
    expect(f.genericVillages.map((g) => g.key)).toEqual([village]);
    const ill = same.filter((x) => x.main_cause === 'illness');
    for (const x of ill) expect(f.uncovered.some((u) => u.householdId === x.id && u.uncovered.includes('illness'))).toBe(true);
  });

  it('computes coverage per village and cadre, and households not visited', async () => {
    const c = await a.visits.coverage(county, '2019-06-01', '2019-06-15', { byCadre: true });
    expect(c.households).toBe(households.length);
    expect(c.visited).toBe(2);
    expect(c.villages.find((v) => v.villageCode === village)?.visited).toBeGreaterThanOrEqual(1);
    expect(c.cadres?.find((x) => x.cadreId === cadreId)).toMatchObject({ households: 3, visited: 1 });
    // A calendar month reads the pre-aggregate; it must agree with probing the visits, and with a rebuild.
    const month = await a.visits.coverage(county, '2019-06-01', '2019-06-30');
    expect(month.period).toBe('2019-06');
    const probed = await a.visits.coverage(county, '2019-06-01', '2019-06-29');
    expect(probed.period).toBeNull();
    expect(month.villages.map((v) => v.visited)).toEqual(probed.villages.map((v) => v.visited));
    const monthByCadre = await a.visits.coverage(county, '2019-06-01', '2019-06-30', { byCadre: true });
    expect(monthByCadre.cadres?.find((x) => x.cadreId === cadreId)).toMatchObject({ households: 3, visited: 1 });
    expect(monthByCadre.cadres?.map((x) => x.visited)).toEqual((await a.visits.coverage(county, '2019-06-01', '2019-06-29', { byCadre: true })).cadres?.map((x) => x.visited));
    expect((await a.visits.coverage(county, '2019-01-01', '2019-12-31')).visited).toBe(2);
    expect((await a.visits.coverage(county, '2019-04-01', '2019-06-30')).visited).toBe(2);
    await rebuildVisitPeriods(t.store.db, county);
    expect((await a.visits.coverage(county, '2019-06-01', '2019-06-30')).villages).toEqual(month.villages);
    expect((await a.visits.coverage(county, '2019-06-01', '2019-06-30', { byCadre: true })).cadres).toEqual(monthByCadre.cadres);
    const before = await a.visits.coverage(county, '2019-01-01', '2019-05-31');
    expect(before.visited).toBe(0);
    const nv = await a.visits.notVisited(county, 30);
    expect(nv.total).toBe(households.length - 2);
    await expect(a.visits.coverage(county, '2019-06-15', '2019-06-01')).rejects.toThrow(ValidationFailed);
  });

  it('runs a survey: refuses answers outside the questionnaire atomically and flags the rates', async () => {
    const s = await a.surveys.create(admin, { kind: 'satisfaction', name: '2019 年满意度调查', regionCode: county, year: 2019 });
    const [h1, h2, h3] = households;
    if (!h1 || !h2 || !h3) throw new Error('households');
    const bad = await refused(a.surveys.answer(admin, s.id, [{ householdId: h1.id, answers: { cadre: 'satisfied' } }, { householdId: h2.id, answers: { weather: 'sunny' } }]));
    expect(bad.errors[0]?.field).toBe('responses[1].answers.weather');
    expect(await count('survey_response')).toBe(0);
    await a.surveys.answer(admin, s.id, [
      { householdId: h1.id, answers: { identification: 'satisfied', cadre: 'satisfied', measures: 'fair', exit: 'satisfied' } },
      { householdId: h2.id, answers: { identification: 'unsatisfied', cadre: 'satisfied', measures: 'unsatisfied', exit: 'satisfied' } },
    ]);
    await expect(a.surveys.answer(admin, s.id, [{ householdId: h1.id, answers: { cadre: 'fair' } }])).rejects.toThrow(ValidationFailed);
    const r = await a.surveys.rates(admin, s.id, county);
    expect(r).toMatchObject({ positive: 6, total: 8, rate: 0.75, flag: 'accountability' });
    const town: Principal = { ...admin, role: 'regionAdmin', regionCode: '610902100000' };
    expect((await a.surveys.list(village)).map((x) => x.id)).toContain(s.id);
    expect(r.villages.reduce((n, v) => n + v.households, 0)).toBe(2);
    await expect(a.surveys.answer(town, s.id, [{ householdId: h3.id, answers: { cadre: 'fair' } }])).rejects.toThrow(ValidationFailed);
  });

  it('keeps region scope: an account of another town sees neither the household nor the cadre', async () => {
    const h = households[0];
    if (!h) throw new Error('household');
    const elsewhere: Principal = { userId: 3, username: 'x', role: 'regionAdmin', regionCode: '610921000000', department: null };
    await expect(a.visits.household(elsewhere, h.id)).rejects.toThrow(NotFound);
    await expect(a.service.pair(elsewhere, { cadreId, householdId: h.id, from: '2019-01-01' })).rejects.toThrow(NotFound);
  });

  it('generates synthetic demo data for a county once, deterministically', async () => {
    await expect(synthesizeAssistanceData({ store: t.store, clock }, 'test', { county, seed: 1 })).rejects.toThrow(ValidationFailed);
  });
});

describe.each(dialects)('synthetic assistance demo data on %s', (dialect) => {
  let t: TestStore;
  afterAll(async () => t?.dispose());

  it('fills a county from its registry, within the caps, marked as demo data, and feeds the views', async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: '610902101000', households: 80, seed: 5, year: 2019, withErrors: false, replace: false });
    await t.store.db.insertInto('app_user').values({ username: 'cadre', display_name: 'c', password_hash: 'x', role: 'workTeam', region_code: county, department: null, failed_attempts: 0, locked_until: null, must_change_password: 0, created_at: '2019-01-01' }).execute();
    const r = await synthesizeAssistanceData({ store: t.store, clock }, 'test', { county, seed: 9, linkUsername: 'cadre' });
    expect(r).toMatchObject({ from: '2018-12-17', to: '2019-06-15', year: 2019 });
    expect(r.pairings).toBe(Number((await t.store.db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '<>', 'removed').executeTakeFirst())?.n));
    const cadres = await t.store.db.selectFrom('cadre').select(['name', 'cap']).execute();
    expect(cadres.every((c) => c.name.endsWith('（演示）'))).toBe(true);
    const loads = await t.store.db.selectFrom('cadre_pairing').select(['cadre_id']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('cadre_id').execute();
    expect(Math.max(...loads.map((l) => Number(l.n)))).toBeLessThanOrEqual(5);
    const early = await t.store.db.selectFrom('visit as v').innerJoin('cadre_pairing as p', (j) => j.onRef('p.household_id', '=', 'v.household_id').onRef('p.cadre_id', '=', 'v.cadre_id')).select((eb) => eb.fn.countAll<number>().as('n')).whereRef('v.visit_date', '<', 'p.from_date').executeTakeFirst();
    expect(Number(early?.n)).toBe(0);
    const a = createAssistance({ store: t.store, clock });
    const c = await a.visits.coverage(county, r.from, r.to);
    expect(c.visited).toBeGreaterThan(0);
    expect(c.visited).toBeLessThan(c.households);
    const w = await a.visits.worklist({ userId: 5, username: 'cadre', role: 'workTeam', regionCode: county, department: null }, null);
    expect(w.households.length).toBeGreaterThan(0);
    const o = await a.overview.villages(admin, county, r.from, r.to, 2019);
    expect(o.surveys.satisfaction?.name).toContain('演示');
    expect(o.villages.some((v) => v.satisfaction.rate !== null)).toBe(true);
    await expect(synthesizeAssistanceData({ store: t.store, clock }, 'test', { county, seed: 9 })).rejects.toThrow(ValidationFailed);
  });
});
