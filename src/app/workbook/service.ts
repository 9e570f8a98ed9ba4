// The workbook use cases behind one factory, and the import jobs the web polls for progress.
import type { Writable } from 'node:stream';
import type { Principal } from '../../domain/access.js';
import type { Store } from '../../store/store.js';
import { getImportBatch, importBatchByName, quarantineCounts, recentImportBatches } from '../../store/workbook.js';
import type { Clock } from '../clock.js';
import { writeLedger, type LedgerKind, type LedgerRequest } from './export.js';
import { importRegistry, type ImportMode, type ImportProgress, type ImportResult } from './import.js';
import { UnreadableFile, type InputFile } from './read.js';
import { reportWorkbook } from './report.js';
import { templateWorkbook } from './template.js';
import { quarantineWorkbook } from './quarantine-xlsx.js';
import { quarantineList } from './quarantine.js';
import { keptFile, keptInputFiles } from './kept-files.js';
import { batchFiles } from '../../store/import-files.js';
import { readStoredIssues } from '../../domain/stored-issues.js';
import type { ImportIssue } from '../../domain/workbook/assemble.js';

export interface ImportJob {
  readonly id: number;
  readonly owner: string;
  readonly files: readonly InputFile[];
  progress: ImportProgress;
  result: ImportResult | null;
  error: string | null;
  /** The error in English, when it was written for the officer (an unreadable file). */
  errorEn: string | null;
  readonly done: Promise<void>;
}

/** Jobs stay in memory (with their upload, for the report) for an hour; the batch row stays forever. */
const keepMs = 60 * 60 * 1000;

export function createWorkbookService(deps: { store: Store; clock: Clock }) {
  const jobs = new Map<number, ImportJob & { finishedAt: number | null }>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, job] of jobs) if (job.finishedAt !== null && now - job.finishedAt > keepMs) jobs.delete(id);
  };
  const batchByRef = (batchRef: number | string) => (typeof batchRef === 'number' ? getImportBatch(deps.store.db, batchRef) : importBatchByName(deps.store.db, batchRef));
  return {
    importRegistry: (req: Parameters<typeof importRegistry>[1], onProgress?: (p: ImportProgress) => void) => importRegistry(deps, req, onProgress),

    /** Starts an import in the background; resolves once its batch row exists. */
    async startImport(owner: string, scope: string | null, files: readonly InputFile[], mode: ImportMode, batchName?: string): Promise<ImportJob> {
      sweep();
      let resolveId: (id: number) => void = () => undefined;
      const idKnown = new Promise<number>((resolve) => {
        resolveId = resolve;
      });
      const state: { progress: ImportProgress; result: ImportResult | null; error: string | null; errorEn: string | null; finishedAt: number | null } = { progress: { phase: 'reading', done: 0, total: 1 }, result: null, error: null, errorEn: null, finishedAt: null };
      const done = importRegistry(deps, { files, mode, actor: owner, scope, ...(batchName ? { batchName } : {}) }, (p) => {
        state.progress = p;
      }, resolveId)
        .then((result) => {
          state.result = result;
        })
        .catch((error: unknown) => {
          state.error = error instanceof Error ? error.message : String(error);
          state.errorEn = error instanceof UnreadableFile ? error.messageEn : null;
          resolveId(-1);
        });
      const id = await idKnown;
      const job = Object.assign(state, { id, owner, files, done });
      void done.then(() => {
        job.finishedAt = Date.now();
      });
      if (id > 0) jobs.set(id, job);
      return job;
    },

    job: (id: number) => jobs.get(id) ?? null,
    batch: (id: number) => getImportBatch(deps.store.db, id),
    /** The latest imports of one account (or everyone's: null), newest first, for the import history. */
    async history(actor: string | null, limit: number) {
      const rows = await recentImportBatches(deps.store.db, actor, limit);
      const setAside = await quarantineCounts(deps.store.db, rows.filter((b) => b.mode === 'acceptValid').map((b) => b.id));
      const kept = await batchFiles(deps.store.db, rows.map((b) => b.id));
      return rows.map((b) => ({
        id: b.id,
        batchName: b.name,
        fileName: b.file_name,
        mode: b.mode,
        status: b.status,
        actor: b.actor,
        counts: JSON.parse(b.counts_json) as Record<string, number>,
        issueCount: b.issue_count,
        createdAt: b.created_at,
        finishedAt: b.finished_at,
        // The marked-up copy is made from the upload: the job's for an hour, then the kept files.
        reportAvailable: jobs.get(b.id)?.result != null || (b.issue_count > 0 && (kept.get(b.id)?.length ?? 0) > 0),
        // The files as given, to download again (batches from before migration 093 kept none).
        files: (kept.get(b.id) ?? []).map((f) => ({ position: f.position, name: f.name, size: f.size })),
        // The set-aside households and how many of them have been registered since (null: none set aside).
        quarantine: setAside.get(b.id) ?? null,
      }));
    },
    /**
     * The households a batch (by id, or the latest of that name) set aside, each with whether it has
     * since been registered, and the counts; `open`: only those still to fix are listed.
     */
    async quarantine(batchRef: number | string, open = false) {
      const batch = await batchByRef(batchRef);
      if (!batch) return null;
      return { batch, open, ...(await quarantineList(deps.store.db, batch, open)) };
    },
    /** A batch by id, or the latest of that name (as the CLI is given it). */
    batchByRef,
    /** That list as a workbook to fix from. */
    quarantineWorkbook,
    report: (files: readonly InputFile[], result: ImportResult) => reportWorkbook(files, result.issues),
    /**
     * The report of a batch the server no longer holds in memory, from its kept files and stored
     * issues (the first 2,000: a file with more has the rest in the list only while its job lasts);
     * null when the batch kept no files.
     */
    async reportOfBatch(batchId: number, issuesJson: string): Promise<{ data: Buffer; firstFile: string } | null> {
      const files = await keptInputFiles(deps.store, batchId);
      if (!files[0]) return null;
      return { data: await reportWorkbook(files, readStoredIssues(issuesJson) as ImportIssue[]), firstFile: files[0].name };
    },
    /** A file as the importer gave it. */
    keptFile: (batchId: number, position: number) => keptFile(deps.store, batchId, position),
    keptFiles: async (batchId: number) => (await batchFiles(deps.store.db, [batchId])).get(batchId) ?? [],
    exportLedger: (under: string, kind: LedgerKind, viewer: Principal | null, target: { stream: Writable } | { filename: string }, filter?: LedgerRequest['filter']) =>
      writeLedger(deps.store.db, { under, kind, viewer, ...(filter ? { filter } : {}) }, target),
    template: () => templateWorkbook(),
  };
}

export type WorkbookService = ReturnType<typeof createWorkbookService>;
