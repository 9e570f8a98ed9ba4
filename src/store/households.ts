// Household aggregate queries: the household row, its members, incomes and status events.
import type { Household, IncomeComponents, Member, StatusEvent } from '../domain/registry.js';
import { householdColumns, incomeColumns, memberColumns, toHousehold, toIncome, toMember, toStatusEvent } from './mappers.js';
import type { Executor } from './store.js';
import type { HouseholdInput, MemberInput } from '../domain/registry.js';
import { StaleVersionError, StoreError } from './errors.js';

export async function getHousehold(db: Executor, id: number): Promise<Household | undefined> {
  const row = await db.selectFrom('household').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toHousehold(row) : undefined;
}

export async function getHouseholdByNo(db: Executor, householdNo: string): Promise<Household | undefined> {
  const row = await db.selectFrom('household').selectAll().where('household_no', '=', householdNo).executeTakeFirst();
  return row ? toHousehold(row) : undefined;
}

export async function getMembers(db: Executor, householdId: number): Promise<Member[]> {
  const rows = await db.selectFrom('member').selectAll().where('household_id', '=', householdId).orderBy('id').execute();
  return rows.map(toMember);
}

export async function getIncomes(db: Executor, householdId: number): Promise<(IncomeComponents & { year: number })[]> {
  const rows = await db.selectFrom('household_income').selectAll().where('household_id', '=', householdId).orderBy('year').execute();
  return rows.map(toIncome);
}

export async function getStatusEvents(db: Executor, householdId: number): Promise<StatusEvent[]> {
  const rows = await db.selectFrom('status_event').selectAll().where('household_id', '=', householdId).orderBy('date').orderBy('id').execute();
  return rows.map(toStatusEvent);
}

/**
 * The year of each relapsed household's last exit, from its status events: the row keeps no exit
 * year after a relapse (the household is poor again), but the ledger's 脱贫年度 and the check of a
 * file against the registry need the year it exited in.
 */
export async function lastExitYears(db: Executor, householdIds: readonly number[]): Promise<Map<number, number>> {
  const years = new Map<number, number>();
  if (householdIds.length === 0) return years;
  const rows = await db
    .selectFrom('status_event')
    .select(['household_id', (eb) => eb.fn.max('date').as('date')])
    .where('type', '=', 'exited')
    .where('household_id', 'in', [...householdIds])
    .groupBy('household_id')
    .execute();
  for (const r of rows) if (r.date) years.set(r.household_id, Number(String(r.date).slice(0, 4)));
  return years;
}

/** Which of these ID numbers are already registered in a household other than `exceptHousehold`. */
export async function idNumbersTaken(db: Executor, ids: readonly string[], exceptHousehold: number | null): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db.selectFrom('member').select('id_number').where('id_number', 'in', [...ids]);
  if (exceptHousehold !== null) query = query.where('household_id', '!=', exceptHousehold);
  const rows = await query.execute();
  return new Set(rows.map((r) => r.id_number));
}

export async function insertHousehold(db: Executor, h: HouseholdInput, status: string, memberCount: number, now: string): Promise<number> {
  const row = await db
    .insertInto('household')
    .values({ ...householdColumns(h), status, exit_year: null, member_count: memberCount, version: 1, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Updates household columns if its version is still `expected`; bumps the version. */
export async function updateHouseholdRow(
  db: Executor,
  id: number,
  expected: number,
  changes: Partial<ReturnType<typeof householdColumns>> & { status?: string; exit_year?: number | null; member_count?: number },
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('household')
    .set({ ...changes, version: expected + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const current = await db.selectFrom('household').select('version').where('id', '=', id).executeTakeFirst();
    if (!current) throw new StoreError('not_found', `贫困户 ${id} 不存在`, `household ${id} not found`);
    throw new StaleVersionError(`贫困户 ${id}`, expected, current.version);
  }
  return expected + 1;
}

export async function replaceMembers(db: Executor, householdId: number, members: readonly MemberInput[]): Promise<void> {
  await db.deleteFrom('member').where('household_id', '=', householdId).execute();
  if (members.length > 0) {
    await db.insertInto('member').values(members.map((m) => ({ household_id: householdId, ...memberColumns(m) }))).execute();
  }
}

export async function upsertIncome(db: Executor, householdId: number, year: number, c: IncomeComponents): Promise<void> {
  const cols = incomeColumns(c);
  await db
    .insertInto('household_income')
    .values({ household_id: householdId, year, ...cols })
    .onConflict((oc) => oc.columns(['household_id', 'year']).doUpdateSet(cols))
    .execute();
}

export async function insertStatusEvent(db: Executor, e: StatusEvent): Promise<void> {
  await db
    .insertInto('status_event')
    .values({ household_id: e.householdId, type: e.type, date: e.date, reason: e.reason, basis: e.basis, actor: e.actor })
    .execute();
}

export async function deleteHouseholdRows(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('member').where('household_id', '=', id).execute();
  await db.deleteFrom('household_income').where('household_id', '=', id).execute();
  await db.deleteFrom('status_event').where('household_id', '=', id).execute();
  await db.deleteFrom('household').where('id', '=', id).execute();
}

export async function maxIds(db: Executor): Promise<{ household: number; member: number }> {
  const h = await db.selectFrom('household').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  const m = await db.selectFrom('member').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return { household: Number(h?.m ?? 0), member: Number(m?.m ?? 0) };
}
