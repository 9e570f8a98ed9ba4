// Surveys and their responses; rates are summed per village (positive answers / answers).
import type { Insertable, Selectable } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { SurveyResponseTable, SurveyTable } from './assistance-schema.js';
import type { Executor } from './store.js';

export type SurveyRow = Selectable<SurveyTable> & { sample_plan_name: string | null };

export async function insertSurvey(db: Executor, row: Insertable<SurveyTable>): Promise<number> {
  return (await db.insertInto('survey').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Surveys with the name of the sample plan they reuse, if any. */
const surveys = (db: Executor) => db.selectFrom('survey').leftJoin('sample_plan', 'sample_plan.id', 'survey.sample_plan_id').selectAll('survey').select('sample_plan.name as sample_plan_name');

export const getSurvey = (db: Executor, id: number): Promise<SurveyRow | undefined> => surveys(db).where('survey.id', '=', id).executeTakeFirst();

/** Surveys run in the subtree, or by one of its ancestors (which then cover it). */
export async function listSurveys(db: Executor, under: string, ancestors: readonly string[]): Promise<SurveyRow[]> {
  const [lo, hi] = subtreeRange(under);
  return surveys(db)
    .where((w) => w.or([w.and([w('survey.region_code', '>=', lo), w('survey.region_code', '<=', hi)]), ...(ancestors.length > 0 ? [w('survey.region_code', 'in', [...ancestors])] : [])]))
    .orderBy('survey.id', 'desc')
    .execute();
}

export async function respondedHouseholds(db: Executor, surveyId: number, householdIds: readonly number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < householdIds.length; i += 400) {
    const rows = await db.selectFrom('survey_response').select('household_id').where('survey_id', '=', surveyId).where('household_id', 'in', householdIds.slice(i, i + 400)).execute();
    for (const r of rows) found.add(r.household_id);
  }
  return found;
}

export async function insertResponses(db: Executor, rows: readonly Insertable<SurveyResponseTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) await db.insertInto('survey_response').values(rows.slice(i, i + 300)).execute();
}

export interface VillageRate {
  villageCode: string;
  households: number;
  positive: number;
  total: number;
}

export async function ratesByVillage(db: Executor, surveyId: number, under: string): Promise<VillageRate[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('survey_response')
    .select(['village_code'])
    .select((eb) => [eb.fn.countAll<number>().as('households'), eb.fn.sum<number>('positive').as('positive'), eb.fn.sum<number>('total').as('total')])
    .where('survey_id', '=', surveyId)
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .groupBy('village_code')
    .orderBy('village_code')
    .execute();
  return rows.map((r) => ({ villageCode: r.village_code, households: Number(r.households), positive: Number(r.positive ?? 0), total: Number(r.total ?? 0) }));
}

/** The registered households of a verification sample (unregistered slots have none), by village. */
export async function sampledHouseholds(db: Executor, planId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('sample_item').select(['household_id', 'village_code']).where('plan_id', '=', planId).where('household_id', 'is not', null).execute();
  return new Map(rows.flatMap((r) => (r.household_id === null ? [] : [[r.household_id, r.village_code] as const])));
}

/** Sampled registered households per village under a region: the denominators of "answered of sampled". */
export async function sampledByVillage(db: Executor, planId: number, under: string): Promise<Map<string, number>> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('sample_item')
    .select(['village_code'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .where('household_id', 'is not', null)
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .groupBy('village_code')
    .execute();
  return new Map(rows.map((r) => [r.village_code, Number(r.n)]));
}
