// The story through the API with real sign-ins: a city officer imports an inspection's
// feedback list, the counties work their tasks with evidence, the city verifies and closes,
// the overdue ones escalate, and the special report comes out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { buildServer } from '../../src/http/server.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { signIn, type Session } from '../http/helpers.js';

async function feedbackWorkbook(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('反馈问题');
  s.addRow(['问题编号', '问题范围', '责任单位代码', '问题类别', '问题描述', '整改时限', '整改措施', '牵头单位', '责任领导', '责任人', '工期天数']);
  s.addRow(['市-01', '共性', '6109', '数据质量', '贫困户信息与行业部门数据不一致', '2017-12-31', '开展数据比对', '扶贫局', '分管副县长', '数据专干', '20']);
  s.addRow(['HB-01', '个性', '610902', '帮扶措施', '部分帮扶措施不精准', '2017-11-30', '逐户核定措施', '汉滨区扶贫局', '副区长', '王五', '']);
  s.addRow(['HY-01', '个性', '610921', '工作作风', '入户走访不实', '2017-11-30', '重新走访', '汉阴县扶贫局', '副县长', '赵六', '']);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe.each(dialects)('rectification API on %s', (dialect) => {
  let t: TestStore;
  let app: FastifyInstance;
  let now = new Date('2017-10-09T02:00:00Z');
  let city: Session;
  let hanbin: Session;
  let hanyin: Session;
  let inspector: Session;
  let admin: Session;
  let batchId = 0;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
    const ctx = composeApp(t.store, { now: () => now });
    const users: [string, string, string][] = [['city', 'regionAdmin', '610900000000'], ['hanbin', 'regionAdmin', '610902000000'], ['hanyin', 'regionAdmin', '610921000000'], ['inspector', 'inspector', '610900000000'], ['admin', 'admin', '610000000000']];
    for (const [username, role, region] of users) await ctx.auth.createUser('test', { username, displayName: username, role, region, department: null, password: `Test-${username}-pass1` });
    app = await buildServer(ctx, { webDir: null, logger: false, secureCookies: false, loginRateLimit: 1000 });
    [city, hanbin, hanyin, inspector, admin] = await Promise.all(users.map(([u]) => signIn(app, u, `Test-${u}-pass1`)));
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('refuses without a session and refuses read-only roles creating batches', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/rectification/board' })).statusCode).toBe(401);
    expect((await inspector.request('POST', '/api/v1/rectification/batches', { name: 'x', source: 'audit', finalDeadline: '2017-12-31' })).status).toBe(403);
  });

  it('imports the feedback list; bad rows are refused all or nothing', async () => {
    const b = await city.request('POST', '/api/v1/rectification/batches', { name: '2017 年第三季度交叉检查反馈问题', source: 'crossInspection', finalDeadline: '2017-12-31' });
    expect(b.status).toBe(201);
    batchId = b.json().id;
    expect(b.json().assigningRegion).toBe('610900000000');
    expect((await hanbin.request('GET', '/api/v1/rectification/batches')).json().items).toEqual([]);
    expect((await city.request('GET', '/api/v1/rectification/batches')).json().items[0]).toMatchObject({ id: batchId, assigningName: '安康市' });
    const past = await city.request('POST', '/api/v1/rectification/batches', { name: 'x', source: 'audit', finalDeadline: '2017-01-01' });
    expect(past.status).toBe(422);
    expect(past.json().errors[0].message).toContain('早于今天');
    const bad = await city.request('POST', `/api/v1/rectification/batches/${batchId}/import`, { fileName: 'x.csv', contentBase64: Buffer.from('问题编号,责任单位代码,问题类别,问题描述\nA,,精准识别,无责任单位\n').toString('base64') });
    expect(bad.status).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'rows[2].unitRegion', message: expect.stringContaining('第 2 行') });
    expect((await hanbin.request('POST', `/api/v1/rectification/batches/${batchId}/import`, { fileName: 'f.xlsx', contentBase64: await feedbackWorkbook() })).status).toBe(422);
    const list = await feedbackWorkbook();
    const ok = await city.request('POST', `/api/v1/rectification/batches/${batchId}/import`, { fileName: '2018年第一季度暗访问题清单.xlsx', contentBase64: list });
    expect(ok.status).toBe(201);
    expect(ok.json()).toMatchObject({ problems: 3, rectifications: 12, fileId: expect.any(Number), fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The list is kept with the batch: a county the batch reaches downloads it as the city imported it.
    const files = (await hanbin.request('GET', `/api/v1/rectification/batches/${batchId}`)).json().problemFiles;
    expect(files).toEqual([{ id: ok.json().fileId, fileName: '2018年第一季度暗访问题清单.xlsx', sha256: ok.json().fileSha256, problems: 3, importedBy: 'city', importedAt: expect.any(String) }]);
    const kept = await hanbin.request('GET', `/api/v1/rectification/problem-files/${files[0].id}`);
    expect(kept.status).toBe(200);
    expect(kept.raw.equals(Buffer.from(list, 'base64'))).toBe(true);
    expect((await hanbin.request('GET', '/api/v1/rectification/problem-files/999999')).status).toBe(404);
    // Refused lists keep nothing.
    expect((await city.request('GET', `/api/v1/rectification/batches/${batchId}`)).json().problemFiles).toHaveLength(1);
    const counts = await city.request('GET', '/api/v1/rectification/counts?under=6109&level=3');
    expect(counts.json()).toMatchObject({ most: 2, least: 1 });
  });

  it('walks a county record from open to closed with evidence, verified by the city only', async () => {
    const list = await hanbin.request('GET', `/api/v1/rectifications?batch=${batchId}&status=open`);
    const rec = list.json().items.find((i: { problemNo: string }) => i.problemNo === 'HB-01');
    const id: number = rec.id;
    expect((await hanyin.request('GET', `/api/v1/rectifications/${id}`)).status).toBe(404);
    const move = (s: Session, body: object) => s.request('POST', `/api/v1/rectifications/${id}/transitions`, body);
    let version: number = rec.version;
    let r = await move(hanbin, { action: 'start', version });
    expect(r.json().status).toBe('rectifying');
    version = r.json().version;
    const detail = (await hanbin.request('GET', `/api/v1/rectifications/${id}`)).json();
    expect(detail.canAct).toEqual({ responsible: true, assigner: false, chase: false });
    expect(detail.tasks[0]).toMatchObject({ leadUnit: '汉滨区扶贫局', responsiblePerson: '王五', deadline: '2017-11-30' });
    r = await move(hanbin, { action: 'submit', version, result: '已整改' });
    expect(r.status).toBe(422);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual(['evidence', 'tasks']);
    const up = await hanbin.request('POST', `/api/v1/rectifications/${id}/evidence`, { fileName: '整改台账.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 ledger').toString('base64') });
    expect(up.status).toBe(201);
    const file = await city.request('GET', `/api/v1/rectification/evidence/${up.json().id}`);
    expect(file.body).toBe('%PDF-1.4 ledger');
    expect((await hanbin.request('PATCH', `/api/v1/rectification/tasks/${detail.tasks[0].id}`, { done: true })).status).toBe(200);
    r = await move(hanbin, { action: 'submit', version, result: '措施已逐户核定' });
    expect(r.json().status).toBe('submitted');
    version = r.json().version;
    const selfClose = await move(hanbin, { action: 'close', version });
    expect(selfClose.status).toBe(422);
    expect(selfClose.json().errors[0].message).toContain('只有交办该问题的单位');
    r = await move(city, { action: 'close', version });
    expect(r.json()).toMatchObject({ status: 'closed', recheckDue: '2018-01-07' });
  });

  it('escalates the overdue ones when the clock passes their deadline, and reports the batch', async () => {
    now = new Date('2017-12-05T02:00:00Z');
    // Sessions expire over eight weeks of test time: sign in again, as people would.
    [city, hanyin, admin] = await Promise.all(['city', 'hanyin', 'admin'].map((u) => signIn(app, u, `Test-${u}-pass1`)));
    expect((await city.request('POST', '/api/v1/rectification/escalate')).status).toBe(403);
    const swept = await admin.request('POST', '/api/v1/rectification/escalate');
    expect(swept.json()).toEqual({ escalated: 1 });
    const overdue = await city.request('GET', '/api/v1/rectifications?overdue=1');
    expect(overdue.json().items.map((i: { problemNo: string; escalatedAt: string | null }) => [i.problemNo, i.escalatedAt !== null])).toEqual([['HY-01', true]]);
    expect((await city.request('POST', `/api/v1/rectifications/${overdue.json().items[0].id}/chase`, { note: '限 3 日内报送进展' })).status).toBe(204);
    const board = await city.request('GET', `/api/v1/rectification/board?under=6109&batch=${batchId}`);
    expect(board.json()).toMatchObject({ total: 12, overdue: 1, escalated: 1, byStatus: { closed: 1, open: 11 } });
    const report = await city.request('GET', `/api/v1/rectification/batches/${batchId}/report`);
    expect(report.json().summary).toMatchObject({ problems: 3, rectifications: 12, closed: 1, overdue: 1, escalated: 1 });
    expect(report.json().chases.map((c: { action: string }) => c.action)).toEqual(['escalate', 'chase']);
    // The English page says each escalation from its record's line, not from the Chinese note.
    const lineIds = new Set(report.json().lines.map((l: { id: number }) => l.id));
    expect(report.json().chases.every((c: { rectificationId: number }) => lineIds.has(c.rectificationId))).toBe(true);
    const xlsx = await city.request('GET', `/api/v1/rectification/batches/${batchId}/report.xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const own = await hanyin.request('GET', `/api/v1/rectification/batches/${batchId}/report`);
    expect(own.json().summary.rectifications).toBe(2);
  });

  it('filters the list by source, category and responsible unit, with names and overdue flags for the web', async () => {
    const overdue = await city.request('GET', '/api/v1/rectifications?overdue=1');
    expect(overdue.json().today).toBe('2017-12-05');
    expect(overdue.json().items[0]).toMatchObject({ problemNo: 'HY-01', unitName: '汉阴县', batchName: '2017 年第三季度交叉检查反馈问题', overdue: true });
    // The web passes one batch to the counts as a plain query value.
    expect((await city.request('GET', `/api/v1/rectification/counts?under=6109&level=3&batch=${batchId}`)).json()).toMatchObject({ most: 2, least: 1 });
    expect((await city.request('GET', `/api/v1/rectification/counts?under=6109&level=3&batch=${batchId + 1000}`)).json()).toMatchObject({ most: 0, least: 0 });
    const bySource = await city.request('GET', '/api/v1/rectifications?source=crossInspection&limit=500');
    expect(bySource.json().items).toHaveLength(12);
    expect((await city.request('GET', '/api/v1/rectifications?source=audit')).json().items).toEqual([]);
    const byCategory = await city.request('GET', '/api/v1/rectifications?category=workStyle');
    expect(byCategory.json().items.map((i: { problemNo: string }) => i.problemNo)).toEqual(['HY-01']);
    const byUnit = await city.request('GET', '/api/v1/rectifications?unit=610902&limit=500');
    expect(byUnit.json().items.map((i: { problemNo: string; overdue: boolean }) => [i.problemNo, i.overdue]).sort()).toEqual([['HB-01', false], ['市-01', false]]);
    expect((await city.request('GET', '/api/v1/rectifications?unit=610902&department=education')).json().items).toEqual([]);
    // Another county's unit is outside Hanyin's scope.
    expect((await hanyin.request('GET', '/api/v1/rectifications?unit=610902')).status).toBe(403);
    const detail = await city.request('GET', `/api/v1/rectifications/${overdue.json().items[0].id}`);
    expect(detail.json()).toMatchObject({ today: '2017-12-05', overdue: true, names: { unit: '汉阴县', assigning: '安康市' }, canAct: { responsible: false, assigner: true, chase: true } });
    const own = await hanyin.request('GET', `/api/v1/rectifications/${overdue.json().items[0].id}`);
    expect(own.json().canAct).toEqual({ responsible: true, assigner: false, chase: false });
  });

  it('exports the list as a ledger (整改台账): the same filters, names and labels, scope enforced', async () => {
    const read = async (url: string) => {
      const res = await city.request('GET', url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('整改台账');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.raw);
      const sheet = wb.getWorksheet('整改台账');
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      return (sheet?.getSheetValues() ?? []).filter((r) => Array.isArray(r)).map((r) => (r as unknown[]).slice(1));
    };
    const all = await read('/api/v1/rectifications/export.xlsx');
    expect(all[0]).toEqual(['问题编号', '交办批次', '问题类别', '问题描述', '责任单位', '范围', '责任部门', '整改时限', '状态', '逾期', '逾期天数', '挂单督办', '整改结果', '销号时间', '回头看日期']);
    expect(all).toHaveLength(1 + 12);
    // The overdue filter as on screen: one line, overdue five days, escalated by the sweep.
    const overdue = await read('/api/v1/rectifications/export.xlsx?overdue=1');
    expect(overdue).toHaveLength(2);
    expect(overdue[1]).toEqual(['HY-01', '2017 年第三季度交叉检查反馈问题', '工作作风', '入户走访不实', '汉阴县', '个性', undefined, '2017-11-30', '待整改', '是', 5, '2017-12-05']);
    const hanbinUnit = await read('/api/v1/rectifications/export.xlsx?unit=610902&status=closed');
    expect(hanbinUnit.slice(1)).toEqual([['HB-01', '2017 年第三季度交叉检查反馈问题', '帮扶措施', '部分帮扶措施不精准', '汉滨区', '个性', undefined, '2017-11-30', '已销号', undefined, undefined, undefined, '措施已逐户核定', '2017-10-09', '2018-01-07']]);
    // Outside the caller's county, refused as the list refuses.
    expect((await hanyin.request('GET', '/api/v1/rectifications/export.xlsx?unit=610902')).status).toBe(403);
    expect((await hanyin.request('GET', '/api/v1/rectifications/export.xlsx?under=610902')).status).toBe(403);
  });

  it('lists the closed records due for their recheck (回头看) and counts them on the board', async () => {
    expect((await city.request('GET', '/api/v1/rectifications?recheck=1')).json().items).toEqual([]);
    expect((await city.request('GET', '/api/v1/rectification/board?under=6109')).json().recheckDue).toBe(0);
    now = new Date('2018-01-08T02:00:00Z');
    [city] = await Promise.all(['city'].map((u) => signIn(app, u, `Test-${u}-pass1`)));
    const due = await city.request('GET', '/api/v1/rectifications?recheck=1');
    expect(due.json().items.map((i: { problemNo: string; recheckDue: string }) => [i.problemNo, i.recheckDue])).toEqual([['HB-01', '2018-01-07']]);
    expect((await city.request('GET', '/api/v1/rectification/board?under=6109')).json().recheckDue).toBe(1);
    const item = due.json().items[0];
    const pass = await city.request('POST', `/api/v1/rectifications/${item.id}/transitions`, { action: 'recheckPass', version: item.version });
    expect(pass.json()).toMatchObject({ status: 'closed', recheckDue: null });
    expect((await city.request('GET', '/api/v1/rectifications?recheck=1')).json().items).toEqual([]);
  });

  it('serves the import template', async () => {
    const res = await city.request('GET', '/api/v1/rectification/template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('rectification-template.xlsx');
  });
});
