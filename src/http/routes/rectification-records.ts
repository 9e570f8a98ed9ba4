// Rectification records (one unit's record of a problem): list, detail, workflow moves, tasks,
// evidence and chases. Registered by rectification.ts.
import type { FastifyInstance } from 'fastify';
import { type Static, Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { isRectificationStatus, workflowActions } from '../../domain/rectification/workflow.js';
import { presentBatch, presentEvent, presentEvidence, presentProblem, presentRectification, presentTask } from '../../app/rectification-present.js';
import { maxEvidenceBytes, type RectificationService } from '../../app/rectification.js';
import type { RectificationViews } from '../../app/rectification-views.js';
import type { RegionNames } from '../../app/region-names.js';
import { rectificationLedger, type RecordQuery } from '../../app/rectification-list-xlsx.js';
import type { Principal } from '../../domain/access.js';
import { forbidden } from '../errors.js';
import { attachment, base64BodyLimit, base64FileFields, regionFileName, sendStoredFile, xlsxType } from '../files.js';
import { requireScope, requireUser } from '../session.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const NullableText = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const TaskInputSchema = Type.Object(
  {
    measure: Type.String({ maxLength: 2000 }),
    leadUnit: Type.String({ maxLength: 200 }),
    responsibleLeader: Type.String({ maxLength: 100 }),
    responsiblePerson: Type.String({ maxLength: 100 }),
    cooperatingUnits: Type.String({ maxLength: 500 }),
    deadline: NullableText(10),
    durationDays: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** The list's filters, shared by the list and its ledger export. */
const recordFilter = {
  under: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  batch: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  overdue: Type.Optional(Type.Literal('1')),
  source: Type.Optional(Type.String({ maxLength: 40 })),
  category: Type.Optional(Type.String({ maxLength: 40 })),
  unit: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  department: Type.Optional(Type.String({ maxLength: 40 })),
  recheck: Type.Optional(Type.Literal('1')),
};
const RecordFilterSchema = Type.Object(recordFilter, { additionalProperties: false });

/** The store's filter from the query, scope checked: `under` and `unit` must lie inside the caller's region. */
function recordQuery(user: Principal, q: Static<typeof RecordFilterSchema>, today: string): RecordQuery {
  const under = q.under ? normalizeRegionCode(q.under) : user.regionCode;
  if (!under) throw forbidden();
  requireScope(user, under);
  const status = q.status !== undefined && isRectificationStatus(q.status) ? q.status : null;
  // `unit` is one responsible unit exactly; it must lie inside the caller's scope like `under`.
  const unit = q.unit ? normalizeRegionCode(q.unit) : null;
  if (q.unit && !unit) throw forbidden();
  if (unit) requireScope(user, unit);
  return { under, batchId: q.batch ?? null, status, overdueOn: q.overdue === '1' ? today : null, source: q.source ?? null, category: q.category ?? null, unitRegion: unit, unitDepartment: q.department ?? null, recheckDueOn: q.recheck === '1' ? today : null };
}

export function rectificationRecordRoutes(service: RectificationService, views: RectificationViews, regionNames: RegionNames) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/rectifications', {
      schema: {
        querystring: Type.Object({
          ...recordFilter,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    }, async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const items = await views.listNamed({ ...recordQuery(requireUser(request), q, views.today()), limit, afterId: q.cursor ?? 0 });
      const last = items.at(-1);
      return { items, nextCursor: items.length === limit && last ? last.id : null, today: views.today() };
    });

    // The list as a ledger workbook (整改台账): the same filters, every page.
    r.get('/rectifications/export.xlsx', { schema: { querystring: RecordFilterSchema } }, async (request, reply) => {
      const today = views.today();
      const q = recordQuery(requireUser(request), request.query, today);
      const data = await rectificationLedger(views.listNamed, q, today);
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(await regionFileName(regionNames, '整改台账', q.under))).send(data);
    });

    r.get('/rectifications/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      const d = await service.detail(user, request.params.id);
      return {
        rectification: presentRectification(d.rectification),
        problem: presentProblem(d.problem),
        batch: presentBatch(d.batch),
        tasks: d.tasks.map(presentTask),
        evidence: d.evidence.map(presentEvidence),
        events: d.events.map(presentEvent),
        today: d.today,
        overdue: d.overdue,
        names: d.names,
        canAct: d.canAct,
      };
    });

    r.post('/rectifications/:id/transitions', {
      schema: {
        params: IdParams,
        body: Type.Object({ action: Type.Union(workflowActions.map((a) => Type.Literal(a))), version: Type.Integer({ minimum: 1 }), result: Type.Optional(NullableText(4000)), note: Type.Optional(NullableText(1000)) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const user = requireUser(request);
      const b = request.body;
      return presentRectification(await service.transition(user, request.params.id, b.version, b.action, { result: b.result ?? null, note: b.note ?? null }));
    });

    r.post('/rectifications/:id/tasks', { schema: { params: IdParams, body: TaskInputSchema } }, async (request, reply) => {
      const user = requireUser(request);
      const tasks = await service.addTask(user, request.params.id, request.body);
      void reply.status(201);
      return { tasks: tasks.map(presentTask) };
    });

    r.patch('/rectification/tasks/:id', { schema: { params: IdParams, body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }) } }, async (request) => {
      const user = requireUser(request);
      return { tasks: (await service.setTaskDone(user, request.params.id, request.body.done)).map(presentTask) };
    });

    // Evidence travels as base64 in JSON so the one CSRF-protected JSON path serves uploads too.
    r.post('/rectifications/:id/evidence', {
      bodyLimit: base64BodyLimit(maxEvidenceBytes),
      schema: { params: IdParams, body: Type.Object({ ...base64FileFields, taskId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])) }, { additionalProperties: false }) },
    }, async (request, reply) => {
      const user = requireUser(request);
      const b = request.body;
      const saved = await service.addEvidence(user, request.params.id, { fileName: b.fileName, mediaType: b.mediaType, content: Buffer.from(b.contentBase64, 'base64'), taskId: b.taskId ?? null });
      void reply.status(201);
      return saved;
    });

    r.get('/rectification/evidence/:id', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      return sendStoredFile(reply, await service.evidenceFile(user, request.params.id));
    });

    r.post('/rectifications/:id/chase', { schema: { params: IdParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      await service.chase(user, request.params.id, request.body.note);
      return reply.status(204).send();
    });
  };
}
