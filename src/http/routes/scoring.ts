// Scoring routes (考核排名): schemes, imports and entry, ranking tables, unit pages, exports.
// Rankings are published: anyone inside (or above) the publishing region reads them; only
// province and city administrators of that region write. Thin: check access, call, shape.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Principal } from '../../domain/access.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { createScoringService, type ScoringService } from '../../app/scoring.js';
import { canPublishRanking, canReadRanking } from '../../app/scoring-access.js';
import { rankWorkbook, xlsxType } from '../../app/scoring-files.js';
import { presentMetrics, presentReport, presentScheme, sampleNote } from '../../app/scoring-present.js';
import { NotFound } from '../../app/errors.js';
import type { AppContext } from '../context.js';
import { HttpError, forbidden, notFound } from '../errors.js';
import { requireUser } from '../session.js';
import { sendKeptFile } from '../files.js';

const SchemeId = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]*$', maxLength: 80 });
const Period = Type.String({ pattern: '^\\d{4}(-Q[1-4]|-\\d{2})?$' });
const UnitId = Type.String({ minLength: 1, maxLength: 40 });
const Version = Type.Optional(Type.String({ minLength: 1, maxLength: 40 }));
const SchemeParams = Type.Object({ schemeId: SchemeId });
const PeriodParams = Type.Object({ schemeId: SchemeId, period: Period });
const UnitParams = Type.Object({ schemeId: SchemeId, period: Period, unitId: UnitId });
// Component values are read unvalidated and checked below: the server's schema coercion would turn
// a blank (null) into 0, and a blank must stay a missing score that the period's check names.
const Numbers = Type.Record(Type.String({ maxLength: 80 }), Type.Unknown());
const Points = Type.Record(Type.String({ maxLength: 80 }), Type.Number());
const Ids = Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 });
const UnitScoreSchema = Type.Object(
  { unitId: UnitId, unitName: Type.String({ minLength: 1, maxLength: 80 }), peerGroups: Type.Optional(Ids), components: Numbers, bonuses: Type.Optional(Points), deductions: Type.Optional(Points), vetoes: Type.Optional(Ids) },
  { additionalProperties: false },
);

/** Numbers as sent; null for a blank; anything else is refused with the unit and component named. */
function componentValues(unitId: string, values: Record<string, unknown>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [id, v] of Object.entries(values)) {
    if (v === null || v === undefined) out[id] = null;
    else if (typeof v === 'number' && Number.isFinite(v)) out[id] = v;
    else throw new HttpError(400, 'bad_request', `单位 ${unitId} 的“${id}”得分应为数字或空`, `unit ${unitId}: ${id} must be a number or null`);
  }
  return out;
}

export function scoringRoutes(ctx: AppContext) {
  // AppContext predates this feature; the service is built here as rectification's are.
  const scoring: ScoringService = createScoringService(ctx);

  /** The scheme if this account may read its rankings; others are told it does not exist. */
  async function readable(user: Principal, schemeId: string, version?: string) {
    const s = await scoring.schemeOf(schemeId, version).catch((e: unknown) => {
      if (e instanceof NotFound) return null;
      throw e;
    });
    if (s === null || !canReadRanking(user, s.row.owner_region)) throw notFound('考核方案', 'Scoring scheme');
    return s;
  }
  async function writable(user: Principal, schemeId: string, version?: string) {
    const s = await readable(user, schemeId, version);
    if (!canPublishRanking(user, s.row.owner_region)) throw forbidden();
    return s;
  }

  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/scoring/metrics', async (request) => {
      requireUser(request);
      return presentMetrics();
    });

    r.get('/scoring/schemes', async (request) => {
      const user = requireUser(request);
      const items = await scoring.listSchemes((owner) => canReadRanking(user, owner));
      return { items: items.map((s) => ({ ...s, canImport: canPublishRanking(user, s.ownerRegion) })) };
    });

    r.post('/scoring/schemes', { bodyLimit: 1024 * 1024, schema: { body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 512 * 1024 }), fileName: Type.Optional(Type.String({ maxLength: 200 })), ownerRegion: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      const owner = normalizeRegionCode(request.body.ownerRegion ?? user.regionCode);
      if (owner === undefined || !canPublishRanking(user, owner)) throw forbidden();
      const { stored, created } = await scoring.addScheme(user.username, { text: request.body.text, fileName: request.body.fileName ?? 'scheme.yaml', ownerRegion: owner });
      void reply.status(created ? 201 : 200);
      return { created, key: stored.key, scheme: presentScheme(stored.scheme, stored.row.owner_region) };
    });

    r.get('/scoring/schemes/:schemeId', { schema: { params: SchemeParams, querystring: Type.Object({ version: Version }) } }, async (request) => {
      const user = requireUser(request);
      const s = await readable(user, request.params.schemeId, request.query.version);
      const summary = (await scoring.listSchemes((owner) => owner === s.row.owner_region)).find((x) => x.schemeId === s.row.scheme_id);
      return { scheme: presentScheme(s.scheme, s.row.owner_region), versions: summary?.versions ?? [], periods: summary?.periods ?? [], imports: await scoring.imports(s.row.scheme_id), canImport: canPublishRanking(user, s.row.owner_region) };
    });

    /** A score sheet as imported, to whoever may read the scheme's rankings (a sheet holds units' scores, no one's ID number). */
    r.get('/scoring/imports/:id/file', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (request, reply) => {
      const user = requireUser(request);
      const schemeId = await scoring.importScheme(request.params.id);
      if (schemeId === null) throw notFound('得分导入', 'Score import');
      await readable(user, schemeId);
      const file = await scoring.importFile(request.params.id);
      return sendKeptFile(reply, file);
    });

    r.post('/scoring/schemes/:schemeId/import', { bodyLimit: 12 * 1024 * 1024, schema: { params: SchemeParams, body: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }), contentBase64: Type.String({ maxLength: 11 * 1024 * 1024 }), period: Type.Optional(Period), version: Version }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      const { body } = request;
      const s = await writable(user, request.params.schemeId, body.version);
      const result = await scoring.importScores(user.username, s.row.scheme_id, { fileName: body.fileName, bytes: Buffer.from(body.contentBase64, 'base64'), version: s.row.version, ...(body.period === undefined ? {} : { period: body.period }) });
      void reply.status(201);
      return result;
    });

    r.put('/scoring/schemes/:schemeId/periods/:period/scores', { schema: { params: PeriodParams, body: Type.Object({ rows: Type.Array(UnitScoreSchema, { minItems: 1, maxItems: 5000 }), version: Version }, { additionalProperties: false }) } }, async (request) => {
      const user = requireUser(request);
      const s = await writable(user, request.params.schemeId, request.body.version);
      const rows = request.body.rows.map((x) => ({ unitId: x.unitId, unitName: x.unitName, peerGroups: x.peerGroups ?? [], components: componentValues(x.unitId, x.components), bonuses: x.bonuses ?? {}, deductions: x.deductions ?? {}, vetoes: x.vetoes ?? [] }));
      return scoring.enterPeriod(user.username, s.row.scheme_id, request.params.period, rows, s.row.version);
    });

    r.patch('/scoring/schemes/:schemeId/periods/:period/units/:unitId', { schema: { params: UnitParams, body: Type.Object({ components: Type.Optional(Numbers), bonuses: Type.Optional(Points), deductions: Type.Optional(Points), vetoes: Type.Optional(Ids), peerGroups: Type.Optional(Ids) }, { additionalProperties: false }) } }, async (request) => {
      const user = requireUser(request);
      const s = await writable(user, request.params.schemeId);
      const { components, ...rest } = request.body;
      return scoring.updateUnit(user.username, s.row.scheme_id, request.params.period, request.params.unitId, { ...rest, ...(components === undefined ? {} : { components: componentValues(request.params.unitId, components) }) });
    });

    r.post('/scoring/schemes/:schemeId/periods/:period/compute', { schema: { params: PeriodParams } }, async (request, reply) => {
      const user = requireUser(request);
      const s = await writable(user, request.params.schemeId);
      const result = await scoring.computePeriod(user.username, s.row.scheme_id, request.params.period);
      void reply.status(201);
      return result;
    });

    r.get('/scoring/schemes/:schemeId/periods/:period', { schema: { params: PeriodParams } }, async (request) => {
      const user = requireUser(request);
      const s = await readable(user, request.params.schemeId);
      const report = await scoring.report(s.row.scheme_id, request.params.period);
      return { ...presentReport(report), trend: await scoring.trend(s.row.scheme_id, null), canImport: canPublishRanking(user, s.row.owner_region) };
    });

    r.get('/scoring/schemes/:schemeId/periods/:period/units/:unitId', { schema: { params: UnitParams } }, async (request) => {
      const user = requireUser(request);
      const s = await readable(user, request.params.schemeId);
      const { units, ...rest } = presentReport(await scoring.report(s.row.scheme_id, request.params.period));
      const unit = units.find((u) => u.unitId === request.params.unitId);
      if (unit === undefined) throw notFound('考核单位', 'Scoring unit');
      return { ...rest, of: units.length, unit, trend: await scoring.trend(s.row.scheme_id, [request.params.unitId]), canImport: canPublishRanking(user, s.row.owner_region) };
    });

    r.get('/scoring/schemes/:schemeId/periods/:period/consequences', { schema: { params: PeriodParams } }, async (request) => {
      const user = requireUser(request);
      const s = await readable(user, request.params.schemeId);
      const report = presentReport(await scoring.report(s.row.scheme_id, request.params.period));
      return { period: report.period, sample: report.sample, sampleNote: report.sampleNote, ...report.consequences };
    });

    r.get('/scoring/schemes/:schemeId/periods/:period/export.xlsx', { schema: { params: PeriodParams } }, async (request, reply) => {
      const user = requireUser(request);
      const s = await readable(user, request.params.schemeId);
      const report = await scoring.report(s.row.scheme_id, request.params.period);
      void reply.header('content-type', xlsxType).header('content-disposition', `attachment; filename="ranking-${s.row.scheme_id}-${request.params.period}.xlsx"`);
      return reply.send(await rankWorkbook(report, report.sample ? sampleNote : null));
    });

    r.get('/scoring/schemes/:schemeId/trend', { schema: { params: SchemeParams, querystring: Type.Object({ units: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request) => {
      const user = requireUser(request);
      const s = await readable(user, request.params.schemeId);
      const units = request.query.units === undefined ? null : request.query.units.split(',').filter((u) => u !== '');
      return scoring.trend(s.row.scheme_id, units);
    });
  };
}
