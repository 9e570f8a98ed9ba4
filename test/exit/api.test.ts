// The exit API with real sign-ins on both databases: a county run, what a town and an inspector
// see of it, results by criterion, checklists, what-if, bad rule files and county rates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/http/test-server.js';
import { readWorkbook, signIn, type Session } from '../http/helpers.js';
import { dialects } from '../helpers/stores.js';

const county = '610902000000';

describe.each(dialects)('exit API on %s', (dialect) => {
  let s: TestServer;
  let admin: Session;
  let town: Session;
  let otherTown: Session;
  let inspector: Session;
  let runId = 0;

  beforeAll(async () => {
    s = await startTestServer({ dialect, households: 300, listen: false, clock: { now: () => new Date('2019-12-20T08:00:00Z') } });
    admin = await signIn(s.app, s.users.admin.username, s.users.admin.password);
    town = await signIn(s.app, s.users.town.username, s.users.town.password);
    otherTown = await signIn(s.app, s.users.otherTown.username, s.users.otherTown.password);
    inspector = await signIn(s.app, s.users.inspector.username, s.users.inspector.password);
  });
  afterAll(async () => s?.close());

  it('runs a county’s households and counts ready and blocked per town and village', async () => {
    const res = await admin.request('POST', '/api/v1/exit/runs', { unit: 'household', under: '610902', year: 2019 });
    expect(res.status).toBe(201);
    const run = res.json();
    runId = run.id;
    expect(run.ready + run.blocked + run.noData).toBe(run.units);
    const summary = (await admin.request('GET', `/api/v1/exit/runs/${runId}`)).json();
    expect(summary.towns.length).toBeGreaterThan(1);
    expect(summary.towns.reduce((n: number, t: { counts: Record<string, number> }) => n + (t.counts['ready'] ?? 0), 0)).toBe(run.ready);
    expect(summary.run.criteria.map((c: { id: string }) => c.id)).toContain('guardRelocation');
    const byIncome = (await admin.request('GET', `/api/v1/exit/runs/${runId}/results?criterion=income&limit=1000`)).json();
    expect(byIncome.total).toBe(run.blockedBy.income);
    expect(byIncome.items.every((i: { failing: string[] }) => i.failing.includes('income'))).toBe(true);
    const ready = (await admin.request('GET', `/api/v1/exit/runs/${runId}/results?status=ready&limit=5`)).json();
    expect(ready.total).toBe(run.ready);
  });

  it('exports the results as a ledger with the list’s filters, every row, criteria by label, scoped', async () => {
    const list = (await admin.request('GET', `/api/v1/exit/runs/${runId}/results?criterion=income&limit=1000`)).json();
    const wb = await readWorkbook(await admin.request('GET', `/api/v1/exit/runs/${runId}/results.xlsx?criterion=income`));
    const about = wb.getWorksheet('评估说明');
    const aboutText = (about?.getSheetValues() ?? []).map((r) => (Array.isArray(r) ? r.join(' ') : '')).join('\n');
    expect(aboutText).toContain('2019');
    expect(aboutText).toContain('汉滨区（610902000000）');
    expect(aboutText).toContain('条目：人均纯收入稳定超过');
    const sheet = wb.getWorksheet('评估结果');
    expect(sheet?.getRow(1).values).toEqual([undefined, '户编号', '所在地区', '结论', '未达标条目', '缺数据条目', '提示']);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((sheet?.rowCount ?? 0) - 1).toBe(list.total);
    const first = list.items[0];
    const row = sheet?.getRow(2).values as unknown[];
    expect(row[1]).toBe(first.unitCode);
    expect(row[2]).toBe(first.areaName);
    expect(row[3]).toBe('未达标');
    expect(String(row[4])).toContain('人均纯收入稳定超过');
    // A town's copy holds only its own households; a region outside it is refused.
    const townBook = await readWorkbook(await town.request('GET', `/api/v1/exit/runs/${runId}/results.xlsx`));
    const townRows = (townBook.getWorksheet('评估结果')?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(townRows.length).toBeGreaterThan(0);
    expect(townRows.every((r) => String(r[1]).startsWith(s.users.town.regionCode.slice(0, 9)))).toBe(true);
    // Asking for the whole county, a town still gets only its part, and the sheet says so.
    const wide = await readWorkbook(await town.request('GET', `/api/v1/exit/runs/${runId}/results.xlsx?area=610902`));
    const wideAbout = (wide.getWorksheet('评估说明')?.getSheetValues() ?? []).map((r) => (Array.isArray(r) ? r.join(' ') : '')).join('\n');
    expect(wideAbout).toContain(`（${s.users.town.regionCode}）`);
    expect(((wide.getWorksheet('评估结果')?.getSheetValues() ?? []).slice(2) as unknown[][]).length).toBe(townRows.length);
    expect((await otherTown.request('GET', `/api/v1/exit/runs/${runId + 1000}/results.xlsx`)).status).toBe(404);
  });

  it('scope: a town sees its own part of the county’s run, not another town’s households', async () => {
    const townCode = s.users.town.regionCode;
    expect((await town.request('GET', '/api/v1/exit/runs')).json().items.map((r: { id: number }) => r.id)).toContain(runId);
    const summary = (await town.request('GET', `/api/v1/exit/runs/${runId}`)).json();
    expect(summary.within).toBe(townCode);
    expect(summary.towns.map((t: { code: string }) => t.code)).toEqual([townCode]);
    const other = (await otherTown.request('GET', `/api/v1/exit/runs/${runId}/results?limit=1`)).json().items[0];
    expect(other.areaCode.startsWith(s.users.otherTown.regionCode.slice(0, 9))).toBe(true);
    expect((await town.request('GET', `/api/v1/exit/runs/${runId}/units/${other.unitCode}`)).status).toBe(404);
    expect((await town.request('GET', `/api/v1/exit/households/${other.householdId}/checklist?year=2019`)).status).toBe(404);
    const mine = await otherTown.request('GET', `/api/v1/exit/households/${other.householdId}/checklist?year=2019`);
    expect(mine.status).toBe(200);
    expect(mine.json().items.length).toBe(13);
    expect(mine.json().runs[0].runId).toBe(runId);
    expect((await town.request('POST', '/api/v1/exit/runs', { unit: 'household', under: '610902', year: 2019 })).status).toBe(403);
  });

  it('inspectors read and explore (what-if) but do not store runs or record rates', async () => {
    expect((await inspector.request('POST', '/api/v1/exit/runs', { unit: 'household', under: '610902', year: 2019 })).status).toBe(403);
    expect((await inspector.request('GET', `/api/v1/exit/runs/${runId}`)).status).toBe(200);
    const w = await inspector.request('POST', '/api/v1/exit/what-if', { unit: 'household', under: '610902', year: 2019, change: { parameters: { povertyLine: 2000 } } });
    expect(w.status).toBe(200);
    expect(w.json().becomeReady).toBeGreaterThanOrEqual(0);
    expect(w.json().after.ready).toBeGreaterThanOrEqual(w.json().before.ready);
    expect((await inspector.request('POST', '/api/v1/exit/recorded-facts', { county, year: 2019, source: 's', facts: { recognitionRate: 95 } })).status).toBe(403);
  });

  it('refuses a bad rule file with the line and the reason; refuses a year without a standard', async () => {
    const rules = 'id: mine\nextends: cn-household\nversion: "1"\nregion: "610902"\ncriteria:\n  - id: x\n    label: { zh: x, en: x }\n    facts: [noSuchFact]\n    expr: noSuchFact\n';
    const res = await admin.request('POST', '/api/v1/exit/runs', { unit: 'household', under: '610902', year: 2019, rules, rulesFile: 'mine.yaml' });
    expect(res.status).toBe(422);
    expect(res.json().errors[0].field).toBe('mine.yaml:8 criteria.0.facts.0');
    expect(res.json().errors[0].message).toContain('未知事实');
    expect((await admin.request('POST', '/api/v1/exit/runs', { unit: 'household', under: '610902', year: 2022 })).status).toBe(422);
  });

  it('a county without sampling rates is "no data" until they are recorded', async () => {
    const first = (await admin.request('POST', '/api/v1/exit/runs', { unit: 'county', under: '6109', year: 2019 })).json();
    expect(first.ready).toBe(0);
    const check = (await admin.request('GET', `/api/v1/exit/runs/${first.id}/units/${county}`)).json();
    expect(check.items.find((i: { id: string }) => i.id === 'wrongExitRate').result).toBe('noData');
    const rec = await admin.request('POST', '/api/v1/exit/recorded-facts', { county, year: 2019, source: '第三方评估', facts: { wrongExitRate: 1, missedPoorRate: 1, recognitionRate: 95 } });
    expect(rec.status).toBe(201);
    const second = (await admin.request('POST', '/api/v1/exit/runs', { unit: 'county', under: '6109', year: 2019 })).json();
    const again = (await admin.request('GET', `/api/v1/exit/runs/${second.id}/units/${county}`)).json();
    expect(again.items.find((i: { id: string }) => i.id === 'wrongExitRate')).toMatchObject({ result: 'pass', facts: { wrongExitRate: 1 } });
    const sets = (await admin.request('GET', '/api/v1/exit/rule-sets?unit=county')).json().items;
    expect(sets.map((r: { id: string }) => r.id)).toEqual(['cn-county']);
  });
});
