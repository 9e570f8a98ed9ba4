// Cross-check queries: the registry read page by page for the comparison, runs and their
// discrepancies (the review list).
import type Database from 'better-sqlite3';
import type { CompiledQuery, Insertable, Selectable } from 'kysely';
import type { RegistryPerson } from '../domain/crosscheck/rules.js';
import { subtreeRange } from '../domain/region-code.js';
import type { CrosscheckDiscrepancyTable, CrosscheckRunTable } from './schema.js';
import type { Executor } from './store.js';

export type RunRow = Selectable<CrosscheckRunTable>;
export type DiscrepancyRow = Selectable<CrosscheckDiscrepancyTable>;

export interface RegistryPage {
  /** Each household's members, in household order. */
  readonly households: RegistryPerson[][];
  /** The last household id of the page, or null after the last page. */
  readonly next: number | null;
}

const columns = [
  'h.id as hid', 'h.household_no', 'h.village_code', 'h.status', 'h.exit_year', 'h.housing_safety_grade', 'h.renovation_year', 'h.renovation_in_progress', 'h.relocation_pending',
  'm.id as mid', 'm.name', 'm.id_number', 'm.relation', 'm.school_status', 'm.health', 'm.has_resident_medical_insurance', 'm.has_employee_medical_insurance', 'm.receives_minimum_living', 'm.is_extreme_poverty',
] as const;

type Row = readonly unknown[];
const num = (v: unknown): number => Number(v);
const text = (v: unknown): string => String(v ?? '');
const orNull = <T>(v: unknown, f: (x: unknown) => T): T | null => (v === null || v === undefined ? null : f(v));

function person(r: Row, income: { minimumLiving: number; extremePoverty: number } | undefined): RegistryPerson {
  return {
    householdId: num(r[0]),
    householdNo: text(r[1]),
    villageCode: text(r[2]),
    householdStatus: text(r[3]),
    exitYear: orNull(r[4], num),
    housingSafetyGrade: orNull(r[5], text),
    renovationYear: orNull(r[6], num),
    renovationInProgress: num(r[7]) === 1,
    relocationPending: num(r[8]) === 1,
    memberId: num(r[9]),
    name: text(r[10]),
    idNumber: text(r[11]),
    relation: text(r[12]),
    schoolStatus: text(r[13]),
    health: text(r[14]),
    hasResidentMedicalInsurance: num(r[15]) === 1,
    hasEmployeeMedicalInsurance: num(r[16]) === 1,
    receivesMinimumLiving: num(r[17]) === 1,
    isExtremePoverty: num(r[18]) === 1,
    minimumLivingAllowance: income?.minimumLiving ?? null,
    extremePovertyAllowance: income?.extremePoverty ?? null,
  };
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Runs a compiled query; on SQLite as raw arrays through a cached statement (ten million rows as objects cost twice as much). */
async function rowsOf(db: Executor, raw: Database.Database | undefined, q: { compile(): CompiledQuery; execute(): Promise<object[]> }): Promise<Row[]> {
  if (!raw) return (await q.execute()).map((o) => Object.values(o));
  const compiled = q.compile();
  let cache = statements.get(raw);
  if (!cache) statements.set(raw, (cache = new Map()));
  let stmt = cache.get(compiled.sql);
  if (!stmt) cache.set(compiled.sql, (stmt = raw.prepare(compiled.sql).raw(true)));
  return stmt.all(...compiled.parameters) as Row[];
}

/**
 * One page of the registry under a region: members joined to their households, in household
 * order, at most `limit` members and never a household split between pages. Allowances of the
 * latest income year only when the kind compares amounts.
 */
export async function registryPage(db: Executor, under: string, after: number, limit: number, opts: { incomes: boolean; raw?: Database.Database }): Promise<RegistryPage> {
  const [lo, hi] = subtreeRange(under);
  const q = db
    .selectFrom('household as h')
    .innerJoin('member as m', 'm.household_id', 'h.id')
    .select([...columns])
    .where('h.village_code', '>=', lo)
    .where('h.village_code', '<=', hi)
    .where('h.id', '>', after)
    .orderBy('h.id')
    .orderBy('m.id')
    .limit(limit);
  let rows = await rowsOf(db, opts.raw, q);
  const full = rows.length === limit;
  if (full) {
    const lastId = rows[rows.length - 1]?.[0];
    const cut = rows.findIndex((r) => r[0] === lastId);
    // One household filled the page: read again with room for all of it.
    if (cut === 0) return registryPage(db, under, after, limit * 2, opts);
    rows = rows.slice(0, cut);
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return { households: [], next: null };
  const latest = new Map<number, { year: number; minimumLiving: number; extremePoverty: number }>();
  if (opts.incomes) {
    const incomes = await db.selectFrom('household_income').select(['household_id', 'year', 'minimum_living_allowance', 'extreme_poverty_allowance']).where('household_id', '>=', num(first[0])).where('household_id', '<=', num(last[0])).execute();
    for (const i of incomes) {
      const seen = latest.get(i.household_id);
      if (!seen || seen.year < i.year) latest.set(i.household_id, { year: i.year, minimumLiving: Number(i.minimum_living_allowance), extremePoverty: Number(i.extreme_poverty_allowance) });
    }
  }
  const households: RegistryPerson[][] = [];
  let current: RegistryPerson[] = [];
  let currentId: unknown = null;
  for (const r of rows) {
    if (r[0] !== currentId) {
      if (current.length > 0) households.push(current);
      current = [];
      currentId = r[0];
    }
    current.push(person(r, latest.get(num(r[0]))));
  }
  if (current.length > 0) households.push(current);
  return { households, next: full ? num(last[0]) : null };
}

export async function insertRun(db: Executor, row: Insertable<CrosscheckRunTable>): Promise<number> {
  const r = await db.insertInto('crosscheck_run').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRunCounts(db: Executor, id: number, countsJson: string): Promise<void> {
  await db.updateTable('crosscheck_run').set({ counts_json: countsJson }).where('id', '=', id).execute();
}

export const getRun = (db: Executor, id: number): Promise<RunRow | undefined> => db.selectFrom('crosscheck_run').selectAll().where('id', '=', id).executeTakeFirst();

export async function listRuns(db: Executor, under: string, limit = 100): Promise<RunRow[]> {
  const [lo, hi] = subtreeRange(under);
  return db.selectFrom('crosscheck_run').selectAll().where('under_code', '>=', lo).where('under_code', '<=', hi).orderBy('id', 'desc').limit(limit).execute();
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
