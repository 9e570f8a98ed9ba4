// The household list: filters over a subtree, keyset pagination, head of household per row.
import { sql, type RawBuilder } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { DialectName } from './dialect.js';
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

/** Keyset and order of a page, the same for the rows and for their JSON. */
function paged<Q extends ReturnType<typeof filtered>>(q: Q, page: ListPage): Q {
  const columns = listSorts[page.sort];
  let out = q;
  if (page.after && page.after.length === columns.length) {
    // Keyset: the rows strictly after the last one seen, as one row-value comparison.
    const keys = sql.join(columns.map(sortExpression));
    const values = sql.join(page.after.map((v) => sql`${v}`));
    out = out.where(sql<boolean>`(${keys}) ${sql.raw(page.order === 'asc' ? '>' : '<')} (${values})`) as Q;
  }
  for (const column of columns) out = out.orderBy(sql`${sortExpression(column)} ${sql.raw(page.order)}`) as Q;
  return out.limit(page.limit) as Q;
}

// The head's name and ID number come in the same query: one member row per household.
function withHead(db: Executor, f: ListFilter) {
  return filtered(db, f).leftJoin('member as head', (join) => join.onRef('head.household_id', '=', 'household.id').on('head.relation', '=', 'head'));
}

export async function listHouseholds(db: Executor, f: ListFilter, page: ListPage): Promise<ListRow[]> {
  const q = withHead(db, f).select([
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
  const rows = await paged(q, page).execute();
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

/**
 * An ID number masked as `maskIdNumber` (domain/id-number.ts) masks it: the first 6 and last 4
 * characters kept, the rest starred; 10 characters or fewer all starred. NULL stays NULL.
 */
export function maskedIdNumber(dialect: DialectName, id: RawBuilder<unknown>): RawBuilder<string | null> {
  if (dialect === 'postgres') return sql`case when length(${id}) <= 10 then repeat('*', length(${id})) else left(${id}, 6) || repeat('*', length(${id}) - 10) || right(${id}, 4) end`;
  // SQLite has no repeat(): n zero bytes in hex are n "00" pairs, each replaced by one star.
  return sql`case when length(${id}) <= 10 then replace(hex(zeroblob(length(${id}))), '00', '*') else substr(${id}, 1, 6) || replace(hex(zeroblob(length(${id}) - 10)), '00', '*') || substr(${id}, -4) end`;
}

export interface ListJsonPage {
  /** Each row as the API's list item, JSON text built by the database, in page order. */
  readonly items: string[];
  /** The sort key of the last row (as `sortKey` gives it), for the next page's cursor. */
  readonly lastKey: (string | number)[] | null;
}

/**
 * The same page as `listHouseholds`, with each row already the API's list item as JSON text
 * (region names joined, the head's ID number masked when `maskIdNumbers`), so that a list
 * request does not build, present and re-serialise fifty objects in JavaScript.
 * Fields and their order follow `ListItemSchema` (http/schemas.ts).
 */
export async function listHouseholdsJson(db: Executor, dialect: DialectName, f: ListFilter, page: ListPage, maskIdNumbers: boolean): Promise<ListJsonPage> {
  const headId = sql.ref('head.id_number');
  const fields: [string, RawBuilder<unknown>][] = [
    ['id', sql.ref('household.id')],
    ['householdNo', sql.ref('household.household_no')],
    ['villageCode', sql.ref('household.village_code')],
    ['villageName', sql`coalesce(village_region.name, '')`],
    ['townName', sql`coalesce(town_region.name, '')`],
    ['headName', sql.ref('head.name')],
    ['headIdNumber', maskIdNumbers ? maskedIdNumber(dialect, headId) : headId],
    ['memberCount', sql.ref('household.member_count')],
    ['attribute', sql.ref('household.attribute')],
    ['mainCause', sql.ref('household.main_cause')],
    ['status', sql.ref('household.status')],
    ['identifiedYear', sql.ref('household.identified_year')],
    ['exitYear', sql.ref('household.exit_year')],
    ['version', sql.ref('household.version')],
    ['updatedAt', sql.ref('household.updated_at')],
  ];
  // PostgreSQL's json_build_object puts spaces around every colon; row_to_json writes compact text.
  const item =
    dialect === 'postgres'
      ? sql<string>`(select row_to_json(r)::text from (select ${sql.join(fields.map(([k, e]) => sql`${e} as ${sql.id(k)}`))}) r)`
      : sql<string>`json_object(${sql.join(fields.map(([k, e]) => sql`${sql.lit(k)}, ${e}`))})`;
  const columns = listSorts[page.sort];
  const q = withHead(db, f)
    .leftJoin('region as village_region', 'village_region.code', 'household.village_code')
    // Household villages are always village-level codes (validate.ts): the town is the first 9 digits.
    .leftJoin('region as town_region', (join) => join.on('town_region.code', '=', sql<string>`substr(household.village_code, 1, 9) || '000'`))
    .select([item.as('item'), ...columns.map((c, i) => sortExpression(c).as(`k${i}`))]);
  const rows = (await paged(q, page).execute()) as unknown as ({ item: string } & Record<string, string | number>)[];
  const last = rows.at(-1);
  return { items: rows.map((r) => r.item), lastKey: last ? columns.map((_, i) => last[`k${i}`] as string | number) : null };
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
