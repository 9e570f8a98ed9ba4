// The two leftovers of issue 7 on both databases: a survey that reuses a verification sample (only
// sampled households answer; rates say answered of sampled) and measures added to the catalogue.
// Every refusal names the field and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistance, type Assistance } from '../../src/app/assistance-module.js';
import { loadRegions } from '../../src/app/regions.js';
import { createSamplingService } from '../../src/app/sampling.js';
import { synthesize } from '../../src/app/synth.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { refused } from '../helpers/refused.js';
import { admin, clock, county, countyOffice, town, townOffice } from './principals.js';

const answers = { identification: 'satisfied', cadre: 'satisfied', measures: 'fair', exit: 'unsatisfied' };

describe.each(dialects)('survey over a verification sample, and catalogue measures, on %s', (dialect) => {
  let t: TestStore;
  let a: Assistance;
  let planId = 0;
  let emptyPlanId = 0;
  let sampled: { household_id: number | null; village_code: string }[] = [];

  const count = async (table: 'survey' | 'survey_response' | 'assistance_measure') => Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: town, households: 120, seed: 3, year: 2019, withErrors: false, replace: false });
    a = createAssistance({ store: t.store, clock });
    const sampling = createSamplingService({ store: t.store, clock });
    planId = (await sampling.draw(admin, { name: '2019 年退出抽样核查', countyCode: county, year: 2019, seed: 5, params: { towns: null, villagesPerTown: 3, exitedPerVillage: 2, poorPerVillage: 2, unregisteredPerVillage: 2 } })).id;
    // Only on-site slots for unregistered households: nothing of the registry is drawn yet.
    emptyPlanId = (await sampling.draw(admin, { name: '只抽非建档户', countyCode: county, year: 2019, seed: 5, params: { towns: null, villagesPerTown: 1, exitedPerVillage: 0, poorPerVillage: 0, unregisteredPerVillage: 3 } })).id;
    sampled = await t.store.db.selectFrom('sample_item').select(['household_id', 'village_code']).where('plan_id', '=', planId).where('household_id', 'is not', null).execute();
  });
  afterAll(async () => t?.dispose());

  it('refuses an unknown plan, a plan outside the region, a plan with nothing drawn and another region, writing nothing', async () => {
    const base = { kind: 'satisfaction', name: '抽样满意度调查', year: 2019 };
    const before = await count('survey');
    const unknown = await refused(a.surveys.create(countyOffice, { ...base, samplePlanId: 99999 }));
    expect(unknown.errors[0]).toMatchObject({ field: 'samplePlanId', message: '抽样核查计划 99999 不存在或不在您的管辖范围内' });
    const outside = await refused(a.surveys.create(townOffice, { ...base, samplePlanId: planId }));
    expect(outside.errors[0]).toMatchObject({ field: 'samplePlanId', message: `抽样核查计划 ${planId} 不存在或不在您的管辖范围内` });
    const empty = await refused(a.surveys.create(countyOffice, { ...base, samplePlanId: emptyPlanId }));
    expect(empty.errors[0]?.message).toBe('抽样核查计划“只抽非建档户”还没有抽中建档立卡户，不能作为调查样本');
    const region = await refused(a.surveys.create(countyOffice, { ...base, samplePlanId: planId, regionCode: town }));
    expect(region.errors[0]).toMatchObject({ field: 'regionCode' });
    expect((await refused(a.surveys.create(countyOffice, base))).errors[0]?.field).toBe('regionCode');
    expect(await count('survey')).toBe(before);
  });

  it('takes answers only from sampled households and rates them over the sample', async () => {
    const s = await a.surveys.create(countyOffice, { kind: 'satisfaction', name: '抽样满意度调查', year: 2019, samplePlanId: planId });
    expect(s).toMatchObject({ regionCode: county, samplePlan: { id: planId, name: '2019 年退出抽样核查' } });
    expect((await a.surveys.list(town)).find((x) => x.id === s.id)?.samplePlan?.id).toBe(planId);
    const inSample = new Set(sampled.map((x) => x.household_id));
    const outsider = await t.store.db.selectFrom('household').select(['id', 'household_no']).where('status', '<>', 'removed').orderBy('id').execute().then((rows) => rows.find((h) => !inSample.has(h.id)));
    const [first, second] = sampled;
    if (!outsider || !first?.household_id || !second?.household_id) throw new Error('fixture');
    const before = await count('survey_response');
    const bad = await refused(a.surveys.answer(admin, s.id, [{ householdId: first.household_id, answers }, { householdId: outsider.id, answers }]));
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatchObject({ field: 'responses[1].householdId', message: `户 ${outsider.household_no} 不在本次调查使用的抽样样本中（抽样核查计划 ${planId}“2019 年退出抽样核查”）` });
    expect(await count('survey_response')).toBe(before);

    await a.surveys.answer(admin, s.id, [{ householdId: first.household_id, answers }, { householdId: second.household_id, answers: { cadre: 'satisfied', measures: 'satisfied' } }]);
    const r = await a.surveys.rates(admin, s.id, county);
    expect(r.sample).toEqual({ planId, name: '2019 年退出抽样核查', sampled: sampled.length, answered: 2 });
    expect(r).toMatchObject({ households: 2, sampled: sampled.length, positive: 5, total: 6, flag: 'pass' });
    // Every sampled village is listed, answered or not; the towns add up to the county.
    expect(r.villages.map((v) => v.code)).toEqual([...new Set(sampled.map((x) => x.village_code))].sort());
    expect(r.villages.reduce((n, v) => n + (v.sampled ?? 0), 0)).toBe(sampled.length);
    expect(r.towns.reduce((n, v) => n + (v.sampled ?? 0), 0)).toBe(sampled.length);
    expect(r.villages.filter((v) => v.households === 0).every((v) => v.flag === 'noData')).toBe(true);
    // A survey without a sample still has no sampled counts.
    const open = await a.surveys.create(countyOffice, { kind: 'awareness', name: '知晓率调查', year: 2019, regionCode: county });
    expect((await a.surveys.rates(admin, open.id, county)).sample).toBeNull();
  });

  it('adds a measure mapped to a batch and causes, that plans may use; refuses bad codes, duplicates and town offices', async () => {
    const before = await count('assistance_measure');
    const m = await a.service.addMeasure(countyOffice, { code: 'oilTeaJob', zh: '油茶基地务工', en: '', category: 'employment', fiveBatch: 'production', causes: ['lackSkills', 'lackLand'] });
    expect(m).toMatchObject({ en: '油茶基地务工', fiveBatch: 'production', causes: ['lackSkills', 'lackLand'], active: true });
    expect((await a.service.catalogue()).find((x) => x.code === 'oilTeaJob')).toEqual(m);
    const h = sampled[0]?.household_id;
    if (!h) throw new Error('fixture');
    expect((await a.service.savePlan(admin, { householdId: h, year: 2019, expectedVersion: null, measures: [{ measure: 'oilTeaJob', amountFen: 0, status: 'planned', note: '' }] })).version).toBe(1);

    const bad = { code: 'roadJob', zh: '道路养护', en: '', category: 'employment', fiveBatch: null, causes: ['poorTransport'] };
    expect((await refused(a.service.addMeasure(admin, { ...bad, fiveBatch: 'sixthBatch' }))).errors.map((e) => e.field)).toEqual(['fiveBatch']);
    expect((await refused(a.service.addMeasure(admin, { ...bad, causes: ['poorTransport', 'badLuck'] }))).errors[0]).toMatchObject({ field: 'causes[1]', message: '致贫原因代码“badLuck”不存在' });
    expect((await refused(a.service.addMeasure(admin, { ...bad, code: 'oilTeaJob' }))).errors[0]?.field).toBe('code');
    expect((await refused(a.service.addMeasure(admin, { ...bad, zh: '油茶基地务工' }))).errors[0]?.field).toBe('zh');
    expect((await refused(a.service.addMeasure(townOffice, bad))).errors[0]?.field).toBe('actor');
    expect((await refused(a.service.addMeasure({ ...countyOffice, role: 'inspector' }, bad))).errors[0]?.field).toBe('actor');
    expect(await count('assistance_measure')).toBe(before + 1);
    await a.service.addMeasure(admin, bad);
    expect((await a.service.catalogue()).find((x) => x.code === 'roadJob')?.fiveBatch).toBeNull();
  });
});
