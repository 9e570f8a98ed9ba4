// Rectification read models: the status board, counts per unit (common problems inherited),
// the overdue list, reminders, and the rows of a batch report. Subtrees are index range scans.
import { sql } from 'kysely';
import { prefixLength, subtreeRange } from '../domain/region-code.js';
import type { Executor } from './store.js';

const notDone = ['open', 'rectifying', 'returned', 'reopened'];

export interface StatusCount {
  readonly batchId: number;
  readonly status: string;
  readonly n: number;
  readonly overdue: number;
  readonly escalated: number;
  /** Closed records whose recheck (回头看) is due by today. */
  readonly recheckDue: number;
}

/** Counts by batch and status of the records of units inside a subtree. */
export async function boardCounts(db: Executor, under: string, today: string, batchId: number | null): Promise<StatusCount[]> {
  const [lo, hi] = subtreeRange(under);
  let q = db
    .selectFrom('rectification')
    .select((eb) => [
      'batch_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('deadline', '<', today).then(1).else(0).end()).as('late'),
      eb.fn.sum<number>(eb.case().when('escalated_at', 'is not', null).then(1).else(0).end()).as('escalated'),
      eb.fn.sum<number>(eb.case().when('recheck_due', '<=', today).then(1).else(0).end()).as('recheck'),
    ])
    .where('unit_region', '>=', lo)
    .where('unit_region', '<=', hi)
    .groupBy(['batch_id', 'status']);
  if (batchId !== null) q = q.where('batch_id', '=', batchId);
  const rows = await q.execute();
  return rows.map((r) => ({
    batchId: r.batch_id,
    status: r.status,
    n: Number(r.n),
    overdue: notDone.includes(r.status) ? Number(r.late ?? 0) : 0,
    escalated: Number(r.escalated ?? 0),
    recheckDue: r.status === 'closed' ? Number(r.recheck ?? 0) : 0,
  }));
}

export interface UnitCountRow {
  readonly unitRegion: string;
  readonly name: string;
  readonly total: number;
  readonly inherited: number;
  readonly closed: number;
  readonly overdue: number;
}

/**
 * Every region of a level inside a subtree with the records of its whole subtree (zero included):
 * a problem assigned to a town or a village counts for its county. Each region joins the records
 * of its code range, so the lookups stay index range scans.
 */
export async function unitCounts(db: Executor, under: string, level: number, today: string, batchIds: readonly number[] | null): Promise<UnitCountRow[]> {
  const [lo, hi] = subtreeRange(under);
  const kept = prefixLength(level);
  const subtreeEnd = sql<string>`substr(${sql.ref('region.code')}, 1, ${kept}) || ${'9'.repeat(12 - kept)}`;
  const rows = await db
    .selectFrom('region')
    .leftJoin('rectification', (j) => {
      const on = j.onRef('rectification.unit_region', '>=', 'region.code').on('rectification.unit_region', '<=', subtreeEnd);
      return batchIds === null ? on : on.on('rectification.batch_id', 'in', batchIds.length > 0 ? [...batchIds] : [-1]);
    })
    .select((eb) => [
      'region.code',
      'region.name',
      eb.fn.count<number>('rectification.id').as('total'),
      eb.fn.sum<number>(eb.case().when('rectification.inherited', '=', 1).then(1).else(0).end()).as('inherited'),
      eb.fn.sum<number>(eb.case().when('rectification.status', '=', 'closed').then(1).else(0).end()).as('closed'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('rectification.status', 'in', notDone), eb('rectification.deadline', '<', today)])).then(1).else(0).end()).as('overdue'),
    ])
    .where('region.code', '>=', lo)
    .where('region.code', '<=', hi)
    .where('region.level', '=', level)
    .groupBy(['region.code', 'region.name'])
    .orderBy('region.code')
    .execute();
  return rows.map((r) => ({ unitRegion: r.code, name: r.name, total: Number(r.total), inherited: Number(r.inherited ?? 0), closed: Number(r.closed ?? 0), overdue: Number(r.overdue ?? 0) }));
}

export interface RecordLine {
  readonly id: number;
  readonly batchId: number;
  readonly problemId: number;
  readonly problemNo: string;
  readonly scope: string;
  readonly category: string;
  readonly description: string;
  readonly unitRegion: string;
  readonly unitDepartment: string | null;
  readonly inherited: boolean;
  readonly status: string;
  readonly deadline: string;
  readonly result: string | null;
  readonly closedAt: string | null;
  readonly recheckDue: string | null;
  readonly escalatedAt: string | null;
  readonly version: number;
}

export interface RecordFilter {
  readonly under: string;
  readonly batchId: number | null;
  readonly status: string | null;
  /** Only records past their deadline and not yet submitted or closed, as of this day. */
  readonly overdueOn: string | null;
  readonly limit: number;
  readonly afterId: number;
  /** The batch's problem source (code list `problemSource`): the kind of inspection. */
  readonly source?: string | null;
  readonly category?: string | null;
  /** The responsible unit exactly (a region, not its subtree), and its department. */
  readonly unitRegion?: string | null;
  readonly unitDepartment?: string | null;
  /** Only closed records whose recheck (回头看) is due by this day. */
  readonly recheckDueOn?: string | null;
}

function recordQuery(db: Executor) {
  return db
    .selectFrom('rectification as r')
    .innerJoin('rectification_problem as p', 'p.id', 'r.problem_id')
    .select([
      'r.id',
      'r.batch_id',
      'r.problem_id',
      'p.problem_no',
      'p.scope',
      'p.category',
      'p.description',
      'r.unit_region',
      'r.unit_department',
      'r.inherited',
      'r.status',
      'r.deadline',
      'r.result',
      'r.closed_at',
      'r.recheck_due',
      'r.escalated_at',
      'r.version',
    ]);
}

type RawLine = Awaited<ReturnType<ReturnType<typeof recordQuery>['execute']>>[number];

function toLine(r: RawLine): RecordLine {
  return {
    id: r.id,
    batchId: r.batch_id,
    problemId: r.problem_id,
    problemNo: r.problem_no,
    scope: r.scope,
    category: r.category,
    description: r.description,
    unitRegion: r.unit_region,
    unitDepartment: r.unit_department,
    inherited: r.inherited === 1,
    status: r.status,
    deadline: r.deadline,
    result: r.result,
    closedAt: r.closed_at,
    recheckDue: r.recheck_due,
    escalatedAt: r.escalated_at,
    version: r.version,
  };
}

/** Records of a subtree, filtered, in id order with keyset paging. */
export async function listRecords(db: Executor, f: RecordFilter): Promise<RecordLine[]> {
  const [lo, hi] = subtreeRange(f.under);
  let q = recordQuery(db).where('r.unit_region', '>=', lo).where('r.unit_region', '<=', hi).where('r.id', '>', f.afterId);
  if (f.batchId !== null) q = q.where('r.batch_id', '=', f.batchId);
  if (f.status !== null) q = q.where('r.status', '=', f.status);
  if (f.overdueOn !== null) q = q.where('r.status', 'in', notDone).where('r.deadline', '<', f.overdueOn);
  if (f.source) {
    const source = f.source;
    q = q.where('r.batch_id', 'in', (eb) => eb.selectFrom('rectification_batch').select('id').where('source', '=', source));
  }
  if (f.category) q = q.where('p.category', '=', f.category);
  if (f.unitRegion) q = q.where('r.unit_region', '=', f.unitRegion);
  if (f.unitDepartment) q = q.where('r.unit_department', '=', f.unitDepartment);
  if (f.recheckDueOn) q = q.where('r.status', '=', 'closed').where('r.recheck_due', '<=', f.recheckDueOn);
  return (await q.orderBy('r.id').limit(f.limit).execute()).map(toLine);
}

/** Every record of a batch, for its report (problem number, then unit). */
export async function batchRecords(db: Executor, batchId: number): Promise<RecordLine[]> {
  return (await recordQuery(db).where('r.batch_id', '=', batchId).orderBy('p.problem_no').orderBy('r.unit_region').execute()).map(toLine);
}

export interface TaskLine {
  readonly rectificationId: number;
  readonly id: number;
  readonly measure: string;
  readonly leadUnit: string;
  readonly responsibleLeader: string;
  readonly responsiblePerson: string;
  readonly cooperatingUnits: string;
  readonly deadline: string;
  readonly doneAt: string | null;
}

export async function batchTasks(db: Executor, batchId: number): Promise<TaskLine[]> {
  const rows = await db
    .selectFrom('rectification_task as t')
    .innerJoin('rectification as r', 'r.id', 't.rectification_id')
    .select(['t.rectification_id', 't.id', 't.measure', 't.lead_unit', 't.responsible_leader', 't.responsible_person', 't.cooperating_units', 't.deadline', 't.done_at'])
    .where('r.batch_id', '=', batchId)
    .orderBy('t.rectification_id')
    .orderBy('t.seq')
    .execute();
  return rows.map((t) => ({ rectificationId: t.rectification_id, id: t.id, measure: t.measure, leadUnit: t.lead_unit, responsibleLeader: t.responsible_leader, responsiblePerson: t.responsible_person, cooperatingUnits: t.cooperating_units, deadline: t.deadline, doneAt: t.done_at }));
}

export async function batchEvidenceCounts(db: Executor, batchId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('rectification_evidence as e')
    .innerJoin('rectification as r', 'r.id', 'e.rectification_id')
    .select((eb) => ['e.rectification_id', eb.fn.countAll<number>().as('n')])
    .where('r.batch_id', '=', batchId)
    .groupBy('e.rectification_id')
    .execute();
  return new Map(rows.map((r) => [r.rectification_id, Number(r.n)]));
}

/** Closes and reopens of a batch's records inside a subtree, dated, for its burn-down. */
export async function batchBurnEvents(db: Executor, batchId: number, under: string): Promise<{ date: string; delta: number }[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('rectification_event as e')
    .innerJoin('rectification as r', 'r.id', 'e.rectification_id')
    .select(['e.at', 'e.action'])
    .where('e.batch_id', '=', batchId)
    .where('e.action', 'in', ['close', 'recheckFail'])
    .where('r.unit_region', '>=', lo)
    .where('r.unit_region', '<=', hi)
    .execute();
  return rows.map((r) => ({ date: r.at.slice(0, 10), delta: r.action === 'close' ? -1 : 1 }));
}

/** The escalations and chases of a batch: who chased whom, when. */
export async function batchChases(db: Executor, batchId: number): Promise<{ rectificationId: number; at: string; actor: string; actorUnit: string | null; action: string; note: string | null }[]> {
  const rows = await db.selectFrom('rectification_event').selectAll().where('batch_id', '=', batchId).where('action', 'in', ['escalate', 'chase']).orderBy('id').execute();
  return rows.map((r) => ({ rectificationId: r.rectification_id, at: r.at, actor: r.actor, actorUnit: r.actor_unit, action: r.action, note: r.note }));
}

export interface ReminderLine {
  readonly rectificationId: number;
  readonly taskId: number | null;
  readonly unitRegion: string;
  readonly problemNo: string;
  readonly what: string;
  readonly deadline: string;
  readonly responsiblePerson: string | null;
}

/** Records and unfinished tasks of a subtree falling due inside [from, to]. */
export async function dueBetween(db: Executor, under: string, from: string, to: string): Promise<ReminderLine[]> {
  const [lo, hi] = subtreeRange(under);
  const records = await db
    .selectFrom('rectification as r')
    .innerJoin('rectification_problem as p', 'p.id', 'r.problem_id')
    .select(['r.id', 'r.unit_region', 'p.problem_no', 'p.description', 'r.deadline'])
    .where('r.unit_region', '>=', lo)
    .where('r.unit_region', '<=', hi)
    .where('r.status', 'in', notDone)
    .where('r.deadline', '>=', from)
    .where('r.deadline', '<=', to)
    .execute();
  const tasks = await db
    .selectFrom('rectification_task as t')
    .innerJoin('rectification as r', 'r.id', 't.rectification_id')
    .innerJoin('rectification_problem as p', 'p.id', 'r.problem_id')
    .select(['r.id as rid', 't.id as tid', 'r.unit_region', 'p.problem_no', 't.measure', 't.deadline', 't.responsible_person'])
    .where('r.unit_region', '>=', lo)
    .where('r.unit_region', '<=', hi)
    .where('r.status', 'in', notDone)
    .where('t.done_at', 'is', null)
    .where('t.deadline', '>=', from)
    .where('t.deadline', '<=', to)
    .execute();
  return [
    ...records.map((r) => ({ rectificationId: r.id, taskId: null, unitRegion: r.unit_region, problemNo: r.problem_no, what: r.description, deadline: r.deadline, responsiblePerson: null })),
    ...tasks.map((t) => ({ rectificationId: t.rid, taskId: t.tid, unitRegion: t.unit_region, problemNo: t.problem_no, what: t.measure, deadline: t.deadline, responsiblePerson: t.responsible_person })),
  ].sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.rectificationId - b.rectificationId));
}

/** Region names for report lines (one query). */
export async function regionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const names = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', unique.slice(i, i + 500)).execute();
    for (const r of rows) names.set(r.code, r.name);
  }
  return names;
}

/** Batch names for list lines (one query). */
export async function batchNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('rectification_batch').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
