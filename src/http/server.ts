// The HTTP server: API under /api/v1, OpenAPI at /api/docs, the built web at /.
import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import { Ajv } from 'ajv';
import type { AppContext } from './context.js';
import { errorHandler } from './errors.js';
import { registerSession } from './session.js';
import { registerJsonCompression } from './compress.js';
import { authRoutes } from './routes/auth.js';
import { householdRoutes } from './routes/households.js';
import { regionRoutes } from './routes/regions.js';
import { yearRoutes } from './routes/years.js';
import { rectificationRoutes } from './routes/rectification.js';
import { workbookRoutes } from './routes/workbook.js';
import { exitCaseRoutes } from './routes/exit-cases.js';
import { samplingRoutes } from './routes/sampling.js';
import { scoringRoutes } from './routes/scoring.js';
import { exitAssessmentRoutes } from './routes/exit-assessment.js';
import { assistanceRoutes } from './routes/assistance.js';
import { crosscheckRoutes } from './routes/crosscheck.js';

export interface ServerOptions {
  readonly webDir: string | null;
  readonly logger: FastifyServerOptions['logger'];
  readonly secureCookies: boolean;
  readonly loginRateLimit?: number;
}

/** Request log lines carry the route pattern, never the raw URL: query strings may hold ID numbers. */
const serializers = {
  req(request: { method: string; routeOptions?: { url?: string }; ip?: string; id?: string }) {
    return { method: request.method, route: request.routeOptions?.url ?? 'unmatched', ip: request.ip };
  },
};

export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: 'info', serializers, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: 1024 * 1024,
    // One log line per request (in onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  // JSON bodies carry their own types: coercing them would turn a deliberate null (an unknown
  // housing area, a blank score) into 0 or ''. Query strings and path parameters are text and are
  // coerced to the declared types.
  const bodyAjv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false });
  const textAjv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
  app.setErrorHandler(errorHandler);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: { info: { title: 'Jingzhun 精准 API', version: '1' }, servers: [] },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerSession(app, ctx.auth);
  registerJsonCompression(app);

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.store.db);
      return { ok: true, database: ctx.store.dialect };
    } catch {
      return reply.status(503).send({ ok: false });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx, { secureCookies: options.secureCookies, loginRateLimit: options.loginRateLimit ?? 20 }));
      await api.register(regionRoutes(ctx));
      await api.register(householdRoutes(ctx));
      await api.register(yearRoutes(ctx));
      await api.register(rectificationRoutes(ctx));
      await api.register(workbookRoutes(ctx));
      await api.register(exitCaseRoutes(ctx));
      await api.register(samplingRoutes(ctx));
      await api.register(scoringRoutes(ctx));
      await api.register(exitAssessmentRoutes(ctx));
      await api.register(assistanceRoutes(ctx));
      await api.register(crosscheckRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  if (options.webDir && existsSync(options.webDir)) {
    // Scripts and styles go as the build's Brotli or gzip copies when the browser takes them. Their
    // names carry a content hash, so a browser keeps them for a year; index.html, which names them,
    // is asked for afresh each time, so a new release is picked up on the next visit.
    await app.register(fastifyStatic, {
      root: options.webDir,
      wildcard: false,
      preCompressed: true,
      maxAge: '1h',
      setHeaders: (reply, path) => {
        if (path.endsWith('.html')) reply.header('cache-control', 'no-cache');
        else if (/[\\/]assets[\\/]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    // The SPA owns every other path: serve index.html so deep links and reloads work.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) return reply.status(404).send({ error: 'not_found', message: '接口不存在', messageEn: 'No such endpoint' });
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: 'not_found', message: '接口不存在', messageEn: 'No such endpoint' }));
  }
  return app;
}
