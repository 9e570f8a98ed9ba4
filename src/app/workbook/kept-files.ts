// The files an officer gave an import, kept with its batch (store/import-files.ts): the import's
// audit entry names the batch and the file's hash, and this is the file that hash is of. Kept
// for every batch, checks included, so that the marked-up report can be made again after the
// server has forgotten the upload (a restart, or the hour it keeps a job). A data comparison's
// department file, a score sheet and a rectification problem list are kept in the same store
// (`keepFile`), each named by the hash its record carries.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { batchFiles, hasImportFile, importFileParts, importFileSize, insertImportFile, linkBatchFiles, type BatchFile } from '../../store/import-files.js';
import { importsOfHousehold, type HouseholdImport } from '../../store/import-trail.js';
import { canOpenGivenFile, type Principal } from '../../domain/access.js';
import type { Executor, Store } from '../../store/store.js';
import type { InputFile } from './read.js';

/** A part small enough for any connection and large enough that a 200 MB upload is 50 rows. */
const partBytes = 4 * 1024 * 1024;

async function* partsOf(file: InputFile): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(file.data)) {
    for (let at = 0; at < file.data.length; at += partBytes) yield file.data.subarray(at, at + partBytes);
    return;
  }
  for await (const chunk of createReadStream(file.data.path, { highWaterMark: partBytes })) yield chunk as Buffer;
}

/** Keeps `files` (each's SHA-256 in `hashes`) for batch `batchId`; a content already kept is linked, not stored again. */
export async function keepFiles(store: Store, batchId: number, files: readonly InputFile[], hashes: readonly string[], at: string): Promise<void> {
  await store.largeValueTransaction(async (trx) => {
    const linked: { name: string; sha256: string }[] = [];
    for (const [i, file] of files.entries()) {
      const sha256 = hashes[i] ?? '';
      await keepFile(trx, file, sha256, at);
      linked.push({ name: file.name, sha256 });
    }
    await linkBatchFiles(trx, batchId, linked);
  });
}

/**
 * Keeps one file's bytes under its SHA-256 (once per content) for a record that names that hash: a
 * data comparison's department file, a score sheet, a problem list. Inside the caller's
 * transaction, so the record and its file are written together or not at all.
 */
export async function keepFile(db: Executor, file: InputFile, sha256: string, at: string): Promise<void> {
  if (!(await hasImportFile(db, sha256))) await insertImportFile(db, sha256, partsOf(file), at);
}

/** The kept bytes of a hash named by a record, or null when that file was not kept (records made before files were). */
export async function keptContent(db: Executor, sha256: string | null): Promise<{ size: number; stream: Readable } | null> {
  const size = sha256 ? await importFileSize(db, sha256) : null;
  if (!sha256 || size === null) return null;
  return { size, stream: Readable.from(importFileParts(db, sha256)) };
}

/** One kept file of a batch, to download as given; null when the batch kept none at that position. */
export async function keptFile(store: Store, batchId: number, position: number): Promise<(BatchFile & { stream: Readable }) | null> {
  const file = (await batchFiles(store.db, [batchId])).get(batchId)?.find((f) => f.position === position);
  return file ? { ...file, stream: Readable.from(importFileParts(store.db, file.sha256)) } : null;
}

/** A batch's kept files read back whole, as the import was given them (for its report). */
export async function keptInputFiles(store: Store, batchId: number): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const f of (await batchFiles(store.db, [batchId])).get(batchId) ?? []) {
    const parts: Buffer[] = [];
    for await (const part of importFileParts(store.db, f.sha256)) parts.push(part);
    files.push({ name: f.name, data: Buffer.concat(parts) });
  }
  return files;
}

/**
 * The import batches that created or changed a household, each with the files it kept; the files
 * open only to the batch's importer and admins (a file holds a whole town's ID numbers), the
 * others see the batch and the file's name and hash.
 */
export async function householdImports(store: Store, viewer: Principal, householdId: number): Promise<(HouseholdImport & { files: { position: number; name: string }[]; filesOpen: boolean })[]> {
  const imports = await importsOfHousehold(store.db, householdId);
  const files = await batchFiles(store.db, imports.map((i) => i.batchId));
  return imports.map((i) => ({ ...i, files: (files.get(i.batchId) ?? []).map((f) => ({ position: f.position, name: f.name })), filesOpen: canOpenGivenFile(viewer, i.actor) }));
}
