// Signs in through the real endpoint and carries the cookie and CSRF token, as the web does.
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AppContext } from '../../src/http/context.js';
import { buildServer } from '../../src/http/server.js';

export interface Session {
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: () => any; body: string; raw: Buffer; headers: Record<string, unknown> }>;
  readonly csrf: string;
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jz_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf: string = res.json().csrfToken;
  return {
    csrf,
    async request(method, url, body, headers = {}) {
      const r = await app.inject({ method, url, payload: body === undefined ? undefined : (body as object), cookies: { jz_session: cookie.value }, headers: { 'x-csrf-token': csrf, ...headers } });
      return { status: r.statusCode, json: () => r.json(), body: r.body, raw: r.rawPayload, headers: r.headers };
    },
  };
}

/**
 * A server over `ctx` with the given accounts (username, role, region) created and signed in:
 * the display name is the username + 名, the password `Test-<username>-pass1`.
 */
export async function serveWithUsers(ctx: AppContext, users: readonly (readonly [string, string, string])[]): Promise<{ app: FastifyInstance; sessions: Record<string, Session> }> {
  for (const [username, role, region] of users) await ctx.auth.createUser('test', { username, displayName: `${username}名`, role, region, department: null, password: `Test-${username}-pass1` });
  const app = await buildServer(ctx, { webDir: null, logger: false, secureCookies: false, loginRateLimit: 1000 });
  const sessions: Record<string, Session> = {};
  for (const [u] of users) sessions[u] = await signIn(app, u, `Test-${u}-pass1`);
  return { app, sessions };
}

/** A workbook answer read back with exceljs, after checking it was sent. */
export async function readWorkbook(r: { status: number; body: string; raw: Buffer }): Promise<ExcelJS.Workbook> {
  if (r.status !== 200) throw new Error(`workbook: ${r.status} ${r.body}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.raw);
  return wb;
}
