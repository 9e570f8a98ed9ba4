// Registry years: list, close (freeze), and the audited reopen that only a system admin may do.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { closeYear, reopenYear } from '../../app/years.js';
import { closedYears } from '../../store/years.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import { requireUser } from '../session.js';

const YearParams = Type.Object({ year: Type.Integer({ minimum: 2013, maximum: 2100 }) });

export function yearRoutes(ctx: AppContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    r.get('/years', { schema: { response: { 200: Type.Object({ closed: Type.Array(Type.Integer()) }) } } }, async (request) => {
      requireUser(request);
      return { closed: await closedYears(ctx.store.db) };
    });
    r.post('/years/:year/close', { schema: { params: YearParams } }, async (request, reply) => {
      const user = requireUser(request);
      if (user.role !== 'admin') throw forbidden();
      await closeYear(ctx, user.username, request.params.year);
      return reply.status(204).send();
    });
    r.post('/years/:year/reopen', { schema: { params: YearParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      if (user.role !== 'admin') throw forbidden();
      await reopenYear(ctx, user.username, request.params.year, request.body.reason);
      return reply.status(204).send();
    });
  };
}
