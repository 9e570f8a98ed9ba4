// Session cookie → principal; CSRF on every state-changing request; scope helpers for routes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { canWriteRegistry, inScope, type Principal } from '../domain/access.js';
import type { AuthService, SessionUser } from '../app/auth.js';
import { HttpError, forbidden, unauthorized } from './errors.js';

export const sessionCookie = 'jz_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerSession(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const session = await auth.session(token);
    if (!session) return;
    request.user = session.user;
    request.csrfToken = session.csrfToken;
  });
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/v1/') || !unsafe.has(request.method)) return;
    if (request.routeOptions.url === '/api/v1/auth/login') return;
    const header = request.headers['x-csrf-token'];
    if (!request.user) throw unauthorized();
    if (typeof header !== 'string' || !request.csrfToken || !sameToken(header, request.csrfToken)) {
      throw new HttpError(403, 'csrf', '安全校验失败（CSRF），请刷新页面后重试', 'CSRF check failed: reload the page and retry');
    }
  });
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

export function requireScope(p: Principal, code: string): void {
  if (!inScope(p, code)) throw forbidden();
}

export function requireWriter(p: Principal): void {
  if (!canWriteRegistry(p)) throw forbidden();
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean): void {
  void reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires });
}
