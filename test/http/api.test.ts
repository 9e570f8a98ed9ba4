import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zeroIncome } from '../../src/domain/income.js';
import { startTestServer, type TestServer } from '../../src/http/test-server.js';
import { verifyAudit } from '../../src/store/audit.js';
import { dialects } from '../helpers/stores.js';
import { signIn, type Session } from './helpers.js';

describe.each(dialects)('API on %s', (dialect) => {
  let server: TestServer;
  let admin: Session;
  let town: Session;
  let otherTown: Session;
  let inspector: Session;
  let department: Session;
  let ownId = 0;
  let foreignId = 0;

  beforeAll(async () => {
    server = await startTestServer({ dialect, listen: false });
    admin = await signIn(server.app, server.users.admin.username, server.users.admin.password);
    town = await signIn(server.app, server.users.town.username, server.users.town.password);
    otherTown = await signIn(server.app, server.users.otherTown.username, server.users.otherTown.password);
    inspector = await signIn(server.app, server.users.inspector.username, server.users.inspector.password);
    department = await signIn(server.app, server.users.department.username, server.users.department.password);
    const own = await town.request('GET', '/api/v1/households?limit=1');
    const foreign = await otherTown.request('GET', '/api/v1/households?limit=1');
    ownId = own.json().items[0].id;
    foreignId = foreign.json().items[0].id;
  });
  afterAll(async () => server?.close());

  it('refuses requests without a session, with a Chinese message by default', async () => {
    const r = await server.app.inject({ method: 'GET', url: '/api/v1/households' });
    expect(r.statusCode).toBe(401);
    expect(r.json().message).toContain('登录');
    const en = await server.app.inject({ method: 'GET', url: '/api/v1/households', headers: { 'accept-language': 'en' } });
    expect(en.json().message).toContain('sign in');
  });

  it('answers the session probe signed out and signed in, without an error status', async () => {
    const out = await server.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ user: null, csrfToken: null });
    const signedIn = await town.request('GET', '/api/v1/auth/session');
    expect(signedIn.status).toBe(200);
    const me = await town.request('GET', '/api/v1/auth/me');
    expect(signedIn.json()).toEqual(me.json());
    expect(signedIn.json().user.username).toBe(server.users.town.username);
    expect(signedIn.json().csrfToken).toEqual(expect.any(String));
  });

  it('locks an account after repeated failures', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'inspector', password: 'wrong' } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'inspector', password: 'wrong' } });
    expect(locked.statusCode).toBe(423);
    const right = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'inspector', password: server.users.inspector.password } });
    expect(right.statusCode).toBe(423);
  });

  it('keeps a deliberate null in a body as null, and refuses a number sent as text', async () => {
    const file = (await town.request('GET', `/api/v1/households/${ownId}`)).json();
    const cleared = await town.request('PATCH', `/api/v1/households/${ownId}`, { version: file.household.version, changes: { housingArea: null, phone: null, renovationYear: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.json()).toMatchObject({ housingArea: null, phone: null, renovationYear: null });
    const text = await town.request('PATCH', `/api/v1/households/${ownId}`, { version: cleared.json().version, changes: { housingArea: '45' } });
    expect(text.status).toBe(400);
  });

  it('lists households of the scope with filters, sort and cursor paging', async () => {
    const first = await admin.request('GET', '/api/v1/households?region=610902&limit=50&count=1&sort=householdNo');
    expect(first.status).toBe(200);
    const body = first.json();
    expect(body.items).toHaveLength(50);
    expect(body.total).toBe(400);
    const second = await admin.request('GET', `/api/v1/households?region=610902&limit=50&sort=householdNo&cursor=${body.nextCursor}`);
    const ids = new Set([...body.items, ...second.json().items].map((i: { id: number }) => i.id));
    expect(ids.size).toBe(100);
    expect(second.json().items[0].householdNo > body.items[49].householdNo).toBe(true);
    const exited = await admin.request('GET', '/api/v1/households?region=610902&status=exited&count=1&limit=500');
    const dash = await admin.request('GET', '/api/v1/dashboard/610902');
    expect(exited.json().total).toBe(dash.json().stats.exited);
    for (const i of exited.json().items) expect(i.status).toBe('exited');
    // Poverty incidence counts poor and relapsed households: its card lists both.
    const counted = await admin.request('GET', '/api/v1/households?region=610902&status=poor,relapsed&count=1&limit=500');
    expect(counted.json().total).toBe(dash.json().stats.poor + dash.json().stats.relapsed);
    expect(dash.json().stats.relapsed).toBeGreaterThan(0);
    expect(new Set(counted.json().items.map((i: { status: string }) => i.status))).toEqual(new Set(['poor', 'relapsed']));
    const cause = dash.json().causes[0];
    const byCause = await admin.request('GET', `/api/v1/households?region=610902&cause=${cause.key}&count=1&limit=1`);
    expect(byCause.json().total).toBe(cause.households);
  });

  it('says where the figures of a year come from: live, or counted from the status events for a past open year', async () => {
    const live = (await admin.request('GET', '/api/v1/stats/610902')).json();
    expect(live).toMatchObject({ year: null, source: 'live', frozen: false });
    // The synthetic registry's events run to 2019, a past year that is not closed.
    const y2019 = (await admin.request('GET', '/api/v1/stats/610902?year=2019')).json();
    expect(y2019).toMatchObject({ year: 2019, source: 'events', frozen: false, households: live.households, poor: live.poor, exited: live.exited, relapsed: live.relapsed });
    const y2015 = (await admin.request('GET', '/api/v1/dashboard/610902?year=2015')).json().stats;
    expect(y2015.source).toBe('events');
    expect(y2015.households).toBeLessThan(live.households);
    expect(y2015.exited).toBeLessThan(live.exited);
  });

  it('finds a household by head name, household number and ID number', async () => {
    const list = await admin.request('GET', '/api/v1/households?region=610902&limit=1');
    const item = list.json().items[0];
    for (const q of [item.headName, item.householdNo, item.headIdNumber, item.headIdNumber.slice(-6)]) {
      const r = await admin.request('GET', `/api/v1/households?region=610902&q=${encodeURIComponent(q)}&limit=50`);
      expect(r.json().items.map((i: { id: number }) => i.id)).toContain(item.id);
    }
  });

  it('access matrix: a town user can neither read nor change another town’s household', async () => {
    const own = await town.request('GET', `/api/v1/households/${ownId}`);
    expect(own.status).toBe(200);
    const version = own.json().household.version;
    expect((await town.request('GET', `/api/v1/households/${foreignId}`)).status).toBe(404);
    expect((await town.request('PATCH', `/api/v1/households/${foreignId}`, { version: 1, changes: { mainCause: 'illness' } })).status).toBe(404);
    expect((await town.request('PUT', `/api/v1/households/${foreignId}/incomes/2019`, { version: 1, income: zero() })).status).toBe(404);
    expect((await town.request('POST', `/api/v1/households/${foreignId}/events`, { version: 1, type: 'removed', date: '2019-01-01', reason: 'death', basis: null })).status).toBe(404);
    expect((await town.request('DELETE', `/api/v1/households/${foreignId}?version=1`)).status).toBe(404);
    const foreignRegion = server.users.otherTown.regionCode;
    expect((await town.request('GET', `/api/v1/households?region=${foreignRegion}`)).status).toBe(403);
    expect((await town.request('GET', `/api/v1/households/export.csv?region=${foreignRegion}`)).status).toBe(403);
    expect((await town.request('GET', `/api/v1/stats/${foreignRegion}`)).status).toBe(403);
    expect((await town.request('GET', `/api/v1/dashboard/${foreignRegion}`)).status).toBe(403);
    expect((await town.request('GET', `/api/v1/regions/${foreignRegion}/children`)).status).toBe(403);
    // Searching by the foreign head's name finds nothing outside the scope.
    const foreignFile = (await otherTown.request('GET', `/api/v1/households/${foreignId}`)).json();
    const search = await town.request('GET', `/api/v1/households?q=${encodeURIComponent(foreignFile.household.householdNo)}`);
    expect(search.json().items).toHaveLength(0);
    const csv = await town.request('GET', '/api/v1/households/export.csv');
    expect(csv.body).not.toContain(foreignFile.household.householdNo);
    // The town's own household can be changed.
    const ok = await town.request('PATCH', `/api/v1/households/${ownId}`, { version, changes: { hasSanitaryToilet: true } });
    expect(ok.status).toBe(200);
  });

  it('an inspector reads but cannot write, and sees masked ID numbers', async () => {
    const list = await inspector.request('GET', '/api/v1/households?limit=5');
    expect(list.status).toBe(200);
    for (const i of list.json().items) expect(i.headIdNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const file = await inspector.request('GET', `/api/v1/households/${ownId}`);
    expect(file.json().members[0].idNumber).toContain('********');
    const r = await inspector.request('PATCH', `/api/v1/households/${ownId}`, { version: file.json().household.version, changes: { hasSanitaryToilet: false } });
    expect(r.status).toBe(403);
  });

  it('a department user reads only the fields of its domain', async () => {
    const file = (await department.request('GET', `/api/v1/households/${ownId}`)).json();
    expect(file.members[0]).toHaveProperty('schoolStatus');
    expect(file.members[0]).not.toHaveProperty('labourAbility');
    expect(file.household).not.toHaveProperty('phone');
    expect(file.incomes).toEqual([]);
    expect(file.audit).toEqual([]);
  });

  it('changes an income, derives the per-capita figure and records the audit entry', async () => {
    const before = (await admin.request('GET', `/api/v1/households/${ownId}`)).json();
    const people = before.household.memberCount;
    const r = await admin.request('PUT', `/api/v1/households/${ownId}/incomes/2019`, { version: before.household.version, income: { ...zero(), wageIncome: 1200000 } });
    expect(r.status).toBe(200);
    expect(r.json().income.netIncomePerCapita).toBe(Math.round(1200000 / people));
    const after = (await admin.request('GET', `/api/v1/households/${ownId}`)).json();
    expect(after.audit[0].action).toBe('income');
    // The entry holds the per-capita figure before and after, so the file shows it moving, not appearing.
    const was = before.incomes.find((i: { year: number }) => i.year === 2019);
    expect(after.audit[0].before.netIncomePerCapita).toBe(was.netIncomePerCapita);
    expect(after.audit[0].after.netIncomePerCapita).toBe(Math.round(1200000 / people));
    expect(after.household.version).toBe(before.household.version + 1);
    // The same stale version is refused.
    const stale = await admin.request('PUT', `/api/v1/households/${ownId}/incomes/2019`, { version: before.household.version, income: zero() });
    expect(stale.status).toBe(409);
    expect(stale.json().message).toContain('刷新');
  });

  it('answers bad input with 4xx and writes nothing', async () => {
    const file = (await admin.request('GET', `/api/v1/households/${ownId}`)).json();
    const v = file.household.version;
    const malformed = await server.app.inject({ method: 'PATCH', url: `/api/v1/households/${ownId}`, payload: '{bad json', headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf } });
    expect(malformed.statusCode).toBeGreaterThanOrEqual(400);
    expect(malformed.statusCode).toBeLessThan(500);
    expect((await admin.request('PATCH', `/api/v1/households/${ownId}`, { version: v, changes: { nonsense: 1 } })).status).toBe(400);
    const invalid = await admin.request('PATCH', `/api/v1/households/${ownId}`, { version: v, changes: { mainCause: 'laziness' } });
    expect(invalid.status).toBe(422);
    expect(invalid.json().errors[0].field).toBe('mainCause');
    expect(invalid.json().errors[0]).toMatchObject({ fix: expect.stringContaining('代码表'), fixEn: expect.stringContaining('drop-down list') });
    // In English the message is English and the fix has its English twin beside the Chinese one.
    const invalidEn = await admin.request('PATCH', `/api/v1/households/${ownId}`, { version: v, changes: { mainCause: 'laziness' } }, { 'accept-language': 'en' });
    expect(invalidEn.status).toBe(422);
    expect(invalidEn.json().errors[0]).toMatchObject({ field: 'mainCause', message: 'Main cause of poverty "laziness" is not in the code list', fix: expect.stringContaining('代码表'), fixEn: expect.stringMatching(/^Choose the main cause of poverty from the drop-down list \(\d+ choices/) });
    const negative = await admin.request('PUT', `/api/v1/households/${ownId}/incomes/2019`, { version: v, income: { ...zero(), wageIncome: -5 } });
    expect(negative.status).toBe(422);
    const noCsrf = await admin.request('PATCH', `/api/v1/households/${ownId}`, { version: v, changes: { hasRadioTv: true } }, { 'x-csrf-token': 'forged' });
    expect(noCsrf.status).toBe(403);
    expect((await admin.request('GET', `/api/v1/households/${ownId}`)).json().household.version).toBe(v);
  });

  it('names a field with a choice of values and the values allowed, once, in both languages', async () => {
    const query = await admin.request('GET', '/api/v1/households?status=bogus');
    expect(query.status).toBe(400);
    expect(query.json().messageZh).toBe('请求格式不正确：status 必须是以下之一，或用逗号连接的几个：poor、exited、relapsed、removed');
    expect(query.json().messageEn).toBe('Malformed request: status must be one of: poor, exited, relapsed, removed, or several joined by commas');
    expect((await admin.request('GET', '/api/v1/households?status=poor,bogus')).status).toBe(400);
    const v = (await admin.request('GET', `/api/v1/households/${ownId}`)).json().household.version;
    const body = await admin.request('POST', `/api/v1/households/${ownId}/events`, { version: v, type: 'vanished', date: '2019-12-01', reason: null, basis: null }, { 'accept-language': 'en' });
    expect(body.status).toBe(400);
    expect(body.json().message).toBe('Malformed request: type must be one of: exited, relapsed, removed');
    expect(body.json().messageZh).not.toContain('constant');
  });

  it('serves the OpenAPI document and health checks', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/readyz' })).json().ok).toBe(true);
    const doc = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/households');
  });
});

function zero() {
  return { ...zeroIncome };
}

describe.each(dialects)('registry years over the API on %s', (dialect) => {
  it('only a system admin closes and reopens a year, and a closed year refuses corrections', async () => {
    const server = await startTestServer({ dialect, listen: false, households: 50 });
    try {
      const admin = await signIn(server.app, server.users.admin.username, server.users.admin.password);
      const town = await signIn(server.app, server.users.town.username, server.users.town.password);
      expect((await town.request('POST', '/api/v1/years/2018/close')).status).toBe(403);
      const closed = await admin.request('POST', '/api/v1/years/2018/close');
      expect(closed.status).toBe(200);
      const anchor = closed.json().anchor;
      expect(closed.json()).toEqual({ year: 2018, closed: true, anchor: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      // The anchor is the audit entry that recorded the close, and the head at that moment.
      expect(await server.store.db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow()).toEqual(anchor);
      expect((await verifyAudit(server.store.db, { anchors: [anchor] })).ok).toBe(true);
      const listed = (await admin.request('GET', '/api/v1/years')).json();
      const currentYear = new Date().getFullYear();
      expect(listed).toMatchObject({ closed: [2018], anchors: [{ year: 2018, anchor, closedBy: server.users.admin.username, closedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }] });
      expect(Math.abs(listed.currentYear - currentYear)).toBeLessThanOrEqual(1);
      // Open: every year from 2014 through this one but the closed one, newest first.
      expect(listed.open).not.toContain(2018);
      expect(listed.open).toContain(2019);
      expect(listed.open.at(-1)).toBe(2014);
      expect(listed.open[0]).toBe(listed.currentYear);
      const twice = await admin.request('POST', '/api/v1/years/2018/close');
      expect(twice.status).toBe(422);
      expect(twice.json().errors[0]).toMatchObject({ field: 'year', message: '2018 年度已经关账' });
      // A year not yet begun cannot be closed: nothing to freeze.
      const future = await admin.request('POST', `/api/v1/years/${listed.currentYear + 1}/close`);
      expect(future.status).toBe(422);
      expect(future.json().errors[0]).toMatchObject({ field: 'year', message: `${listed.currentYear + 1} 年度尚未开始，不能关账` });
      const id = (await town.request('GET', '/api/v1/households?limit=1')).json().items[0].id;
      const file = (await town.request('GET', `/api/v1/households/${id}`)).json();
      const income = file.incomes.find((i: { year: number }) => i.year === 2018);
      const { year: _y, netIncomePerCapita: _n, ...components } = income;
      const refused = await town.request('PUT', `/api/v1/households/${id}/incomes/2018`, { version: file.household.version, income: { ...components, wageIncome: components.wageIncome + 100 } });
      expect(refused.status).toBe(409);
      expect(refused.json().error).toBe('year_closed');
      expect((await admin.request('POST', '/api/v1/years/2018/reopen', { reason: '' })).status).toBe(400);
      expect((await town.request('POST', '/api/v1/years/2018/reopen', { reason: '更正' })).status).toBe(403);
      expect((await admin.request('POST', '/api/v1/years/2018/reopen', { reason: '更正 2018 年收入录入错误' })).status).toBe(204);
      const reopened = await server.store.db.selectFrom('audit_log').select(['actor', 'after_json']).where('action', '=', 'year-reopen').executeTakeFirstOrThrow();
      expect(reopened.actor).toBe(server.users.admin.username);
      expect(JSON.parse(reopened.after_json ?? "null")).toEqual({ closed: false, reason: '更正 2018 年收入录入错误' });
      expect((await admin.request('GET', '/api/v1/years')).json()).toMatchObject({ closed: [], anchors: [] });
      expect((await admin.request('GET', '/api/v1/years')).json().open).toContain(2018);
      // Closed again: a newer entry, a new anchor; the old one stays on the chain.
      const again = (await admin.request('POST', '/api/v1/years/2018/close')).json();
      expect(again.anchor.seq).toBeGreaterThan(anchor.seq);
      expect(again.anchor.hash).not.toBe(anchor.hash);
      expect((await town.request('GET', '/api/v1/years')).json()).toMatchObject({ closed: [2018], anchors: [{ year: 2018, anchor: again.anchor }] });
      expect((await verifyAudit(server.store.db, { anchors: [anchor, again.anchor] })).ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});
