// Bulk writes of assistance rows (synthetic demo data, benchmarks): column lists and id sequences.
import { sql } from 'kysely';
import type { BulkColumn, Executor, Store } from './store.js';

const col = (name: string, type: BulkColumn['type']): BulkColumn => ({ name, type });

export const bulkColumns = {
  cadre: [col('id', 'int'), col('name', 'text'), col('unit_id', 'int'), col('phone', 'text'), col('position', 'text'), col('region_code', 'text'), col('cap', 'int'), col('username', 'text'), col('created_at', 'text')],
  cadre_pairing: [col('cadre_id', 'int'), col('household_id', 'int'), col('village_code', 'text'), col('from_date', 'text'), col('to_date', 'text')],
  work_team: [col('id', 'int'), col('village_code', 'text'), col('unit_id', 'int'), col('from_date', 'text'), col('to_date', 'text')],
  work_team_member: [col('team_id', 'int'), col('village_code', 'text'), col('cadre_id', 'int'), col('role', 'text'), col('from_date', 'text'), col('to_date', 'text')],
  village_lead: [col('village_code', 'text'), col('cadre_id', 'int'), col('level', 'text'), col('from_date', 'text'), col('to_date', 'text')],
  household_plan: [col('id', 'int'), col('household_id', 'int'), col('village_code', 'text'), col('year', 'int'), col('version', 'int'), col('updated_at', 'text'), col('updated_by', 'text')],
  household_plan_measure: [col('plan_id', 'int'), col('measure_code', 'text'), col('amount_fen', 'int'), col('status', 'text'), col('note', 'text')],
  visit: [col('id', 'int'), col('household_id', 'int'), col('cadre_id', 'int'), col('village_code', 'text'), col('visit_date', 'text'), col('purpose', 'text'), col('findings', 'text'), col('latitude', 'real'), col('longitude', 'real'), col('created_at', 'text'), col('created_by', 'text')],
  visit_follow_up: [col('visit_id', 'int'), col('household_id', 'int'), col('cadre_id', 'int'), col('village_code', 'text'), col('text', 'text'), col('due_date', 'text'), col('done_date', 'text'), col('done_note', 'text'), col('done_by', 'text')],
  survey_response: [col('survey_id', 'int'), col('household_id', 'int'), col('village_code', 'text'), col('answered_at', 'text'), col('answers_json', 'text'), col('positive', 'int'), col('total', 'int'), col('created_by', 'text')],
} as const;

export type BulkTable = keyof typeof bulkColumns;

export async function bulkWrite(store: Store, trx: Executor, table: BulkTable, rows: readonly (readonly unknown[])[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 20000) await store.bulkInsert(trx, table, bulkColumns[table], rows.slice(i, i + 20000));
}

export async function nextIds(db: Executor): Promise<Record<'cadre' | 'work_team' | 'household_plan' | 'visit', number>> {
  const max = async (table: 'cadre' | 'work_team' | 'household_plan' | 'visit') => Number((await db.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0) + 1;
  return { cadre: await max('cadre'), work_team: await max('work_team'), household_plan: await max('household_plan'), visit: await max('visit') };
}

/** After explicit ids were written, PostgreSQL's identity sequences must continue after them. */
export async function syncAssistanceSequences(store: Store, trx: Executor): Promise<void> {
  if (store.dialect !== 'postgres') return;
  for (const table of ['cadre', 'work_team', 'household_plan', 'visit', 'cadre_pairing', 'work_team_member', 'village_lead', 'visit_follow_up', 'survey_response']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}

export async function countCadresUnder(db: Executor, lo: string, hi: string): Promise<number> {
  return Number((await db.selectFrom('cadre').select((eb) => eb.fn.countAll<number>().as('n')).where('region_code', '>=', lo).where('region_code', '<=', hi).executeTakeFirst())?.n ?? 0);
}
