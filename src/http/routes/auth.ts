// Sign-in, sign-out, the current user, password change, and accounts.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { canManageUsers, inScope, isRole, roleLabels } from '../../domain/access.js';
import { subtreeRange } from '../../domain/region-code.js';
import type { SessionUser } from '../../app/auth.js';
import { getRegion } from '../../store/regions.js';
import { usersUnder } from '../../store/users.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import { UserSchema } from '../schemas.js';
import { requireUser, sessionCookie, setSessionCookie } from '../session.js';

export function authRoutes(ctx: AppContext, options: { secureCookies: boolean; loginRateLimit: number }) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const withRegion = async (u: SessionUser) => ({ ...u, regionName: (await getRegion(ctx.store.db, u.regionCode))?.name ?? u.regionCode });

    r.post('/auth/login', {
      config: { rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: { body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.String() }) } },
    }, async (request, reply) => {
      const session = await ctx.auth.login(request.body.username, request.body.password);
      setSessionCookie(reply, session.token, session.expiresAt, options.secureCookies);
      return { user: await withRegion(session.user), csrfToken: session.csrfToken };
    });

    r.post('/auth/logout', async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (token) await ctx.auth.logout(token);
      void reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send();
    });

    // The web asks this on every start: signed out is an answer here, not an error, so the sign-in
    // page does not open with a failed request in the browser's console.
    r.get('/auth/session', { schema: { response: { 200: Type.Object({ user: Type.Union([UserSchema, Type.Null()]), csrfToken: Type.Union([Type.String(), Type.Null()]) }) } } }, async (request) => {
      if (!request.user) return { user: null, csrfToken: null };
      return { user: await withRegion(request.user), csrfToken: request.csrfToken ?? '' };
    });

    r.get('/auth/me', { schema: { response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.String() }) } } }, async (request) => {
      const user = requireUser(request);
      return { user: await withRegion(user), csrfToken: request.csrfToken ?? '' };
    });

    r.post('/auth/password', { schema: { body: Type.Object({ currentPassword: Type.String({ maxLength: 200 }), newPassword: Type.String({ maxLength: 200 }) }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      await ctx.auth.changePassword(user.userId, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send();
    });

    r.get('/users', { schema: { response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String(), role: Type.String(), regionCode: Type.String(), department: Type.Union([Type.String(), Type.Null()]), locked: Type.Boolean() })) }) } } }, async (request) => {
      const user = requireUser(request);
      if (!canManageUsers(user)) throw forbidden();
      const [lo, hi] = subtreeRange(user.regionCode);
      const now = ctx.clock.now().toISOString();
      const rows = await usersUnder(ctx.store.db, lo, hi);
      return { items: rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, regionCode: u.region_code, department: u.department, locked: u.locked_until !== null && u.locked_until > now })) };
    });

    r.post('/users', { schema: { body: Type.Object({ username: Type.String({ maxLength: 32 }), displayName: Type.String({ maxLength: 50 }), role: Type.String({ maxLength: 20 }), region: Type.String({ pattern: '^\\d{2,12}$' }), department: Type.Union([Type.String({ maxLength: 30 }), Type.Null()]) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.Integer(), password: Type.String() }) } } }, async (request, reply) => {
      const user = requireUser(request);
      if (!canManageUsers(user)) throw forbidden();
      const region = request.body.region.padEnd(12, '0');
      // A region admin creates accounts only inside its subtree, and never a system admin.
      if (!inScope(user, region) || (request.body.role === 'admin' && user.role !== 'admin') || !isRole(request.body.role)) throw forbidden();
      const created = await ctx.auth.createUser(user.username, { ...request.body, region });
      void reply.status(201);
      return created;
    });

    r.get('/roles', async () => roleLabels);
  };
}
