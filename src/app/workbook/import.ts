// Registry import: read the files, check every household by the registry's rules, then in one
// transaction write what is new or changed. All or nothing by default; `acceptValid` writes the
// valid households and quarantines the rest; `dryRun` writes nothing. Unchanged households are
// not touched, so importing the same file twice changes nothing and audits nothing.
import type { ImportIssue, ParsedHousehold } from '../../domain/workbook/assemble.js';
import { HouseholdPlaces } from './places.js';
import { IdRegister } from '../../domain/workbook/id-register.js';
import { ownCopy } from '../../domain/workbook/own-copy.js';
import { businessDateTime } from '../../domain/dates.js';
import { existingVillages, finishImportBatch, hasOpenQuarantine, householdsByNo, idNumberOwners, insertImportBatch, insertQuarantine, resolveQuarantine, type QuarantineRow, type StoredHousehold } from '../../store/workbook.js';
import { closedYears } from '../../store/years.js';
import type { Executor, Store } from '../../store/store.js';
import { type Clock, isoNow, today } from '../clock.js';
import { checkAgainstStore, checkInFile, normalizedMembers } from './checks.js';
import { HouseholdChunks } from './chunks.js';
import { firstProblemAt } from './quarantine.js';
import { ImportWriter } from './import-writer.js';
import { fileHashes, fileSize, readWorkbooks, type InputFile, type SheetSummary } from './read.js';
import { xlsxCopies, type XlsxCopies } from './legacy-xls.js';
import { keepFiles } from './kept-files.js';
import { headerScanRows } from '../../domain/workbook/header.js';

export type ImportMode = 'dryRun' | 'all' | 'acceptValid';

export interface ImportRequest {
  readonly files: readonly InputFile[];
  readonly mode: ImportMode;
  readonly batchName?: string;
  readonly actor: string;
  /** The region the actor may write (null: anywhere, for the CLI run by an operator). */
  readonly scope: string | null;
  /** Households checked and written together (tests make it small to cross chunk boundaries). */
  readonly chunkSize?: number;
}

export interface ImportProgress {
  /** `converting`: an old .xls is being turned into xlsx by LibreOffice (seconds, no measure of its own). */
  readonly phase: 'converting' | 'reading' | 'checking' | 'writing' | 'done';
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

const noneStored: ReadonlyMap<string, StoredHousehold> = new Map();
const noOwners: ReadonlyMap<string, { householdNo: string; villageCode: string }> = new Map();

/** Thrown inside the transaction to roll an all-or-nothing import back. */
class Rollback extends Error {}

export async function importRegistry(
  deps: { store: Store; clock: Clock },
  req: ImportRequest,
  onProgress?: (p: ImportProgress) => void,
  onBatch?: (batchId: number) => void,
): Promise<ImportResult> {
  const { store, clock } = deps;
  const fileName = req.files.map((f) => f.name).join(', ');
  const hashes = await fileHashes(req.files);
  const fileSha256 = hashes.all;
  const started = isoNow(clock);
  // Named in Beijing time, the time the officer's clock shows (seconds are the same in every zone).
  const batchName = req.batchName ?? `${req.files[0]?.name ?? 'import'}@${businessDateTime(started)}:${started.slice(17, 19)}`;
  const batchId = await insertImportBatch(store.db, { name: batchName, fileName, fileSha256, mode: req.mode, actor: req.actor, scope: req.scope ?? '', createdAt: started });
  onBatch?.(batchId);

  const chunks = new HouseholdChunks(req.chunkSize ?? chunkSize);
  let copies: XlsxCopies | null = null;
  try {
    // Kept before anything is read: a file that cannot be read is the one to look at afterwards.
    await keepFiles(store, batchId, req.files, hashes.each, started);
    // The batch keeps the hash of what the officer gave; an old .xls is read from its xlsx copy.
    copies = await xlsxCopies(req.files, () => onProgress?.({ phase: 'converting', done: 0, total: 1 }));
    const totalBytes = copies.files.reduce((n, f) => n + fileSize(f), 0);
    const sheets = await readWorkbooks(copies.files, chunks, (done) => onProgress?.({ phase: 'reading', done, total: totalBytes }));
    return await checkAndWrite(deps, req, chunks, sheets, { batchId, batchName, fileName, fileSha256 }, onProgress);
  } catch (error) {
    await finishImportBatch(store.db, batchId, 'failed', {}, [], 0, isoNow(clock));
    throw error;
  } finally {
    chunks.close();
    await copies?.dispose();
  }
}

interface Batch {
  readonly batchId: number;
  readonly batchName: string;
  readonly fileName: string;
  readonly fileSha256: string;
}

/** Checks and writes chunk by chunk in one transaction; in-file checks span chunks through `seen`. */
async function checkAndWrite(deps: { store: Store; clock: Clock }, req: ImportRequest, chunks: HouseholdChunks, sheets: SheetSummary[], batch: Batch, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
  const { store, clock } = deps;
  const { batchId, batchName, fileName, fileSha256 } = batch;
  const membersGiven = chunks.sheetKinds.has('member') || chunks.sheetKinds.has('flat');
  const ctx = { today: today(clock) };
  const total = chunks.households;
  const counts: ImportCounts = { households: total, members: 0, incomes: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, quarantined: 0 };
  const orphanIssues = [...chunks.orphans.orphanIssues.map(detached), ...unrecognised(sheets)];
  const closed = new Set(await closedYears(store.db));
  const rejectedIssues: ImportIssue[] = [];
  const planned = { created: 0, updated: 0 };

  const run = async (): Promise<void> =>
    store.bulkTransaction(async (trx) => {
      // An error found in a later chunk rolls the earlier chunks back.
      let writing = req.mode === 'acceptValid' || (req.mode === 'all' && orphanIssues.length === 0);
      const now = isoNow(clock);
      const writer = await ImportWriter.open(store, trx, now, `导入：${fileName}`, req.mode !== 'dryRun', batchId);
      // Households set aside by earlier batches that this import finds valid are resolved by it, even
      // unchanged ones (which write nothing); a dry run rolls back, so it needs no marking.
      const resolving = req.mode !== 'dryRun' && (await hasOpenQuarantine(trx));
      const seen = new IdRegister();
      const villages = new KnownVillages(trx);
      const places = new HouseholdPlaces(trx, req.scope);
      let done = 0;
      for (let k = 0; k < chunks.chunkCount; k += 1) {
        // better-sqlite3 answers synchronously, so without this the whole check would hold the
        // event loop: the server would answer nobody, not even the progress poll, until the end.
        await new Promise<void>((resolve) => setImmediate(resolve));
        onProgress?.({ phase: writing ? 'writing' : 'checking', done, total });
        const households = chunks.take(k);
        await places.settle(households);
        const members = households.map((h) => {
          const list = normalizedMembers(h);
          checkInFile(h, list, membersGiven, ctx, seen);
          counts.members += h.members.length;
          counts.incomes += h.incomes.length;
          return list;
        });
        if (req.mode === 'all' && households.some((h) => h.issues.length > 0)) writing = false;
        // Into an empty registry (a county's first import) there is nothing to look up: a chunk's
        // households cannot have been written by an earlier chunk, each household being in one.
        const stored = writer.householdIdsBefore === 0 ? noneStored : await householdsByNo(trx, households.map((h) => h.householdNo), [...new Set(households.flatMap((h) => h.incomes.map((i) => i.year)))]);
        // Owners as registered before this import: a person in two households of the file is the
        // in-file check's to report, whichever chunk was written first.
        const owners = writer.memberIdsBefore === 0 ? noOwners : await idNumberOwners(trx, members.flat().map((m) => m.idNumber).filter((id) => id !== ''), writer.memberIdsBefore);
        const known = await villages.of(households.flatMap((h) => (h.household ? [h.household.villageCode] : [])));
        const quarantine: QuarantineRow[] = [];
        const valid: string[] = [];
        for (const [i, h] of households.entries()) {
          const list = members[i] ?? [];
          // Checked against the store even with errors already found: every error is reported at once.
          const plan = checkAgainstStore(h, list, { stored: stored.get(h.householdNo), owners, villages: known, scope: req.scope, closedYears: closed, membersGiven });
          if (plan === null) {
            for (const i of h.issues) rejectedIssues.push(detached(i));
            counts.rejected += 1;
            if (req.mode === 'acceptValid') quarantine.push(quarantineRow(h, list));
            if (req.mode === 'all') writing = false;
            continue;
          }
          valid.push(h.householdNo);
          if (plan.kind === 'new') planned.created += 1;
          if (plan.kind === 'changed') planned.updated += 1;
          if (plan.kind === 'unchanged') counts.unchanged += 1;
          else if (!writing) continue;
          else if (plan.kind === 'new' && h.household) {
            await writer.addNew({ household: h.household, members: list, incomes: h.incomes, status: h.status ?? 'poor', exitYear: h.exitYear }, req.actor);
          } else if (plan.kind === 'changed') {
            const s = stored.get(h.householdNo);
            if (s) await writer.update({ stored: s, household: plan.household, members: plan.members, incomes: plan.incomes });
          }
        }
        await writer.flush();
        if (resolving && writing) await resolveQuarantine(trx, batchId, valid, now);
        if (quarantine.length > 0) {
          await insertQuarantine(trx, batchId, quarantine);
          counts.quarantined += quarantine.length;
        }
        done += households.length;
      }
      if (!writing || (req.mode === 'all' && (counts.rejected > 0 || orphanIssues.length > 0))) throw new Rollback();
      await writer.finish({ actor: req.actor, batchId, batchName, fileName, fileSha256 });
      counts.created = writer.created;
      counts.updated = writer.updated;
    });
  try {
    await run();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    // Rolled back: nothing written, nothing quarantined.
    counts.quarantined = 0;
  }
  // A dry run reports what it would write.
  if (req.mode === 'dryRun') Object.assign(counts, planned);
  const issues = [...orphanIssues, ...rejectedIssues];
  const status: ImportStatus =
    req.mode === 'dryRun' ? (issues.length > 0 ? 'invalid' : 'validated')
    : issues.length > 0 && req.mode === 'all' ? 'invalid'
    // Set-aside households are kept (in the quarantine), so such a run is partial, not refused.
    : counts.created + counts.updated > 0 || counts.quarantined > 0 ? (issues.length > 0 ? 'partial' : 'imported')
    : issues.length > 0 ? 'invalid' : 'unchanged';
  await finishImportBatch(store.db, batchId, status, counts, issues.slice(0, 2000), issues.length, isoNow(clock));
  onProgress?.({ phase: 'done', done: total, total });
  return { batchId, batchName, status, fileName, fileSha256, counts, sheets, issues };
}

/**
 * Files in which no sheet is a household, member or income sheet (a header too far down, a tab- or
 * UTF-16 text, another table altogether) are refused as such: read as "nothing to change", they
 * looked like a successful import to an officer whose data never went in.
 */
function unrecognised(sheets: readonly SheetSummary[]): ImportIssue[] {
  const unclassified = sheets.flatMap(unclassifiedSheet);
  if (unclassified.length > 0 || sheets.some((s) => s.kind !== null)) return unclassified;
  const names = sheets.map((s) => s.sheet).join('、');
  return [{
    sheet: sheets[0]?.sheet ?? '',
    row: null,
    column: null,
    header: null,
    field: 'sheet',
    value: names,
    householdNo: null,
    message: `未识别出户表、成员表或收入表${names ? `（${names}）` : ''}：前 ${headerScanRows} 行中没有找到含“户编号”等列名的表头`,
    messageEn: `No household, member or income sheet was recognised${names ? ` (${names})` : ''}: no header with columns such as 户编号 (household number) in the first ${headerScanRows} rows`,
    fix: `请使用导入模板填写；或检查表头是否在前 ${headerScanRows} 行内，文件是否为 xlsx 或以逗号分隔的 csv（UTF-8 或 GBK）`,
    fixEn: `Fill in the import template; or check that the header is within the first ${headerScanRows} rows and that the file is xlsx or comma-separated csv (UTF-8 or GBK)`,
  }];
}

/**
 * A sheet with 户编号 and other registry columns that is still not a household, member or income
 * sheet holds registry data under names the alias table lacks (务工收入 for 工资性收入, say): skipped,
 * its rows would be left out while the rest of the file went in.
 */
function unclassifiedSheet(s: SheetSummary): ImportIssue[] {
  const u = s.unclassified;
  if (!u) return [];
  const known = u.known.join('、');
  const unknown = u.unknown.length > 0 ? u.unknown.join('、') : '无';
  return [{
    sheet: s.sheet,
    row: u.headerRow,
    column: null,
    header: null,
    field: 'sheet',
    value: [...u.known, ...u.unknown].join('、'),
    householdNo: null,
    message: `工作表“${s.sheet}”第 ${u.headerRow} 行的表头有户编号，却看不出是户表、成员表还是收入表：认出的列 ${known}；认不出的列 ${unknown}`,
    messageEn: `Sheet "${s.sheet}" has a header with the household number in row ${u.headerRow}, but it is not recognisable as a household, member or income sheet: recognised columns ${u.known.join(', ')}; unrecognised ${u.unknown.length > 0 ? u.unknown.join(', ') : 'none'}`,
    fix: '请把列名改为导入模板中的名称（户表需“村代码”“识别标准”“贫困户属性”等，成员表需“姓名”“身份证号”“与户主关系”，收入表需“收入年度”和“工资性收入”等收入列）；此表若不需导入，请删除它再导入',
    fixEn: 'Rename the columns as in the import template (a household sheet needs 村代码, 识别标准, 贫困户属性 and the like; a member sheet 姓名, 身份证号, 与户主关系; an income sheet 收入年度 and amounts such as 工资性收入); if the sheet is not to be imported, delete it and import again',
  }];
}

/** An issue kept to the end of the import, copied so as not to keep its chunk's text alive. */
function detached(i: ImportIssue): ImportIssue {
  const copy = (s: string | null) => (s === null ? null : ownCopy(s));
  return { ...i, sheet: ownCopy(i.sheet), column: copy(i.column), header: copy(i.header), field: ownCopy(i.field), value: ownCopy(i.value), householdNo: copy(i.householdNo), message: ownCopy(i.message), messageEn: ownCopy(i.messageEn), fix: ownCopy(i.fix), fixEn: ownCopy(i.fixEn) };
}

/** Village codes checked against the region table, each looked up once per import. */
class KnownVillages {
  private readonly found = new Set<string>();
  private readonly asked = new Set<string>();

  constructor(private readonly db: Executor) {}

  async of(codes: readonly string[]): Promise<ReadonlySet<string>> {
    const fresh = [...new Set(codes.filter((c) => !this.asked.has(c)))];
    for (const c of fresh) this.asked.add(c);
    if (fresh.length > 0) for (const c of await existingVillages(this.db, fresh)) this.found.add(c);
    return this.found;
  }
}

function quarantineRow(h: ParsedHousehold, members: readonly unknown[]): QuarantineRow {
  const ref = h.ref ?? h.members[0]?.ref ?? null;
  return {
    householdNo: h.householdNo,
    // Where the officer is to fix it, which need not be the household sheet's row.
    ...firstProblemAt(h.issues, { sheet: ref?.sheet ?? '', row: ref?.row ?? null }),
    data: { household: h.household, status: h.status, exitYear: h.exitYear, members, incomes: h.incomes.map((i) => ({ year: i.year, ...i.income })) },
    issues: h.issues,
  };
}
