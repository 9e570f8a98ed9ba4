// The story through the API with real sign-ins: the province publishes a scheme and
// imports a quarter's workbook (a bad one is refused whole), a county head reads the province's
// table and the county's page in Chinese but changes nothing, and the export reads back.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { buildServer } from '../../src/http/server.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { signIn, type Session } from '../http/helpers.js';

const schemeText = readFileSync(new URL('../../src/domain/scoring/schemes/shaanxi-county-quarter.yaml', import.meta.url), 'utf8');
const csv = readFileSync(new URL('../fixtures/scoring/ankang-counties-2017.csv', import.meta.url), 'utf8');
const badCsv = readFileSync(new URL('../fixtures/scoring/ankang-counties-2017-bad.csv', import.meta.url));

/** The fixture as the xlsx a provincial office would upload, numbers as numbers. */
async function asWorkbook(text: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('得分');
  text.trim().split('\n').forEach((line, i) => sheet.addRow(line.split(',').map((c) => (i > 0 && /^\d+(\.\d+)?$/.test(c) && c.includes('.') ? Number(c) : c))));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe.each(dialects)('scoring API on %s', (dialect) => {
  let t: TestStore;
  let app: FastifyInstance;
  let province: Session;
  let pingli: Session;
  let hanbin: Session;
  let inspector: Session;
  const base = '/api/v1/scoring/schemes/shaanxi-county-quarter';
  let uploaded = Buffer.alloc(0);

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
    const ctx = composeApp(t.store, { now: () => new Date('2017-10-20T02:00:00Z') });
    const users: [string, string, string][] = [['province', 'admin', '610000000000'], ['pingli', 'regionAdmin', '610926000000'], ['hanbin', 'regionAdmin', '610902000000'], ['inspector', 'inspector', '610000000000']];
    for (const [username, role, region] of users) await ctx.auth.createUser('test', { username, displayName: username, role, region, department: null, password: `Test-${username}-pass1` });
    app = await buildServer(ctx, { webDir: null, logger: false, secureCookies: false, loginRateLimit: 1000 });
    [province, pingli, hanbin, inspector] = await Promise.all(users.map(([u]) => signIn(app, u, `Test-${u}-pass1`)));
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('lets only province and city administrators publish schemes and import', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/scoring/schemes' })).statusCode).toBe(401);
    expect((await pingli.request('POST', '/api/v1/scoring/schemes', { text: schemeText, ownerRegion: '61' })).status).toBe(403);
    const created = await province.request('POST', '/api/v1/scoring/schemes', { text: schemeText, fileName: 'county.yaml', ownerRegion: '61' });
    expect(created.status).toBe(201);
    expect(created.json().scheme).toMatchObject({ id: 'shaanxi-county-quarter', version: '2017.3', ownerRegion: '610000000000' });
    const upload = { fileName: 'ankang.xlsx', contentBase64: await asWorkbook(csv) };
    expect((await pingli.request('POST', `${base}/import`, upload)).status).toBe(403);
    expect((await inspector.request('POST', `${base}/import`, upload)).status).toBe(403);
    const list = await pingli.request('GET', '/api/v1/scoring/schemes');
    expect(list.json().items).toMatchObject([{ schemeId: 'shaanxi-county-quarter', canImport: false }]);
  });

  it('refuses a bad workbook whole, naming unit and component', async () => {
    const bad = await province.request('POST', `${base}/import`, { fileName: 'bad.csv', contentBase64: badCsv.toString('base64') });
    expect(bad.status).toBe(422);
    const errors: { field: string; message: string; unitId?: string; component?: string }[] = bad.json().errors;
    expect(errors.find((e) => e.unitId === '610926' && e.component === 'crossInspection')?.message).toContain('超过满分 100.00');
    expect(errors.some((e) => e.message.includes('缺少') && e.unitId !== undefined)).toBe(true);
    expect((await province.request('GET', `${base}/periods/2017-Q3`)).status).toBe(404);
  });

  it('imports a workbook; a county head reads the province table, the county page in Chinese and English, and the consequences', async () => {
    const sheet = await asWorkbook(csv);
    uploaded = Buffer.from(sheet, 'base64');
    const ok = await province.request('POST', `${base}/import`, { fileName: 'ankang.xlsx', contentBase64: sheet });
    expect(ok.status).toBe(201);
    expect(ok.json().periods).toEqual([{ period: '2017-Q2', units: 10 }, { period: '2017-Q3', units: 10 }]);
    const table = await pingli.request('GET', `${base}/periods/2017-Q3`);
    expect(table.status).toBe(200);
    const body = table.json();
    expect(body.units).toHaveLength(10);
    expect(body.units[0]).toMatchObject({ rank: 1, unitName: '平利县', total: 99.8, change: { previousRank: 2, rankChange: 1 } });
    expect(body.trend.periods).toEqual(['2017-Q2', '2017-Q3']);
    expect(body.canImport).toBe(false);
    expect(body.sample).toBe(false);
    const page = await pingli.request('GET', `${base}/periods/2017-Q3/units/610929`);
    const unit = page.json().unit;
    expect(unit.unitName).toBe('白河县');
    expect(unit.explanation).toMatch(/^白河县总分 86.40/);
    expect(unit.explanation).toContain('在 4 个深度贫困县中列第 4 名');
    expect(unit.explanation).toMatch(/较上期（2017 年第二季度）第 \d+ 名(上升|下降) \d+ 位|与上期名次持平/);
    // The same paragraph in English for the English interface: the rank, how many, the change.
    expect(unit.explanationEn).toMatch(/^白河县: total 86.40 \(.*\), rank 10 of 10 \(last\); rank 4 of 4 among 深度贫困县/);
    expect(unit.explanationEn).toMatch(/(up|down) \d+ places? from rank \d+ in the previous period \(2017 Q2\)|the same rank as in the previous period/);
    expect(page.json().summaryEn).toBe('2017 Q3, 陕西省县（区）脱贫攻坚季度考核: 10 counties (districts) ranked; first 平利县 (99.80 points); last 白河县 (86.40 points).');
    expect(page.json().periodNameEn).toBe('2017 Q3');
    expect(unit.gaps.above.parts.reduce((a: number, p: { diff: number }) => a + p.diff, 0)).toBeCloseTo(unit.gaps.above.diff, 6);
    expect(unit.counterfactuals.some((c: { kind: string }) => c.kind === 'withoutBonus')).toBe(true);
    expect(page.json().trend.units[0].ranks).toHaveLength(2);
    const consequences = await pingli.request('GET', `${base}/periods/2017-Q3/consequences`);
    expect(consequences.json().reward).toHaveLength(10);
    expect((await pingli.request('PATCH', `${base}/periods/2017-Q3/units/610926`, { components: { crossInspection: 100, monthlyBulletin: 2 } })).status).toBe(403);
  });

  it('traces a ranking to the sheet it came from: whoever reads the ranking downloads it as imported', async () => {
    const imports = (await pingli.request('GET', `${base}/periods/2017-Q3`)).json().imports;
    expect(imports).toEqual([expect.objectContaining({ kind: 'import', fileName: 'ankang.xlsx', rows: 10, importedBy: 'province', fileKept: true })]);
    const history = (await province.request('GET', base)).json().imports;
    expect(history.find((i: { id: number }) => i.id === imports[0].id)).toMatchObject({ fileKept: true, version: '2017.3' });
    const file = await pingli.request('GET', `/api/v1/scoring/imports/${imports[0].id}/file`);
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).text).toBeTruthy();
    expect(file.raw.equals(uploaded)).toBe(true);
    expect((await pingli.request('GET', '/api/v1/scoring/imports/999999/file')).status).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/scoring/imports/${imports[0].id}/file` })).statusCode).toBe(401);
  });

  it('refuses a typed period with a blank score (a blank is not 0), and stores a whole one', async () => {
    const ids = ['610902', '610921', '610922', '610923', '610924', '610925', '610926', '610927', '610929', '610981'];
    const rows = ids.map((unitId, i) => ({ unitId, unitName: `县${i}`, components: { crossInspection: unitId === '610929' ? null : 90 + i, monthlyBulletin: 0 } }));
    const blank = await province.request('PUT', `${base}/periods/2017-Q4/scores`, { rows });
    expect(blank.status).toBe(422);
    expect(blank.json().errors).toEqual([expect.objectContaining({ unitId: '610929', component: 'crossInspection', message: expect.stringContaining('缺少“交叉检查”得分') })]);
    expect((await province.request('GET', `${base}/periods/2017-Q4`)).status).toBe(404);
    const text = await province.request('PUT', `${base}/periods/2017-Q4/scores`, { rows: rows.map((r) => ({ ...r, components: { crossInspection: 'abc', monthlyBulletin: 1 } })) });
    expect(text.status).toBe(400);
    const ok = await province.request('PUT', `${base}/periods/2017-Q4/scores`, { rows: rows.map((r) => ({ ...r, components: { ...r.components, crossInspection: r.components.crossInspection ?? 0 } })) });
    expect(ok.status).toBe(200);
    const q4 = (await pingli.request('GET', `${base}/periods/2017-Q4`)).json();
    expect(q4.units.find((u: { unitId: string }) => u.unitId === '610929')).toMatchObject({ total: 0, rank: 10, change: { previousRank: 10 } });
  });

  it('exports the ranking as a workbook that reads back', async () => {
    const res = await app.inject({ method: 'GET', url: `${base}/periods/2017-Q3/export.xlsx`, cookies: {} });
    expect(res.statusCode).toBe(401);
    const signed = await hanbin.request('GET', `${base}/periods/2017-Q3/export.xlsx`);
    expect(signed.status).toBe(200);
    expect(signed.headers['content-type']).toContain('spreadsheetml');
    const raw = await app.inject({ method: 'GET', url: `${base}/periods/2017-Q3/export.xlsx`, headers: { cookie: (await loginCookie(app)) } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('排名');
    expect(sheet?.getRow(1).getCell(1).value).toBe('名次');
    expect(sheet?.getRow(2).values).toEqual(expect.arrayContaining([1, '610926', '平利县', 99.8]));
    expect(wb.getWorksheet('说明')?.getRow(1).getCell(1).value).toMatch(/^2017 年第三季度陕西省县（区）脱贫攻坚季度考核/);
    expect(sheet?.rowCount).toBe(11);
  });

  it('allocates funds by rank and lists rewards, accountability and vetoes for the pilot sites', async () => {
    const pilot = readFileSync(new URL('../../src/domain/scoring/schemes/ankang-pilot-site-year.yaml', import.meta.url), 'utf8');
    expect((await province.request('POST', '/api/v1/scoring/schemes', { text: pilot, ownerRegion: '6109' })).status).toBe(201);
    const json = readFileSync(new URL('../fixtures/scoring/pilot-sites-2017.json', import.meta.url));
    const imported = await province.request('POST', '/api/v1/scoring/schemes/ankang-pilot-site-year/import', { fileName: 'pilot.json', contentBase64: json.toString('base64') });
    expect(imported.status).toBe(201);
    const c = (await hanbin.request('GET', '/api/v1/scoring/schemes/ankang-pilot-site-year/periods/2017/consequences')).json();
    expect(c.reward.map((u: { unitId: string }) => u.unitId)).toEqual(['P07', 'P02', 'P01']);
    expect(c.vetoed.map((u: { unitId: string }) => u.unitId)).toEqual(['P09']);
    expect(c.accountability).toHaveLength(2);
    const lines: { unitId: string; amount: number; share: number }[] = c.funds.lines;
    // Nine sites share the pool by rank (9 … 1 over 45); every site keeps its base except the vetoed one.
    expect(lines.reduce((a, l) => a + l.share, 0)).toBe(5_000_000);
    expect(c.funds.total).toBe(9 * 500_000 + 5_000_000);
    expect(lines.find((l) => l.unitId === 'P07')).toMatchObject({ share: 1_000_000, amount: 1_500_000 });
    expect(lines.find((l) => l.unitId === 'P09')).toMatchObject({ share: 0, amount: 0 });
  });

  it('keeps a county-published ranking to that county', async () => {
    const own = schemeText.replace('id: shaanxi-county-quarter', 'id: hanbin-towns').replace('unitType: county', 'unitType: county');
    expect((await hanbin.request('POST', '/api/v1/scoring/schemes', { text: own, ownerRegion: '610902' })).status).toBe(403);
    expect((await province.request('POST', '/api/v1/scoring/schemes', { text: own, ownerRegion: '610902' })).status).toBe(201);
    expect((await hanbin.request('GET', '/api/v1/scoring/schemes/hanbin-towns')).status).toBe(200);
    expect((await pingli.request('GET', '/api/v1/scoring/schemes/hanbin-towns')).status).toBe(404);
    expect((await pingli.request('GET', '/api/v1/scoring/schemes')).json().items.map((s: { schemeId: string }) => s.schemeId).sort()).toEqual(['ankang-pilot-site-year', 'shaanxi-county-quarter']);
    expect((await hanbin.request('GET', '/api/v1/scoring/schemes')).json().items.map((s: { schemeId: string }) => s.schemeId)).toContain('hanbin-towns');
  });
});

async function loginCookie(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'hanbin', password: 'Test-hanbin-pass1' } });
  const c = res.cookies.find((x) => x.name === 'jz_session');
  return `jz_session=${c?.value ?? ''}`;
}
