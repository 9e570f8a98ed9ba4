// Exit assessment routes (/api/v1/exit/…): standards, runs, counts per town and village, results by
// criterion, checklists, what-if and county sampling rates. Thin: scope, call the use case, shape.
import type { FastifyInstance } from 'fastify';
import { type Static, Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createExitAssessmentService, type RunRequest } from '../../app/exit-assessment.js';
import { describeRuleSet } from '../../app/exit-standards.js';
import { exitResultsLedger } from '../../app/exit-results-xlsx.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import type { UnitKind } from '../../domain/exit-rules/facts.js';
import type { RuleSet } from '../../domain/exit-rules/rule-set.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import { attachment, xlsxType } from '../files.js';
import { requireScope, requireUser, requireWriter } from '../session.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const RegionCode = Type.String({ pattern: '^\\d{2,12}$' });
const Unit = Type.Union([Type.Literal('household'), Type.Literal('village'), Type.Literal('county')]);
const Year = Type.Integer({ minimum: 2013, maximum: 2100 });
/** The results list's filters, shared by the list and its ledger workbook. */
const resultFilter = {
  area: Type.Optional(RegionCode),
  status: Type.Optional(Type.Union([Type.Literal('ready'), Type.Literal('blocked'), Type.Literal('noData')])),
  criterion: Type.Optional(Type.String({ maxLength: 64 })),
  criterionResult: Type.Optional(Type.Union([Type.Literal('fail'), Type.Literal('noData')])),
};
const ParamValue = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 200 })]);
const Label = Type.Object({ zh: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) });
const Names = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 40 });
const RunBody = {
  unit: Unit,
  under: RegionCode,
  year: Year,
  ruleSetId: Type.Optional(Type.String({ maxLength: 100 })),
  /** A rule-set file's text (YAML or JSON), e.g. a county's own checklist. */
  rules: Type.Optional(Type.String({ maxLength: 200_000 })),
  rulesFile: Type.Optional(Type.String({ maxLength: 200 })),
  /** Every registered household, not only the year's candidates. */
  all: Type.Optional(Type.Boolean()),
};
const Change = Type.Object(
  {
    parameters: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), ParamValue)),
    criteria: Type.Optional(Type.Array(Type.Object({ id: Type.String({ maxLength: 64 }), expr: Type.Optional(Type.String({ maxLength: 2000 })), facts: Type.Optional(Names), parameters: Type.Optional(Names), label: Type.Optional(Label), kind: Type.Optional(Type.Union([Type.Literal('requirement'), Type.Literal('flag')])), remove: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), { maxItems: 40 })),
  },
  { additionalProperties: false },
);

function presentRuleSet(rs: RuleSet) {
  return {
    ...describeRuleSet(rs),
    parameters: Object.entries(rs.parameters).map(([name, p]) => ({ name, ...p })),
    criteria: rs.criteria.map((c) => ({ id: c.id, label: c.label, group: c.group, kind: c.kind, facts: c.facts, parameters: c.parameters, expr: c.expr, source: c.source })),
  };
}

export function exitAssessmentRoutes(ctx: AppContext) {
  const service = createExitAssessmentService(ctx);
  const region = (code: string): string => {
    const c = normalizeRegionCode(code);
    if (!c) throw forbidden();
    return c;
  };
  const request = (b: { unit: UnitKind; under: string; year: number; ruleSetId?: string | undefined; rules?: string | undefined; rulesFile?: string | undefined; all?: boolean | undefined }): RunRequest => ({
    unit: b.unit, under: region(b.under), year: b.year, all: b.all ?? false,
    ...(b.ruleSetId ? { ruleSetId: b.ruleSetId } : {}),
    ...(b.rules !== undefined ? { rulesText: b.rules, rulesFile: b.rulesFile ?? 'rules.yaml' } : {}),
  });

  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const resultsFilter = (q: Static<Type.TObject<typeof resultFilter>>) => ({
      ...(q.area ? { area: region(q.area) } : {}), ...(q.status ? { status: q.status } : {}), ...(q.criterion ? { criterion: q.criterion } : {}),
      ...(q.criterionResult ? { criterionResult: q.criterionResult } : {}),
    });

    r.get('/exit/rule-sets', { schema: { querystring: Type.Object({ unit: Type.Optional(Unit) }) } }, async (req) => {
      requireUser(req);
      return { items: service.standards().all.filter((rs) => !req.query.unit || rs.unit === req.query.unit).map(presentRuleSet) };
    });

    r.post('/exit/runs', { schema: { body: Type.Object(RunBody, { additionalProperties: false }) } }, async (req, reply) => {
      const user = requireUser(req);
      requireWriter(user);
      const body = request(req.body);
      requireScope(user, body.under);
      const result = await service.run(user.username, body);
      void reply.status(201);
      return result;
    });

    r.get('/exit/runs', { schema: { querystring: Type.Object({ unit: Type.Optional(Unit), year: Type.Optional(Year) }) } }, async (req) => {
      const user = requireUser(req);
      return { items: await service.listRuns(user.regionCode, { ...(req.query.unit ? { unit: req.query.unit } : {}), ...(req.query.year ? { year: req.query.year } : {}) }) };
    });

    r.get('/exit/runs/:id', { schema: { params: IdParams } }, async (req) => {
      const user = requireUser(req);
      return service.summary(user.regionCode, req.params.id);
    });

    r.get('/exit/runs/:id/results', {
      schema: {
        params: IdParams,
        querystring: Type.Object({
          ...resultFilter,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    }, async (req) => {
      const user = requireUser(req);
      const q = req.query;
      return service.results(user.regionCode, req.params.id, { ...resultsFilter(q), limit: q.limit ?? 50, offset: q.offset ?? 0 });
    });

    // The results as a ledger workbook (脱贫评估结果台账): the list's filters, every page.
    r.get('/exit/runs/:id/results.xlsx', { schema: { params: IdParams, querystring: Type.Object(resultFilter, { additionalProperties: false }) } }, async (req, reply) => {
      const user = requireUser(req);
      const data = await exitResultsLedger(service, (codes) => ctx.regionNames.names(codes), user.regionCode, req.params.id, resultsFilter(req.query));
      return reply.header('content-type', xlsxType).header('content-disposition', attachment(`脱贫评估结果-${req.params.id}.xlsx`)).send(data);
    });

    r.get('/exit/runs/:id/units/:unitCode', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }), unitCode: Type.String({ maxLength: 40 }) }) } }, async (req) => {
      const user = requireUser(req);
      return service.checklist(user.regionCode, req.params.id, req.params.unitCode);
    });

    r.get('/exit/households/:id/checklist', { schema: { params: IdParams, querystring: Type.Object({ year: Year, ruleSetId: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (req) => {
      const user = requireUser(req);
      return service.householdChecklist(user.regionCode, req.params.id, req.query.year, req.query.ruleSetId ? { ruleSetId: req.query.ruleSetId } : {});
    });

    // Nothing is stored: readers (inspectors too) may explore.
    r.post('/exit/what-if', { schema: { body: Type.Object({ ...RunBody, change: Change, limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) }, { additionalProperties: false }) } }, async (req) => {
      const user = requireUser(req);
      const body = request(req.body);
      requireScope(user, body.under);
      const c = req.body.change;
      return service.whatIf(body, { ...(c.parameters ? { parameters: c.parameters } : {}), ...(c.criteria ? { criteria: c.criteria } : {}) }, req.body.limit ?? 200);
    });

    r.post('/exit/recorded-facts', {
      schema: { body: Type.Object({ county: RegionCode, year: Year, source: Type.String({ minLength: 1, maxLength: 200 }), facts: Type.Record(Type.String({ maxLength: 64 }), Type.Number()) }, { additionalProperties: false }) },
    }, async (req, reply) => {
      const user = requireUser(req);
      if (user.role !== 'admin' && user.role !== 'regionAdmin') throw forbidden();
      const county = region(req.body.county);
      requireScope(user, county);
      const items = await service.recordCountyFacts(user.username, county, req.body.year, req.body.facts, req.body.source);
      void reply.status(201);
      return { items };
    });
  };
}
