// Exit procedure routes (脱贫退出程序): thin — scope, call the use case, shape the answer.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { unitKinds } from '../../domain/exit-procedure/steps.js';
import { createExitCaseService, maxAttachmentBytes } from '../../app/exit-cases.js';
import { presentAttachment, presentCase, presentCaseListItem, presentForm, presentObjection, presentSignature, presentState } from '../../app/exit-present.js';
import type { AppContext } from '../context.js';
import { attachment, base64BodyLimit, base64FileFields, regionFileName, sendStoredFile, xlsxType } from '../files.js';
import { exitCaseLedger } from '../../app/exit-cases-xlsx.js';
import { forbidden } from '../errors.js';
import { DateText } from '../schemas.js';
import { requireScope, requireUser } from '../session.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** The list's filters, shared by the list and its ledger export. */
const caseFilter = {
  under: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  kind: Type.Optional(Type.Union(unitKinds.map((k) => Type.Literal(k)))),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
};
// One schema with two types, not a union: with type coercion on, Ajv would turn a null into
// false, 0 or "" for a union's first branch (or false into null with the branches swapped).
const NullableText = (max: number) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: max });

export function exitCaseRoutes(ctx: AppContext) {
  const service = createExitCaseService({ store: ctx.store, clock: ctx.clock, registry: ctx.registry });
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/exit-cases', {
      schema: {
        querystring: Type.Object({
          ...caseFilter,
          householdId: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    }, async (request) => {
      const user = requireUser(request);
      const q = request.query;
      const under = q.under ? normalizeRegionCode(q.under) : user.regionCode;
      if (!under) throw forbidden();
      requireScope(user, under);
      const limit = q.limit ?? 50;
      const items = await service.list(user, { under, kind: q.kind ?? null, status: q.status ?? null, year: q.year ?? null, householdId: q.householdId ?? null, limit, afterId: q.cursor ?? 0 });
      const last = items.at(-1);
      return { items: items.map(presentCaseListItem), nextCursor: items.length === limit && last ? last.id : null };
    });

    // The list as a ledger workbook (退出台账), same filters, every page.
    r.get('/exit-cases/export.xlsx', {
      schema: {
        querystring: Type.Object(caseFilter, { additionalProperties: false }),
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      const q = request.query;
      const under = q.under ? normalizeRegionCode(q.under) : user.regionCode;
      if (!under) throw forbidden();
      requireScope(user, under);
      const data = await exitCaseLedger(service.list, user, { under, kind: q.kind ?? null, status: q.status ?? null, year: q.year ?? null });
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(await regionFileName(ctx.regionNames, '退出台账', under))).send(data);
    });

    r.post('/exit-cases', {
      schema: {
        body: Type.Object({
          kind: Type.Union(unitKinds.map((k) => Type.Literal(k))),
          householdId: Type.Optional(Type.Integer({ minimum: 1 })),
          householdNo: Type.Optional(Type.String({ maxLength: 32 })),
          regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
          year: Type.Integer(),
          noticeDays: Type.Optional(Type.Integer()),
        }, { additionalProperties: false }),
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      const b = request.body;
      const regionCode = b.regionCode ? (normalizeRegionCode(b.regionCode) ?? b.regionCode) : null;
      const c = await service.open(user, { kind: b.kind, householdId: b.householdId ?? null, householdNo: b.householdNo ?? null, regionCode, year: b.year, noticeDays: b.noticeDays ?? null });
      void reply.status(201);
      return presentCase(c);
    });

    r.get('/exit-cases/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      const d = await service.detail(user, request.params.id);
      return {
        case: presentCase(d.case),
        unit: d.unit,
        state: presentState(d.state),
        signatures: d.signatures.map(presentSignature),
        objections: d.objections.map(presentObjection),
        attachments: d.attachments.map(presentAttachment),
        form: presentForm(d.form),
        signable: d.signable,
        canObject: d.canObject,
        canAttach: d.canAttach,
      };
    });

    // Attachments travel as base64 in JSON, so the one CSRF-protected JSON path serves uploads too.
    r.post('/exit-cases/:id/attachments', {
      bodyLimit: base64BodyLimit(maxAttachmentBytes),
      schema: { params: IdParams, body: Type.Object({ step: Type.String({ maxLength: 40 }), ...base64FileFields }, { additionalProperties: false }) },
    }, async (request, reply) => {
      const user = requireUser(request);
      const b = request.body;
      const saved = await service.addAttachment(user, request.params.id, { step: b.step, fileName: b.fileName, mediaType: b.mediaType, content: Buffer.from(b.contentBase64, 'base64') });
      void reply.status(201);
      return saved;
    });

    r.get('/exit-cases/attachments/:id', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      return sendStoredFile(reply, await service.attachmentFile(user, request.params.id));
    });

    r.post('/exit-cases/:id/signatures', {
      schema: {
        params: IdParams,
        body: Type.Object({
          version: Type.Integer({ minimum: 1 }),
          step: Type.String({ maxLength: 40 }),
          slot: Type.String({ maxLength: 40 }),
          date: DateText,
          signatoryName: Type.Optional(NullableText(50)),
          note: Type.Optional(NullableText(1000)),
          details: Type.Optional(Type.Union([Type.Null(), Type.Object({ participants: Type.Optional(Type.Integer()), inFavour: Type.Optional(Type.Integer()) }, { additionalProperties: false })])),
        }, { additionalProperties: false }),
      },
    }, async (request) => {
      const user = requireUser(request);
      const b = request.body;
      return presentCase(await service.sign(user, request.params.id, b.version, { step: b.step, slot: b.slot, date: b.date, signatoryName: b.signatoryName ?? null, note: b.note ?? null, details: b.details ?? null }));
    });

    r.post('/exit-cases/:id/objections', {
      schema: { params: IdParams, body: Type.Object({ version: Type.Integer({ minimum: 1 }), date: DateText, content: Type.String({ minLength: 1, maxLength: 2000 }), objector: Type.Optional(NullableText(50)) }, { additionalProperties: false }) },
    }, async (request, reply) => {
      const user = requireUser(request);
      const b = request.body;
      const c = await service.object(user, request.params.id, b.version, { date: b.date, content: b.content, objector: b.objector ?? null });
      void reply.status(201);
      return presentCase(c);
    });
  };
}
