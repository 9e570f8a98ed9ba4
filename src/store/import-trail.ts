// The households each import batch created or changed (migration 094): written in bulk with the
// batch's rows, read per household for its history.
import type { ImportDetail } from '../domain/workbook/import-detail.js';
import type { BulkAppender, BulkColumn, Executor, Store } from './store.js';

const columns: readonly BulkColumn[] = [
  { name: 'household_id', type: 'int' },
  { name: 'batch_id', type: 'int' },
  { name: 'kind', type: 'text' },
  { name: 'parts', type: 'text' },
  { name: 'detail_json', type: 'text' },
];

export function importTrailAppender(store: Store, trx: Executor): BulkAppender {
  return store.bulkAppender(trx, 'import_batch_household', columns);
}

export function appendImportTrail(to: BulkAppender, householdId: number, batchId: number, kind: 'created' | 'updated', parts: readonly string[], detail: ImportDetail): void {
  to.values.push(householdId, batchId, kind, parts.join(','), JSON.stringify(detail));
  to.rowDone();
}

export interface HouseholdImport {
  readonly batchId: number;
  readonly batchName: string;
  readonly kind: 'created' | 'updated';
  readonly parts: string[];
  readonly at: string;
  readonly actor: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly detail: ImportDetail;
}

/** The import batches that created or changed a household, newest first. */
export async function importsOfHousehold(db: Executor, householdId: number): Promise<HouseholdImport[]> {
  const rows = await db
    .selectFrom('import_batch_household')
    .innerJoin('import_batch', 'import_batch.id', 'import_batch_household.batch_id')
    .select(['import_batch.id', 'import_batch.name', 'import_batch.actor', 'import_batch.file_name', 'import_batch.file_sha256', 'import_batch.created_at', 'import_batch.finished_at', 'import_batch_household.kind', 'import_batch_household.parts', 'import_batch_household.detail_json'])
    .where('import_batch_household.household_id', '=', householdId)
    .orderBy('import_batch.id', 'desc')
    .execute();
  return rows.map((r) => ({
    batchId: r.id,
    batchName: r.name,
    kind: r.kind === 'created' ? 'created' : 'updated',
    parts: r.parts === '' ? [] : r.parts.split(','),
    at: r.finished_at ?? r.created_at,
    actor: r.actor,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    detail: JSON.parse(r.detail_json) as ImportDetail,
  }));
}
