// Assessment runs on both databases: stored results, counts per area, re-explaining a past run after
// the data changed, what-if without storing, and "no data" never passing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExitAssessmentService } from '../../src/app/exit-assessment.js';
import { householdFactsNow } from '../../src/app/exit-units.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { ValidationFailed } from '../../src/app/errors.js';
import { createRegistryService } from '../../src/app/registry.js';
import { householdInput, idFor, memberInput } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const clock = { now: () => new Date('2019-12-20T08:00:00Z') };
const county = '610902000000';

async function refusal(p: Promise<unknown>): Promise<ValidationFailed> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ValidationFailed) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe.each(dialects)('exit assessment on %s', (dialect) => {
  let t: TestStore;
  let service: ReturnType<typeof createExitAssessmentService>;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock }, 'test', { under: county, households: 300, seed: 5, year: 2019, withErrors: false, replace: false });
    service = createExitAssessmentService({ store: t.store, clock });
  });
  afterAll(async () => t?.dispose());

  it('assesses every household of the year and stores each result with its facts', async () => {
    const run = await service.run('tester', { unit: 'household', under: county, year: 2019 });
    expect(run.units).toBeGreaterThan(50);
    expect(run.ready + run.blocked + run.noData).toBe(run.units);
    expect(run.ready).toBeGreaterThan(0);
    expect(run.blocked).toBeGreaterThan(0);
    expect(run.ruleSet.id).toBe('cn-household');
    expect(run.ruleSet.hash).toMatch(/^[0-9a-f]{64}$/);
    const stored = await t.store.db.selectFrom('exit_result').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', run.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(run.units);
    const s = await service.summary(county, run.id);
    expect(s.total['units']).toBe(run.units);
    expect(s.towns.reduce((n, town) => n + (town.counts['blocked'] ?? 0), 0)).toBe(run.blocked);
    // Each criterion's failures per village add up to the run's count.
    for (const [criterion, n] of Object.entries(run.blockedBy)) expect(s.total[`fail:${criterion}`]).toBe(n);
    const blocked = await service.results(county, run.id, { criterion: 'income', limit: 500, offset: 0 });
    expect(blocked.total).toBe(run.blockedBy['income'] ?? 0);
    for (const item of blocked.items) expect(item.failing).toContain('income');
    const ready = await service.results(county, run.id, { status: 'ready', limit: 500, offset: 0 });
    expect(ready.total).toBe(run.ready);
  });

  it('with `all`, re-checks every registered household, earlier exits included', async () => {
    const candidates = await service.run('tester', { unit: 'household', under: county, year: 2019 });
    const all = await service.run('tester', { unit: 'household', under: county, year: 2019, all: true });
    const registered = await t.store.db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).where('identified_year', '<=', 2019).executeTakeFirstOrThrow();
    expect(all.units).toBe(Number(registered.n));
    expect(all.units).toBeGreaterThan(candidates.units);
    expect((await service.summary(county, all.id)).run.scope).toBe('all');
  });

  it('computes member counts in SQL exactly as the domain does from the full record', async () => {
    const run = await service.run('tester', { unit: 'household', under: county, year: 2019 });
    const page = await service.results(county, run.id, { limit: 60, offset: 0 });
    for (const item of page.items) {
      const now = await householdFactsNow(t.store.db, item.householdId ?? 0, 2019);
      for (const [k, v] of Object.entries(item.facts)) expect([k, v]).toEqual([k, now?.facts[k] ?? null]);
    }
  });

  it('reads the members of a household whose id lies apart from its village’s (the non-dense path) like the domain does', async () => {
    const village = (await t.store.db.selectFrom('household').select('village_code').orderBy('id').executeTakeFirstOrThrow()).village_code;
    const registry = createRegistryService({ store: t.store, clock });
    const child = memberInput({ name: '王小明', relation: 'son', birthDate: '2009-05-01', idNumber: idFor('2009-05-01', 'male'), schoolStatus: 'notInSchool', education: 'primary', hasResidentMedicalInsurance: false, labourAbility: 'none' });
    const created = await registry.createHousehold('tester', { household: householdInput(village, { householdNo: `${village}9999`, identifiedYear: 2016 }), members: [memberInput({ birthDate: '1975-02-02', idNumber: idFor('1975-02-02', 'male') }), child], identifiedDate: '2016-03-01', basis: null });
    // Under the one village, its households have low ids and the new one the highest: not a dense run.
    const run = await service.run('tester', { unit: 'household', under: village, year: 2019 });
    expect(run.units).toBeLessThan(created.id / 2);
    const check = await service.checklist(county, run.id, created.householdNo);
    expect(check.status).toBe('blocked');
    const item = (id: string) => check.items.find((i) => i.id === id);
    expect(item('compulsoryEducation')).toMatchObject({ result: 'fail', facts: { schoolAgeDropouts: 1 } });
    expect(item('basicMedical')).toMatchObject({ result: 'fail', facts: { membersWithoutMedicalInsurance: 1 } });
    expect(item('income')?.result).toBe('noData');
    const now = await householdFactsNow(t.store.db, created.id, 2019);
    expect(now?.facts['schoolAgeDropouts']).toBe(1);
    expect(now?.facts['ableBodiedMembers']).toBe(1);
  });

  it('re-explains a past run with the facts it used after the data changed', async () => {
    const before = await service.run('tester', { unit: 'household', under: county, year: 2019 });
    const { items } = await service.results(county, before.id, { status: 'ready', limit: 1, offset: 0 });
    const target = items[0];
    if (!target?.householdId) throw new Error('no ready household');
    const oldIncome = target.facts['netIncomePerCapita'];
    await t.store.db.updateTable('household_income').set({ wage_income: 0, production_income: 0, asset_dividend_income: 0, other_property_income: 0, pension_income: 0, eco_compensation: 0, other_transfer_income: 0, family_planning_allowance: 0 }).where('household_id', '=', target.householdId).where('year', '=', 2019).execute();
    const after = await service.run('tester', { unit: 'household', under: county, year: 2019 });
    const now = await service.checklist(county, after.id, target.unitCode);
    expect(now.status).toBe('blocked');
    expect(now.items.find((i) => i.id === 'income')?.result).toBe('fail');
    const past = await service.checklist(county, before.id, target.unitCode);
    expect(past.status).toBe('ready');
    const income = past.items.find((i) => i.id === 'income');
    expect(income).toMatchObject({ result: 'pass', facts: { netIncomePerCapita: oldIncome }, parameters: { povertyLine: 3218 }, parameterLabels: { povertyLine: { label: { zh: '当年扶贫标准（现价）' }, unit: '元/人·年' } } });
    expect(past.run.ruleSet.version).toBe('2020.1');
    const live = await service.householdChecklist(county, target.householdId, 2019);
    expect(live.status).toBe('blocked');
    expect(live.runs.map((r) => r.runId)).toEqual(expect.arrayContaining([before.id, after.id]));
  });

  it('what-if: a higher line flips ready households, names them, and stores nothing', async () => {
    const runsBefore = await t.store.db.selectFrom('exit_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const w = await service.whatIf({ unit: 'household', under: county, year: 2019 }, { parameters: { povertyLine: 6000 } });
    expect(w.becomeNotReady).toBeGreaterThan(0);
    expect(w.becomeReady).toBe(0);
    expect(w.after.ready).toBe(w.before.ready - w.becomeNotReady);
    for (const f of w.flips) expect(f.failing).toContain('income');
    const loosened = await service.whatIf({ unit: 'household', under: county, year: 2019 }, { criteria: [{ id: 'safeHousing', remove: true }, { id: 'income', remove: true }, { id: 'foodAndClothing', remove: true }, { id: 'guardSafetyNetIncome', remove: true }, { id: 'guardExpectedIncome', remove: true }] });
    expect(loosened.becomeReady).toBeGreaterThan(0);
    const runsAfter = await t.store.db.selectFrom('exit_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(runsAfter.n)).toBe(Number(runsBefore.n));
    const bad = await refusal(service.whatIf({ unit: 'household', under: county, year: 2019 }, { criteria: [{ id: 'income', expr: 'netIncomePerCapita > nope' }] }));
    expect(bad.errors[0]?.message).toContain('nope');
  });

  it('says "no data" and never passes a unit for lack of facts', async () => {
    // A year without income recorded: every household is "no data" on income, none ready.
    await t.store.db.deleteFrom('household_income').where('year', '=', 2018).execute();
    const run = await service.run('tester', { unit: 'household', under: county, year: 2018 });
    const s = await service.summary(county, run.id);
    expect(s.total['noData:income']).toBe(run.units);
    expect(run.ready).toBe(0);
    // A region without households: refused, nothing stored.
    const empty = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'not in', t.store.db.selectFrom('household').select('village_code')).executeTakeFirstOrThrow()).code;
    const refused = await refusal(service.run('tester', { unit: 'household', under: empty, year: 2019 }));
    expect(refused.errors[0]?.message).toContain('没有可评估');
    expect((await refusal(service.run('tester', { unit: 'household', under: county, year: 2021 }))).errors[0]?.field).toBe('year');
  });

  it('counties without sampling data are "no data"; recorded rates decide', async () => {
    const first = await service.run('tester', { unit: 'county', under: '610900000000', year: 2019 });
    expect(first.units).toBe(1);
    expect(first.noData + first.blocked).toBe(1);
    expect(first.ready).toBe(0);
    await service.recordCountyFacts('inspector', county, 2019, { wrongExitRate: 0.5, missedPoorRate: 0.8, recognitionRate: 96 }, '2019 年第三方评估');
    const second = await service.run('tester', { unit: 'county', under: '610900000000', year: 2019 });
    const check = await service.checklist('610900000000', second.id, county);
    expect(check.items.find((i) => i.id === 'recognitionRate')).toMatchObject({ result: 'pass', facts: { recognitionRate: 96 } });
    expect((await refusal(service.recordCountyFacts('x', county, 2019, { recognitionRate: 130 }, 's'))).errors[0]?.field).toBe('recognitionRate');
  });

  it('villages: incidence from the registry, items from the village record', async () => {
    const run = await service.run('tester', { unit: 'village', under: county, year: 2019 });
    expect(run.units).toBeGreaterThan(0);
    const { items } = await service.results(county, run.id, { limit: 5, offset: 0 });
    expect(typeof items[0]?.facts['povertyIncidence']).toBe('number');
    expect(items[0]?.facts['isWestern']).toBe(true);
  });

  it('a local checklist applies inside its region only', async () => {
    const refused = await refusal(service.run('tester', { unit: 'household', under: county, year: 2019, ruleSetId: 'xunyang-shuangqi-household' }));
    expect(refused.errors[0]?.field).toBe('rules');
    const run = await service.run('tester', { unit: 'household', under: county, year: 2019, ruleSetId: 'shaanxi-577-household' });
    expect(run.ruleSet.id).toBe('shaanxi-577-household');
    const bad = await refusal(service.run('tester', { unit: 'household', under: county, year: 2019, rulesText: 'id: x\nextends: cn-household\nversion: 1\nregion: "61"\ncriteria:\n  - id: a\n    label: { zh: a, en: a }\n    facts: [nope]\n    expr: nope\n', rulesFile: 'mine.yaml' }));
    expect(bad.errors[0]?.field).toMatch(/^mine\.yaml:8 criteria\.0\.facts\.0/);
  });
});
