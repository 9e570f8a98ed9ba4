// Exit cases: the case row, its signatures, objections and attachments. Executor first; the use
// case owns the transaction.
import type { Insertable, Selectable, Updateable } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import { StaleVersionError } from './errors.js';
import type { ExitAttachmentTable, ExitCaseTable, ExitObjectionTable, ExitSignatureTable } from './schema.js';
import type { Executor } from './store.js';

export type CaseRow = Selectable<ExitCaseTable>;
export type SignatureRow = Selectable<ExitSignatureTable>;
export type ObjectionRow = Selectable<ExitObjectionTable>;
export type AttachmentMeta = Omit<Selectable<ExitAttachmentTable>, 'content'>;

export async function insertCase(db: Executor, row: Insertable<ExitCaseTable>): Promise<number> {
  const r = await db.insertInto('exit_case').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getCase(db: Executor, id: number): Promise<CaseRow | undefined> {
  return db.selectFrom('exit_case').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openCaseOf(db: Executor, unitKey: string): Promise<CaseRow | undefined> {
  return db.selectFrom('exit_case').selectAll().where('open_unit_key', '=', unitKey).executeTakeFirst();
}

/** Writes with a version check: two people signing one case at once cannot both win. */
export async function updateCase(db: Executor, id: number, expected: number, changes: Updateable<ExitCaseTable>): Promise<void> {
  const r = await db.updateTable('exit_case').set({ ...changes, version: expected + 1 }).where('id', '=', id).where('version', '=', expected).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const current = await db.selectFrom('exit_case').select('version').where('id', '=', id).executeTakeFirst();
    throw new StaleVersionError(`退出事项 ${id}`, expected, current?.version ?? 0);
  }
}

export interface CaseListItem extends CaseRow {
  readonly household_no: string | null;
  readonly region_name: string | null;
}

export async function listCases(db: Executor, q: { under: string; kind: string | null; status: string | null; year: number | null; householdId?: number | null; limit: number; afterId: number }): Promise<CaseListItem[]> {
  const [lo, hi] = subtreeRange(q.under);
  let query = db
    .selectFrom('exit_case')
    .leftJoin('household', 'household.id', 'exit_case.household_id')
    .leftJoin('region', 'region.code', 'exit_case.region_code')
    .selectAll('exit_case')
    .select(['household.household_no', 'region.name as region_name'])
    .where('exit_case.region_code', '>=', lo)
    .where('exit_case.region_code', '<=', hi)
    .where('exit_case.id', '>', q.afterId);
  if (q.kind !== null) query = query.where('exit_case.kind', '=', q.kind);
  if (q.status !== null) query = query.where('exit_case.status', '=', q.status);
  if (q.year !== null) query = query.where('exit_case.year', '=', q.year);
  if (q.householdId != null) query = query.where('exit_case.household_id', '=', q.householdId);
  return query.orderBy('exit_case.id').limit(q.limit).execute();
}

export async function insertSignature(db: Executor, row: Insertable<ExitSignatureTable>): Promise<number> {
  const r = await db.insertInto('exit_signature').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Every signature of a case, voided ones included (the history), in order. */
export async function signaturesOf(db: Executor, caseId: number): Promise<SignatureRow[]> {
  return db.selectFrom('exit_signature').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function voidSignatures(db: Executor, caseId: number, steps: readonly string[], at: string): Promise<number> {
  const r = await db.updateTable('exit_signature').set({ voided_at: at }).where('case_id', '=', caseId).where('step', 'in', steps).where('voided_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertObjection(db: Executor, row: Insertable<ExitObjectionTable>): Promise<number> {
  const r = await db.insertInto('exit_objection').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function objectionsOf(db: Executor, caseId: number): Promise<ObjectionRow[]> {
  return db.selectFrom('exit_objection').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function insertAttachment(db: Executor, row: Insertable<ExitAttachmentTable>): Promise<number> {
  const r = await db.insertInto('exit_attachment').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function attachmentsOf(db: Executor, caseId: number): Promise<AttachmentMeta[]> {
  return db
    .selectFrom('exit_attachment')
    .select(['id', 'case_id', 'round', 'step', 'file_name', 'media_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function attachmentContent(db: Executor, id: number): Promise<{ case_id: number; file_name: string; media_type: string; content: Buffer } | undefined> {
  return db.selectFrom('exit_attachment').select(['case_id', 'file_name', 'media_type', 'content']).where('id', '=', id).executeTakeFirst();
}

/** A village's exit year in the village registry (village close-out). */
export async function setVillageExitYear(db: Executor, code: string, year: number): Promise<number | null | undefined> {
  const before = await db.selectFrom('village').select('exit_year').where('region_code', '=', code).executeTakeFirst();
  if (!before) return undefined;
  await db.updateTable('village').set({ exit_year: year }).where('region_code', '=', code).execute();
  return before.exit_year;
}
