// Cross-check use cases (数据比对): compare a department file with the registry under a region,
// keep every discrepancy on a review list with both records, resolve it with a note or turn it
// into a rectification problem. A file with any bad row is refused whole and the run records why.
import type { Readable } from 'node:stream';
import { canOpenGivenFile, inScope, type Principal } from '../domain/access.js';
import { Comparer, type Discrepancy, type Found } from '../domain/crosscheck/compare.js';
import { datasetKinds, datasetSchemas, isDatasetKind, withAliases, type DatasetKind, type DatasetSchema } from '../domain/crosscheck/kinds.js';
import { RegistryTable } from '../domain/crosscheck/registry-table.js';
import { amountKinds, discrepancyTypes, fieldsRead } from '../domain/crosscheck/rules.js';
import { unitOf } from '../domain/rectification/workflow.js';
import { addDays } from '../domain/rectification/schedule.js';
import { appendAudit } from '../store/audit.js';
import * as cs from '../store/crosscheck.js';
import type { BulkColumn, Executor, Store } from '../store/store.js';
import { type Clock, isoNow, today } from './clock.js';
import { readDatasetOffThread, type DatasetRead } from './crosscheck-read.js';
import { NotFound, ValidationFailed } from './errors.js';
import type { RectificationService } from './rectification.js';
import { checkXlsx, hashFiles, isCsv, UnreadableFile, type InputFile } from './workbook/read.js';
import { xlsxCopies } from './workbook/legacy-xls.js';
import { keepFile, keptContent } from './workbook/kept-files.js';

export interface CrosscheckRequest {
  readonly kind: string;
  readonly under: string; // 12-digit
  readonly file: InputFile;
  /** Extra header spellings per column key, for one county's files. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
}

export interface CrosscheckResult {
  readonly run: cs.RunRow;
  readonly counts: Record<string, number>;
  readonly byType: Record<string, number>;
  readonly issues: DatasetRead['issues'];
}

/** Findings written per round: their members' full records are read, then the rows inserted. */
const writeChunk = 5_000;

/** A file with bad rows (or none): the transaction is rolled back and the run recorded as rejected. */
class Rejected extends Error {
  constructor(readonly read: DatasetRead) {
    super('the department file was rejected');
  }
}
const refused = (read: DatasetRead): boolean => read.issueCount > 0 || read.table.size === 0;

const discrepancyColumns: readonly BulkColumn[] = [
  { name: 'run_id', type: 'int' },
  { name: 'kind', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'household_id', type: 'int' },
  { name: 'member_id', type: 'int' },
  { name: 'registry_json', type: 'text' },
  { name: 'department_json', type: 'text' },
  { name: 'facts_json', type: 'text' },
  { name: 'version', type: 'int' },
];

const toRow = (runId: number, kind: DatasetKind, d: Discrepancy): unknown[] => [runId, kind, d.type, 'open', d.villageCode ?? '', d.householdId, d.memberId, d.registry ? JSON.stringify(d.registry) : null, d.department ? JSON.stringify(d.department) : null, d.facts ? JSON.stringify(d.facts) : null, 1];

function refuse(field: string, message: string, messageEn: string, fix: string, fixEn: string): never {
  throw new ValidationFailed([{ field, message, messageEn, fix, fixEn }]);
}

/** A department file as it can be read: an old .xls as its xlsx copy, with the given file's hash (null: the file itself is read). */
interface ReadableFile {
  readonly file: InputFile;
  readonly sha256: string | null;
  readonly dispose: () => Promise<void>;
}

/** Converts an old .xls (workbook/legacy-xls.ts); a file that is no workbook is the officer's to fix, said as such. */
async function readableFile(file: InputFile): Promise<ReadableFile> {
  try {
    const copies = await xlsxCopies([file]);
    const read = copies.files[0] ?? file;
    try {
      if (!isCsv(read.name)) await checkXlsx(read);
      return { file: read, sha256: read === file ? null : await hashFiles([file]), dispose: copies.dispose };
    } catch (error) {
      await copies.dispose();
      throw error;
    }
  } catch (error) {
    if (error instanceof UnreadableFile) refuse('file', error.message, error.messageEn, '请上传 .xlsx 或 .csv 文件', 'Upload an .xlsx or .csv file');
    throw error;
  }
}

export function createCrosscheckService(deps: { store: Store; clock: Clock; rectification: RectificationService }) {
  const { store, clock } = deps;

  /** Reads the registry's fields for the kind, member by member in household order; stops early once `stop` says so. */
  async function readRegistry(trx: Executor, kind: DatasetKind, under: string, stop: () => boolean): Promise<RegistryTable> {
    const registry = new RegistryTable(fieldsRead(kind));
    for await (const page of cs.registryRows(trx, under, registry.fields, store.sqlite ? { raw: store.sqlite } : {})) {
      for (const values of page) registry.push(values);
      // A turn of the event loop: the reading worker's messages (a bad row) arrive between pages.
      await new Promise((resolve) => setImmediate(resolve));
      if (stop()) break;
    }
    return registry;
  }

  /** Writes the findings with both records: the members' full registry records are read a chunk at a time. */
  async function writeFound(trx: Executor, runId: number, kind: DatasetKind, comparer: Comparer, registry: RegistryTable, found: readonly Found[], byType: Record<string, number>): Promise<void> {
    for (let k = 0; k < found.length; k += writeChunk) {
      const chunk = found.slice(k, k + writeChunk);
      const ids = [...new Set(chunk.map((f) => registry.memberId(f.member)))];
      const persons = await cs.registryPersons(trx, ids, { incomes: amountKinds.has(kind), ...(store.sqlite ? { raw: store.sqlite } : {}) });
      const rows = chunk.map((f) => {
        const person = persons.get(registry.memberId(f.member));
        // Read in the same transaction: a member can only be missing if the registry changed underneath.
        if (!person) throw new Error('a registry member changed during the comparison; run it again');
        const d = comparer.discrepancy(f, person);
        byType[d.type] = (byType[d.type] ?? 0) + 1;
        return toRow(runId, kind, d);
      });
      await store.bulkInsert(trx, 'crosscheck_discrepancy', discrepancyColumns, rows);
    }
  }

  /** A refused file: the run is recorded with its issues (the first kept in full, all counted), nothing compared. */
  async function recordRejected(base: Omit<cs.NewRun, 'file_sha256' | 'status' | 'counts_json' | 'issues_json' | 'issue_count'>, read: DatasetRead, file: InputFile): Promise<CrosscheckResult> {
    const issues = read.table.size === 0 && read.issueCount === 0 ? [{ row: null, field: 'file', message: '文件中没有数据行', messageEn: 'the file has no data rows', fix: '请确认上传的文件含有人员记录', fixEn: 'Check that the uploaded file holds person records' }] : read.issues;
    const counts = { rows: read.rows, records: read.table.size, issues: Math.max(read.issueCount, issues.length) };
    // The refused file is kept too: its issues name rows of it, and the officer fixing them may not have it.
    const id = await store.db.transaction().execute(async (trx) => {
      await keepFile(trx, file, read.sha256, base.created_at);
      return cs.insertRun(trx, { ...base, file_sha256: read.sha256, status: 'rejected', counts_json: JSON.stringify(counts), issues_json: JSON.stringify(issues), issue_count: counts.issues });
    });
    const run = await cs.getRun(store.db, id);
    if (!run) throw new NotFound('crosscheckRun', String(id));
    return { run, counts, byType: {}, issues };
  }

  async function mustGet(p: Principal, id: number): Promise<cs.DiscrepancyRow> {
    const d = await cs.getDiscrepancy(store.db, id);
    if (!d || !inScope(p, d.village_code)) throw new NotFound('crosscheckDiscrepancy', String(id));
    return d;
  }

  function assertOpen(d: cs.DiscrepancyRow, version: number): void {
    if (d.status !== 'open') refuse('status', '该差异已处理，不能重复处理', 'the discrepancy is already handled', '请刷新列表查看处理结果', 'Reload the list to see how it was handled');
    if (d.version !== version) refuse('version', '该差异已被他人修改', 'the discrepancy changed meanwhile', '请刷新后重试', 'Reload and try again');
  }

  /** Reads the file (an old .xls through its xlsx copy) and compares it; the run keeps the hash of the file given. */
  async function compare(actor: string, req: CrosscheckRequest, kind: DatasetKind, schema: DatasetSchema, given: ReadableFile): Promise<CrosscheckResult> {
    const sha256 = (read: DatasetRead): string => given.sha256 ?? read.sha256;
    // The file is read while the registry is: neither waits for the other.
    let bad = false;
    const abort = new AbortController();
    const reading = readDatasetOffThread(given.file, schema, today(clock), { onIssue: () => (bad = true), signal: abort.signal });
    let settled: DatasetRead | null = null;
    reading.then(
      (r) => (settled = r),
      () => (bad = true),
    );
    const now = isoNow(clock);
    const base = { kind, department: schema.department, under_code: req.under, file_name: req.file.name, actor, created_at: now, batch_id: null };
    const byType: Record<string, number> = {};
    try {
      const done = await store.bulkTransaction(async (trx) => {
        // The run comes first: it takes the write lock, and a refused file rolls it back.
        const runId = await cs.insertRun(trx, { ...base, file_sha256: '', status: 'compared', counts_json: '{}', issues_json: '[]', issue_count: 0 });
        const registry = await readRegistry(trx, kind, req.under, () => bad || (settled !== null && refused(settled)));
        const read = await reading;
        if (refused(read)) throw new Rejected(read);
        const comparer = new Comparer(kind, read.table);
        const found = comparer.compare(registry);
        await writeFound(trx, runId, kind, comparer, registry, found, byType);
        await cs.updateRun(trx, runId, { file_sha256: sha256(read), counts_json: JSON.stringify({ rows: read.rows, ...comparer.counts }) });
        // The file as given (an old .xls, not its copy): what the run's hash and audit entry name.
        await keepFile(trx, req.file, sha256(read), now);
        await appendAudit(trx, store.dialect, [{ actor, action: 'crosscheck.run', entityType: 'crosscheckRun', entityId: String(runId), before: null, after: { kind, under: req.under, fileSha256: sha256(read), ...comparer.counts, byType } }], now);
        return { runId, counts: { rows: read.rows, ...comparer.counts } };
      });
      const run = await cs.getRun(store.db, done.runId);
      if (!run) throw new NotFound('crosscheckRun', String(done.runId));
      return { run, counts: done.counts, byType, issues: [] };
    } catch (error) {
      if (!(error instanceof Rejected)) {
        abort.abort();
        throw error;
      }
      return recordRejected(base, { ...error.read, sha256: sha256(error.read) }, req.file);
    }
  }

  return {
    kinds: datasetKinds,

    /** Reads, checks and compares; a file with any bad row is recorded as rejected with its issues. */
    async run(actor: string, req: CrosscheckRequest): Promise<CrosscheckResult> {
      if (!isDatasetKind(req.kind)) refuse('kind', `未知的数据类型“${req.kind}”`, `unknown dataset kind ${req.kind}`, `请选择：${datasetKinds.join('、')}`, `Choose one of: ${datasetKinds.join(', ')}`);
      const kind = req.kind;
      const schema = req.aliases ? withAliases(datasetSchemas[kind], req.aliases) : datasetSchemas[kind];
      const given = await readableFile(req.file);
      try {
        return await compare(actor, req, kind, schema, given);
      } finally {
        await given.dispose();
      }
    },

    async runs(p: Principal, under: string): Promise<cs.RunRow[]> {
      return (await cs.listRuns(store.db, under)).filter((r) => inScope(p, r.under_code));
    },

    /**
     * The department file a run compared (or refused), as given. Open to whoever uploaded it and to
     * admins (`p` null: the operator at the console); the others get NotFound, as for a run out of
     * their scope: it holds the department's records of a whole region.
     */
    async runFile(p: Principal | null, id: number): Promise<{ name: string; sha256: string; size: number; stream: Readable }> {
      const run = await cs.getRun(store.db, id);
      if (!run || (p && (!inScope(p, run.under_code) || !canOpenGivenFile(p, run.actor)))) throw new NotFound('crosscheckRun', String(id), `没有第 ${id} 次比对`, `there is no comparison ${id}`);
      const kept = await keptContent(store.db, run.file_sha256);
      if (!kept) throw new NotFound('crosscheckFile', String(id), `第 ${id} 次比对未保存原文件（早于保存原文件的版本）`, `comparison ${id} kept no file (it was run before files were kept)`);
      return { name: run.file_name, sha256: run.file_sha256, ...kept };
    },

    async getRun(p: Principal, id: number): Promise<cs.RunRow & { byStatus: Record<string, number> }> {
      const run = await cs.getRun(store.db, id);
      if (!run || !inScope(p, run.under_code)) throw new NotFound('crosscheckRun', String(id));
      return { ...run, byStatus: await cs.countByStatus(store.db, id) };
    },

    list: (filter: cs.DiscrepancyFilter) => cs.listDiscrepancies(store.db, filter),

    get: (p: Principal, id: number) => mustGet(p, id),

    async resolve(p: Principal, id: number, version: number, note: string): Promise<cs.DiscrepancyRow> {
      if (note.trim() === '') refuse('note', '请填写处理说明', 'a note is required', '写明核实结果，如“已核实：公安数据有误”', 'State what was verified, e.g. "verified: the police data is wrong"');
      const d = await mustGet(p, id);
      assertOpen(d, version);
      const now = isoNow(clock);
      await store.db.transaction().execute(async (trx) => {
        if (!(await cs.closeDiscrepancy(trx, id, version, { status: 'resolved', note: note.trim(), problem_id: null, resolved_by: p.username, resolved_at: now }))) refuse('version', '该差异已被他人处理', 'the discrepancy changed meanwhile', '请刷新后重试', 'Reload and try again');
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'crosscheck.resolve', entityType: 'crosscheckDiscrepancy', entityId: String(id), before: { status: 'open' }, after: { status: 'resolved', note: note.trim() } }], now);
      });
      return mustGet(p, id);
    },

    /**
     * Turns a discrepancy into a problem of the run's rectification batch (made on the first one).
     * The batch is assigned by the run's region (the county checks itself, source 自查) to the
     * household's village, whoever in scope converts it; read-only roles cannot.
     */
    async toProblem(p: Principal, id: number, version: number, note: string, deadline: string | null): Promise<cs.DiscrepancyRow> {
      if (unitOf(p) === null && p.role !== 'admin') refuse('actor', '只读账号不能交办问题', 'read-only accounts cannot assign problems', '请由地区或部门账号操作', 'Use a region or department account');
      const d = await mustGet(p, id);
      assertOpen(d, version);
      const run = await cs.getRun(store.db, d.run_id);
      if (!run) throw new NotFound('crosscheckRun', String(d.run_id));
      const due = deadline ?? addDays(today(clock), 30);
      let batchId = run.batch_id;
      if (batchId === null) {
        const label = datasetSchemas[isDatasetKind(run.kind) ? run.kind : 'death'].zh;
        const batch = await deps.rectification.createBatch(p.username, { name: `数据比对（${label}）第 ${run.id} 次发现的问题`, source: 'selfCheck', assigningRegion: run.under_code, assigningDepartment: null, finalDeadline: due, recheckDays: 90 });
        batchId = batch.id;
        await cs.setRunBatch(store.db, run.id, batchId);
      }
      const registry = d.registry_json ? (JSON.parse(d.registry_json) as { householdNo?: string; name?: string }) : {};
      const label = discrepancyTypes[d.type as keyof typeof discrepancyTypes]?.zh ?? d.type;
      const problemNo = `DT-${d.id}`;
      const description = `${label}：户编号 ${registry.householdNo ?? '—'}，成员 ${registry.name ?? '—'}。${note.trim()}`.slice(0, 2000);
      await deps.rectification.addProblems(p.username, 'system', batchId, [{ problemNo, scope: 'specific', unitRegion: d.village_code, unitDepartment: null, appliesLevel: null, category: 'dataQuality', description, deadline: due, tasks: [] }]);
      const problemId = (await cs.problemIdOf(store.db, batchId, problemNo)) ?? null;
      const now = isoNow(clock);
      await store.db.transaction().execute(async (trx) => {
        if (!(await cs.closeDiscrepancy(trx, id, version, { status: 'problem', note: note.trim(), problem_id: problemId, resolved_by: p.username, resolved_at: now }))) refuse('version', '该差异已被他人处理', 'the discrepancy changed meanwhile', '请刷新后重试', 'Reload and try again');
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'crosscheck.toProblem', entityType: 'crosscheckDiscrepancy', entityId: String(id), before: { status: 'open' }, after: { status: 'problem', batchId, problemId } }], now);
      });
      return mustGet(p, id);
    },
  };
}

export type CrosscheckService = ReturnType<typeof createCrosscheckService>;
