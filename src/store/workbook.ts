// Queries of workbook imports: stored households looked up by number in chunks, ID owners,
// village existence, import batches and the quarantine.
import type { Household, IncomeComponents, Member } from '../domain/registry.js';
import { lastExitYears } from './households.js';
import { toHousehold, toIncome, toMember } from './mappers.js';
import type { Executor } from './store.js';

export interface StoredHousehold {
  readonly household: Household;
  readonly members: Member[];
  /** Only the years asked for: the ones the file gives, the only ones an import compares or writes. */
  readonly incomes: (IncomeComponents & { year: number })[];
  /** A relapsed household's last exit year (its row keeps none), which a file's 脱贫年度 is held to. */
  relapsedExitYear: number | null;
}

/**
 * Stored households with these numbers, with their members and their incomes of `incomeYears`:
 * a registry keeps every year's income, a county's file usually one year's or none, and reading
 * all of them was most of a re-import's reading.
 */
export async function householdsByNo(db: Executor, numbers: readonly string[], incomeYears: readonly number[]): Promise<Map<string, StoredHousehold>> {
  const result = new Map<string, StoredHousehold>();
  if (numbers.length === 0) return result;
  const rows = await db.selectFrom('household').selectAll().where('household_no', 'in', [...numbers]).execute();
  if (rows.length === 0) return result;
  const byId = new Map<number, StoredHousehold>();
  for (const row of rows) {
    const stored: StoredHousehold = { household: toHousehold(row), members: [], incomes: [], relapsedExitYear: null };
    result.set(row.household_no, stored);
    byId.set(row.id, stored);
  }
  const ids = [...byId.keys()];
  for (const [id, year] of await lastExitYears(db, rows.filter((r) => r.status === 'relapsed').map((r) => r.id))) {
    const stored = byId.get(id);
    if (stored) stored.relapsedExitYear = year;
  }
  for (const m of await db.selectFrom('member').selectAll().where('household_id', 'in', ids).orderBy('id').execute()) byId.get(m.household_id)?.members.push(toMember(m));
  if (incomeYears.length === 0) return result;
  for (const i of await db.selectFrom('household_income').selectAll().where('household_id', 'in', ids).where('year', 'in', [...incomeYears]).orderBy('year').execute()) byId.get(i.household_id)?.incomes.push(toIncome(i));
  return result;
}

/** The household (number and village) each of these ID numbers is registered in (among member rows up to `maxMemberId`, when given). */
export async function idNumberOwners(db: Executor, ids: readonly string[], maxMemberId?: number): Promise<Map<string, { householdNo: string; villageCode: string }>> {
  const owners = new Map<string, { householdNo: string; villageCode: string }>();
  if (ids.length === 0) return owners;
  let query = db
    .selectFrom('member')
    .innerJoin('household', 'household.id', 'member.household_id')
    .select(['member.id_number', 'household.household_no', 'household.village_code'])
    .where('member.id_number', 'in', [...ids]);
  if (maxMemberId !== undefined) query = query.where('member.id', '<=', maxMemberId);
  const rows = await query.execute();
  for (const r of rows) owners.set(r.id_number, { householdNo: r.household_no, villageCode: r.village_code });
  return owners;
}

/** Which of these codes are villages (level 5) in the region table. */
export async function existingVillages(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'in', codes.slice(i, i + 500)).execute();
    for (const r of rows) found.add(r.code);
  }
  return found;
}

export async function deleteMembersOf(db: Executor, householdId: number): Promise<void> {
  await db.deleteFrom('member').where('household_id', '=', householdId).execute();
}

export interface BatchRecord {
  readonly name: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly mode: string;
  readonly actor: string;
  readonly scope: string;
  readonly createdAt: string;
}

export async function insertImportBatch(db: Executor, b: BatchRecord): Promise<number> {
  const row = await db
    .insertInto('import_batch')
    .values({ name: b.name, file_name: b.fileName, file_sha256: b.fileSha256, mode: b.mode, status: 'running', actor: b.actor, scope: b.scope, counts_json: '{}', issues_json: '[]', issue_count: 0, created_at: b.createdAt, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishImportBatch(db: Executor, id: number, status: string, counts: unknown, issues: readonly unknown[], issueCount: number, at: string): Promise<void> {
  await db
    .updateTable('import_batch')
    .set({ status, counts_json: JSON.stringify(counts), issues_json: JSON.stringify(issues), issue_count: issueCount, finished_at: at })
    .where('id', '=', id)
    .execute();
}

export async function getImportBatch(db: Executor, id: number) {
  return db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface QuarantineRow {
  readonly householdNo: string;
  readonly sheet: string;
  readonly row: number | null;
  readonly data: unknown;
  readonly issues: readonly unknown[];
}

export async function insertQuarantine(db: Executor, batchId: number, rows: readonly QuarantineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows.slice(i, i + 200).map((r) => ({
      batch_id: batchId,
      household_no: r.householdNo,
      sheet: r.sheet,
      row_number: r.row,
      data_json: JSON.stringify(r.data),
      issues_json: JSON.stringify(r.issues),
    }));
    await db.insertInto('import_quarantine').values(values).execute();
  }
}

/** Whether any set-aside household is still open: an import into a registry without any skips `resolveQuarantine`. */
export async function hasOpenQuarantine(db: Executor): Promise<boolean> {
  return (await db.selectFrom('import_quarantine').select('id').where('resolved_batch_id', 'is', null).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Marks the open entries that earlier batches set aside under these household numbers as resolved
 * by `batchId` at `at`: that import found the households valid, whether it wrote them or they were
 * unchanged. In the import's transaction, so a rolled-back import marks nothing.
 */
export async function resolveQuarantine(db: Executor, batchId: number, householdNos: readonly string[], at: string): Promise<void> {
  for (let i = 0; i < householdNos.length; i += 500) {
    await db
      .updateTable('import_quarantine')
      .set({ resolved_batch_id: batchId, resolved_at: at })
      .where('household_no', 'in', householdNos.slice(i, i + 500))
      .where('resolved_batch_id', 'is', null)
      .where('batch_id', '<', batchId)
      .execute();
  }
}

/**
 * The households an `acceptValid` import set aside, in file order, with their issues and what the
 * registry holds under each household number now: one query, the registry's household joined by
 * its (unique) household number, and the import batch that was running when that household was
 * last written, if one was (`later_*`), and the later import that found it valid (`resolved_*`).
 * Whether that write came after the batch is the caller's rule (`app/workbook/quarantine.ts`). A
 * household written while two imports ran is named once per import: the caller keeps the latest.
 */
export async function quarantineOf(db: Executor, batchId: number) {
  return db
    .selectFrom('import_quarantine as q')
    .leftJoin('household as h', 'h.household_no', 'q.household_no')
    .leftJoin('import_batch as later', (join) =>
      join
        .onRef('later.id', '>', 'q.batch_id')
        .on('later.status', 'in', ['imported', 'partial'])
        .onRef('later.created_at', '<=', 'h.updated_at')
        .onRef('later.finished_at', '>=', 'h.updated_at'),
    )
    .leftJoin('import_batch as fixer', 'fixer.id', 'q.resolved_batch_id')
    .select(['q.id', 'q.household_no', 'q.sheet', 'q.row_number', 'q.issues_json', 'h.updated_at as registered_at', 'later.id as later_id', 'later.name as later_name'])
    .select(['q.resolved_batch_id', 'q.resolved_at', 'fixer.name as resolved_batch_name'])
    .where('q.batch_id', '=', batchId)
    .orderBy('q.id')
    .orderBy('later.id', 'desc')
    .execute();
}

/**
 * For each of these batches, how many households it set aside and how many of those the registry
 * a later import found valid or has written since the batch finished (the rule of `quarantineOf`'s
 * callers, in SQL).
 */
export async function quarantineCounts(db: Executor, batchIds: readonly number[]): Promise<Map<number, { total: number; resolved: number }>> {
  const counts = new Map<number, { total: number; resolved: number }>();
  if (batchIds.length === 0) return counts;
  const rows = await db
    .selectFrom('import_quarantine as q')
    .innerJoin('import_batch as b', 'b.id', 'q.batch_id')
    .leftJoin('household as h', 'h.household_no', 'q.household_no')
    .select((eb) => [
      'q.batch_id',
      eb.fn.countAll<number | string>().as('total'),
      eb.fn.sum<number | string | null>(eb.case().when(eb.or([eb('q.resolved_batch_id', 'is not', null), eb('h.updated_at', '>', eb.ref('b.finished_at'))])).then(1).else(0).end()).as('resolved'),
    ])
    .where('q.batch_id', 'in', [...batchIds])
    .groupBy('q.batch_id')
    .execute();
  for (const r of rows) counts.set(r.batch_id, { total: Number(r.total), resolved: Number(r.resolved ?? 0) });
  return counts;
}

/** The latest import batches, newest first; of one account's, or of everyone's (null). */
export async function recentImportBatches(db: Executor, actor: string | null, limit: number) {
  let q = db
    .selectFrom('import_batch')
    .select(['id', 'name', 'file_name', 'mode', 'status', 'actor', 'counts_json', 'issue_count', 'created_at', 'finished_at'])
    .orderBy('id', 'desc')
    .limit(limit);
  if (actor !== null) q = q.where('actor', '=', actor);
  return q.execute();
}

/** The latest import batch of that name (batch names are the user's words, not unique). */
export async function importBatchByName(db: Executor, name: string) {
  return db.selectFrom('import_batch').selectAll().where('name', '=', name).orderBy('id', 'desc').executeTakeFirst();
}
