// The story through the API with real sign-ins, on both databases: a town officer sets up
// a cadre and pairings, the cadre (a work-team account) sees "my households", records a visit with
// a follow-up and updates the plan; the town sees coverage, findings and survey rates per village.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { buildServer } from '../../src/http/server.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { signIn, type Session } from '../http/helpers.js';

const town = '610902101000';
const otherTown = '610902102000';

describe.each(dialects)('assistance API on %s', (dialect) => {
  let t: TestStore;
  let app: FastifyInstance;
  let townS: Session;
  let other: Session;
  let inspector: Session;
  let cadreS: Session;
  let countyS: Session;
  let households: { id: number; village_code: string }[] = [];
  let cadreId = 0;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: town, households: 60, seed: 4, year: 2019, withErrors: false, replace: false });
    const ctx = composeApp(t.store, { now: () => new Date('2019-06-15T04:00:00Z') });
    const users: [string, string, string][] = [['town', 'regionAdmin', town], ['other', 'regionAdmin', otherTown], ['inspector', 'inspector', '610902000000'], ['cadre1', 'workTeam', town], ['county', 'regionAdmin', '610902000000']];
    for (const [username, role, region] of users) await ctx.auth.createUser('test', { username, displayName: username, role, region, department: null, password: `Test-${username}-pass1` });
    app = await buildServer(ctx, { webDir: null, logger: false, secureCookies: false, loginRateLimit: 1000 });
    [townS, other, inspector, cadreS, countyS] = await Promise.all(users.map(([u]) => signIn(app, u, `Test-${u}-pass1`)));
    households = await t.store.db.selectFrom('household').select(['id', 'village_code']).where('status', '<>', 'removed').orderBy('id').execute();
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('refuses without a session, and refuses read-only roles and other towns', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/assistance/coverage' })).statusCode).toBe(401);
    expect((await inspector.request('POST', '/api/v1/assistance/units', { name: '检查组', regionCode: town })).status).toBe(403);
    expect((await other.request('GET', `/api/v1/assistance/coverage?under=${town}`)).status).toBe(403);
    expect((await other.request('GET', `/api/v1/assistance/households/${households[0]?.id}`)).status).toBe(404);
  });

  it('the town sets up a unit, a cadre linked to the work-team account, and pairings within the cap', async () => {
    const unit = await townS.request('POST', '/api/v1/assistance/units', { name: '区住建局', regionCode: town });
    expect(unit.status).toBe(201);
    const cadre = await townS.request('POST', '/api/v1/assistance/cadres', { name: '周敏', unitId: unit.json().id, phone: '13800000000', position: null, regionCode: town, cap: 2, username: 'cadre1' });
    expect(cadre.status).toBe(201);
    cadreId = cadre.json().id;
    for (const h of households.slice(0, 2)) expect((await townS.request('POST', '/api/v1/assistance/pairings', { cadreId, householdId: h.id, from: '2019-03-01' })).status).toBe(201);
    const over = await townS.request('POST', '/api/v1/assistance/pairings', { cadreId, householdId: households[2]?.id, from: '2019-03-01' });
    expect(over.status).toBe(422);
    expect(over.json().errors[0].message).toContain('达到上限 2 户');
    expect((await cadreS.request('POST', '/api/v1/assistance/pairings', { cadreId, householdId: households[3]?.id, from: '2019-03-01' })).status).toBe(403);
  });

  it('the cadre sees my households, records a visit with a follow-up, closes it and updates the plan', async () => {
    const before = (await cadreS.request('GET', '/api/v1/assistance/worklist')).json();
    expect(before.cadre.name).toBe('周敏');
    expect(before.households).toHaveLength(2);
    expect(before.visitsDue).toBe(2);
    const h = before.households[0];
    const future = await cadreS.request('POST', '/api/v1/assistance/visits', { householdId: h.householdId, date: '2019-06-16', purpose: 'routine', findings: '', followUps: [] });
    expect(future.status).toBe(422);
    expect(future.json().errors[0].message).toContain('晚于今天');
    const early = await cadreS.request('POST', '/api/v1/assistance/visits', { householdId: h.householdId, date: '2019-02-01', purpose: 'routine', findings: '', followUps: [] });
    expect(early.json().errors[0].message).toContain('早于结对开始日期');
    const ok = await cadreS.request('POST', '/api/v1/assistance/visits', { householdId: h.householdId, date: '2019-06-15', purpose: 'routine', findings: '猪仔长势良好', followUps: [{ text: '申请产业奖补', due: '2019-06-30' }], latitude: 32.7, longitude: 109.0 });
    expect(ok.status).toBe(201);
    const after = (await cadreS.request('GET', '/api/v1/assistance/worklist')).json();
    expect(after.visitsDue).toBe(1);
    expect((await t.store.db.selectFrom('cadre').select('position').where('id', '=', cadreId).executeTakeFirstOrThrow()).position).toBeNull();
    expect(after.followUps.map((f: { text: string }) => f.text)).toEqual(['申请产业奖补']);
    expect((await cadreS.request('POST', `/api/v1/assistance/follow-ups/${after.followUps[0].id}/done`, { date: '2019-06-15', note: '已提交' })).status).toBe(200);
    expect((await cadreS.request('GET', '/api/v1/assistance/worklist')).json().followUps).toHaveLength(0);
    const bad = await cadreS.request('PUT', `/api/v1/assistance/households/${h.householdId}/plans/2019`, { version: null, measures: [{ measure: 'magicBeans', amountFen: 0, status: 'planned', note: '' }] });
    expect(bad.status).toBe(422);
    expect(bad.json().errors[0].field).toBe('measures[0].measure');
    const saved = await cadreS.request('PUT', `/api/v1/assistance/households/${h.householdId}/plans/2019`, { version: null, measures: [{ measure: 'industrySubsidy', amountFen: 300000, status: 'inProgress', note: '养猪' }] });
    expect(saved.status).toBe(200);
    const file = (await cadreS.request('GET', `/api/v1/assistance/households/${h.householdId}`)).json();
    expect(file.plan.measures[0]).toMatchObject({ measure_code: 'industrySubsidy', amount_fen: 300000 });
    expect(file.visits[0].findings).toBe('猪仔长势良好');
    const noPlace = await cadreS.request('POST', '/api/v1/assistance/visits', { householdId: before.households[1].householdId, cadreId: null, date: '2019-06-14', purpose: 'policy', findings: '', followUps: [], latitude: null, longitude: null });
    expect(noPlace.status).toBe(201);
    const stored = await t.store.db.selectFrom('visit').select(['latitude', 'cadre_id']).where('id', '=', noPlace.json().id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ latitude: null, cadre_id: cadreId });
    expect(JSON.stringify(file)).not.toMatch(/\d{17}[\dX]/);
  });

  it('the town sees coverage, findings and survey rates per village', async () => {
    const s = await townS.request('POST', '/api/v1/assistance/surveys', { kind: 'satisfaction', name: '满意度调查', regionCode: town, year: 2019 });
    expect(s.status).toBe(201);
    const [h1, h2] = households;
    const bad = await townS.request('POST', `/api/v1/assistance/surveys/${s.json().id}/responses`, { responses: [{ householdId: h1?.id, answers: { cadre: 'satisfied' } }, { householdId: h2?.id, answers: { cadre: 'ecstatic' } }] });
    expect(bad.status).toBe(422);
    expect(bad.json().errors[0].field).toBe('responses[1].answers.cadre');
    expect((await cadreS.request('POST', `/api/v1/assistance/surveys/${s.json().id}/responses`, { responses: [{ householdId: h1?.id, answers: { cadre: 'satisfied' } }] })).status).toBe(403);
    const good = await townS.request('POST', `/api/v1/assistance/surveys/${s.json().id}/responses`, { responses: [{ householdId: h1?.id, answers: { cadre: 'satisfied', measures: 'satisfied' } }, { householdId: h2?.id, answers: { cadre: 'satisfied', measures: 'fair' } }] });
    expect(good.status).toBe(201);
    const o = (await townS.request('GET', '/api/v1/assistance/overview?from=2019-06-01&to=2019-06-15&year=2019')).json();
    expect(o.totals).toMatchObject({ households: households.length, visited: 2, plans: 1 });
    const v = o.villages.find((x: { code: string }) => x.code === h1?.village_code);
    expect(v.satisfaction).toMatchObject({ flag: 'excellent' });
    expect(o.surveys.satisfaction.name).toBe('满意度调查');
    // The same table as a workbook: one row per village, the figures the page shows.
    const x = await townS.request('GET', '/api/v1/assistance/overview.xlsx?from=2019-06-01&to=2019-06-15&year=2019');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw);
    const sheet = wb.getWorksheet('村级帮扶情况');
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const line = sheet?.getColumn(2).values.indexOf(v.code) ?? -1;
    expect(line).toBeGreaterThan(1);
    expect(sheet?.getRow(line).getCell(3).value).toBe(v.households);
    expect(sheet?.getRow(line).getCell(12).value).toBe(`${(v.satisfaction.rate * 100).toFixed(2)}%`);
    const findings = (await townS.request('GET', '/api/v1/assistance/findings?year=2019')).json();
    expect(findings.plans).toBe(1);
    const rates = (await inspector.request('GET', `/api/v1/assistance/surveys/${s.json().id}/rates?under=${town}`)).json();
    expect(rates).toMatchObject({ rate: 1, flag: 'excellent', households: 2 });
  });

  it('a survey reuses the inspectors\' sample: only sampled households answer, rates say answered of sampled', async () => {
    const draw = (name: string, exited: number, poor: number) => inspector.request('POST', '/api/v1/sample-plans', { name, countyCode: '610902000000', year: 2019, seed: 3, params: { towns: null, villagesPerTown: 2, exitedPerVillage: exited, poorPerVillage: poor, unregisteredPerVillage: 2 } });
    const plan = (await draw('2019 年抽样核查', 2, 2)).json();
    const empty = (await draw('只抽非建档户', 0, 0)).json();
    const surveys = async () => Number((await t.store.db.selectFrom('survey').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n);
    const before = await surveys();
    const body = { kind: 'satisfaction', name: '抽样满意度调查', year: 2019 };
    const outside = await townS.request('POST', '/api/v1/assistance/surveys', { ...body, samplePlanId: plan.id });
    expect(outside.status).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ field: 'samplePlanId', message: `抽样核查计划 ${plan.id} 不存在或不在您的管辖范围内` });
    expect((await countyS.request('POST', '/api/v1/assistance/surveys', { ...body, samplePlanId: 424242 })).json().errors[0].field).toBe('samplePlanId');
    const notDrawn = await countyS.request('POST', '/api/v1/assistance/surveys', { ...body, samplePlanId: empty.id });
    expect(notDrawn.status).toBe(422);
    expect(notDrawn.json().errors[0].message).toContain('还没有抽中建档立卡户');
    expect(await surveys()).toBe(before);
    const created = await countyS.request('POST', '/api/v1/assistance/surveys', { ...body, samplePlanId: plan.id });
    expect(created.status).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({ regionCode: '610902000000', samplePlan: { id: plan.id, name: '2019 年抽样核查' } });
    const items: { householdId: number | null }[] = (await inspector.request('GET', `/api/v1/sample-plans/${plan.id}`)).json().items;
    const drawn = items.flatMap((i) => (i.householdId === null ? [] : [i.householdId]));
    const outsider = households.find((h) => !drawn.includes(h.id));
    const refusedAnswer = await townS.request('POST', `/api/v1/assistance/surveys/${s.id}/responses`, { responses: [{ householdId: outsider?.id, answers: { cadre: 'satisfied' } }] });
    expect(refusedAnswer.status).toBe(422);
    expect(refusedAnswer.json().errors[0].message).toContain('不在本次调查使用的抽样样本中');
    expect((await townS.request('POST', `/api/v1/assistance/surveys/${s.id}/responses`, { responses: [{ householdId: drawn[0], answers: { cadre: 'satisfied', measures: 'unsatisfied' } }] })).status).toBe(201);
    const rates = (await countyS.request('GET', `/api/v1/assistance/surveys/${s.id}/rates`)).json();
    expect(rates.sample).toEqual({ planId: plan.id, name: '2019 年抽样核查', sampled: drawn.length, answered: 1 });
    expect(rates).toMatchObject({ rate: 0.5, flag: 'accountability', households: 1, sampled: drawn.length });
    const listed = (await townS.request('GET', '/api/v1/assistance/surveys')).json().items;
    expect(listed.find((x: { id: number }) => x.id === s.id).samplePlan.id).toBe(plan.id);
  });

  it('adds a measure to the catalogue: admins and county offices only, bad codes and duplicates refused', async () => {
    const m = { code: 'oilTeaJob', zh: '油茶基地务工', category: 'employment', fiveBatch: 'production', causes: ['lackSkills', 'lackLand'] };
    expect((await townS.request('POST', '/api/v1/assistance/measures', m)).status).toBe(403);
    expect((await inspector.request('POST', '/api/v1/assistance/measures', m)).status).toBe(403);
    const badBatch = await countyS.request('POST', '/api/v1/assistance/measures', { ...m, fiveBatch: 'sixthBatch', causes: ['lackSkills', 'badLuck'] });
    expect(badBatch.status).toBe(422);
    expect(badBatch.json().errors.map((e: { field: string }) => e.field)).toEqual(['fiveBatch', 'causes[1]']);
    const added = await countyS.request('POST', '/api/v1/assistance/measures', m);
    expect(added.status).toBe(201);
    expect(added.json()).toMatchObject({ code: 'oilTeaJob', en: '油茶基地务工', fiveBatch: 'production' });
    const again = await countyS.request('POST', '/api/v1/assistance/measures', { ...m, code: 'oilTeaJob2' });
    expect(again.status).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: 'zh', message: '措施名称“油茶基地务工”已存在（代码 oilTeaJob）' });
    const catalogue = (await townS.request('GET', '/api/v1/assistance/catalogue')).json();
    expect(catalogue.measures.filter((x: { code: string }) => x.code.startsWith('oilTea'))).toHaveLength(1);
    // Two offices adding the same new measure at the same moment: one is stored, the other is told
    // why (a checked refusal, or a conflict when both passed the checks first), never a 500.
    const twin = { code: 'bambooJob', zh: '竹编加工务工', category: 'employment', fiveBatch: 'production', causes: ['lackSkills'] };
    const both = await Promise.all([countyS.request('POST', '/api/v1/assistance/measures', twin), countyS.request('POST', '/api/v1/assistance/measures', twin)]);
    const statuses = both.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 422]).toContain(statuses[1]);
    expect(JSON.stringify(both.map((r) => r.json()))).not.toContain('duplicate key');
  });

  it('edits, retires and brings back a measure: county offices only; a retired one stays in its plans but is refused anew', async () => {
    const url = '/api/v1/assistance/measures/industrySubsidy';
    expect((await townS.request('PATCH', url, { zh: '产业奖补' })).status).toBe(403);
    expect((await inspector.request('POST', `${url}/retire`)).status).toBe(403);
    expect((await countyS.request('PATCH', url, { zh: '产业奖补' }, { 'x-csrf-token': 'forged' })).json().error).toBe('csrf');
    expect((await countyS.request('PATCH', '/api/v1/assistance/measures/flyingCar', { zh: '飞车' })).status).toBe(404);
    expect((await countyS.request('POST', '/api/v1/assistance/measures/flyingCar/retire')).status).toBe(404);
    expect((await countyS.request('PATCH', url, { code: 'renamed' })).status).toBe(400);
    const bad = await countyS.request('PATCH', url, { zh: '技能培训', fiveBatch: 'sixthBatch' });
    expect(bad.status).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['zh', 'fiveBatch']);
    const edited = await countyS.request('PATCH', url, { zh: '产业奖补（种植养殖）', causes: ['lackCapital', 'lackLand'] });
    expect(edited.status).toBe(200);
    expect(edited.json()).toMatchObject({ code: 'industrySubsidy', zh: '产业奖补（种植养殖）', fiveBatch: 'production', causes: ['lackCapital', 'lackLand'], active: true });
    expect((await countyS.request('POST', `${url}/retire`)).json()).toMatchObject({ code: 'industrySubsidy', active: false });
    expect((await countyS.request('POST', `${url}/retire`)).json().errors[0]).toMatchObject({ field: 'active', message: '帮扶措施“产业奖补（种植养殖）”（industrySubsidy）已停用' });
    const listed = (await cadreS.request('GET', '/api/v1/assistance/catalogue')).json().measures;
    expect(listed.find((m: { code: string }) => m.code === 'industrySubsidy').active).toBe(false);
    // The cadre's saved plan keeps the retired measure; the other paired household may not get it anew.
    const planned = await t.store.db.selectFrom('household_plan').select('household_id').where('year', '=', 2019).execute();
    const withPlan = planned[0]?.household_id;
    const without = households.slice(0, 2).find((h) => h.id !== withPlan)?.id;
    const plan = (id: number | undefined, version: number | null) => cadreS.request('PUT', `/api/v1/assistance/households/${id}/plans/2019`, { version, measures: [{ measure: 'industrySubsidy', amountFen: 350000, status: 'done', note: '' }] });
    expect((await plan(withPlan, null)).status).toBe(200);
    const anew = await plan(without, null);
    expect(anew.status).toBe(422);
    expect(anew.json().errors[0]).toMatchObject({ field: 'measures[0].measure', message: '帮扶措施“产业奖补（种植养殖）”（industrySubsidy）已停用，不能新加入计划' });
    expect((await countyS.request('POST', `${url}/reactivate`)).json().active).toBe(true);
    expect((await plan(without, null)).status).toBe(200);
  });
});
