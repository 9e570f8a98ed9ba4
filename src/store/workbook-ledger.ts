// Ledger export reads: households of a subtree in (village, household number) order, a page at a
// time by keyset, so that a million-row export holds one page in memory.
import type { SqlBool, Expression } from 'kysely';
import type { Household, IncomeComponents, Member } from '../domain/registry.js';
import { lastExitYears } from './households.js';
import { householdConditions, type ListFilter } from './household-list.js';
import { toHousehold, toIncome, toMember } from './mappers.js';
import type { Executor } from './store.js';

/** What identifies a household in a ledger row. */
export interface LedgerKey {
  readonly id: number;
  readonly householdNo: string;
  readonly villageCode: string;
}

/** What a page reads besides the households' keys; a sheet of members needs no household columns. */
export interface LedgerWant {
  /** Every household column (the default), or the keys alone. */
  readonly households?: 'full' | 'keys';
  /** Every member, the heads' names alone (`headNames`), or none. */
  readonly members: boolean | 'heads';
  readonly incomes: boolean;
}

export interface LedgerPage {
  /** Empty when only keys were asked for. */
  readonly households: Household[];
  readonly keys: readonly LedgerKey[];
  readonly members: Map<number, Member[]>;
  /** Household id → its head's name, when the heads alone were asked for. */
  readonly headNames: Map<number, string>;
  readonly incomes: Map<number, (IncomeComponents & { year: number })[]>;
  /** Household id → the year of its last exit, for the relapsed households of the page (full pages only). */
  readonly relapsedExitYears: Map<number, number>;
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
  want: LedgerWant,
  filter?: ListFilter,
): Promise<LedgerPage> {
  const full = want.households !== 'keys';
  let q = db.selectFrom('household').where('village_code', '>=', range[0]).where('village_code', '<=', range[1]);
  if (filter) q = q.where(householdConditions(filter) as Expression<SqlBool>);
  if (after) {
    const [village, no] = after;
    q = q.where((eb) => eb.or([eb('village_code', '>', village), eb.and([eb('village_code', '=', village), eb('household_no', '>', no)])]));
  }
  q = q.orderBy('village_code').orderBy('household_no').limit(limit);
  const households = full ? (await q.selectAll().execute()).map(toHousehold) : [];
  const keys: LedgerKey[] = full
    ? households
    : (await q.select(['id', 'household_no', 'village_code']).execute()).map((r) => ({ id: r.id, householdNo: r.household_no, villageCode: r.village_code }));
  const relapsedExitYears = await lastExitYears(db, households.filter((h) => h.status === 'relapsed').map((h) => h.id));
  const members = new Map<number, Member[]>();
  const headNames = new Map<number, string>();
  const incomes = new Map<number, (IncomeComponents & { year: number })[]>();
  const ids = keys.map((h) => h.id);
  if (ids.length > 0 && want.members === 'heads') {
    // Two columns, not the member's twenty-six: reading whole rows was most of a household sheet's time.
    const heads = await db.selectFrom('member').select(['household_id', 'name']).where('household_id', 'in', ids).where('relation', '=', 'head').orderBy('household_id').orderBy('id').execute();
    for (const m of heads) if (!headNames.has(m.household_id)) headNames.set(m.household_id, m.name);
  } else if (ids.length > 0 && want.members) {
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
  const last = keys.at(-1);
  return { households, keys, members, headNames, incomes, relapsedExitYears, next: last && keys.length === limit ? [last.villageCode, last.householdNo] : null };
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
