// Verification sampling use cases: draw a plan (seed and method stored), record findings (all or
// nothing), compute the three rates, and the re-draw simulation.
import { randomInt } from 'node:crypto';
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { describeMethod, drawSample, isStratum, methodVersion, parseDrawParams, type DrawParams } from '../domain/sampling/draw.js';
import { computeRates, type Observation } from '../domain/sampling/rates.js';
import { simulate, type KnownUnit } from '../domain/sampling/simulate.js';
import type { FieldError } from '../domain/validate.js';
import { appendAudit } from '../store/audit.js';
import { getRegion } from '../store/regions.js';
import * as ss from '../store/sampling.js';
import { findUserByName } from '../store/users.js';
import type { Store } from '../store/store.js';
import { type Clock, isoNow } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';

export const maxSeed = 2147483647; // stored in a 32-bit signed integer column on both databases
export const maxRuns = 10000;

export interface DrawInput {
  readonly name: string;
  readonly countyCode: string;
  readonly year: number;
  readonly seed: number | null;
  readonly params: DrawParams;
}

export interface FindingInput {
  readonly itemId: number;
  readonly people: number | null;
  readonly wronglyExited: boolean;
  readonly missedPoor: boolean;
  readonly recognises: boolean | null;
  readonly note: string | null;
}

const samplers = new Set(['admin', 'regionAdmin', 'inspector']);

function refuse(field: string, message: string, messageEn: string, fix: string, fixEn: string): never {
  throw new ValidationFailed([{ field, message, messageEn, fix, fixEn }]);
}

function paramErrors(p: DrawParams): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: keyof DrawParams, v: number | null, allowNull: boolean) => {
    if (v === null ? !allowNull : !Number.isInteger(v) || v < 0 || v > 10000) errors.push({ field: `params.${field}`, message: `${field} 须为 0–10000 的整数${allowNull ? '，或“全部”' : ''}`, messageEn: `${field} must be an integer 0–10000${allowNull ? ' or all' : ''}`, fix: '请填写每个阶段抽取的数量', fixEn: 'Enter how many to draw at each stage' });
  };
  check('towns', p.towns, true);
  check('villagesPerTown', p.villagesPerTown, true);
  check('exitedPerVillage', p.exitedPerVillage, true);
  check('poorPerVillage', p.poorPerVillage, true);
  check('unregisteredPerVillage', p.unregisteredPerVillage, false);
  if (p.towns === 0 || p.villagesPerTown === 0) errors.push({ field: 'params', message: '乡镇数和每乡镇村数不能为 0', messageEn: 'towns and villages per town must be at least 1', fix: '至少抽取 1 个乡镇、每乡镇 1 个村', fixEn: 'Draw at least 1 town and 1 village per town' });
  return errors;
}

export function createSamplingService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  async function mustGetPlan(p: Principal, id: number): Promise<ss.PlanRow> {
    const plan = await ss.getPlan(store.db, id);
    if (!plan || !inScope(p, plan.county_code)) throw new NotFound('samplePlan', String(id));
    return plan;
  }

  function observations(items: readonly ss.ItemView[]): Observation[] {
    return items.flatMap((i) =>
      i.finding === null || !isStratum(i.stratum) ? [] : [{ townCode: i.town_code, villageCode: i.village_code, stratum: i.stratum, weight: i.weight, people: i.finding.people, wronglyExited: i.finding.wrongly_exited === 1, missedPoor: i.finding.missed_poor === 1, recognises: i.finding.recognises === null ? null : i.finding.recognises === 1 }],
    );
  }

  return {
    async draw(p: Principal, input: DrawInput) {
      if (!samplers.has(p.role)) refuse('actor', '只有检查人员或管理员可以抽样', 'only inspectors and admins draw samples', '请用检查人员账号操作', 'Use an inspector account');
      const errors = paramErrors(input.params);
      if (input.name.trim() === '') errors.push({ field: 'name', message: '请填写核查计划名称', messageEn: 'The plan name is required', fix: '如“2019 年汉滨区退出抽样核查”', fixEn: 'For example "Hanbin 2019 exit sample check"' });
      if (input.seed !== null && (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > maxSeed)) errors.push({ field: 'seed', message: `种子须为 0–${maxSeed} 的整数`, messageEn: `seed must be 0–${maxSeed}`, fix: '留空则自动生成并保存', fixEn: 'Leave blank to generate and save one' });
      if (errors.length > 0) throw new ValidationFailed(errors);
      const county = await getRegion(store.db, input.countyCode);
      if (!county || county.level !== 3) refuse('countyCode', `${input.countyCode} 不是县级区划`, 'not a county', '请填写 12 位县级区划代码，如 610902000000', 'Enter a 12-digit county region code, e.g. 610902000000');
      if (!inScope(p, county.code)) throw new NotFound('region', county.code);
      const seed = input.seed ?? randomInt(0, maxSeed);
      const frame = await ss.frameOf(store.db, county.code, input.year);
      if (frame.households.length === 0) refuse('year', `${county.name} ${input.year} 年没有已脱贫户或贫困户数据，无法抽样`, `no households in ${county.code} for ${input.year}`, '请核对年度，或先导入该县的建档立卡数据', "Check the year, or import the county's registry data first");
      const drawn = drawSample(frame, input.params, seed);
      const method = describeMethod(input.params, seed);
      return store.db.transaction().execute(async (trx) => {
        const now = isoNow(clock);
        const id = await ss.insertPlan(trx, { name: input.name.trim(), county_code: county.code, year: input.year, seed, method, method_version: methodVersion, params_json: JSON.stringify(input.params), counts_json: JSON.stringify({ ...drawn.counts, households: frame.households.length, items: drawn.items.length }), created_by: p.username, created_at: now });
        await ss.insertItems(trx, drawn.items.map((i) => ({ plan_id: id, town_code: i.townCode, village_code: i.villageCode, stratum: i.stratum, household_id: i.householdId, slot_no: i.slotNo, weight: i.weight, people: i.people })));
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'sample.draw', entityType: 'samplePlan', entityId: String(id), before: null, after: { county: county.code, year: input.year, seed, params: input.params, items: drawn.items.length } }], now);
        const plan = await ss.getPlan(trx, id);
        if (!plan) throw new NotFound('samplePlan', String(id));
        return plan;
      });
    },

    list: (p: Principal, under: string) => {
      if (!inScope(p, under)) throw new NotFound('region', under);
      return ss.listPlans(store.db, under);
    },

    async plan(p: Principal, id: number) {
      const plan = await mustGetPlan(p, id);
      const items = await ss.itemsOf(store.db, id);
      return { plan, items, rates: computeRates(observations(items)) };
    },

    /** What the field list (the plan as a workbook) needs besides the plan: names, heads, the drawer. */
    async fieldList(p: Principal, id: number) {
      const plan = await mustGetPlan(p, id);
      const [items, heads, county, drawer] = await Promise.all([ss.itemsOf(store.db, id), ss.sampledHeads(store.db, id), getRegion(store.db, plan.county_code), findUserByName(store.db, plan.created_by)]);
      return { plan, items, heads: new Map(heads.map((h) => [h.household_id, h])), countyName: county?.name ?? plan.county_code, drawnBy: drawer?.display_name ?? null };
    },

    async recordFindings(p: Principal, planId: number, findings: readonly FindingInput[]) {
      if (!samplers.has(p.role)) refuse('actor', '只有检查人员或管理员可以录入核查结果', 'only inspectors and admins record findings', '请用检查人员账号操作', 'Use an inspector account');
      const plan = await mustGetPlan(p, planId);
      const items = new Map((await ss.itemsOf(store.db, planId)).map((i) => [i.id, i]));
      const errors: FieldError[] = [];
      const rows = findings.flatMap((f, n) => {
        const at = (field: string) => `findings[${n}].${field}`;
        const item = items.get(f.itemId);
        if (!item) {
          errors.push({ field: at('itemId'), message: `第 ${n + 1} 条：样本 ${f.itemId} 不属于本计划`, messageEn: `finding ${n + 1}: item not in this plan`, fix: '请从本计划的样本清单中选择', fixEn: "Choose from this plan's sample list" });
          return [];
        }
        const people = f.people ?? item.people;
        if (people === null || !Number.isInteger(people) || people < 1 || people > 30) errors.push({ field: at('people'), message: `第 ${n + 1} 条：人口数须为 1–30 的整数${item.stratum === 'unregistered' ? '（非建档立卡户须填写）' : ''}`, messageEn: `finding ${n + 1}: people must be 1–30`, fix: '请填写该户家庭人口数', fixEn: 'Enter the number of people in the household' });
        if (f.wronglyExited && item.stratum !== 'exited') errors.push({ field: at('wronglyExited'), message: `第 ${n + 1} 条：只有已脱贫户才能认定为错退`, messageEn: 'only exited households can be wrongly exited', fix: '非建档户如符合贫困标准请认定为漏评', fixEn: 'For an unregistered household that meets the poverty standard, record missed poor' });
        if (f.missedPoor && item.stratum !== 'unregistered') errors.push({ field: at('missedPoor'), message: `第 ${n + 1} 条：只有非建档立卡户才能认定为漏评`, messageEn: 'only unregistered households can be missed poor', fix: '已建档户不存在漏评', fixEn: 'A registered household cannot be missed poor' });
        if (f.recognises !== null && item.stratum !== 'exited') errors.push({ field: at('recognises'), message: `第 ${n + 1} 条：认可度只问已脱贫户`, messageEn: 'recognition is asked of exited households only', fix: '请留空', fixEn: 'Leave it blank' });
        return people === null ? [] : [{ item_id: item.id, plan_id: planId, people, wrongly_exited: f.wronglyExited ? 1 : 0, missed_poor: f.missedPoor ? 1 : 0, recognises: f.recognises === null ? null : f.recognises ? 1 : 0, note: f.note?.trim() || null, recorded_by: p.username, recorded_at: isoNow(clock) }];
      });
      if (errors.length > 0) throw new ValidationFailed(errors);
      await store.db.transaction().execute(async (trx) => {
        for (const r of rows) await ss.upsertFinding(trx, r);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'sample.findings', entityType: 'samplePlan', entityId: String(plan.id), before: null, after: { findings: rows.length } }], isoNow(clock));
      });
      return { recorded: rows.length };
    },

    /** Redraw the plan's design N times from every household of the county with a known outcome. */
    async simulate(p: Principal, planId: number, runs: number, seed: number | null) {
      if (!Number.isInteger(runs) || runs < 1 || runs > maxRuns) refuse('runs', `模拟次数须为 1–${maxRuns}`, `runs must be 1–${maxRuns}`, '一般 1000 次即可', '1000 runs are usually enough');
      const plan = await mustGetPlan(p, planId);
      const params = parseDrawParams(plan.params_json);
      const latest = new Map<string, KnownUnit>();
      for (const f of await ss.findingsUnder(store.db, plan.county_code)) {
        // A household's latest finding wins; unregistered households are distinct per plan slot.
        const key = f.household_id !== null ? `h${String(f.household_id).padStart(12, '0')}` : `u${String(f.item_id).padStart(12, '0')}`;
        if (!isStratum(f.stratum)) continue;
        latest.set(key, { key, villageCode: f.village_code, stratum: f.stratum, people: f.people, wronglyExited: f.wrongly_exited === 1, missedPoor: f.missed_poor === 1, recognises: f.recognises === null ? null : f.recognises === 1 });
      }
      const base = seed ?? plan.seed;
      const frame = await ss.frameOf(store.db, plan.county_code, plan.year);
      const exitedInFrame = frame.households.filter((h) => h.stratum === 'exited').length;
      const known = [...latest.values()];
      return { planId, params, coverage: { knownExited: known.filter((u) => u.stratum === 'exited').length, exitedInCounty: exitedInFrame, knownUnregistered: known.filter((u) => u.stratum === 'unregistered').length }, ...simulate(known, params, base, runs) };
    },
  };
}

export type SamplingService = ReturnType<typeof createSamplingService>;
