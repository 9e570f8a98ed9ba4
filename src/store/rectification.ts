// Rectification writes and single-record reads. Each function takes the executor first so the
// use case owns the transaction.
import type { Insertable, Selectable, Updateable } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import { StaleVersionError } from './errors.js';
import type {
  RectificationBatchTable,
  RectificationEventTable,
  RectificationEvidenceTable,
  RectificationProblemFileTable,
  RectificationProblemTable,
  RectificationTable,
  RectificationTaskTable,
} from './schema.js';
import type { Executor } from './store.js';

export type BatchRow = Selectable<RectificationBatchTable>;
export type ProblemRow = Selectable<RectificationProblemTable>;
export type RectificationRow = Selectable<RectificationTable>;
export type TaskRow = Selectable<RectificationTaskTable>;
export type EventRow = Selectable<RectificationEventTable>;
export type EvidenceMeta = Omit<Selectable<RectificationEvidenceTable>, 'content'>;
export type ProblemFileRow = Selectable<RectificationProblemFileTable>;

const chunk = 400;

async function insertChunked<T>(rows: readonly T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await insert(rows.slice(i, i + chunk));
}

export async function insertBatch(db: Executor, row: Insertable<RectificationBatchTable>): Promise<number> {
  const r = await db.insertInto('rectification_batch').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getBatch(db: Executor, id: number): Promise<BatchRow | undefined> {
  return db.selectFrom('rectification_batch').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProblemFile(db: Executor, row: Insertable<RectificationProblemFileTable>): Promise<number> {
  const r = await db.insertInto('rectification_problem_file').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The problem-list workbooks imported into a batch, in the order imported. */
export async function problemFilesOf(db: Executor, batchId: number): Promise<ProblemFileRow[]> {
  return db.selectFrom('rectification_problem_file').selectAll().where('batch_id', '=', batchId).orderBy('id').execute();
}

export async function getProblemFile(db: Executor, id: number): Promise<ProblemFileRow | undefined> {
  return db.selectFrom('rectification_problem_file').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Batches assigned within a subtree, or assigned by one of its ancestors to a unit inside it. */
export async function listBatches(db: Executor, under: string): Promise<BatchRow[]> {
  const [lo, hi] = subtreeRange(under);
  return db
    .selectFrom('rectification_batch')
    .selectAll()
    .where((w) =>
      w.or([
        w.and([w('assigning_region', '>=', lo), w('assigning_region', '<=', hi)]),
        w('id', 'in', w.selectFrom('rectification').select('batch_id').where('unit_region', '>=', lo).where('unit_region', '<=', hi)),
      ]),
    )
    .orderBy('id', 'desc')
    .execute();
}

export async function problemNosTaken(db: Executor, batchId: number, nos: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < nos.length; i += chunk) {
    const rows = await db.selectFrom('rectification_problem').select('problem_no').where('batch_id', '=', batchId).where('problem_no', 'in', nos.slice(i, i + chunk)).execute();
    for (const r of rows) taken.add(r.problem_no);
  }
  return taken;
}

/** Inserts problems and returns their ids by problem number. */
export async function insertProblems(db: Executor, batchId: number, rows: readonly Insertable<RectificationProblemTable>[]): Promise<Map<string, number>> {
  await insertChunked(rows, (part) => db.insertInto('rectification_problem').values(part).execute());
  const ids = new Map<string, number>();
  const nos = rows.map((r) => r.problem_no);
  for (let i = 0; i < nos.length; i += chunk) {
    const found = await db.selectFrom('rectification_problem').select(['id', 'problem_no']).where('batch_id', '=', batchId).where('problem_no', 'in', nos.slice(i, i + chunk)).execute();
    for (const f of found) ids.set(f.problem_no, f.id);
  }
  return ids;
}

export async function insertRectifications(db: Executor, rows: readonly Insertable<RectificationTable>[]): Promise<void> {
  await insertChunked(rows, (part) => db.insertInto('rectification').values(part).execute());
}

export async function rectificationKeys(db: Executor, problemIds: readonly number[]): Promise<{ id: number; problem_id: number; unit_region: string }[]> {
  const result: { id: number; problem_id: number; unit_region: string }[] = [];
  for (let i = 0; i < problemIds.length; i += chunk) {
    result.push(...(await db.selectFrom('rectification').select(['id', 'problem_id', 'unit_region']).where('problem_id', 'in', problemIds.slice(i, i + chunk)).execute()));
  }
  return result;
}

export async function insertTasks(db: Executor, rows: readonly Insertable<RectificationTaskTable>[]): Promise<void> {
  await insertChunked(rows, (part) => db.insertInto('rectification_task').values(part).execute());
}

export async function insertEvents(db: Executor, rows: readonly Insertable<RectificationEventTable>[]): Promise<void> {
  await insertChunked(rows, (part) => db.insertInto('rectification_event').values(part).execute());
}

/** Codes of the regions of one level inside a subtree: the units a common problem falls on. */
export async function regionsAtLevel(db: Executor, under: string, level: number): Promise<string[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db.selectFrom('region').select('code').where('code', '>=', lo).where('code', '<=', hi).where('level', '=', level).orderBy('code').execute();
  return rows.map((r) => r.code);
}

export async function existingRegions(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(codes)];
  for (let i = 0; i < unique.length; i += chunk) {
    for (const r of await db.selectFrom('region').select('code').where('code', 'in', unique.slice(i, i + chunk)).execute()) found.add(r.code);
  }
  return found;
}

export interface RectificationDetail {
  readonly rectification: RectificationRow;
  readonly problem: ProblemRow;
  readonly batch: BatchRow;
}

export async function getRectification(db: Executor, id: number): Promise<RectificationDetail | undefined> {
  const rectification = await db.selectFrom('rectification').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rectification) return undefined;
  const problem = await db.selectFrom('rectification_problem').selectAll().where('id', '=', rectification.problem_id).executeTakeFirstOrThrow();
  const batch = await db.selectFrom('rectification_batch').selectAll().where('id', '=', rectification.batch_id).executeTakeFirstOrThrow();
  return { rectification, problem, batch };
}

/** Writes with a version check: two people acting on one record cannot both win. */
export async function updateRectification(db: Executor, id: number, expected: number, changes: Updateable<RectificationTable>): Promise<void> {
  const r = await db.updateTable('rectification').set({ ...changes, version: expected + 1 }).where('id', '=', id).where('version', '=', expected).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const current = await db.selectFrom('rectification').select('version').where('id', '=', id).executeTakeFirst();
    throw new StaleVersionError(`整改记录 ${id}`, expected, current?.version ?? 0);
  }
}

export async function tasksOf(db: Executor, rectificationId: number): Promise<TaskRow[]> {
  return db.selectFrom('rectification_task').selectAll().where('rectification_id', '=', rectificationId).orderBy('seq').orderBy('id').execute();
}

export async function getTask(db: Executor, id: number): Promise<TaskRow | undefined> {
  return db.selectFrom('rectification_task').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setTaskDone(db: Executor, id: number, doneAt: string | null): Promise<void> {
  await db.updateTable('rectification_task').set({ done_at: doneAt }).where('id', '=', id).execute();
}

export async function eventsOf(db: Executor, rectificationId: number): Promise<EventRow[]> {
  return db.selectFrom('rectification_event').selectAll().where('rectification_id', '=', rectificationId).orderBy('id').execute();
}

export async function insertEvidence(db: Executor, row: Insertable<RectificationEvidenceTable>): Promise<number> {
  const r = await db.insertInto('rectification_evidence').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function evidenceOf(db: Executor, rectificationId: number): Promise<EvidenceMeta[]> {
  return db
    .selectFrom('rectification_evidence')
    .select(['id', 'rectification_id', 'task_id', 'file_name', 'media_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('rectification_id', '=', rectificationId)
    .orderBy('id')
    .execute();
}

export async function evidenceContent(db: Executor, id: number): Promise<{ rectification_id: number; file_name: string; media_type: string; content: Buffer } | undefined> {
  return db.selectFrom('rectification_evidence').select(['rectification_id', 'file_name', 'media_type', 'content']).where('id', '=', id).executeTakeFirst();
}

/** Open records past their deadline that nobody has escalated yet, for the sweep. */
export async function escalationCandidates(db: Executor, today: string, limit: number): Promise<RectificationRow[]> {
  return db
    .selectFrom('rectification')
    .selectAll()
    .where('status', 'in', ['open', 'rectifying', 'returned', 'reopened'])
    .where('deadline', '<', today)
    .where('escalated_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markEscalated(db: Executor, ids: readonly number[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += chunk) {
    await db.updateTable('rectification').set((eb) => ({ escalated_at: at, version: eb('version', '+', 1), updated_at: at })).where('id', 'in', ids.slice(i, i + chunk)).execute();
  }
}
