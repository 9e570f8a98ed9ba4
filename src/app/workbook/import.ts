// Registry import: read the files, check every household by the registry's rules, then in one
// transaction write what is new or changed. All or nothing by default; `acceptValid` writes the
// valid households and quarantines the rest; `dryRun` writes nothing. Unchanged households are
// not touched, so importing the same file twice changes nothing and audits nothing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImportIssue, ParsedHousehold } from '../../domain/workbook/assemble.js';
import { existingVillages, finishImportBatch, householdsByNo, idNumberOwners, insertImportBatch, insertQuarantine } from '../../store/workbook.js';
import { closedYears } from '../../store/years.js';
import type { Store } from '../../store/store.js';
import { type Clock, isoNow, today } from '../clock.js';
import { checkAgainstStore, checkInFile, normalizedMembers } from './checks.js';
import { ImportWriter } from './import-writer.js';
import { fileSize, readWorkbooks, type InputFile, type SheetSummary } from './read.js';

export type ImportMode = 'dryRun' | 'all' | 'acceptValid';

export interface ImportRequest {
  readonly files: readonly InputFile[];
  readonly mode: ImportMode;
  readonly batchName?: string;
  readonly actor: string;
  /** The region the actor may write (null: anywhere, for the CLI run by an operator). */
  readonly scope: string | null;
}

export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'writing' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface ImportCounts {
  households: number;
  members: number;
  incomes: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  quarantined: number;
}

export type ImportStatus = 'validated' | 'invalid' | 'imported' | 'partial' | 'unchanged';

export interface ImportResult {
  readonly batchId: number;
  readonly batchName: string;
  readonly status: ImportStatus;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly counts: ImportCounts;
  readonly sheets: readonly SheetSummary[];
  readonly issues: readonly ImportIssue[];
}

const chunkSize = 1000;

/** Thrown inside the transaction to roll an all-or-nothing import back. */
class Rollback extends Error {}

export async function hashFiles(files: readonly InputFile[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    if (Buffer.isBuffer(file.data)) hash.update(file.data);
    else for await (const chunk of createReadStream(file.data.path)) hash.update(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return hash.digest('hex');
}

export async function importRegistry(
  deps: { store: Store; clock: Clock },
  req: ImportRequest,
  onProgress?: (p: ImportProgress) => void,
  onBatch?: (batchId: number) => void,
): Promise<ImportResult> {
  const { store, clock } = deps;
  const fileName = req.files.map((f) => f.name).join(', ');
  const fileSha256 = await hashFiles(req.files);
  const started = isoNow(clock);
  const batchName = req.batchName ?? `${req.files[0]?.name ?? 'import'}@${started.slice(0, 19)}`;
  const batchId = await insertImportBatch(store.db, { name: batchName, fileName, fileSha256, mode: req.mode, actor: req.actor, scope: req.scope ?? '', createdAt: started });
  onBatch?.(batchId);

  const totalBytes = req.files.reduce((n, f) => n + fileSize(f), 0);
  const { assembler, sheets } = await readWorkbooks(req.files, (done) => onProgress?.({ phase: 'reading', done, total: totalBytes }));
  const households = [...assembler.households.values()];
  const membersGiven = assembler.sheetKinds.has('member') || assembler.sheetKinds.has('flat');
  const ctx = { today: today(clock) };
  const seen = new Map<string, { no: string; sheet: string; row: number }>();
  const members = households.map((h) => {
    const list = normalizedMembers(h);
    checkInFile(h, list, membersGiven, ctx, seen);
    return list;
  });
  seen.clear();
  const counts: ImportCounts = { households: households.length, members: 0, incomes: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, quarantined: 0 };
  for (const h of households) {
    counts.members += h.members.length;
    counts.incomes += h.incomes.length;
  }
  const fileErrors = assembler.orphanIssues.length + households.filter((h) => h.issues.length > 0).length;
  const villages = await existingVillages(store.db, [...new Set(households.flatMap((h) => (h.household ? [h.household.villageCode] : [])))]);
  const closed = new Set(await closedYears(store.db));
  const rejected: { h: ParsedHousehold; index: number }[] = [];
  const planned = { created: 0, updated: 0 };

  const run = async (): Promise<void> =>
    store.bulkTransaction(async (trx) => {
      let writing = req.mode === 'acceptValid' || (req.mode === 'all' && fileErrors === 0);
      const writer = await ImportWriter.open(store, trx, isoNow(clock), `导入：${fileName}`);
      for (let i = 0; i < households.length; i += chunkSize) {
        onProgress?.({ phase: writing ? 'writing' : 'checking', done: i, total: households.length });
        const chunk = households.slice(i, i + chunkSize);
        const stored = await householdsByNo(trx, chunk.map((h) => h.householdNo));
        const owners = await idNumberOwners(trx, members.slice(i, i + chunkSize).flat().map((m) => m.idNumber).filter((id) => id !== ''));
        for (const [k, h] of chunk.entries()) {
          const list = members[i + k] ?? [];
          // Checked against the store even with errors already found: every error is reported at once.
          const plan = checkAgainstStore(h, list, { stored: stored.get(h.householdNo), owners, villages, scope: req.scope, closedYears: closed, membersGiven });
          if (plan === null) {
            rejected.push({ h, index: i + k });
            if (req.mode === 'all') writing = false;
            continue;
          }
          if (plan.kind === 'new') planned.created += 1;
          if (plan.kind === 'changed') planned.updated += 1;
          if (plan.kind === 'unchanged') counts.unchanged += 1;
          else if (!writing) continue;
          else if (plan.kind === 'new' && h.household) {
            await writer.addNew({ household: h.household, members: list, incomes: h.incomes, status: h.status ?? 'poor', exitYear: h.status === 'exited' ? h.exitYear : null }, req.actor);
          } else if (plan.kind === 'changed') {
            const s = stored.get(h.householdNo);
            if (s) await writer.update({ stored: s, household: plan.household, members: plan.members, incomes: plan.incomes });
          }
        }
        await writer.flush();
      }
      if (!writing || (req.mode === 'all' && (rejected.length > 0 || assembler.orphanIssues.length > 0))) throw new Rollback();
      await writer.finish({ actor: req.actor, batchId, batchName, fileName, fileSha256 });
      counts.created = writer.created;
      counts.updated = writer.updated;
      if (req.mode === 'acceptValid' && rejected.length > 0) {
        await insertQuarantine(trx, batchId, rejected.map((r) => quarantineRow(r.h, members[r.index] ?? [])));
        counts.quarantined = rejected.length;
      }
    });
  try {
    await run();
  } catch (error) {
    if (!(error instanceof Rollback)) {
      await finishImportBatch(store.db, batchId, 'failed', counts, [], 0, isoNow(clock));
      throw error;
    }
  }
  counts.rejected = rejected.length;
  // A dry run reports what it would write.
  if (req.mode === 'dryRun') Object.assign(counts, planned);
  const issues = [...assembler.orphanIssues, ...rejected.flatMap((r) => r.h.issues)];
  const status: ImportStatus =
    req.mode === 'dryRun' ? (issues.length > 0 ? 'invalid' : 'validated')
    : issues.length > 0 && req.mode === 'all' ? 'invalid'
    : counts.created + counts.updated > 0 ? (issues.length > 0 ? 'partial' : 'imported')
    : issues.length > 0 ? 'invalid' : 'unchanged';
  await finishImportBatch(store.db, batchId, status, counts, issues.slice(0, 2000), issues.length, isoNow(clock));
  onProgress?.({ phase: 'done', done: households.length, total: households.length });
  return { batchId, batchName, status, fileName, fileSha256, counts, sheets, issues };
}

function quarantineRow(h: ParsedHousehold, members: readonly unknown[]) {
  const ref = h.ref ?? h.members[0]?.ref ?? null;
  return {
    householdNo: h.householdNo,
    sheet: ref?.sheet ?? '',
    row: ref?.row ?? null,
    data: { household: h.household, status: h.status, exitYear: h.exitYear, members, incomes: h.incomes.map((i) => ({ year: i.year, ...i.income })) },
    issues: h.issues,
  };
}
