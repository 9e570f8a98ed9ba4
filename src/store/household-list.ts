// The household list: filters over a subtree, keyset pagination, head of household per row.
import { sql, type RawBuilder } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import { preparedStatement, type DialectName } from './dialect.js';
import type { Executor } from './store.js';

/**
 * Sort orders and the columns that make each total. The default, village then household
 * number, follows the indexes of migration 003 so a page is read in order and not sorted.
 * Nullable columns sort through coalesce() so that tuple comparison in the keyset works.
 */
export const listSorts = {
  village: ['household.village_code', 'household.household_no'],
  householdNo: ['household.household_no'],
  identifiedYear: ['household.identified_year', 'household.household_no'],
  memberCount: ['household.member_count', 'household.household_no'],
  exitYear: ['coalesce(household.exit_year, 0)', 'household.household_no'],
  updatedAt: ['household.updated_at', 'household.household_no'],
} as const;
export type ListSort = keyof typeof listSorts;

export interface ListFilter {
  readonly region: string; // 12-digit; the caller has already intersected it with the user's scope
  /** One status, or several joined by commas. */
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

/*
 * The list queries are written with sql`` fragments rather than the query builder: building and
 * compiling the builder's tree cost about 0.15 ms per request, more than SQLite takes to read a
 * 50-row page. Fragments compile in about a tenth of that, and Kysely still writes each dialect's
 * placeholders. Columns are qualified because the page query joins member and region.
 */
export function householdConditions(f: ListFilter): RawBuilder<unknown> {
  const [lo, hi] = subtreeRange(f.region);
  const c = [sql`household.village_code >= ${lo}`, sql`household.village_code <= ${hi}`];
  if (f.status) {
    const statuses = [...new Set(f.status.split(','))];
    c.push(statuses.length === 1 ? sql`household.status = ${statuses[0]}` : sql`household.status in (${sql.join(statuses)})`);
  }
  if (f.cause) c.push(sql`household.main_cause = ${f.cause}`);
  if (f.attribute) c.push(sql`household.attribute = ${f.attribute}`);
  if (f.exitYear !== undefined) c.push(sql`household.exit_year = ${f.exitYear}`);
  if (f.identifiedYear !== undefined) c.push(sql`household.identified_year = ${f.identifiedYear}`);
  const text = f.q?.trim();
  if (text) {
    if (/^\d{6,}[\dXx]?$/.test(text)) {
      const upper = text.toUpperCase();
      const member = upper.length === 18 ? sql`id_number = ${upper}` : sql`id_number like ${`%${upper}`}`;
      c.push(sql`(household.household_no like ${`${upper}%`} or household.id in (select household_id from member where ${member}))`);
    } else {
      c.push(sql`(household.household_no like ${`${text}%`} or household.id in (select household_id from member where name like ${`${text.replace(/[%_]/g, '')}%`}))`);
    }
  }
  return sql.join(c, sql` and `);
}

export async function countHouseholds(db: Executor, f: ListFilter): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`${sql.raw(preparedStatement)}select count(*) as n from household where ${householdConditions(f)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function pageQuery(select: RawBuilder<unknown>, joins: RawBuilder<unknown>, f: ListFilter, page: ListPage): RawBuilder<unknown> {
  return sql`${sql.raw(preparedStatement)}${pageBody(select, joins, f, page)}`;
}

function sortExpression(column: string): RawBuilder<unknown> {
  return column.startsWith('coalesce(') ? sql.raw(column) : sql.ref(column);
}

/** Filter, keyset, order and limit of a page, the same for the rows and for their JSON. */
function pageBody(select: RawBuilder<unknown>, joins: RawBuilder<unknown>, f: ListFilter, page: ListPage): RawBuilder<unknown> {
  const columns = listSorts[page.sort];
  const where = [householdConditions(f)];
  if (page.after && page.after.length === columns.length) {
    // Keyset: the rows strictly after the last one seen, as one row-value comparison.
    const keys = sql.join(columns.map(sortExpression));
    const values = sql.join(page.after.map((v) => sql`${v}`));
    where.push(sql`(${keys}) ${sql.raw(page.order === 'asc' ? '>' : '<')} (${values})`);
  }
  const order = sql.join(columns.map((column) => sql`${sortExpression(column)} ${sql.raw(page.order)}`));
  // The head's name and ID number come in the same query: one member row per household.
  return sql`select ${select} from household left join member as head on head.household_id = household.id and head.relation = 'head' ${joins} where ${sql.join(where, sql` and `)} order by ${order} limit ${page.limit}`;
}

interface RowRecord {
  id: number;
  household_no: string;
  village_code: string;
  member_count: number;
  attribute: string;
  main_cause: string;
  status: string;
  identified_year: number;
  exit_year: number | null;
  version: number;
  updated_at: string;
  head_name: string | null;
  head_id_number: string | null;
}

const rowColumns = sql.raw(
  'household.id as id, household.household_no, household.village_code, household.member_count, household.attribute, household.main_cause, household.status, household.identified_year, household.exit_year, household.version, household.updated_at, head.name as head_name, head.id_number as head_id_number',
);

export async function listHouseholds(db: Executor, f: ListFilter, page: ListPage): Promise<ListRow[]> {
  const { rows } = await (pageQuery(rowColumns, sql``, f, page) as RawBuilder<RowRecord>).execute(db);
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
export function maskedIdNumber(dialect: DialectName, column: string): string {
  const c = column;
  if (dialect === 'postgres') return `case when length(${c}) <= 10 then repeat('*', length(${c})) else left(${c}, 6) || repeat('*', length(${c}) - 10) || right(${c}, 4) end`;
  // SQLite has no repeat(): n zero bytes in hex are n "00" pairs, each replaced by one star.
  return `case when length(${c}) <= 10 then replace(hex(zeroblob(length(${c}))), '00', '*') else substr(${c}, 1, 6) || replace(hex(zeroblob(length(${c}) - 10)), '00', '*') || substr(${c}, -4) end`;
}

/** The list item's fields in the order of `ListItemSchema` (http/schemas.ts), as SQL expressions. */
function itemFields(dialect: DialectName, maskIdNumbers: boolean): [string, string][] {
  return [
    ['id', 'household.id'],
    ['householdNo', 'household.household_no'],
    ['villageCode', 'household.village_code'],
    ['villageName', "coalesce(village_region.name, '')"],
    ['townName', "coalesce(town_region.name, '')"],
    ['headName', 'head.name'],
    ['headIdNumber', maskIdNumbers ? maskedIdNumber(dialect, 'head.id_number') : 'head.id_number'],
    ['memberCount', 'household.member_count'],
    ['attribute', 'household.attribute'],
    ['mainCause', 'household.main_cause'],
    ['status', 'household.status'],
    ['identifiedYear', 'household.identified_year'],
    ['exitYear', 'household.exit_year'],
    ['version', 'household.version'],
    ['updatedAt', 'household.updated_at'],
  ];
}

/*
 * How PostgreSQL writes each field into the item's JSON text. row_to_json and json_build_object
 * look up every column's type and output function again for every row; concatenation does not,
 * and cut the backend's time for a 50-row page from 0.52 to 0.42 ms (pgbench, one connection).
 * Fields that validation keeps JSON-safe are written between quotes as they are: household
 * numbers are [0-9A-Za-z-] (domain/validate.ts), region codes digits, code-list values ASCII
 * identifiers, update times ISO text. Free text (names, ID numbers) goes through to_json.
 */
const pgFieldKinds: Record<string, 'number' | 'nullableNumber' | 'safeText' | 'text' | 'nullableText'> = {
  id: 'number',
  householdNo: 'safeText',
  villageCode: 'safeText',
  villageName: 'text',
  townName: 'text',
  headName: 'nullableText',
  headIdNumber: 'nullableText',
  memberCount: 'number',
  attribute: 'safeText',
  mainCause: 'safeText',
  status: 'safeText',
  identifiedYear: 'number',
  exitYear: 'nullableNumber',
  version: 'number',
  updatedAt: 'safeText',
};

function pgItemJson(fields: [string, string][]): string {
  const parts = fields.map(([key, e], i) => {
    const name = `${i === 0 ? '{' : ','}"${key}":`;
    switch (pgFieldKinds[key]) {
      case 'number':
        return `'${name}' || ${e}`;
      case 'nullableNumber':
        return `'${name}' || coalesce((${e})::text, 'null')`;
      case 'safeText':
        return `'${name}"' || ${e} || '"'`;
      case 'text':
        return `'${name}' || to_json(${e})::text`;
      case 'nullableText':
        return `'${name}' || coalesce(to_json(${e})::text, 'null')`;
      default:
        throw new Error(`list item field ${key} has no JSON kind`);
    }
  });
  return `(${parts.join(' || ')} || '}')`;
}

const itemJsonTexts = new Map<string, RawBuilder<string>>();

/** The JSON text of one list item; four variants (dialect, masking), each written once. */
function itemJson(dialect: DialectName, maskIdNumbers: boolean): RawBuilder<string> {
  const key = `${dialect}:${maskIdNumbers}`;
  let text = itemJsonTexts.get(key);
  if (!text) {
    const fields = itemFields(dialect, maskIdNumbers);
    text = sql.raw(dialect === 'postgres' ? pgItemJson(fields) : `json_object(${fields.map(([k, e]) => `'${k}', ${e}`).join(', ')})`);
    itemJsonTexts.set(key, text);
  }
  return text;
}

// Household villages are always village-level codes (validate.ts): the town is the first 9 digits.
const regionJoins = sql.raw(
  "left join region as village_region on village_region.code = household.village_code left join region as town_region on town_region.code = substr(household.village_code, 1, 9) || '000'",
);

export interface ListJsonPage {
  /** The page's items, each the API's list item as JSON, joined by commas in page order. */
  readonly itemsText: string;
  readonly count: number;
  /** The sort key of the last row (as `sortKey` gives it), for the next page's cursor. */
  readonly lastKey: (string | number)[] | null;
}

/** The sort key of the last item of a page, read back from its JSON. */
function lastItemKey(itemsText: string, sort: ListSort): (string | number)[] | null {
  if (!itemsText) return null;
  // Each item starts with {"id": and names and ID numbers are escaped JSON strings, so the
  // last ',{"id":' outside a string is the start of the last item.
  const start = itemsText.lastIndexOf(',{"id":');
  const item = JSON.parse(itemsText.slice(start + 1)) as ListRow;
  return sortKey(item, sort);
}

/**
 * The same page as `listHouseholds`, with each row already the API's list item as JSON text
 * (region names joined, the head's ID number masked when `maskIdNumbers`), so that a list
 * request does not build, present and re-serialise fifty objects in JavaScript. PostgreSQL
 * joins the page into one text, so the driver reads one row instead of fifty.
 */
export async function listHouseholdsJson(db: Executor, dialect: DialectName, f: ListFilter, page: ListPage, maskIdNumbers: boolean): Promise<ListJsonPage> {
  const columns = listSorts[page.sort];
  const keys = columns.map((c, i) => sql`${sortExpression(c)} as ${sql.raw(`k${i}`)}`);
  const select = sql`${itemJson(dialect, maskIdNumbers)} as item, ${sql.join(keys)}`;
  if (dialect === 'postgres') {
    const order = sql.join(columns.map((_, i) => sql.raw(`k${i} ${page.order}`)));
    const { rows } = await sql<{ items: string | null; n: number | string }>`${sql.raw(preparedStatement)}select string_agg(item, ',' order by ${order}) as items, count(*) as n from (${pageBody(select, regionJoins, f, page)}) page`.execute(db);
    const itemsText = rows[0]?.items ?? '';
    return { itemsText, count: Number(rows[0]?.n ?? 0), lastKey: lastItemKey(itemsText, page.sort) };
  }
  const { rows } = await (pageQuery(select, regionJoins, f, page) as RawBuilder<{ item: string } & Record<string, string | number>>).execute(db);
  const last = rows.at(-1);
  return { itemsText: rows.map((r) => r.item).join(','), count: rows.length, lastKey: last ? columns.map((_, i) => last[`k${i}`] as string | number) : null };
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
