// Signs in through the real endpoint and carries the cookie and CSRF token, as the web does.
import type { FastifyInstance, InjectOptions } from 'fastify';

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
