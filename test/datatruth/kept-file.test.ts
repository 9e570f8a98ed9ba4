// A data comparison keeps the department file it was given (app/workbook/kept-files.ts), on both
// databases: the file a run's hash names can be opened again by whoever uploaded it and by admins,
// compared or refused, an old .xls as given; the same content is stored once.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/clock.js';
import { composeApp } from '../../src/app/compose.js';
import { presentRun } from '../../src/app/crosscheck-present.js';
import { NotFound } from '../../src/app/errors.js';
import type { Principal } from '../../src/domain/access.js';
import * as cs from '../../src/store/crosscheck.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { xlsBytes } from '../helpers/libreoffice.js';
import { badDeathsCsv, deathsCsv, enrolmentXlsx, hanbin, seedRegistry, type People } from './fixtures.js';

const clock: Clock = { now: () => new Date('2017-10-09T02:00:00Z') };
const county: Principal = { userId: 1, username: 'county', role: 'regionAdmin', regionCode: hanbin, department: null };
const colleague: Principal = { userId: 2, username: 'colleague', role: 'regionAdmin', regionCode: hanbin, department: null };
const admin: Principal = { userId: 3, username: 'root', role: 'admin', regionCode: '610000000000', department: null };

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe.each(dialects)('kept department files on %s', (dialect) => {
  let t: TestStore;
  let app: ReturnType<typeof composeApp>;
  let people: People;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = composeApp(t.store, clock);
    people = await seedRegistry(t.store, clock);
  });
  afterAll(async () => t?.dispose());

  it('keeps a compared file: the uploader and an admin get it back byte for byte, a colleague of the same county does not', async () => {
    const data = deathsCsv(people);
    const r = await app.crosscheck.run('county', { kind: 'death', under: hanbin, file: { name: '死亡名单.csv', data } });
    expect(r.run.status).toBe('compared');
    expect(r.run.file_kept).toBe(true);
    expect(presentRun(county, r.run)).toMatchObject({ fileKept: true, fileOpen: true });
    expect(presentRun(colleague, r.run)).toMatchObject({ fileKept: true, fileOpen: false });
    const mine = await app.crosscheck.runFile(county, r.run.id);
    expect(mine).toMatchObject({ name: '死亡名单.csv', size: data.length, sha256: r.run.file_sha256 });
    expect((await bytesOf(mine.stream)).equals(data)).toBe(true);
    expect((await bytesOf((await app.crosscheck.runFile(admin, r.run.id)).stream)).equals(data)).toBe(true);
    expect((await bytesOf((await app.crosscheck.runFile(null, r.run.id)).stream)).equals(data)).toBe(true);
    await expect(app.crosscheck.runFile(colleague, r.run.id)).rejects.toBeInstanceOf(NotFound);
    const listed = (await app.crosscheck.runs(county, hanbin)).find((x) => x.id === r.run.id);
    expect(listed?.file_kept).toBe(true);
  });

  it('keeps a refused file, whose issues name its rows', async () => {
    const data = badDeathsCsv(people);
    const r = await app.crosscheck.run('county', { kind: 'death', under: hanbin, file: { name: 'bad.csv', data } });
    expect(r.run.status).toBe('rejected');
    expect(r.run.file_sha256).toBe(sha256(data));
    expect(r.run.file_kept).toBe(true);
    expect((await bytesOf((await app.crosscheck.runFile(county, r.run.id)).stream)).equals(data)).toBe(true);
  });

  it('keeps an old .xls as given, not its converted copy; the same content given again is stored once', async () => {
    const xls = xlsBytes(await enrolmentXlsx(people));
    const first = await app.crosscheck.run('county', { kind: 'enrolment', under: hanbin, file: { name: '在校生.xls', data: xls } });
    const again = await app.crosscheck.run('county', { kind: 'enrolment', under: hanbin, file: { name: '在校生（再次）.xls', data: xls } });
    expect(again.run.file_sha256).toBe(sha256(xls));
    const got = await app.crosscheck.runFile(county, first.run.id);
    expect((await bytesOf(got.stream)).equals(xls)).toBe(true);
    expect((await app.crosscheck.runFile(county, again.run.id)).name).toBe('在校生（再次）.xls');
    const stored = await t.store.db.selectFrom('import_file').select((eb) => eb.fn.countAll<number>().as('n')).where('sha256', '=', sha256(xls)).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1);
  });

  it('says a run from before files were kept has none', async () => {
    const id = await cs.insertRun(t.store.db, { kind: 'death', department: 'publicSecurity', under_code: hanbin, file_name: 'old.csv', file_sha256: 'a'.repeat(64), actor: 'county', created_at: '2017-01-01T00:00:00Z', batch_id: null, status: 'compared', counts_json: '{}', issues_json: '[]', issue_count: 0 });
    const run = await cs.getRun(t.store.db, id);
    expect(run?.file_kept).toBe(false);
    expect(presentRun(county, run as cs.RunRow)).toMatchObject({ fileKept: false, fileOpen: false });
    const missing = await app.crosscheck.runFile(county, id).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFound);
    expect((missing as NotFound).message).toContain('未保存原文件');
    await expect(app.crosscheck.runFile(county, 999_999)).rejects.toBeInstanceOf(NotFound);
  });
});
