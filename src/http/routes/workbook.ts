// Workbook routes: upload an import (raw body, file name in `x-file-name`; or several files, such
// as a household CSV and a member CSV, as multipart/form-data), poll its progress and
// errors, download the marked-up report, export ledgers and the template. Thin: scope, call, shape.
import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { readStoredIssues } from '../../domain/stored-issues.js';
import { ledgerKinds, type LedgerKind, type LedgerRequest } from '../../app/workbook/export.js';
import { canOpenGivenFile, type Principal } from '../../domain/access.js';
import { ListQuerySchema, Nullable } from '../schemas.js';
import { filterFor } from './households.js';
import type { ImportMode } from '../../app/workbook/import.js';
import { createWorkbookService, type ImportJob } from '../../app/workbook/service.js';
import { quarantineView } from '../../app/workbook/quarantine.js';
import { legacyConverter } from '../../app/workbook/legacy-xls.js';
import type { AppContext } from '../context.js';
import { attachment, regionFileName, sendKeptFile, uploadedFileName, xlsxType } from '../files.js';
import { HttpError, forbidden, notFound } from '../errors.js';
import { requireScope, requireUser, requireWriter } from '../session.js';

const uploadTypes = ['application/octet-stream', xlsxType, 'text/csv', 'application/vnd.ms-excel'];
const uploadLimit = 200 * 1024 * 1024;
const maxUploadFiles = 10;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const ImportIssueSchema = Type.Object({
  sheet: Type.String(),
  row: Nullable(Type.Integer()),
  column: Nullable(Type.String()),
  header: Nullable(Type.String()),
  field: Type.String(),
  value: Type.String(),
  householdNo: Nullable(Type.String()),
  message: Type.String(),
  messageEn: Type.String(),
  fix: Type.String(),
  fixEn: Type.String(),
});

/** A batch's set-aside households, each registered since the batch (resolved) or still to fix (`app/workbook/quarantine.ts`). */
const QuarantineSchema = Type.Object({
  batchId: Type.Integer(),
  batchName: Type.String(),
  finishedAt: Nullable(Type.String()),
  households: Type.Integer(),
  resolved: Type.Integer(),
  outstanding: Type.Integer(),
  open: Type.Boolean(),
  items: Type.Array(Type.Object({
    householdNo: Type.String(),
    /** Where its first problem is, which may be the member or income sheet. */
    sheet: Type.String(),
    row: Nullable(Type.Integer()),
    issueCount: Type.Integer(),
    issues: Type.Array(ImportIssueSchema),
    resolved: Type.Boolean(),
    resolvedAt: Nullable(Type.String()),
    resolvedBy: Nullable(Type.Union([Type.Literal('import'), Type.Literal('edit')])),
    resolvedBatch: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  })),
});

/** A file the import was given, kept with its batch: `GET /imports/:id/files/:position` downloads it. */
const KeptFileSchema = Type.Object({ position: Type.Integer(), name: Type.String(), size: Type.Integer() });

const HistorySchema = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(),
    batchName: Type.String(),
    fileName: Type.String(),
    mode: Type.String(),
    status: Type.String(),
    actor: Type.String(),
    counts: Type.Record(Type.String(), Type.Number()),
    issueCount: Type.Integer(),
    createdAt: Type.String(),
    finishedAt: Nullable(Type.String()),
    reportAvailable: Type.Boolean(),
    files: Type.Array(KeptFileSchema),
    quarantine: Nullable(Type.Object({ total: Type.Integer(), resolved: Type.Integer() })),
  })),
});

/** `open=true`: only the set-aside households still to fix. */
const QuarantineQuery = Type.Object({ open: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

const tooLarge = () => new HttpError(413, 'upload_too_large', `上传的文件合计超过 ${uploadLimit / 1024 / 1024} MB：请按县或乡镇分开导入`, `The upload exceeds ${uploadLimit / 1024 / 1024} MB in all: import county by county or town by town`);

/** The files of a multipart upload, read whole; their sizes count against one limit together. */
async function multipartFiles(request: FastifyRequest): Promise<{ name: string; data: Buffer }[]> {
  const files: { name: string; data: Buffer }[] = [];
  let total = 0;
  try {
    for await (const part of request.files()) {
      const data = await part.toBuffer();
      total += data.length;
      if (total > uploadLimit) throw tooLarge();
      if (data.length > 0) files.push({ name: part.filename || `upload-${files.length + 1}.xlsx`, data });
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new HttpError(413, 'too_many_files', `一次最多上传 ${maxUploadFiles} 个文件`, `Upload at most ${maxUploadFiles} files at once`);
    throw new HttpError(400, 'bad_upload', '上传的内容无法读取，请重新选择文件后再试', 'The upload could not be read: choose the files again and retry');
  }
  return files;
}

const noFile = () => new HttpError(400, 'no_file', '请上传 xlsx 或 csv 文件（请求体为文件内容，或以 multipart/form-data 上传多个文件）', 'Upload the xlsx or csv file as the request body, or several files as multipart/form-data');

/** A file sent as the raw request body, named by the `x-file-name` header. */
function rawBodyFile(request: FastifyRequest): { name: string; data: Buffer } {
  const body: unknown = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw noFile();
  const name = uploadedFileName(request.headers['x-file-name'], request.headers['content-type'], /\.(xlsx|xls|et|csv|txt)$/i);
  return { name, data: body };
}

/** `mode` says whether the counts were written or only what a check found could be (`dryRun`). */
function jobView(job: ImportJob, mode: string) {
  const r = job.result;
  const p = job.progress;
  return {
    id: job.id,
    mode,
    status: job.error ? 'failed' : r ? r.status : 'running',
    progress: { phase: p.phase, done: p.done, total: p.total, fraction: p.phase === 'done' ? 1 : p.total > 0 ? Math.min(0.99, p.done / p.total) : 0 },
    error: job.error,
    errorEn: job.errorEn,
    // Known from the upload, so that a file that could not be read is still named.
    fileName: job.files.map((f) => f.name).join(', '),
    ...(r ? { batchName: r.batchName, fileName: r.fileName, fileSha256: r.fileSha256, counts: r.counts, sheets: r.sheets, issueCount: r.issues.length, issues: r.issues.slice(0, 1000), reportAvailable: true } : {}),
  };
}

export function workbookRoutes(ctx: AppContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const service = createWorkbookService({ store: ctx.store, clock: ctx.clock });
    app.addContentTypeParser(uploadTypes, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) => done(null, body));
    await app.register(multipart, { limits: { fileSize: uploadLimit, files: maxUploadFiles, fields: 0, parts: maxUploadFiles } });
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/imports', {
      bodyLimit: uploadLimit,
      schema: { querystring: Type.Object({ mode: Type.Optional(Type.Union([Type.Literal('dryRun'), Type.Literal('all'), Type.Literal('acceptValid')])), batch: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }) },
    }, async (request, reply) => {
      const user = requireUser(request);
      requireWriter(user);
      const files = request.isMultipart() ? await multipartFiles(request) : [rawBodyFile(request)];
      if (files.length === 0) throw noFile();
      const mode: ImportMode = request.query.mode ?? 'dryRun';
      const job = await service.startImport(user.username, user.regionCode, files, mode, request.query.batch);
      if (job.id < 0) throw new HttpError(400, 'import_failed', `无法读取文件：${job.error ?? ''}`, `Cannot read the file: ${job.error ?? ''}`);
      return reply.status(202).send(jobView(job, mode));
    });

    // What this server reads: old .xls and .et workbooks only where LibreOffice can convert them.
    r.get('/imports/formats', { schema: { response: { 200: Type.Object({ legacyWorkbooks: Type.Boolean() }) } } }, async (request) => {
      requireUser(request);
      return { legacyWorkbooks: (await legacyConverter()) !== null };
    });

    // The import history: an admin sees everyone's imports, others their own.
    r.get('/imports', { schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }), response: { 200: HistorySchema } } }, async (request) => {
      const user = requireUser(request);
      return { items: await service.history(user.role === 'admin' ? null : user.username, request.query.limit ?? 20) };
    });

    r.get('/imports/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      // The batch row holds the mode (and outlives the in-memory job, which holds the live progress).
      const batch = await service.batch(request.params.id);
      const job = service.job(request.params.id);
      const files = (await service.keptFiles(request.params.id)).map((f) => ({ position: f.position, name: f.name, size: f.size }));
      if (job && batch) {
        if (job.owner !== user.username && user.role !== 'admin') throw notFound('导入批次', 'Import batch');
        return { ...jobView(job, batch.mode), files };
      }
      if (!batch || !canOpenGivenFile(user, batch.actor)) throw notFound('导入批次', 'Import batch');
      const issues = readStoredIssues(batch.issues_json);
      const counts: unknown = JSON.parse(batch.counts_json);
      return { id: batch.id, mode: batch.mode, status: batch.status, batchName: batch.name, fileName: batch.file_name, fileSha256: batch.file_sha256, counts, issueCount: batch.issue_count, issues, progress: { phase: 'done', done: 1, total: 1, fraction: 1 }, error: null, errorEn: null, reportAvailable: batch.issue_count > 0 && files.length > 0, files };
    });

    /** A batch's set-aside list, for its importer or an admin; anyone else is told there is no such batch. */
    const quarantineFor = async (user: Principal, id: number, open: boolean) => {
      const batch = await service.batch(id);
      if (!batch || !canOpenGivenFile(user, batch.actor)) throw notFound('导入批次', 'Import batch');
      const list = await service.quarantine(batch.id, open);
      if (!list) throw notFound('导入批次', 'Import batch');
      return list;
    };

    // The households the batch set aside, each registered since or still to fix, with the counts.
    r.get('/imports/:id/quarantine', { schema: { params: IdParams, querystring: QuarantineQuery, response: { 200: QuarantineSchema } } }, async (request) => {
      const user = requireUser(request);
      return quarantineView(await quarantineFor(user, request.params.id, request.query.open ?? false));
    });

    // The same as a workbook to fix from; read from the database, so it outlives the report.
    r.get('/imports/:id/quarantine.xlsx', { schema: { params: IdParams, querystring: QuarantineQuery } }, async (request, reply) => {
      const user = requireUser(request);
      const list = await quarantineFor(user, request.params.id, request.query.open ?? false);
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(`隔离户-${list.batch.name}.xlsx`)).send(service.quarantineWorkbook(list));
    });

    r.get('/imports/:id/report.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      const job = service.job(request.params.id);
      const reportName = (first: string | undefined) => attachment(`错误报告-${first?.replace(/\.\w+$/, '') ?? 'import'}.xlsx`);
      if (job) {
        if (job.owner !== user.username && user.role !== 'admin') throw notFound('导入批次', 'Import batch');
        await job.done;
        if (!job.result) throw notFound('导入结果', 'Import result');
        const data = await service.report(job.files, job.result);
        return reply.header('content-type', xlsxType).header('content-disposition', reportName(job.files[0]?.name)).send(data);
      }
      // After a restart or the job's hour: made again from the files the batch kept.
      const batch = await service.batch(request.params.id);
      if (!batch || !canOpenGivenFile(user, batch.actor)) throw notFound('导入批次', 'Import batch');
      const report = batch.issue_count > 0 ? await service.reportOfBatch(batch.id, batch.issues_json) : null;
      if (!report) throw notFound('错误报告（该批次没有问题，或未保留原文件：请重新校验）', 'Error report (the batch had no problems or kept no file: check the file again)');
      return reply.header('content-type', xlsxType).header('content-disposition', reportName(report.firstFile)).send(report.data);
    });

    // A file the import was given, byte for byte: what the batch's hash (and its audit entry) is of.
    r.get('/imports/:id/files/:position', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }), position: Type.Integer({ minimum: 0 }) }) } }, async (request, reply) => {
      const user = requireUser(request);
      const batch = await service.batch(request.params.id);
      if (!batch || !canOpenGivenFile(user, batch.actor)) throw notFound('导入批次', 'Import batch');
      const file = await service.keptFile(batch.id, request.params.position);
      if (!file) throw notFound('导入的原文件', 'Imported file');
      return sendKeptFile(reply, file);
    });

    /** The ledger's file name in the words of the page (建档立卡台账), not the API's kind. */
    const ledgerTitle: Record<LedgerKind, string> = { registry: '建档立卡台账', households: '户表台账', members: '成员表台账', incomes: '收入表台账' };

    /** Streamed: rows leave as they are read, so a large ledger never sits in memory. */
    const sendLedger = async (request: FastifyRequest, reply: FastifyReply, user: Principal, under: string, kind: LedgerKind, filter?: LedgerRequest['filter']) => {
      const fileName = await regionFileName(ctx.regionNames, ledgerTitle[kind], under);
      const stream = new PassThrough();
      service.exportLedger(under, kind, user, { stream }, filter).catch((error: unknown) => {
        request.log.error({ err: error instanceof Error ? error.message : String(error) }, 'ledger export failed');
        stream.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(fileName)).send(stream);
    };

    r.get('/exports/ledger.xlsx', { schema: { querystring: Type.Object({ under: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), kind: Type.Optional(Type.Union(ledgerKinds.map((k) => Type.Literal(k)))) }) } }, async (request, reply) => {
      const user = requireUser(request);
      const under = request.query.under ? normalizeRegionCode(request.query.under) : user.regionCode;
      if (!under) throw forbidden();
      requireScope(user, under);
      return sendLedger(request, reply, user, under, request.query.kind ?? 'registry');
    });

    // The household list as it reads (same filters), in the ledger's layout: labels, masked ID
    // numbers, and a file the importer takes back unchanged.
    // `kind` as for /exports/ledger.xlsx: the filtered households alone, or with their members and incomes.
    const { cursor: _cursor, limit: _limit, count: _count, sort: _sort, order: _order, ...listFilters } = ListQuerySchema.properties;
    const ListExportQuery = Type.Object({ ...listFilters, kind: Type.Optional(Type.Union(ledgerKinds.map((k) => Type.Literal(k)))) }, { additionalProperties: false });
    r.get('/households/export.xlsx', { schema: { querystring: ListExportQuery } }, async (request, reply) => {
      const user = requireUser(request);
      const { kind, ...query } = request.query;
      const { region, ...filter } = filterFor(user, query);
      return sendLedger(request, reply, user, region, kind ?? 'households', filter);
    });

    r.get('/exports/template.xlsx', async (request, reply) => {
      requireUser(request);
      return reply.header('content-type', xlsxType).header('content-disposition', attachment('贫困户信息导入模板.xlsx')).send(await service.template());
    });
  };
}
