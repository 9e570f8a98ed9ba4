// Verification sampling routes (抽样核查): draw a plan, read it with its rates, record findings,
// and the re-draw simulation. Thin: scope, call the use case, shape.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { createSamplingService, maxRuns, maxSeed } from '../../app/sampling.js';
import { createExitAssessmentService } from '../../app/exit-assessment.js';
import { presentItem, presentPlan } from '../../app/exit-present.js';
import { samplePlanWorkbook } from '../../app/sample-plan-xlsx.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import { attachment, xlsxType } from '../files.js';
import { requireScope, requireUser } from '../session.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
// Two types in one schema, not a union: Ajv's coercion would turn null into 0 in a union.
const Size = Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum: 10000 });

export function samplingRoutes(ctx: AppContext) {
  const service = createSamplingService({ store: ctx.store, clock: ctx.clock });
  const assessment = createExitAssessmentService({ store: ctx.store, clock: ctx.clock });
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/sample-plans', { schema: { querystring: Type.Object({ under: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })) }) } }, async (request) => {
      const user = requireUser(request);
      const under = request.query.under ? normalizeRegionCode(request.query.under) : user.regionCode;
      if (!under) throw forbidden();
      requireScope(user, under);
      return { items: (await service.list(user, under)).map(presentPlan) };
    });

    r.post('/sample-plans', {
      schema: {
        body: Type.Object({
          name: Type.String({ maxLength: 200 }),
          countyCode: Type.String({ pattern: '^\\d{6}(\\d{6})?$' }),
          year: Type.Integer({ minimum: 2014, maximum: 2035 }),
          seed: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum: maxSeed })),
          params: Type.Object({ towns: Size, villagesPerTown: Size, exitedPerVillage: Size, poorPerVillage: Size, unregisteredPerVillage: Type.Integer({ minimum: 0, maximum: 10000 }) }, { additionalProperties: false }),
        }, { additionalProperties: false }),
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      const b = request.body;
      const countyCode = normalizeRegionCode(b.countyCode) ?? b.countyCode;
      requireScope(user, countyCode);
      const plan = await service.draw(user, { name: b.name, countyCode, year: b.year, seed: b.seed ?? null, params: b.params });
      void reply.status(201);
      return presentPlan(plan);
    });

    r.get('/sample-plans/:id', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      const d = await service.plan(user, request.params.id);
      return { plan: presentPlan(d.plan), items: d.items.map(presentItem), rates: d.rates };
    });

    // The plan as inspectors take it to the field (抽样方案): parameters, villages, households.
    r.get('/sample-plans/:id/export.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      const d = await service.fieldList(user, request.params.id);
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(`抽样方案-${d.plan.id}.xlsx`)).send(samplePlanWorkbook(user, d));
    });

    r.get('/sample-plans/:id/rates', { schema: { params: IdParams } }, async (request) => {
      const user = requireUser(request);
      return (await service.plan(user, request.params.id)).rates;
    });

    // The county exit standard reads 错退率, 漏评率 and 认可度 as recorded facts: an admin records
    // a plan's estimates (in %) with the plan named as their source, so the county assessment
    // can say where its figures came from. Rates without findings are left out, never sent as 0.
    r.post('/sample-plans/:id/county-facts', { schema: { params: IdParams } }, async (request, reply) => {
      const user = requireUser(request);
      if (user.role !== 'admin' && user.role !== 'regionAdmin') throw forbidden();
      const d = await service.plan(user, request.params.id);
      requireScope(user, d.plan.county_code);
      const facts: Record<string, number> = {};
      for (const name of ['wrongExitRate', 'missedPoorRate', 'recognitionRate'] as const) {
        const value = d.rates[name].rate;
        if (value !== null) facts[name] = Math.round(value * 10000) / 100;
      }
      const items = await assessment.recordCountyFacts(user.username, d.plan.county_code, d.plan.year, facts, `抽样核查计划 #${d.plan.id}（种子 ${d.plan.seed}）`);
      void reply.status(201);
      return { items };
    });

    r.put('/sample-plans/:id/findings', {
      schema: {
        params: IdParams,
        body: Type.Object({
          findings: Type.Array(Type.Object({ itemId: Type.Integer({ minimum: 1 }), people: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'] })), wronglyExited: Type.Boolean(), missedPoor: Type.Boolean(), recognises: Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] }), note: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 1000 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
        }, { additionalProperties: false }),
      },
    }, async (request) => {
      const user = requireUser(request);
      return service.recordFindings(user, request.params.id, request.body.findings.map((f) => ({ ...f, people: f.people ?? null, note: f.note ?? null })));
    });

    r.post('/sample-plans/:id/simulations', {
      schema: { params: IdParams, body: Type.Object({ runs: Type.Integer({ minimum: 1, maximum: maxRuns }), seed: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum: maxSeed })) }, { additionalProperties: false }) },
    }, async (request) => {
      const user = requireUser(request);
      return service.simulate(user, request.params.id, request.body.runs, request.body.seed ?? null);
    });
  };
}
