// Ledger export reads: households of a subtree in (village, household number) order, a page at a
// time by keyset, so that a million-row export holds one page in memory.
import type { SqlBool, Expression } from 'kysely';
import type { Household, IncomeComponents, Member } from '../domain/registry.js';
import { householdConditions, type ListFilter } from './household-list.js';
import { toHousehold, toIncome, toMember } from './mappers.js';
import type { Executor } from './store.js';

export interface LedgerPage {
  readonly households: Household[];
  readonly members: Map<number, Member[]>;
  readonly incomes: Map<number, (IncomeComponents & { year: number })[]>;
  readonly next: readonly [string, string] | null;
}

/**
 * One page of the subtree's households in ledger order; with `filter`, only those the household
 * list shows for the same filter (the list's own conditions), so that a list exports as it reads.
 */
export async function ledgerPage(
  db: Executor,
  range: readonly [string, string],
  after: readonly [string, string] | null,
  limit: number,
  want: { members: boolean; incomes: boolean },
  filter?: ListFilter,
): Promise<LedgerPage> {
  let q = db.selectFrom('household').selectAll().where('village_code', '>=', range[0]).where('village_code', '<=', range[1]);
  if (filter) q = q.where(householdConditions(filter) as Expression<SqlBool>);
  if (after) {
    const [village, no] = after;
    q = q.where((eb) => eb.or([eb('village_code', '>', village), eb.and([eb('village_code', '=', village), eb('household_no', '>', no)])]));
  }
  const rows = await q.orderBy('village_code').orderBy('household_no').limit(limit).execute();
  const households = rows.map(toHousehold);
  const members = new Map<number, Member[]>();
  const incomes = new Map<number, (IncomeComponents & { year: number })[]>();
  const ids = households.map((h) => h.id);
  if (ids.length > 0 && want.members) {
    for (const m of await db.selectFrom('member').selectAll().where('household_id', 'in', ids).orderBy('household_id').orderBy('id').execute()) {
      const list = members.get(m.household_id) ?? [];
      list.push(toMember(m));
      members.set(m.household_id, list);
    }
  }
  if (ids.length > 0 && want.incomes) {
    for (const i of await db.selectFrom('household_income').selectAll().where('household_id', 'in', ids).orderBy('household_id').orderBy('year').execute()) {
      const list = incomes.get(i.household_id) ?? [];
      list.push(toIncome(i));
      incomes.set(i.household_id, list);
    }
  }
  const last = households.at(-1);
  return { households, members, incomes, next: last && households.length === limit ? [last.villageCode, last.householdNo] : null };
}

/** Names of the regions of a subtree down to towns and villages, for the name columns. */
export async function regionNamesUnder(db: Executor, range: readonly [string, string], ancestors: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where((eb) => eb.or([eb.and([eb('code', '>=', range[0]), eb('code', '<=', range[1])]), ...(ancestors.length > 0 ? [eb('code', 'in', [...ancestors])] : [])]))
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
