// The data-truth API with real sign-ins on both databases: a county officer and the civil-affairs
// department upload files, review the list with both records, resolve and turn into problems;
// scope, roles and bad files are refused; the quality dashboard keeps its trend.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { buildServer } from '../../src/http/server.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { signIn, type Session } from '../http/helpers.js';
import { badDeathsCsv, deathsCsv, hanbin, minimumLivingCsv, seedRegistry, type People } from './fixtures.js';

const csvHeaders = (name: string) => ({ 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(name) });

describe.each(dialects)('data-truth API on %s', (dialect) => {
  let t: TestStore;
  let app: FastifyInstance;
  let people: People;
  let county: Session;
  let civil: Session;
  let education: Session;
  let inspector: Session;
  let otherCounty: Session;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    const ctx = composeApp(t.store, { now: () => new Date('2017-10-09T02:00:00Z') });
    people = await seedRegistry(t.store, ctx.clock);
    const users: [string, string, string, string | null][] = [['county', 'regionAdmin', hanbin, null], ['civil', 'department', hanbin, 'civilAffairs'], ['edu', 'department', hanbin, 'education'], ['inspector', 'inspector', hanbin, null], ['hanyin', 'regionAdmin', '610921000000', null]];
    await loadRegions(t.store, '610921');
    for (const [username, role, region, department] of users) await ctx.auth.createUser('test', { username, displayName: username, role, region, department, password: `Test-${username}-pass1` });
    app = await buildServer(ctx, { webDir: null, logger: false, secureCookies: false, loginRateLimit: 1000 });
    [county, civil, education, inspector, otherCounty] = await Promise.all(users.map(([u]) => signIn(app, u, `Test-${u}-pass1`)));
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('lists the kinds a user may upload', async () => {
    const kinds = (await civil.request('GET', '/api/v1/crosscheck/kinds')).json().kinds;
    expect(kinds.filter((k: { allowed: boolean }) => k.allowed).map((k: { kind: string }) => k.kind)).toEqual(['minimumLiving', 'extremePoverty', 'disability']);
    // Each column says how its values read, so the review shows amounts in yuan and codes by label.
    const columns = (kind: string) => kinds.find((k: { kind: string }) => k.kind === kind).columns as { key: string; kind: string; list: string | null }[];
    expect(columns('minimumLiving').find((c) => c.key === 'annualAmount')).toMatchObject({ kind: 'yuan', list: null });
    expect(columns('disability').find((c) => c.key === 'disabilityType')).toMatchObject({ kind: 'code', list: 'disabilityType' });
  });

  it('compares an uploaded civil-affairs file; the department sees both records, IDs in clear', async () => {
    const r = await civil.request('POST', `/api/v1/crosscheck/runs?kind=minimumLiving&under=${hanbin}`, minimumLivingCsv(people), csvHeaders('低保.csv'));
    expect(r.status).toBe(201);
    expect(r.json().byType).toEqual({ minimumLivingNotRecorded: 1, minimumLivingAmountDiffers: 1 });
    const list = await civil.request('GET', `/api/v1/crosscheck/discrepancies?run=${r.json().run.id}`);
    expect(list.json().total).toBe(2);
    const d = list.json().items.find((x: { type: string }) => x.type === 'minimumLivingNotRecorded');
    expect(d.registry).toMatchObject({ name: '张伟', idNumber: people.zhangWei });
    expect(d.department).toMatchObject({ name: '张伟', annualAmount: 300000 });
    expect(d.typeLabel.zh).toContain('低保');
  });

  it('gives the department file back to whoever uploaded it, byte for byte; to nobody else', async () => {
    const data = minimumLivingCsv(people);
    const r = await civil.request('POST', `/api/v1/crosscheck/runs?kind=minimumLiving&under=${hanbin}`, data, csvHeaders('低保名单（十月）.csv'));
    const id = r.json().run.id as number;
    expect(r.json().run).toMatchObject({ fileKept: true, fileOpen: true });
    const file = await civil.request('GET', `/api/v1/crosscheck/runs/${id}/file`);
    expect(file.status).toBe(200);
    expect(file.raw.equals(data)).toBe(true);
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('低保名单（十月）.csv');
    // The county sees the run and its findings, not the department's file.
    const listed = (await county.request('GET', `/api/v1/crosscheck/runs?under=${hanbin}`)).json().items.find((x: { id: number }) => x.id === id);
    expect(listed).toMatchObject({ fileKept: true, fileOpen: false });
    expect((await county.request('GET', `/api/v1/crosscheck/runs/${id}/file`)).status).toBe(404);
    expect((await education.request('GET', `/api/v1/crosscheck/runs/${id}/file`)).status).toBe(404);
    expect((await otherCounty.request('GET', `/api/v1/crosscheck/runs/${id}/file`)).status).toBe(404);
    expect((await civil.request('GET', '/api/v1/crosscheck/runs/999999/file')).status).toBe(404);
  });

  it('refuses other departments, other counties, inspectors writing; masks IDs for inspectors', async () => {
    expect((await education.request('POST', `/api/v1/crosscheck/runs?kind=minimumLiving&under=${hanbin}`, minimumLivingCsv(people), csvHeaders('x.csv'))).status).toBe(403);
    expect((await education.request('GET', '/api/v1/crosscheck/discrepancies')).json().total).toBe(0);
    expect((await otherCounty.request('GET', `/api/v1/crosscheck/discrepancies?under=${hanbin}`)).status).toBe(403);
    expect((await otherCounty.request('GET', '/api/v1/crosscheck/discrepancies')).json().total).toBe(0);
    expect((await inspector.request('POST', `/api/v1/crosscheck/runs?kind=death&under=${hanbin}`, deathsCsv(people), csvHeaders('d.csv'))).status).toBe(403);
    const seen = (await inspector.request('GET', '/api/v1/crosscheck/discrepancies')).json().items[0];
    expect(seen.registry.idNumber).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
    expect((await inspector.request('POST', `/api/v1/crosscheck/discrepancies/${seen.id}/resolve`, { version: 1, note: 'x' })).status).toBe(403);
  });

  it('refuses a bad file with every row named, and an unknown kind', async () => {
    const bad = await county.request('POST', `/api/v1/crosscheck/runs?kind=death&under=${hanbin}`, badDeathsCsv(people), csvHeaders('bad.csv'));
    expect(bad.status).toBe(422);
    expect(bad.json().issues.map((i: { row: number }) => i.row)).toEqual([2, 3]);
    expect(bad.body).not.toContain(people.wangQiang.slice(0, 17));
    expect((await county.request('POST', `/api/v1/crosscheck/runs?kind=nope&under=${hanbin}`, deathsCsv(people), csvHeaders('d.csv'))).status).toBe(422);
  });

  it('resolves one discrepancy and turns another into a rectification problem', async () => {
    const run = await county.request('POST', `/api/v1/crosscheck/runs?kind=death&under=${hanbin}`, deathsCsv(people), csvHeaders('死亡.csv'));
    expect(run.status).toBe(201);
    const items = (await county.request('GET', `/api/v1/crosscheck/discrepancies?run=${run.json().run.id}&status=open&type=deceasedStillMember`)).json().items;
    expect(items).toHaveLength(2);
    const ok = await county.request('POST', `/api/v1/crosscheck/discrepancies/${items[0].id}/resolve`, { version: items[0].version, note: '已核实，户籍信息有误' });
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'resolved', note: '已核实，户籍信息有误' });
    expect((await county.request('POST', `/api/v1/crosscheck/discrepancies/${items[0].id}/resolve`, { version: items[0].version, note: 'again' })).status).toBe(422);
    const p = await county.request('POST', `/api/v1/crosscheck/discrepancies/${items[1].id}/problem`, { version: items[1].version, note: '办理自然减少', deadline: '2017-11-30' });
    expect(p.status).toBe(200);
    expect(p.json().status).toBe('problem');
    const runAfter = (await county.request('GET', `/api/v1/crosscheck/runs/${run.json().run.id}`)).json();
    expect(runAfter.byStatus).toEqual({ open: 1, resolved: 1, problem: 1 });
    const board = await county.request('GET', `/api/v1/rectification/batches/${runAfter.batchId}`);
    expect(board.status).toBe(200);
    expect(board.json().source).toBe('selfCheck');
  });

  it('shares back the registry subset of a department', async () => {
    const r = await civil.request('GET', `/api/v1/crosscheck/share.xlsx?under=${hanbin}`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    expect((await county.request('GET', `/api/v1/crosscheck/share.xlsx?under=${hanbin}`)).status).toBe(403);
  });

  it('runs quality checks and shows the dashboard with its trend', async () => {
    expect((await inspector.request('POST', '/api/v1/quality/runs', { under: hanbin })).status).toBe(403);
    const run = await county.request('POST', '/api/v1/quality/runs', { under: hanbin });
    expect(run.status).toBe(201);
    expect(run.json().score).toBe(66.7);
    const dash = (await inspector.request('GET', `/api/v1/quality?under=${hanbin}`)).json();
    expect(dash.region.score).toBe(66.7);
    expect(dash.trend).toHaveLength(1);
    const findings = (await county.request('GET', `/api/v1/quality/runs/${run.json().runId}/findings?under=${hanbin}`)).json();
    expect(findings.items[0]).toMatchObject({ rule: 'ageSchool', memberName: '张小明' });
    expect(findings.items[0].detailEn).toMatch(/^Aged \d+, /);
  });

  it('exports the findings of a run as a ledger for the region asked, without ID numbers', async () => {
    const runId: number = (await inspector.request('GET', `/api/v1/quality?under=${hanbin}`)).json().runId;
    const read = async (under: string) => {
      const res = await inspector.request('GET', `/api/v1/quality/runs/${runId}/findings.xlsx?under=${under}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.raw);
      const sheet = wb.getWorksheet('数据质量问题');
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      return { rows: (sheet?.getSheetValues() ?? []).filter((r) => Array.isArray(r)).map((r) => (r as unknown[]).slice(1)) };
    };
    const listed = (await inspector.request('GET', `/api/v1/quality/runs/${runId}/findings?under=${hanbin}&limit=500`)).json();
    const all = await read(hanbin);
    expect(all.rows[0]).toEqual(['序号', '规则', '乡镇', '村', '户编号', '成员', '详情']);
    expect(all.rows).toHaveLength(1 + listed.total);
    const line = all.rows.find((r) => r[5] === '张小明');
    expect(line).toMatchObject([expect.any(Number), '年龄与在校生状况不符', expect.stringMatching(/[\u4e00-\u9fa5]/), expect.stringMatching(/[\u4e00-\u9fa5]/), listed.items[0].householdNo, '张小明', expect.stringContaining('义务教育')]);
    // Like the list, the ledger names the member and never shows an ID number, for any role.
    const cells = all.rows.flat().map(String).join('|');
    for (const id of [people.zhangWei, people.liFang, people.zhangXiaoming]) expect(cells).not.toContain(id.slice(6, 14));
    // The region filter as on the dashboard: the clean village's ledger has the header alone.
    expect((await read(people.villages[0])).rows).toHaveLength(all.rows.length);
    expect((await read(people.villages[1])).rows).toHaveLength(1);
    expect((await otherCounty.request('GET', `/api/v1/quality/runs/${runId}/findings.xlsx?under=${hanbin}`)).status).toBe(403);
  });
});
