// Registry years: list, close (freeze), and the audited reopen that only a system admin may do.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { closeYear, reopenYear, yearListView } from '../../app/years.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import { requireUser } from '../session.js';

const YearParams = Type.Object({ year: Type.Integer({ minimum: 2013, maximum: 2100 }) });
/** An audit entry as `audit verify --anchor SEQ:HASH` takes it. */
const Anchor = Type.Object({ seq: Type.Integer(), hash: Type.String() });
const YearList = Type.Object({
  closed: Type.Array(Type.Integer()),
  anchors: Type.Array(Type.Object({ year: Type.Integer(), anchor: Type.Union([Anchor, Type.Null()]), closedAt: Type.Union([Type.String(), Type.Null()]), closedBy: Type.Union([Type.String(), Type.Null()]) })),
  open: Type.Array(Type.Integer()),
  currentYear: Type.Integer(),
});
const Closed = Type.Object({ year: Type.Integer(), closed: Type.Literal(true), anchor: Anchor });

export function yearRoutes(ctx: AppContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    r.get('/years', { schema: { response: { 200: YearList } } }, async (request) => {
      requireUser(request);
      return yearListView(ctx);
    });
    // Answers the audit entry that recorded the close, as `jingzhun year close --json` does.
    r.post('/years/:year/close', { schema: { params: YearParams, response: { 200: Closed } } }, async (request) => {
      const user = requireUser(request);
      if (user.role !== 'admin') throw forbidden();
      const anchor = await closeYear(ctx, user.username, request.params.year);
      return { year: request.params.year, closed: true as const, anchor };
    });
    r.post('/years/:year/reopen', { schema: { params: YearParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      if (user.role !== 'admin') throw forbidden();
      await reopenYear(ctx, user.username, request.params.year, request.body.reason);
      return reply.status(204).send();
    });
  };
}
