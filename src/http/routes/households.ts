// Household routes: list, export, the household file and its edits. Thin: scope, call, shape.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inScope, seesIdNumbers, type Principal } from '../../domain/access.js';
import { normalizeRegionCode, parentCode } from '../../domain/region-code.js';
import type { MemberInput } from '../../domain/registry.js';
import { presentAuditJson, presentHousehold, presentIdNumber, presentMember, seesIncomes } from '../../app/present.js';
import { auditFor } from '../../store/audit.js';
import { householdImports } from '../../app/workbook/kept-files.js';
import { getHousehold } from '../../store/households.js';
import { countHouseholds, listHouseholds, listHouseholdsJson, sortKey, type ListFilter, type ListPage } from '../../store/household-list.js';
import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import {
  AuditEntrySchema,
  HouseholdImportSchema,
  DateText,
  HouseholdChangesSchema,
  HouseholdInputSchema,
  HouseholdSchema,
  IncomeInputSchema,
  IncomeSchema,
  ListItemSchema,
  ListQuerySchema,
  MemberInputSchema,
  MemberSchema,
  StatusEventSchema,
  VersionBody,
  type ListQuery,
} from '../schemas.js';
import { requireScope, requireUser, requireWriter } from '../session.js';
import { codeLabel } from '../../domain/code-lists.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

function decodeCursor(cursor: string | undefined): ListPage['after'] {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value;
  } catch {
    // fall through: a malformed cursor is a bad request
  }
  throw Object.assign(new Error('invalid cursor'), { statusCode: 400, code: 'bad_cursor' });
}

function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The list's filter for this user: the region asked for (or the user's own), within scope. */
export function filterFor(user: Principal, q: ListQuery): ListFilter {
  const region = q.region ? normalizeRegionCode(q.region) : user.regionCode;
  if (!region) throw forbidden();
  requireScope(user, region);
  return { region, status: q.status, cause: q.cause, attribute: q.attribute, exitYear: q.exitYear, identifiedYear: q.identifiedYear, q: q.q };
}

async function scopedHousehold(ctx: AppContext, request: FastifyRequest, id: number) {
  const user = requireUser(request);
  const household = await getHousehold(ctx.store.db, id);
  // Out-of-scope households answer 404 like missing ones, so that existence does not leak.
  if (!household || !inScope(user, household.villageCode)) throw notFound('贫困户', 'Household');
  return { user, household };
}

export function householdRoutes(ctx: AppContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/households', { schema: { querystring: ListQuerySchema, response: { 200: Type.Object({ items: Type.Array(ListItemSchema), nextCursor: Type.Union([Type.String(), Type.Null()]), total: Type.Optional(Type.Integer()) }) } } }, async (request, reply) => {
      const user = requireUser(request);
      const filter = filterFor(user, request.query);
      const page: ListPage = { sort: request.query.sort ?? 'village', order: request.query.order ?? 'asc', limit: request.query.limit ?? 50, after: decodeCursor(request.query.cursor) };
      const [list, total] = await Promise.all([
        listHouseholdsJson(ctx.store.db, ctx.store.dialect, filter, page, !seesIdNumbers(user)),
        request.query.count === '1' ? countHouseholds(ctx.store.db, filter) : Promise.resolve(undefined),
      ]);
      const nextCursor = list.count === page.limit && list.lastKey ? JSON.stringify(encodeCursor(list.lastKey)) : 'null';
      // The database wrote each item as the schema above declares it; sent as text, the items are
      // not parsed and serialised again (a string with a JSON content type skips the serialiser).
      const untyped: FastifyReply = reply;
      return untyped.type('application/json; charset=utf-8').send(`{"items":[${list.itemsText}],"nextCursor":${nextCursor}${total === undefined ? '' : `,"total":${total}`}}`);
    });

    r.get('/households/export.csv', { schema: { querystring: Type.Omit(ListQuerySchema, ['cursor', 'limit', 'count']) } }, async (request, reply) => {
      const user = requireUser(request);
      const filter = filterFor(user, request.query);
      const header = ['户编号', '县区', '乡镇', '村', '户主姓名', '户主身份证号', '家庭人口', '贫困户属性', '主要致贫原因', '状态', '识别年度', '脱贫年度'];
      const escape = (v: unknown) => {
        const s = v === null || v === undefined ? '' : String(v);
        return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
      };
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="households.csv"');
      const lines: string[] = [`\uFEFF${header.join(',')}`];
      let after: ListPage['after'] = null;
      for (;;) {
        const rows = await listHouseholds(ctx.store.db, filter, { sort: request.query.sort ?? 'village', order: request.query.order ?? 'asc', limit: 2000, after });
        const names = await ctx.regionNames.names(rows.flatMap((x) => [x.villageCode, parentCode(x.villageCode) ?? '', parentCode(parentCode(x.villageCode) ?? '') ?? '']));
        for (const x of rows) {
          const town = parentCode(x.villageCode) ?? '';
          const county = parentCode(town) ?? '';
          // The leading tab keeps spreadsheet programs from turning ID numbers into floats.
          const id = presentIdNumber(user, x.headIdNumber);
          lines.push([x.householdNo, names.get(county), names.get(town), names.get(x.villageCode), x.headName, id === null ? '' : `\t${id}`, x.memberCount, codeLabel('attribute', x.attribute), codeLabel('cause', x.mainCause), codeLabel('householdStatus', x.status), x.identifiedYear, x.exitYear].map(escape).join(','));
        }
        const last = rows.at(-1);
        if (!last || rows.length < 2000) break;
        after = sortKey(last, request.query.sort ?? 'village');
      }
      return `${lines.join('\n')}\n`;
    });

    r.get('/households/:id', {
      schema: {
        params: IdParams,
        response: {
          200: Type.Object({
            household: Type.Partial(HouseholdSchema),
            village: Type.Object({ code: Type.String(), path: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }),
            members: Type.Array(Type.Partial(MemberSchema)),
            incomes: Type.Array(IncomeSchema),
            events: Type.Array(StatusEventSchema),
            audit: Type.Array(AuditEntrySchema),
            imports: Type.Array(HouseholdImportSchema),
          }),
        },
      },
    }, async (request) => {
      const { user, household } = await scopedHousehold(ctx, request, request.params.id);
      const file = await ctx.registry.householdFile(household.id);
      const audit = await auditFor(ctx.store.db, 'household', String(household.id));
      const chain: string[] = [];
      for (let c: string | null = household.villageCode; c !== null; c = parentCode(c)) chain.unshift(c);
      const names = await ctx.regionNames.names(chain);
      return {
        household: presentHousehold(user, file.household),
        village: { code: household.villageCode, path: chain.map((code) => ({ code, name: names.get(code) ?? code })) },
        members: file.members.map((m) => presentMember(user, m)),
        incomes: seesIncomes(user) ? file.incomes : [],
        events: file.events,
        audit: user.role === 'department' ? [] : audit.map((a) => ({ seq: a.seq, at: a.at, actor: a.actor, action: a.action, before: presentAuditJson(user, a.before_json), after: presentAuditJson(user, a.after_json) })),
        imports: user.role === 'department' ? [] : await householdImports(ctx.store, user, household.id),
      };
    });

    r.post('/households', { schema: { body: Type.Object({ household: HouseholdInputSchema, members: Type.Array(MemberInputSchema, { maxItems: 30 }), identifiedDate: DateText, basis: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) }, { additionalProperties: false }), response: { 201: HouseholdSchema } } }, async (request, reply) => {
      const user = requireUser(request);
      requireWriter(user);
      requireScope(user, request.body.household.villageCode);
      const created = await ctx.registry.createHousehold(user.username, { household: request.body.household, members: request.body.members, identifiedDate: request.body.identifiedDate, basis: request.body.basis });
      void reply.status(201);
      return created;
    });

    r.patch('/households/:id', { schema: { params: IdParams, body: Type.Object({ ...VersionBody, changes: HouseholdChangesSchema }, { additionalProperties: false }), response: { 200: HouseholdSchema } } }, async (request) => {
      const { user } = await scopedHousehold(ctx, request, request.params.id);
      requireWriter(user);
      if (request.body.changes.villageCode !== undefined) requireScope(user, request.body.changes.villageCode);
      return ctx.registry.updateHousehold(user.username, request.params.id, request.body.version, request.body.changes);
    });

    r.put('/households/:id/members', { schema: { params: IdParams, body: Type.Object({ ...VersionBody, members: Type.Array(MemberInputSchema, { maxItems: 30 }) }, { additionalProperties: false }), response: { 200: HouseholdSchema } } }, async (request) => {
      const { user } = await scopedHousehold(ctx, request, request.params.id);
      requireWriter(user);
      const members: MemberInput[] = request.body.members;
      return ctx.registry.replaceMembers(user.username, request.params.id, request.body.version, members);
    });

    r.put('/households/:id/incomes/:year', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }), year: Type.Integer({ minimum: 2000, maximum: 2100 }) }), body: Type.Object({ ...VersionBody, income: IncomeInputSchema }, { additionalProperties: false }), response: { 200: Type.Object({ household: HouseholdSchema, income: IncomeSchema }) } } }, async (request) => {
      const { user } = await scopedHousehold(ctx, request, request.params.id);
      requireWriter(user);
      return ctx.registry.setIncome(user.username, request.params.id, request.body.version, request.params.year, request.body.income);
    });

    r.post('/households/:id/events', { schema: { params: IdParams, body: Type.Object({ ...VersionBody, type: Type.Union([Type.Literal('exited'), Type.Literal('relapsed'), Type.Literal('removed')]), date: DateText, reason: Type.Union([Type.String({ maxLength: 50 }), Type.Null()]), basis: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) }, { additionalProperties: false }), response: { 200: HouseholdSchema } } }, async (request) => {
      const { user } = await scopedHousehold(ctx, request, request.params.id);
      requireWriter(user);
      const { version, ...event } = request.body;
      return ctx.registry.addStatusEvent(user.username, request.params.id, version, event);
    });

    r.delete('/households/:id', { schema: { params: IdParams, querystring: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const { user } = await scopedHousehold(ctx, request, request.params.id);
      requireWriter(user);
      await ctx.registry.deleteHousehold(user.username, request.params.id, request.query.version);
      return reply.status(204).send();
    });
  };
}
