// Rectification routes (整改): batches, import, views and reports. Records and their workflow are
// in rectification-records.ts. Thin: scope, call the use case, shape.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { rectificationCodeLists } from '../../domain/rectification/code-lists.js';
import { unitOf } from '../../domain/rectification/workflow.js';
import { presentBatch, presentProblemFile } from '../../app/rectification-present.js';
import { createRectificationService } from '../../app/rectification.js';
import { createRectificationViews } from '../../app/rectification-views.js';
import { readProblemWorkbook, reportWorkbook, templateWorkbook } from '../../app/rectification-xlsx.js';
import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { DateText, Nullable } from '../schemas.js';
import { requireScope, requireUser } from '../session.js';
import { rectificationRecordRoutes, TaskInputSchema } from './rectification-records.js';
import { sendKeptFile, xlsxType } from '../files.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Under = Type.Optional(Type.String({ pattern: '^\\d{2,12}$' }));

export const ProblemInputSchema = Type.Object(
  {
    problemNo: Type.String({ maxLength: 40 }),
    scope: Type.Union([Type.Literal('common'), Type.Literal('specific')]),
    unitRegion: Nullable(Type.String({ maxLength: 12 })),
    unitDepartment: Nullable(Type.String({ maxLength: 40 })),
    appliesLevel: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
    category: Type.String({ maxLength: 40 }),
    description: Type.String({ maxLength: 2000 }),
    deadline: Nullable(Type.String({ maxLength: 10 })),
    tasks: Type.Array(TaskInputSchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

/** The context's use cases, built here because AppContext predates this feature. */
function servicesOf(ctx: AppContext) {
  return { service: createRectificationService(ctx), views: createRectificationViews(ctx) };
}

export function rectificationRoutes(ctx: AppContext) {
  const { service, views } = servicesOf(ctx);
  const underOf = (user: { regionCode: string }, under: string | undefined): string => {
    const code = under ? normalizeRegionCode(under) : user.regionCode;
    if (!code) throw forbidden();
    return code;
  };
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(rectificationRecordRoutes(service, views, ctx.regionNames));

    r.get('/rectification/code-lists', async (request) => {
      requireUser(request);
      return rectificationCodeLists;
    });

    r.get('/rectification/template.xlsx', async (request, reply) => {
      requireUser(request);
      void reply.header('content-type', xlsxType).header('content-disposition', 'attachment; filename="rectification-template.xlsx"');
      return reply.send(await templateWorkbook());
    });

    r.get('/rectification/batches', { schema: { querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      requireScope(user, under);
      const batches = await service.listBatches(under);
      const names = await views.regionNames(batches.map((b) => b.assigning_region));
      return { items: batches.map((b) => ({ ...presentBatch(b), assigningName: names.get(b.assigning_region) ?? b.assigning_region })) };
    });

    r.post('/rectification/batches', { schema: { body: Type.Object({ name: Type.String({ maxLength: 200 }), source: Type.String({ maxLength: 40 }), finalDeadline: DateText, recheckDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      // The creating unit is the assigning level: it alone verifies and closes what it assigns.
      const unit = unitOf(user);
      if (unit === null) throw forbidden();
      const batch = await service.createBatch(user.username, { name: request.body.name, source: request.body.source, assigningRegion: unit.region, assigningDepartment: unit.department, finalDeadline: request.body.finalDeadline, recheckDays: request.body.recheckDays ?? 90 });
      void reply.status(201);
      return presentBatch(batch);
    });

    r.get('/rectification/batches/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      const { batch } = await views.batchFor(user, request.params.id);
      return { ...presentBatch(batch), problemFiles: (await service.problemFiles(batch.id)).map(presentProblemFile) };
    });

    /** A problem list as imported, to whoever sees its batch. */
    r.get('/rectification/problem-files/:id', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      const row = await service.problemFile(request.params.id);
      if (!row) throw notFound('问题清单文件', 'Problem list file');
      await views.batchFor(user, row.batch_id);
      const file = await service.problemFileContent(row);
      return sendKeptFile(reply, file);
    });

    r.post('/rectification/batches/:id/problems', { schema: { params: IdParams, body: Type.Object({ problems: Type.Array(ProblemInputSchema, { minItems: 1, maxItems: 2000 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      const result = await service.addProblems(user.username, unitOf(user), request.params.id, request.body.problems);
      void reply.status(201);
      return result;
    });

    r.post('/rectification/batches/:id/import', { bodyLimit: 12 * 1024 * 1024, schema: { params: IdParams, body: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }), contentBase64: Type.String({ maxLength: 11 * 1024 * 1024 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      const data = Buffer.from(request.body.contentBase64, 'base64');
      const rows = await readProblemWorkbook(data, request.body.fileName);
      const result = await service.importRows(user.username, unitOf(user), request.params.id, rows, { name: request.body.fileName, data });
      void reply.status(201);
      return result;
    });

    r.get('/rectification/batches/:id/report', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      return views.report(user, request.params.id);
    });

    r.get('/rectification/batches/:id/report.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      const report = await views.report(user, request.params.id);
      void reply.header('content-type', xlsxType).header('content-disposition', `attachment; filename="rectification-report-${report.batch.id}.xlsx"`);
      return reply.send(await reportWorkbook(report));
    });

    r.get('/rectification/batches/:id/burn-down', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      return views.burnDown(user, request.params.id);
    });

    r.get('/rectification/board', { schema: { querystring: Type.Object({ under: Under, batch: Type.Optional(Type.Integer({ minimum: 1 })) }) } }, async (request) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      requireScope(user, under);
      return views.board(under, request.query.batch ?? null);
    });

    r.get('/rectification/counts', { schema: { querystring: Type.Object({ under: Under, level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })), batch: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))) }) } }, async (request) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      requireScope(user, under);
      return views.unitCounts(under, request.query.level ?? 3, request.query.batch ?? null);
    });

    r.get('/rectification/reminders', { schema: { querystring: Type.Object({ under: Under, days: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })) }) } }, async (request) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      requireScope(user, under);
      return views.reminders(under, request.query.days ?? 7);
    });

    r.post('/rectification/escalate', async (request) => {
      const user = requireUser(request);
      // The sweep is normally run by the scheduler (`jingzhun rectification escalate`); admins may run it by hand.
      if (user.role !== 'admin') throw forbidden();
      return service.escalateOverdue(user.username);
    });
  };
}
