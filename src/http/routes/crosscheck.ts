// Data-truth routes: upload a department file to compare (raw body, name in `x-file-name`), the
// runs, the review list with both records, resolve / turn into a problem, the department's
// share-back export, and the quality dashboard. Thin: scope, call the use case, shape.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { canWriteRegistry, type Principal } from '../../domain/access.js';
import { datasetKinds, datasetSchemas, isDatasetKind } from '../../domain/crosscheck/kinds.js';
import { discrepancyTypes } from '../../domain/crosscheck/rules.js';
import { qualityRules } from '../../domain/quality/rules.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { createCrosscheckService } from '../../app/crosscheck.js';
import { kindsFor, presentDiscrepancy, presentRun } from '../../app/crosscheck-present.js';
import { createQualityService } from '../../app/quality.js';
import { qualityFindingsLedger } from '../../app/quality-findings-xlsx.js';
import { createRectificationService } from '../../app/rectification.js';
import { writeLedger } from '../../app/workbook/export.js';
import type { AppContext } from '../context.js';
import { HttpError, forbidden, notFound } from '../errors.js';
import { attachment, regionFileName, sendKeptFile, uploadedFileName, xlsxType } from '../files.js';
import { DateText } from '../schemas.js';
import { requireScope, requireUser } from '../session.js';

const uploadTypes = ['application/octet-stream', xlsxType, 'text/csv', 'application/vnd.ms-excel'];
const uploadLimit = 200 * 1024 * 1024;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Under = Type.Optional(Type.String({ pattern: '^\\d{2,12}$' }));
const Decision = Type.Object({ version: Type.Integer({ minimum: 1 }), note: Type.String({ minLength: 1, maxLength: 1000 }), deadline: Type.Optional(DateText) }, { additionalProperties: false });

/** Roles that act on the review list: the region's own staff and departments, never inspectors or work teams. */
function requireReviewer(p: Principal): void {
  if (!(canWriteRegistry(p) || p.role === 'department')) throw forbidden();
}

function fileNameOf(header: string | string[] | undefined, contentType: string | undefined): string {
  return uploadedFileName(header, contentType, /\.(xlsx|xls|et|csv|txt)$/i);
}

export function crosscheckRoutes(ctx: AppContext) {
  const service = createCrosscheckService({ store: ctx.store, clock: ctx.clock, rectification: createRectificationService(ctx) });
  const quality = createQualityService(ctx);
  const underOf = (user: Principal, under: string | undefined): string => {
    const code = under ? normalizeRegionCode(under) : user.regionCode;
    if (!code) throw forbidden();
    requireScope(user, code);
    return code;
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(uploadTypes, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) => done(null, body));
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/crosscheck/kinds', async (request) => {
      const user = requireUser(request);
      const mine = new Set(kindsFor(user));
      return {
        kinds: datasetKinds.map((k) => ({ kind: k, zh: datasetSchemas[k].zh, en: datasetSchemas[k].en, department: datasetSchemas[k].department, allowed: mine.has(k), columns: datasetSchemas[k].columns.map((c) => ({ key: c.key, zh: c.zh, kind: c.kind, list: c.list ?? null, required: c.required, aliases: c.aliases })) })),
        discrepancyTypes,
        qualityRules,
      };
    });

    r.post('/crosscheck/runs', { bodyLimit: uploadLimit, schema: { querystring: Type.Object({ kind: Type.String({ maxLength: 40 }), under: Under }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireReviewer(user);
      const under = underOf(user, request.query.under);
      if (isDatasetKind(request.query.kind) && !kindsFor(user).includes(request.query.kind)) throw forbidden();
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'no_file', '请上传 xlsx 或 csv 文件（请求体为文件内容）', 'Upload the xlsx or csv file as the request body');
      const result = await service.run(user.username, { kind: request.query.kind, under, file: { name: fileNameOf(request.headers['x-file-name'], request.headers['content-type']), data: body } });
      if (result.run.status === 'rejected') {
        return reply.status(422).send({ error: 'dataset_rejected', message: `文件有 ${result.run.issue_count} 处问题，未进行比对：请逐行改正后重新上传`, messageEn: `the file has ${result.run.issue_count} problems and was not compared`, run: presentRun(user, result.run), issues: result.issues });
      }
      return reply.status(201).send({ run: presentRun(user, result.run), counts: result.counts, byType: result.byType });
    });

    r.get('/crosscheck/runs', { schema: { querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      const kinds = new Set<string>(kindsFor(user));
      return { items: (await service.runs(user, under)).filter((x) => kinds.has(x.kind)).map((x) => presentRun(user, x)) };
    });

    r.get('/crosscheck/runs/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      const run = await service.getRun(user, request.params.id);
      if (!(kindsFor(user) as string[]).includes(run.kind)) throw notFound('比对批次', 'Cross-check batch');
      return presentRun(user, run);
    });

    /** The department file the run compared or refused, byte for byte as uploaded. */
    r.get('/crosscheck/runs/:id/file', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      const run = await service.getRun(user, request.params.id);
      if (!(kindsFor(user) as string[]).includes(run.kind)) throw notFound('比对批次', 'Cross-check batch');
      const file = await service.runFile(user, run.id);
      return sendKeptFile(reply, file);
    });

    r.get('/crosscheck/discrepancies', {
      schema: { querystring: Type.Object({ under: Under, run: Type.Optional(Type.Integer({ minimum: 1 })), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('problem')])), type: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }) },
    }, async (request) => {
      const user = requireUser(request);
      const q = request.query;
      const under = underOf(user, q.under);
      const page = await service.list({ under, kinds: kindsFor(user), limit: q.limit ?? 50, offset: q.offset ?? 0, ...(q.run ? { runId: q.run } : {}), ...(q.status ? { status: q.status } : {}), ...(q.type ? { type: q.type } : {}) });
      return { total: page.total, items: page.items.map((d) => presentDiscrepancy(user, d)) };
    });

    r.get('/crosscheck/discrepancies/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      const d = await service.get(user, request.params.id);
      if (!(kindsFor(user) as string[]).includes(d.kind)) throw notFound('比对差异', 'Cross-check difference');
      return presentDiscrepancy(user, d);
    });

    r.post('/crosscheck/discrepancies/:id/resolve', { schema: { params: IdParams, body: Decision } }, async (request) => {
      const user = requireUser(request);
      requireReviewer(user);
      const d = await service.get(user, request.params.id);
      if (!(kindsFor(user) as string[]).includes(d.kind)) throw notFound('比对差异', 'Cross-check difference');
      return presentDiscrepancy(user, await service.resolve(user, request.params.id, request.body.version, request.body.note));
    });

    r.post('/crosscheck/discrepancies/:id/problem', { schema: { params: IdParams, body: Decision } }, async (request) => {
      const user = requireUser(request);
      requireReviewer(user);
      const d = await service.get(user, request.params.id);
      if (!(kindsFor(user) as string[]).includes(d.kind)) throw notFound('比对差异', 'Cross-check difference');
      return presentDiscrepancy(user, await service.toProblem(user, request.params.id, request.body.version, request.body.note, request.body.deadline ?? null));
    });

    // Sharing back (一体化): a department takes the registry fields its role reads, for its own checks.
    r.get('/crosscheck/share.xlsx', { schema: { querystring: Type.Object({ under: Under }) } }, async (request, reply) => {
      const user = requireUser(request);
      if (user.role !== 'department') throw forbidden();
      const under = underOf(user, request.query.under);
      void reply.header('content-type', xlsxType).header('content-disposition', `attachment; filename="registry-${user.department ?? 'department'}-${under}.xlsx"`);
      const stream = new PassThrough();
      writeLedger(ctx.store.db, { under, kind: 'registry', viewer: user }, { stream }).catch((error: unknown) => {
        request.log.error({ err: error instanceof Error ? error.message : String(error) }, 'share export failed');
        stream.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply.send(stream);
    });

    r.get('/quality', { schema: { querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      const board = await quality.dashboard(user, underOf(user, request.query.under));
      const names = await ctx.regionNames.names(board.children.map((c) => c.regionCode));
      return { ...board, children: board.children.map((c) => ({ ...c, name: names.get(c.regionCode) ?? c.regionCode })) };
    });

    r.post('/quality/runs', { schema: { body: Type.Object({ under: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      if (!canWriteRegistry(user)) throw forbidden();
      const result = await quality.run(user.username, underOf(user, request.body.under));
      return reply.status(201).send(result);
    });

    r.get('/quality/runs/:id/findings', { schema: { params: IdParams, querystring: Type.Object({ under: Under, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }) } }, async (request) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      const page = await quality.findings(user, request.params.id, under, request.query.limit ?? 50, request.query.offset ?? 0);
      return { total: page.total, items: page.items.map((f) => ({ id: f.id, rule: f.rule, ruleLabel: qualityRules[f.rule as keyof typeof qualityRules] ?? null, householdId: f.household_id, householdNo: f.household_no, villageCode: f.village_code, memberName: f.member_name, detail: f.detail, detailEn: f.detail_en })) };
    });

    // The findings as a ledger workbook: the same run and region as the list, every page.
    r.get('/quality/runs/:id/findings.xlsx', { schema: { params: IdParams, querystring: Type.Object({ under: Under }) } }, async (request, reply) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      const runId = request.params.id;
      const data = await qualityFindingsLedger((limit, offset) => quality.findings(user, runId, under, limit, offset), (codes) => ctx.regionNames.names(codes));
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(await regionFileName(ctx.regionNames, '数据质量问题', under, `-${runId}`))).send(data);
    });
  };
}
