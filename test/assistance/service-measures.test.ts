// Editing and retiring catalogue measures on both databases: only admins and county offices, each
// change audited with before and after, a refusal writes nothing; a retired measure stays in the
// plans that have it but may not be added to a plan anew, until it is brought back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistance, type Assistance } from '../../src/app/assistance-module.js';
import { NotFound } from '../../src/app/errors.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { refused } from '../helpers/refused.js';
import { isUniqueViolation } from '../../src/store/errors.js';
import { admin, clock, county, countyOffice, town, townOffice } from './principals.js';

const entry = (measure: string, amountFen = 0) => ({ measure, amountFen, status: 'planned', note: '' });

describe.each(dialects)('editing and retiring catalogue measures on %s', (dialect) => {
  let t: TestStore;
  let a: Assistance;
  let households: number[] = [];

  const row = (code: string) => t.store.db.selectFrom('assistance_measure').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const actions = async (code: string) => (await auditFor(t.store.db, 'measure', code)).map((r) => r.action).reverse();

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: town, households: 20, seed: 3, year: 2019, withErrors: false, replace: false });
    a = createAssistance({ store: t.store, clock });
    households = (await t.store.db.selectFrom('household').select('id').where('status', '<>', 'removed').orderBy('id').execute()).map((h) => h.id);
  });
  afterAll(async () => t?.dispose());

  it('edits the names, batch and causes of a measure, audited with before and after', async () => {
    const m = await a.service.updateMeasure(countyOffice, 'microloan', { zh: '扶贫小额信贷（5 万元以下）', fiveBatch: 'production', causes: ['lackCapital', 'lackSkills'] });
    expect(m).toMatchObject({ code: 'microloan', zh: '扶贫小额信贷（5 万元以下）', en: 'Poverty-alleviation microloan', category: 'credit', fiveBatch: 'production', causes: ['lackCapital', 'lackSkills'], active: true });
    expect(await row('microloan')).toMatchObject({ zh: '扶贫小额信贷（5 万元以下）', five_batch: 'production', causes: 'lackCapital,lackSkills', active: 1 });
    const [audit] = await auditFor(t.store.db, 'measure', 'microloan');
    expect(audit).toMatchObject({ action: 'update', actor: 'county' });
    expect(JSON.parse(audit?.before_json ?? '{}')).toMatchObject({ zh: '扶贫小额信贷', fiveBatch: null });
    expect(JSON.parse(audit?.after_json ?? '{}')).toMatchObject({ zh: '扶贫小额信贷（5 万元以下）', fiveBatch: 'production' });
    // Saving the same values again changes nothing and writes no audit entry.
    await a.service.updateMeasure(admin, 'microloan', { fiveBatch: 'production' });
    expect(await actions('microloan')).toEqual(['update']);
  });

  it('refuses town offices, unknown codes and bad fields, writing nothing', async () => {
    const before = await row('skillsTraining');
    expect((await refused(a.service.updateMeasure(townOffice, 'skillsTraining', { zh: '培训' }))).errors[0]).toMatchObject({ field: 'actor', message: '只有系统管理员或县级（及以上）管理员可以修改帮扶措施' });
    expect((await refused(a.service.setMeasureActive({ ...countyOffice, role: 'inspector' }, 'skillsTraining', false))).errors[0]?.message).toBe('只有系统管理员或县级（及以上）管理员可以停用或恢复帮扶措施');
    await expect(a.service.updateMeasure(admin, 'flyingCar', { zh: '飞车' })).rejects.toThrow(NotFound);
    await expect(a.service.setMeasureActive(admin, 'flyingCar', false)).rejects.toThrow(NotFound);
    const e = await refused(a.service.updateMeasure(admin, 'skillsTraining', { zh: '转移就业', category: 'magic', causes: ['lackSkills', 'badLuck'] }));
    expect(e.errors.map((x) => x.field)).toEqual(['zh', 'category', 'causes[1]']);
    expect(e.errors[0]?.message).toBe('措施名称“转移就业”已存在（代码 jobPlacement）');
    expect(await row('skillsTraining')).toEqual(before);
    expect(await actions('skillsTraining')).toEqual([]);
  });

  it('a retired measure stays in the plans that have it, is refused for new entries, and comes back', async () => {
    const [h1 = 0, h2 = 0] = households;
    const first = await a.service.savePlan(admin, { householdId: h1, year: 2019, expectedVersion: null, measures: [entry('safeWater', 100000)] });
    const retired = await a.service.setMeasureActive(countyOffice, 'safeWater', false);
    expect(retired.active).toBe(false);
    expect((await a.service.catalogue()).find((m) => m.code === 'safeWater')?.active).toBe(false);
    // The household that has it keeps it, and its plan can still be changed around it.
    const kept = await a.service.savePlan(admin, { householdId: h1, year: 2019, expectedVersion: first.version, measures: [entry('safeWater', 120000), entry('skillsTraining')] });
    expect(kept.version).toBe(first.version + 1);
    expect((await a.service.plan(admin, h1, 2019))?.measures.map((m) => m.measure_code)).toEqual(['safeWater', 'skillsTraining']);
    const anew = await refused(a.service.savePlan(admin, { householdId: h2, year: 2019, expectedVersion: null, measures: [entry('safeWater')] }));
    expect(anew.errors[0]).toMatchObject({ field: 'measures[0].measure', message: '帮扶措施“安全饮水工程”（safeWater）已停用，不能新加入计划' });
    // Another year's plan of the same household is a new entry too.
    expect((await refused(a.service.savePlan(admin, { householdId: h1, year: 2018, expectedVersion: null, measures: [entry('safeWater')] }))).errors[0]?.field).toBe('measures[0].measure');
    expect((await refused(a.service.setMeasureActive(admin, 'safeWater', false))).errors[0]).toMatchObject({ field: 'active', message: '帮扶措施“安全饮水工程”（safeWater）已停用' });
    // A retired measure can still be corrected.
    expect((await a.service.updateMeasure(admin, 'safeWater', { en: 'Safe water' })).active).toBe(false);
    await a.service.setMeasureActive(countyOffice, 'safeWater', true);
    expect((await refused(a.service.setMeasureActive(admin, 'safeWater', true))).errors[0]?.message).toBe('帮扶措施“安全饮水工程”（safeWater）未停用');
    expect((await a.service.savePlan(admin, { householdId: h2, year: 2019, expectedVersion: null, measures: [entry('safeWater')] })).version).toBe(1);
    expect(await actions('safeWater')).toEqual(['assistance.measure.retire', 'update', 'assistance.measure.reactivate']);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  it('the database itself refuses a second measure of the same name (the race the name check cannot see)', async () => {
    const first = await row('microloan');
    const again = t.store.db.insertInto('assistance_measure').values({ ...first, code: 'raceLoser' }).execute();
    const error = await again.then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await t.store.db.selectFrom('assistance_measure').select('code').where('code', '=', 'raceLoser').executeTakeFirst()).toBeUndefined();
  });
});
