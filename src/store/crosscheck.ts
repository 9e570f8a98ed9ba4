// Cross-check queries: the registry read page by page for the comparison, runs and their
// discrepancies (the review list).
import type { Insertable, Selectable } from 'kysely';
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

/**
 * One page of households under a region with their members and latest allowances. Members are
 * read by household-id range (one index range scan) and filtered to the page's households.
 */
export async function registryPage(db: Executor, under: string, after: number, limit: number): Promise<RegistryPage> {
  const [lo, hi] = subtreeRange(under);
  const hs = await db
    .selectFrom('household')
    .select(['id', 'household_no', 'village_code', 'status', 'exit_year', 'housing_safety_grade', 'renovation_year', 'renovation_in_progress', 'relocation_pending'])
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  const first = hs[0];
  const last = hs[hs.length - 1];
  if (!first || !last) return { households: [], next: null };
  const [ms, incomes] = await Promise.all([
    db
      .selectFrom('member')
      .select(['id', 'household_id', 'name', 'id_number', 'relation', 'school_status', 'health', 'has_resident_medical_insurance', 'has_employee_medical_insurance', 'receives_minimum_living', 'is_extreme_poverty'])
      .where('household_id', '>=', first.id)
      .where('household_id', '<=', last.id)
      .orderBy('household_id')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('household_income')
      .select(['household_id', 'year', 'minimum_living_allowance', 'extreme_poverty_allowance'])
      .where('household_id', '>=', first.id)
      .where('household_id', '<=', last.id)
      .execute(),
  ]);
  const latest = new Map<number, { year: number; minimumLiving: number; extremePoverty: number }>();
  for (const i of incomes) {
    const seen = latest.get(i.household_id);
    if (!seen || seen.year < i.year) latest.set(i.household_id, { year: i.year, minimumLiving: Number(i.minimum_living_allowance), extremePoverty: Number(i.extreme_poverty_allowance) });
  }
  const byId = new Map(hs.map((h) => [h.id, h]));
  const groups = new Map<number, RegistryPerson[]>();
  for (const m of ms) {
    const h = byId.get(m.household_id);
    if (!h) continue;
    const income = latest.get(h.id);
    const p: RegistryPerson = {
      memberId: m.id,
      householdId: h.id,
      householdNo: h.household_no,
      villageCode: h.village_code,
      name: m.name,
      idNumber: m.id_number,
      relation: m.relation,
      householdStatus: h.status,
      exitYear: h.exit_year,
      housingSafetyGrade: h.housing_safety_grade,
      renovationYear: h.renovation_year,
      renovationInProgress: h.renovation_in_progress === 1,
      relocationPending: h.relocation_pending === 1,
      schoolStatus: m.school_status,
      health: m.health,
      hasResidentMedicalInsurance: m.has_resident_medical_insurance === 1,
      hasEmployeeMedicalInsurance: m.has_employee_medical_insurance === 1,
      receivesMinimumLiving: m.receives_minimum_living === 1,
      isExtremePoverty: m.is_extreme_poverty === 1,
      minimumLivingAllowance: income?.minimumLiving ?? null,
      extremePovertyAllowance: income?.extremePoverty ?? null,
    };
    const list = groups.get(h.id);
    if (list) list.push(p);
    else groups.set(h.id, [p]);
  }
  return { households: [...groups.values()], next: hs.length < limit ? null : last.id };
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
