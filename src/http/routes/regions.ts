// Regions, statistics, the dashboard and the code lists.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { codeLists } from '../../domain/code-lists.js';
import { ancestorCodes, normalizeRegionCode } from '../../domain/region-code.js';
import { thisYear } from '../../app/clock.js';
import { regionStats } from '../../app/stats.js';
import { getRegion, getRegions, searchRegions } from '../../store/regions.js';
import { subtreeBreakdown } from '../../store/stats.js';
import type { AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { BreakdownSchema, RegionSchema, RegionStatsSchema, StatsResultSchema } from '../schemas.js';
import { requireScope, requireUser } from '../session.js';

const CodeParams = Type.Object({ code: Type.String({ pattern: '^\\d{2,12}$' }) });
const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2013, maximum: 2100 })) }, { additionalProperties: false });

function parseCode(input: string): string {
  const code = normalizeRegionCode(input);
  if (!code) throw notFound('区划', 'Region');
  return code;
}

export function regionRoutes(ctx: AppContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/code-lists', async () => codeLists);

    r.get('/regions/:code', { schema: { params: CodeParams, response: { 200: Type.Object({ region: RegionSchema, ancestors: Type.Array(RegionSchema) }) } } }, async (request) => {
      const user = requireUser(request);
      const code = parseCode(request.params.code);
      requireScope(user, code);
      const region = await getRegion(ctx.store.db, code);
      if (!region) throw notFound('区划', 'Region');
      const ancestors = await getRegions(ctx.store.db, ancestorCodes(code));
      return { region, ancestors: ancestors.sort((a, b) => a.level - b.level) };
    });

    r.get('/regions/:code/children', { schema: { params: CodeParams, querystring: YearQuery, response: { 200: Type.Object({ items: Type.Array(RegionStatsSchema) }) } } }, async (request) => {
      const user = requireUser(request);
      const code = parseCode(request.params.code);
      requireScope(user, code);
      const stats = await regionStats(ctx.store.db, code, request.query.year ?? null, thisYear(ctx.clock));
      return { items: stats.children };
    });

    r.get('/regions/search', { schema: { querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 30 }), under: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(RegionSchema) }) } } }, async (request) => {
      const user = requireUser(request);
      const under = request.query.under ? parseCode(request.query.under) : user.regionCode;
      requireScope(user, under);
      return { items: await searchRegions(ctx.store.db, under, request.query.q) };
    });

    r.get('/stats/:code', { schema: { params: CodeParams, querystring: YearQuery, response: { 200: StatsResultSchema } } }, async (request) => {
      const user = requireUser(request);
      const code = parseCode(request.params.code);
      requireScope(user, code);
      return regionStats(ctx.store.db, code, request.query.year ?? null, thisYear(ctx.clock));
    });

    r.get('/dashboard/:code', { schema: { params: CodeParams, querystring: YearQuery, response: { 200: Type.Object({ stats: StatsResultSchema, causes: BreakdownSchema, attributes: BreakdownSchema, exitsByYear: BreakdownSchema }) } } }, async (request) => {
      const user = requireUser(request);
      const code = parseCode(request.params.code);
      requireScope(user, code);
      const db = ctx.store.db;
      const [stats, causes, attributes, exitsByYear] = await Promise.all([
        regionStats(db, code, request.query.year ?? null, thisYear(ctx.clock)),
        subtreeBreakdown(db, code, 'mainCause'),
        subtreeBreakdown(db, code, 'attribute'),
        subtreeBreakdown(db, code, 'exitYear'),
      ]);
      return { stats, causes, attributes, exitsByYear };
    });
  };
}
