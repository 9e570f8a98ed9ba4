// The workbench's files and JSON answers as a browser on a slow connection gets them: compressed
// when it accepts that, hashed assets kept, index.html asked for afresh.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src/app/compose.js';
import { acceptsGzip } from '../../src/http/compress.js';
import { buildServer } from '../../src/http/server.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

let dir: string;
let test: TestStore;
let app: FastifyInstance;
const script = `console.log(${JSON.stringify('精准'.repeat(2000))});\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jingzhun-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
  writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(script));
  test = await createTestStore('sqlite');
  app = await buildServer(composeApp(test.store), { webDir: dir, logger: false, secureCookies: false });
});

afterAll(async () => {
  await app?.close();
  await test?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('web files', () => {
  it('sends the Brotli copy of a script to a browser that accepts it, and keeps it for a year', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toContain('javascript');
    expect(String(r.headers['vary']).toLowerCase()).toContain('accept-encoding');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(brotliDecompressSync(r.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a browser without Brotli, and the file as written to one that takes neither', async () => {
    const gz = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('has the browser ask again for index.html, at the root and on a deep link', async () => {
    const root = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br' } });
    expect(root.statusCode).toBe(200);
    expect(root.headers['cache-control']).toBe('no-cache');
    expect(root.body).toContain('/assets/index-abc123.js');
    const deep = await app.inject({ method: 'GET', url: '/households/12', headers: { 'accept-encoding': 'br' } });
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['cache-control']).toBe('no-cache');
  });
});

describe('JSON answers', () => {
  it('go gzip-compressed to a browser that takes gzip, as written to one that does not', async () => {
    const zipped = await app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(String(zipped.headers['vary']).toLowerCase()).toContain('accept-encoding');
    const plain = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString())).toEqual(plain.json());
  });

  it('leave small answers as they are', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.json()).toEqual({ ok: true });
  });

  it('read Accept-Encoding as browsers and proxies write it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
