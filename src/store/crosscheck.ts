// Cross-check queries: the registry read page by page for the comparison (only the fields a kind
// reads), the full records of members with a finding, runs and their discrepancies (the review list).
import type Database from 'better-sqlite3';
import type { CompiledQuery, Insertable, Selectable } from 'kysely';
import type { RegistryValue } from '../domain/crosscheck/registry-table.js';
import type { RegistryField, RegistryPerson } from '../domain/crosscheck/rules.js';
import { subtreeRange } from '../domain/region-code.js';
import type { CrosscheckDiscrepancyTable, CrosscheckRunTable } from './schema.js';
import type { Executor } from './store.js';
import { withKept } from './import-files.js';

/** A run, and whether the file its hash names is kept (app/workbook/kept-files.ts; runs made before comparisons kept their files have none). */
export type RunRow = Selectable<CrosscheckRunTable> & { file_kept: boolean };
export type DiscrepancyRow = Selectable<CrosscheckDiscrepancyTable>;
export type NewRun = Insertable<CrosscheckRunTable>;

const columns = [
  'h.id as hid', 'h.household_no', 'h.village_code', 'h.status', 'h.exit_year', 'h.housing_safety_grade', 'h.renovation_year', 'h.renovation_in_progress', 'h.relocation_pending',
  'm.id as mid', 'm.name', 'm.id_number', 'm.relation', 'm.school_status', 'm.health', 'm.has_resident_medical_insurance', 'm.has_employee_medical_insurance', 'm.receives_minimum_living', 'm.is_extreme_poverty',
] as const;
type Column = (typeof columns)[number];

type Row = readonly unknown[];
type Income = { minimumLiving: number; extremePoverty: number };
const num = (v: unknown): number => Number(v);
const text = (v: unknown): string => String(v ?? '');
const flag = (v: unknown): boolean => v === true || Number(v) === 1;
const orNull = <T>(v: unknown, f: (x: unknown) => T): T | null => (v === null || v === undefined ? null : f(v));
const numOrNull = (v: unknown): number | null => orNull(v, num);
const textOrNull = (v: unknown): string | null => orNull(v, text);

/** Where each registry field is read from, and how its value is typed. Allowances come from the income table. */
const fieldSource: { readonly [F in Exclude<RegistryField, 'minimumLivingAllowance' | 'extremePovertyAllowance'>]: readonly [Column, (v: unknown) => RegistryValue] } = {
  householdId: ['h.id as hid', num],
  householdNo: ['h.household_no', text],
  villageCode: ['h.village_code', text],
  householdStatus: ['h.status', text],
  exitYear: ['h.exit_year', numOrNull],
  housingSafetyGrade: ['h.housing_safety_grade', textOrNull],
  renovationYear: ['h.renovation_year', numOrNull],
  renovationInProgress: ['h.renovation_in_progress', flag],
  relocationPending: ['h.relocation_pending', flag],
  memberId: ['m.id as mid', num],
  name: ['m.name', text],
  idNumber: ['m.id_number', text],
  relation: ['m.relation', text],
  schoolStatus: ['m.school_status', text],
  health: ['m.health', text],
  hasResidentMedicalInsurance: ['m.has_resident_medical_insurance', flag],
  hasEmployeeMedicalInsurance: ['m.has_employee_medical_insurance', flag],
  receivesMinimumLiving: ['m.receives_minimum_living', flag],
  isExtremePoverty: ['m.is_extreme_poverty', flag],
};

function person(r: Row, income: Income | undefined): RegistryPerson {
  return {
    householdId: num(r[0]),
    householdNo: text(r[1]),
    villageCode: text(r[2]),
    householdStatus: text(r[3]),
    exitYear: numOrNull(r[4]),
    housingSafetyGrade: textOrNull(r[5]),
    renovationYear: numOrNull(r[6]),
    renovationInProgress: flag(r[7]),
    relocationPending: flag(r[8]),
    memberId: num(r[9]),
    name: text(r[10]),
    idNumber: text(r[11]),
    relation: text(r[12]),
    schoolStatus: text(r[13]),
    health: text(r[14]),
    hasResidentMedicalInsurance: flag(r[15]),
    hasEmployeeMedicalInsurance: flag(r[16]),
    receivesMinimumLiving: flag(r[17]),
    isExtremePoverty: flag(r[18]),
    minimumLivingAllowance: income?.minimumLiving ?? null,
    extremePovertyAllowance: income?.extremePoverty ?? null,
  };
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Runs SQL on the better-sqlite3 handle as raw arrays, through a statement prepared once. */
function rawRows(raw: Database.Database, text: string, parameters: readonly unknown[]): Row[] {
  let cache = statements.get(raw);
  if (!cache) statements.set(raw, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = raw.prepare(text).raw(true)));
  return stmt.all(...parameters) as Row[];
}

/** Runs a compiled query; on SQLite as raw arrays (ten million rows as objects cost twice as much). */
async function rowsOf(raw: Database.Database | undefined, q: { compile(): CompiledQuery; execute(): Promise<object[]> }): Promise<Row[]> {
  if (!raw) return (await q.execute()).map((o) => Object.values(o));
  const compiled = q.compile();
  return rawRows(raw, compiled.sql, compiled.parameters);
}

/** The latest income year's allowances of some households (a range of ids, or a list), when the kind compares amounts. */
async function latestIncomes(db: Executor, households: { from: number; to: number } | { ids: readonly number[] }): Promise<Map<number, Income>> {
  let q = db.selectFrom('household_income').select(['household_id', 'year', 'minimum_living_allowance', 'extreme_poverty_allowance']);
  q = 'ids' in households ? q.where('household_id', 'in', households.ids.length > 0 ? [...households.ids] : [0]) : q.where('household_id', '>=', households.from).where('household_id', '<=', households.to);
  const latest = new Map<number, Income & { year: number }>();
  for (const i of await q.execute()) {
    const seen = latest.get(i.household_id);
    if (!seen || seen.year < i.year) latest.set(i.household_id, { year: i.year, minimumLiving: Number(i.minimum_living_allowance), extremePoverty: Number(i.extreme_poverty_allowance) });
  }
  return latest;
}

export interface RegistryRead {
  /** Members per page; a household is never split, one larger than a page is read whole. */
  readonly pageSize?: number;
  /** The better-sqlite3 handle, to read raw arrays through cached statements. */
  readonly raw?: Database.Database;
}

/**
 * The members under a region with only the given fields, in household order, page by page (each
 * row's values in the order of `fields`). The comparison reads the registry this way: a kind's
 * rules need a few of the twenty fields, and every column read costs across ten million rows.
 */
export async function* registryRows(db: Executor, under: string, fields: readonly RegistryField[], opts: RegistryRead = {}): AsyncGenerator<RegistryValue[][]> {
  const [lo, hi] = subtreeRange(under);
  const allowances = ['minimumLivingAllowance', 'extremePovertyAllowance'].filter((f) => fields.includes(f as RegistryField));
  const sqlFields = fields.slice(0, fields.length - allowances.length) as (keyof typeof fieldSource)[];
  // Rows are typed in place (no second array per member): the allowances, read apart, come last.
  if (sqlFields.some((f) => !(f in fieldSource))) throw new Error('the allowances must come last among the registry fields read');
  const selected: Column[] = sqlFields.map((f) => fieldSource[f][0]);
  const convert = sqlFields.map((f) => fieldSource[f][1]);
  const hid = sqlFields.indexOf('householdId');
  if (hid < 0) throw new Error('the registry is read by household: householdId must be among the fields');
  let limit = opts.pageSize ?? 20_000;
  for (let after = 0; ; ) {
    const q = db
      .selectFrom('household as h')
      .innerJoin('member as m', 'm.household_id', 'h.id')
      .select(selected)
      .where('h.village_code', '>=', lo)
      .where('h.village_code', '<=', hi)
      .where('h.id', '>', after)
      .orderBy('h.id')
      .orderBy('m.id')
      .limit(limit);
    let rows = (await rowsOf(opts.raw, q)) as unknown[][];
    const full = rows.length === limit;
    if (full) {
      const lastId = rows[rows.length - 1]?.[hid];
      const cut = rows.findIndex((r) => r[hid] === lastId);
      if (cut === 0) {
        // One household filled the page: read again with room for all of it.
        limit *= 2;
        continue;
      }
      rows = rows.slice(0, cut);
    }
    limit = opts.pageSize ?? 20_000;
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (!first || !last) return;
    const latest = allowances.length > 0 ? await latestIncomes(db, { from: num(first[hid]), to: num(last[hid]) }) : null;
    for (const r of rows) {
      for (let k = 0; k < convert.length; k++) r[k] = (convert[k] as (v: unknown) => RegistryValue)(r[k]);
      if (latest) {
        const income = latest.get(r[hid] as number);
        for (const a of allowances) r.push(a === 'minimumLivingAllowance' ? (income?.minimumLiving ?? null) : (income?.extremePoverty ?? null));
      }
    }
    yield rows as RegistryValue[][];
    if (!full) return;
    after = num(last[hid]);
  }
}

/**
 * Full registry records of the given members (those with a finding: both records are kept side
 * by side), with the latest allowances when asked.
 */
export async function registryPersons(db: Executor, memberIds: readonly number[], opts: { incomes: boolean; raw?: Database.Database }): Promise<Map<number, RegistryPerson>> {
  const out = new Map<number, RegistryPerson>();
  const chunk = 500;
  const query = (ids: number[]) => db.selectFrom('household as h').innerJoin('member as m', 'm.household_id', 'h.id').select([...columns]).where('m.id', 'in', ids);
  // Compiled once: building a query of 500 parameters costs more than running it. Short chunks
  // repeat their last id (a member listed twice in `in` is read once).
  const sqlText = opts.raw ? query(Array.from({ length: chunk }, () => 0)).compile().sql : null;
  for (let k = 0; k < memberIds.length; k += chunk) {
    const ids = memberIds.slice(k, k + chunk);
    let rows: Row[];
    if (sqlText !== null && opts.raw) {
      while (ids.length < chunk) ids.push(ids[ids.length - 1] ?? 0);
      rows = rawRows(opts.raw, sqlText, ids);
    } else rows = await rowsOf(opts.raw, query(ids));
    const latest = opts.incomes ? await latestIncomes(db, { ids: [...new Set(rows.map((r) => num(r[0])))] }) : null;
    for (const r of rows) out.set(num(r[9]), person(r, latest?.get(num(r[0]))));
  }
  return out;
}

export async function insertRun(db: Executor, row: NewRun): Promise<number> {
  const r = await db.insertInto('crosscheck_run').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRun(db: Executor, id: number, change: { file_sha256: string; counts_json: string }): Promise<void> {
  await db.updateTable('crosscheck_run').set(change).where('id', '=', id).execute();
}

function runs(db: Executor) {
  return db
    .selectFrom('crosscheck_run')
    .selectAll('crosscheck_run')
    .select((eb) => eb.exists(eb.selectFrom('import_file').select('import_file.sha256').whereRef('import_file.sha256', '=', 'crosscheck_run.file_sha256')).as('file_kept'));
}

export async function getRun(db: Executor, id: number): Promise<RunRow | undefined> {
  const r = await runs(db).where('crosscheck_run.id', '=', id).executeTakeFirst();
  return r && withKept(r);
}

export async function listRuns(db: Executor, under: string, limit = 100): Promise<RunRow[]> {
  const [lo, hi] = subtreeRange(under);
  return (await runs(db).where('crosscheck_run.under_code', '>=', lo).where('crosscheck_run.under_code', '<=', hi).orderBy('crosscheck_run.id', 'desc').limit(limit).execute()).map(withKept);
}

export interface DiscrepancyFilter {
  readonly under: string;
  readonly runId?: number;
  readonly status?: string;
  readonly type?: string;
  /** Only these dataset kinds (a department sees its own). */
  readonly kinds?: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

export async function listDiscrepancies(db: Executor, f: DiscrepancyFilter): Promise<{ items: DiscrepancyRow[]; total: number }> {
  const [lo, hi] = subtreeRange(f.under);
  let q = db.selectFrom('crosscheck_discrepancy').where('village_code', '>=', lo).where('village_code', '<=', hi);
  if (f.runId !== undefined) q = q.where('run_id', '=', f.runId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  if (f.kinds !== undefined) q = q.where('kind', 'in', f.kinds.length > 0 ? [...f.kinds] : ['']);
  const [items, total] = await Promise.all([q.selectAll().orderBy('id').limit(f.limit).offset(f.offset).execute(), q.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  return { items, total: Number(total.n) };
}

export async function countByStatus(db: Executor, runId: number): Promise<Record<string, number>> {
  const rows = await db.selectFrom('crosscheck_discrepancy').select(['status', (e) => e.fn.countAll<number>().as('n')]).where('run_id', '=', runId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export const getDiscrepancy = (db: Executor, id: number): Promise<DiscrepancyRow | undefined> => db.selectFrom('crosscheck_discrepancy').selectAll().where('id', '=', id).executeTakeFirst();

/** Closes an open discrepancy if its version still matches; false when someone else got there first. */
export async function closeDiscrepancy(db: Executor, id: number, version: number, change: { status: string; note: string; problem_id: number | null; resolved_by: string; resolved_at: string }): Promise<boolean> {
  const r = await db.updateTable('crosscheck_discrepancy').set({ ...change, version: version + 1 }).where('id', '=', id).where('version', '=', version).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setRunBatch(db: Executor, id: number, batchId: number): Promise<void> {
  await db.updateTable('crosscheck_run').set({ batch_id: batchId }).where('id', '=', id).execute();
}

export async function problemIdOf(db: Executor, batchId: number, problemNo: string): Promise<number | undefined> {
  const r = await db.selectFrom('rectification_problem').select('id').where('batch_id', '=', batchId).where('problem_no', '=', problemNo).executeTakeFirst();
  return r?.id;
}
