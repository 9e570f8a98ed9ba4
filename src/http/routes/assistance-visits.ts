// Assistance routes for visits, the worklist, coverage, surveys and the town/village overview.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Assistance } from '../../app/assistance-module.js';
import { addDays } from '../../domain/assistance/schedule.js';
import { today } from '../../app/clock.js';
import type { AppContext } from '../context.js';
import { requireUser } from '../session.js';
import { attachment, regionFileName, xlsxType } from '../files.js';
import { overviewWorkbook } from '../../app/assistance-overview-xlsx.js';
import { surveysWorkbook } from '../../app/assistance-surveys-xlsx.js';
import { DateText, IdParams, requireManager, requireSurveyor, requireVisitor, Under, underOf } from './assistance-shared.js';
import { Nullable } from '../schemas.js';


export function assistanceVisitRoutes(ctx: AppContext, a: Assistance) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/assistance/worklist', { schema: { querystring: Type.Object({ cadreId: Type.Optional(Type.Integer({ minimum: 1 })) }) } }, async (request) => {
      const user = requireUser(request);
      return a.visits.worklist(user, request.query.cadreId ?? null);
    });

    r.post(
      '/assistance/visits',
      {
        schema: {
          body: Type.Object(
            {
              householdId: Type.Integer({ minimum: 1 }),
              cadreId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
              date: DateText,
              purpose: Type.String({ maxLength: 20 }),
              findings: Type.String({ maxLength: 2000 }),
              followUps: Type.Array(Type.Object({ text: Type.String({ maxLength: 500 }), due: DateText }, { additionalProperties: false }), { maxItems: 10 }),
              latitude: Type.Optional(Nullable(Type.Number())),
              longitude: Type.Optional(Nullable(Type.Number())),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        requireVisitor(user);
        const b = request.body;
        void reply.status(201);
        return a.visits.record(user, { ...b, cadreId: b.cadreId ?? null, latitude: b.latitude ?? null, longitude: b.longitude ?? null });
      },
    );

    r.post('/assistance/follow-ups/:id/done', { schema: { params: IdParams, body: Type.Object({ date: DateText, note: Type.String({ maxLength: 500 }) }, { additionalProperties: false }) } }, async (request) => {
      const user = requireUser(request);
      requireVisitor(user);
      await a.visits.completeFollowUp(user, request.params.id, request.body);
      return { ok: true };
    });

    r.get('/assistance/households/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      return a.visits.household(user, request.params.id);
    });

    const Period = { under: Under, from: Type.Optional(DateText), to: Type.Optional(DateText) };
    const OverviewQuery = Type.Object({ ...Period, year: Type.Optional(Type.Integer({ minimum: 2014, maximum: 2100 })) });
    const periodOf = (q: { from?: string | undefined; to?: string | undefined }) => {
      const to = q.to ?? today(ctx.clock);
      return { from: q.from ?? addDays(to, -29), to };
    };

    r.get('/assistance/coverage', { schema: { querystring: Type.Object({ ...Period, byCadre: Type.Optional(Type.Boolean()) }) } }, async (request) => {
      const user = requireUser(request);
      const { from, to } = periodOf(request.query);
      return a.visits.coverage(underOf(user, request.query.under), from, to, { byCadre: request.query.byCadre ?? false });
    });

    r.get('/assistance/not-visited', { schema: { querystring: Type.Object({ under: Under, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }) } }, async (request) => {
      const user = requireUser(request);
      return a.visits.notVisited(underOf(user, request.query.under), request.query.days ?? 30);
    });

    const overviewFor = (request: FastifyRequest<{ Querystring: Static<typeof OverviewQuery> }>) => {
      const user = requireUser(request);
      const { from, to } = periodOf(request.query);
      return a.overview.villages(user, underOf(user, request.query.under), from, to, request.query.year ?? Number(to.slice(0, 4)));
    };

    r.get('/assistance/overview', { schema: { querystring: OverviewQuery } }, async (request) => overviewFor(request));

    // The same table as a workbook for meetings (村级帮扶情况).
    r.get('/assistance/overview.xlsx', { schema: { querystring: OverviewQuery } }, async (request, reply) => {
      const overview = await overviewFor(request);
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(await regionFileName(ctx.regionNames, '村级帮扶情况', overview.under))).send(overviewWorkbook(overview));
    });

    r.get('/assistance/surveys', { schema: { querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      return { items: await a.surveys.list(underOf(user, request.query.under)) };
    });

    // The page as a workbook: the surveys of the region and, with `survey`, its rates there.
    r.get('/assistance/surveys/export.xlsx', { schema: { querystring: Type.Object({ under: Under, survey: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      const under = underOf(user, request.query.under);
      const data = await surveysWorkbook({ surveys: a.surveys, regionNames: ctx.regionNames }, user, under, request.query.survey ?? null);
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(await regionFileName(ctx.regionNames, '满意度知晓率调查', under))).send(data);
    });

    const Question = Type.Object(
      { code: Type.String({ maxLength: 40 }), text: Type.String({ maxLength: 300 }), options: Type.Array(Type.Object({ code: Type.String({ maxLength: 40 }), text: Type.String({ maxLength: 100 }), positive: Type.Boolean() }, { additionalProperties: false }), { maxItems: 10 }) },
      { additionalProperties: false },
    );
    r.post(
      '/assistance/surveys',
      {
        schema: {
          body: Type.Object(
            {
              kind: Type.String({ maxLength: 20 }),
              name: Type.String({ maxLength: 200 }),
              // Optional with a sample plan: the survey's region is then the plan's county.
              regionCode: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
              year: Type.Integer(),
              questions: Type.Optional(Type.Array(Question, { maxItems: 50 })),
              samplePlanId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        requireManager(user);
        void reply.status(201);
        return a.surveys.create(user, request.body);
      },
    );

    r.post(
      '/assistance/surveys/:id/responses',
      { schema: { params: IdParams, body: Type.Object({ responses: Type.Array(Type.Object({ householdId: Type.Integer({ minimum: 1 }), answers: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 40 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 2000 }) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const user = requireUser(request);
        requireSurveyor(user);
        void reply.status(201);
        return a.surveys.answer(user, request.params.id, request.body.responses);
      },
    );

    r.get('/assistance/surveys/:id/rates', { schema: { params: IdParams, querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      return a.surveys.rates(user, request.params.id, underOf(user, request.query.under));
    });
  };
}
