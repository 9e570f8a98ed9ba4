// The household list: filters over a subtree, keyset pagination, head of household per row.
import { sql } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { Executor } from './store.js';

/**
 * Sort orders and the columns that make each total. The default, village then household
 * number, follows the indexes of migration 003 so a page is read in order and not sorted.
 * Nullable columns sort through coalesce() so that tuple comparison in the keyset works.
 */
export const listSorts = {
  village: ['village_code', 'household_no'],
  householdNo: ['household_no'],
  identifiedYear: ['identified_year', 'household_no'],
  memberCount: ['member_count', 'household_no'],
  exitYear: ['coalesce(exit_year, 0)', 'household_no'],
  updatedAt: ['updated_at', 'household_no'],
} as const;
export type ListSort = keyof typeof listSorts;

export interface ListFilter {
  readonly region: string; // 12-digit; the caller has already intersected it with the user's scope
  readonly status?: string | undefined;
  readonly cause?: string | undefined;
  readonly attribute?: string | undefined;
  readonly exitYear?: number | undefined;
  readonly identifiedYear?: number | undefined;
  /** Free text: a name, an ID number (or its last digits), or a household number. */
  readonly q?: string | undefined;
}

export interface ListPage {
  readonly sort: ListSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  /** The sort key of the last row seen (one value per sort column). */
  readonly after: readonly (string | number)[] | null;
}

export interface ListRow {
  id: number;
  householdNo: string;
  villageCode: string;
  memberCount: number;
  attribute: string;
  mainCause: string;
  status: string;
  identifiedYear: number;
  exitYear: number | null;
  version: number;
  updatedAt: string;
  headName: string | null;
  headIdNumber: string | null;
}

function filtered(db: Executor, f: ListFilter) {
  const [lo, hi] = subtreeRange(f.region);
  let q = db.selectFrom('household').where('village_code', '>=', lo).where('village_code', '<=', hi);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.cause) q = q.where('main_cause', '=', f.cause);
  if (f.attribute) q = q.where('attribute', '=', f.attribute);
  if (f.exitYear !== undefined) q = q.where('exit_year', '=', f.exitYear);
  if (f.identifiedYear !== undefined) q = q.where('identified_year', '=', f.identifiedYear);
  const text = f.q?.trim();
  if (text) {
    if (/^\d{6,}[\dXx]?$/.test(text)) {
      const upper = text.toUpperCase();
      q = q.where((eb) =>
        eb.or([
          eb('household_no', 'like', `${upper}%`),
          eb('household.id', 'in', eb.selectFrom('member').select('household_id').where('id_number', upper.length === 18 ? '=' : 'like', upper.length === 18 ? upper : `%${upper}`)),
        ]),
      );
    } else {
      q = q.where((eb) =>
        eb.or([eb('household_no', 'like', `${text}%`), eb('household.id', 'in', eb.selectFrom('member').select('household_id').where('name', 'like', `${text.replace(/[%_]/g, '')}%`))]),
      );
    }
  }
  return q;
}

export async function countHouseholds(db: Executor, f: ListFilter): Promise<number> {
  const row = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

function sortExpression(column: string) {
  return column.startsWith('coalesce(') ? sql.raw(column) : sql.ref(column);
}

export async function listHouseholds(db: Executor, f: ListFilter, page: ListPage): Promise<ListRow[]> {
  const columns = listSorts[page.sort];
  let q = filtered(db, f)
    // The head's name and ID number come in the same query: one member row per household.
    .leftJoin('member as head', (join) => join.onRef('head.household_id', '=', 'household.id').on('head.relation', '=', 'head'))
    .select([
      'household.id as id',
      'household_no',
      'village_code',
      'member_count',
      'attribute',
      'main_cause',
      'status',
      'identified_year',
      'exit_year',
      'version',
      'updated_at',
      'head.name as head_name',
      'head.id_number as head_id_number',
    ]);
  if (page.after && page.after.length === columns.length) {
    // Keyset: the rows strictly after the last one seen, as one row-value comparison.
    const keys = sql.join(columns.map(sortExpression));
    const values = sql.join(page.after.map((v) => sql`${v}`));
    q = q.where(sql<boolean>`(${keys}) ${sql.raw(page.order === 'asc' ? '>' : '<')} (${values})`);
  }
  for (const column of columns) q = q.orderBy(sql`${sortExpression(column)} ${sql.raw(page.order)}`);
  const rows = await q.limit(page.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    householdNo: r.household_no,
    villageCode: r.village_code,
    memberCount: r.member_count,
    attribute: r.attribute,
    mainCause: r.main_cause,
    status: r.status,
    identifiedYear: r.identified_year,
    exitYear: r.exit_year,
    version: r.version,
    updatedAt: r.updated_at,
    headName: r.head_name,
    headIdNumber: r.head_id_number,
  }));
}

/** The sort key of a row, as the keyset of the next page. */
export function sortKey(row: ListRow, sort: ListSort): (string | number)[] {
  const second = row.householdNo;
  switch (sort) {
    case 'village':
      return [row.villageCode, second];
    case 'householdNo':
      return [second];
    case 'identifiedYear':
      return [row.identifiedYear, second];
    case 'memberCount':
      return [row.memberCount, second];
    case 'exitYear':
      return [row.exitYear ?? 0, second];
    case 'updatedAt':
      return [row.updatedAt, second];
  }
}
