// The files given to imports (migration 093): stored once per content, in parts, and linked to
// every batch that was given them.
import type { Executor } from './store.js';

export interface BatchFile {
  readonly batchId: number;
  readonly position: number;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}

export async function hasImportFile(db: Executor, sha256: string): Promise<boolean> {
  return (await db.selectFrom('import_file').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
}

/**
 * A record selected with `exists(select … from import_file where sha256 = its hash) as file_kept`,
 * that flag as a boolean: SQLite answers EXISTS with 0 or 1, PostgreSQL with true or false.
 */
export const withKept = <T extends { file_kept: unknown }>(r: T): T & { file_kept: boolean } => ({ ...r, file_kept: Boolean(r.file_kept) });

/** A kept file's size in bytes, or null when no file of that hash is kept. */
export async function importFileSize(db: Executor, sha256: string): Promise<number | null> {
  const row = await db.selectFrom('import_file').select('size').where('sha256', '=', sha256).executeTakeFirst();
  return row ? Number(row.size) : null;
}

/** Stores a file's parts in order, then its row: a file whose row exists is whole. Call inside a transaction. */
export async function insertImportFile(db: Executor, sha256: string, parts: AsyncIterable<Buffer>, at: string): Promise<void> {
  let seq = 0;
  let size = 0;
  for await (const content of parts) {
    // Another import may be storing the same content at the same moment: the same bytes either way.
    await db.insertInto('import_file_part').values({ sha256, seq, content }).onConflict((oc) => oc.doNothing()).execute();
    seq += 1;
    size += content.length;
  }
  await db.insertInto('import_file').values({ sha256, size, parts: seq, stored_at: at }).onConflict((oc) => oc.doNothing()).execute();
}

export async function linkBatchFiles(db: Executor, batchId: number, files: readonly { name: string; sha256: string }[]): Promise<void> {
  if (files.length === 0) return;
  await db.insertInto('import_batch_file').values(files.map((f, position) => ({ batch_id: batchId, position, name: f.name, sha256: f.sha256 }))).execute();
}

/** The kept files of these batches, each batch's in the order given. */
export async function batchFiles(db: Executor, batchIds: readonly number[]): Promise<Map<number, BatchFile[]>> {
  const result = new Map<number, BatchFile[]>();
  if (batchIds.length === 0) return result;
  const rows = await db
    .selectFrom('import_batch_file')
    .innerJoin('import_file', 'import_file.sha256', 'import_batch_file.sha256')
    .select(['import_batch_file.batch_id', 'import_batch_file.position', 'import_batch_file.name', 'import_batch_file.sha256', 'import_file.size'])
    .where('import_batch_file.batch_id', 'in', [...batchIds])
    .orderBy('import_batch_file.batch_id')
    .orderBy('import_batch_file.position')
    .execute();
  for (const r of rows) {
    const list = result.get(r.batch_id) ?? [];
    list.push({ batchId: r.batch_id, position: r.position, name: r.name, sha256: r.sha256, size: Number(r.size) });
    result.set(r.batch_id, list);
  }
  return result;
}

/** A kept file's bytes, one part at a time. */
export async function* importFileParts(db: Executor, sha256: string): AsyncGenerator<Buffer> {
  const file = await db.selectFrom('import_file').select('parts').where('sha256', '=', sha256).executeTakeFirst();
  for (let seq = 0; seq < (file?.parts ?? 0); seq += 1) {
    const part = await db.selectFrom('import_file_part').select('content').where('sha256', '=', sha256).where('seq', '=', seq).executeTakeFirst();
    if (!part) throw new Error(`import file ${sha256.slice(0, 12)} lacks part ${seq}`);
    yield Buffer.from(part.content);
  }
}
