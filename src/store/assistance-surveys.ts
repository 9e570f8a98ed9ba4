// Surveys and their responses; rates are summed per village (positive answers / answers).
import type { Insertable, Selectable } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { SurveyResponseTable, SurveyTable } from './assistance-schema.js';
import type { Executor } from './store.js';

export type SurveyRow = Selectable<SurveyTable>;

export async function insertSurvey(db: Executor, row: Insertable<SurveyTable>): Promise<number> {
  return (await db.insertInto('survey').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const getSurvey = (db: Executor, id: number) => db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();

/** Surveys run in the subtree, or by one of its ancestors (which then cover it). */
export async function listSurveys(db: Executor, under: string, ancestors: readonly string[]): Promise<SurveyRow[]> {
  const [lo, hi] = subtreeRange(under);
  return db
    .selectFrom('survey')
    .selectAll()
    .where((w) => w.or([w.and([w('region_code', '>=', lo), w('region_code', '<=', hi)]), ...(ancestors.length > 0 ? [w('region_code', 'in', [...ancestors])] : [])]))
    .orderBy('id', 'desc')
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
