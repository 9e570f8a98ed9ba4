// A survey that reuses an inspection's verification sample (抽样核查): the plan's registered
// households are the survey's household list, the survey's region is the plan's county, and the
// rates say how many of the sampled households have answered.
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import * as ss from '../store/assistance-surveys.js';
import { getPlan } from '../store/sampling.js';
import type { Executor } from '../store/store.js';
import { refuse } from './assistance.js';

export interface SurveySample {
  readonly planId: number;
  readonly countyCode: string;
  readonly households: ReadonlyMap<number, string>;
}

/**
 * The plan a new survey will ask, checked before anything is written: it must exist within the
 * account's region (one message for both, as elsewhere out of scope looks like missing), must
 * have drawn registered households, and the survey's region, if given, must be its county.
 */
export async function sampleForSurvey(db: Executor, p: Principal, planId: number, regionCode: string | undefined): Promise<SurveySample> {
  const plan = await getPlan(db, planId);
  if (!plan || !inScope(p, plan.county_code)) refuse('samplePlanId', `抽样核查计划 ${planId} 不存在或不在您的管辖范围内`, `sample plan ${planId} not found in your region`, '请从本县的抽样核查计划中选择（抽样核查页面 /sampling）', 'Choose a sample plan of this county (sampling page /sampling)');
  const households = await ss.sampledHouseholds(db, plan.id);
  if (households.size === 0) refuse('samplePlanId', `抽样核查计划“${plan.name}”还没有抽中建档立卡户，不能作为调查样本`, `sample plan ${plan.id} has no drawn registered households`, '请先按“每村抽取已脱贫户/贫困户”完成抽样，或不选样本', 'Draw the sample of exited/poor households per village first, or choose no sample');
  if (regionCode !== undefined && regionCode !== plan.county_code) refuse('regionCode', `调查范围 ${regionCode} 与抽样核查计划所在县 ${plan.county_code} 不一致`, 'region differs from the sample plan county', '使用抽样样本时调查范围就是该县，可不填', 'With a sample plan the survey covers that county; leave this blank');
  return { planId: plan.id, countyCode: plan.county_code, households };
}

/** Sampled households per village beside the answered ones, so villages nobody answered yet show too. */
export async function sampleCoverage(db: Executor, planId: number | null, under: string, villages: readonly ss.VillageRate[]): Promise<{ villages: (ss.VillageRate & { sampled: number | null })[]; sample: { sampled: number; answered: number } | null }> {
  if (planId === null) return { villages: villages.map((v) => ({ ...v, sampled: null })), sample: null };
  const sampled = await ss.sampledByVillage(db, planId, under);
  const answered = new Map(villages.map((v) => [v.villageCode, v]));
  const codes = [...new Set([...sampled.keys(), ...answered.keys()])].sort();
  const rows = codes.map((code) => ({ villageCode: code, households: 0, positive: 0, total: 0, ...answered.get(code), sampled: sampled.get(code) ?? 0 }));
  const total = [...sampled.values()].reduce((s, n) => s + n, 0);
  return { villages: rows, sample: { sampled: total, answered: villages.reduce((s, v) => s + v.households, 0) } };
}
