// Assistance routes (帮扶): the catalogue with its code lists, organisation (units, cadres,
// pairings, teams, leads) and plans. Visits, coverage, surveys and the overview are in
// assistance-visits.ts, the catalogue's writes in assistance-measures.ts. Thin: check the role and
// the region, call the use case, shape the answer.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { fiveBatches, leadLevels, measureCategories, memberRoles, planStatuses, surveyKinds, visitPurposes } from '../../domain/assistance/catalogue.js';
import type { AppContext } from '../context.js';
import { requireUser } from '../session.js';
import { assistanceMeasureRoutes } from './assistance-measures.js';
import { assistanceVisitRoutes } from './assistance-visits.js';
import { assistanceOf, Code12, DateText, IdParams, requireManager, requireVisitor, Under, underOf } from './assistance-shared.js';
import { Nullable } from '../schemas.js';

const End = Type.Object({ to: DateText }, { additionalProperties: false });

export function assistanceRoutes(ctx: AppContext) {
  const a = assistanceOf(ctx);
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(assistanceVisitRoutes(ctx, a));
    await app.register(assistanceMeasureRoutes(a));

    r.get('/assistance/catalogue', async (request) => {
      requireUser(request);
      return { measures: await a.service.catalogue(), fiveBatches, measureCategories, visitPurposes, memberRoles, leadLevels, planStatuses, surveyKinds };
    });

    r.get('/assistance/units', { schema: { querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      return { items: await a.service.listUnits(underOf(user, request.query.under)) };
    });

    r.post('/assistance/units', { schema: { body: Type.Object({ name: Type.String({ maxLength: 80 }), regionCode: Code12 }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireManager(user);
      void reply.status(201);
      return a.service.addUnit(user, request.body);
    });

    r.get('/assistance/cadres', { schema: { querystring: Type.Object({ under: Under }) } }, async (request) => {
      const user = requireUser(request);
      return { items: await a.service.listCadres(underOf(user, request.query.under)) };
    });

    r.post(
      '/assistance/cadres',
      { schema: { body: Type.Object({ name: Type.String({ maxLength: 40 }), unitId: Type.Integer({ minimum: 1 }), phone: Nullable(Type.String({ maxLength: 20 })), position: Nullable(Type.String({ maxLength: 40 })), regionCode: Code12, cap: Type.Optional(Type.Integer()), username: Nullable(Type.String({ maxLength: 40 })) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const user = requireUser(request);
        requireManager(user);
        void reply.status(201);
        return a.service.addCadre(user, request.body);
      },
    );

    r.put('/assistance/cadres/:id/cap', { schema: { params: IdParams, body: Type.Object({ cap: Type.Integer() }, { additionalProperties: false }) } }, async (request) => {
      const user = requireUser(request);
      requireManager(user);
      await a.service.setCap(user, request.params.id, request.body.cap);
      return { ok: true };
    });

    r.post('/assistance/pairings', { schema: { body: Type.Object({ cadreId: Type.Integer({ minimum: 1 }), householdId: Type.Integer({ minimum: 1 }), from: DateText }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireManager(user);
      void reply.status(201);
      return a.service.pair(user, request.body);
    });

    for (const kind of ['pairing', 'member', 'lead'] as const) {
      r.post(`/assistance/${kind}s/:id/end`, { schema: { params: IdParams, body: End } }, async (request) => {
        const user = requireUser(request);
        requireManager(user);
        await a.service.end(user, kind, request.params.id, request.body.to);
        return { ok: true };
      });
    }

    r.post('/assistance/teams', { schema: { body: Type.Object({ villageCode: Code12, unitId: Type.Integer({ minimum: 1 }), from: DateText }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireManager(user);
      void reply.status(201);
      return { id: await a.service.addTeam(user, request.body) };
    });

    r.post('/assistance/teams/:id/members', { schema: { params: IdParams, body: Type.Object({ cadreId: Type.Integer({ minimum: 1 }), role: Type.String({ maxLength: 40 }), from: DateText }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireManager(user);
      void reply.status(201);
      return { id: await a.service.addMember(user, { teamId: request.params.id, ...request.body }) };
    });

    r.post('/assistance/leads', { schema: { body: Type.Object({ villageCode: Code12, cadreId: Type.Integer({ minimum: 1 }), level: Type.String({ maxLength: 20 }), from: DateText }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireManager(user);
      void reply.status(201);
      return { id: await a.service.addLead(user, request.body) };
    });

    r.get('/assistance/villages/:code/organisation', { schema: { params: Type.Object({ code: Code12 }) } }, async (request) => {
      const user = requireUser(request);
      return a.service.organisation(user, request.params.code);
    });

    const PlanParams = Type.Object({ id: Type.Integer({ minimum: 1 }), year: Type.Integer({ minimum: 2014, maximum: 2100 }) });
    r.get('/assistance/households/:id/plans/:year', { schema: { params: PlanParams } }, async (request) => {
      const user = requireUser(request);
      return { plan: await a.service.plan(user, request.params.id, request.params.year) };
    });

    r.put(
      '/assistance/households/:id/plans/:year',
      {
        schema: {
          params: PlanParams,
          body: Type.Object(
            {
              version: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
              measures: Type.Array(Type.Object({ measure: Type.String({ maxLength: 40 }), amountFen: Type.Integer(), status: Type.String({ maxLength: 20 }), note: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), { maxItems: 30 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const user = requireUser(request);
        requireVisitor(user);
        return a.service.savePlan(user, { householdId: request.params.id, year: request.params.year, measures: request.body.measures, expectedVersion: request.body.version });
      },
    );

    r.get('/assistance/findings', { schema: { querystring: Type.Object({ under: Under, year: Type.Integer({ minimum: 2014, maximum: 2100 }) }) } }, async (request) => {
      const user = requireUser(request);
      const { plansByVillage: _p, ...findings } = await a.service.findings(underOf(user, request.query.under), request.query.year);
      return findings;
    });
  };
}
