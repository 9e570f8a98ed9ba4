// Exit cases and sample plans through the API with real sign-ins, on both databases: region scope,
// roles, attachments with their hash, objections, close-out, and an inspector's plan and rates.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { buildServer } from '../../src/http/server.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { signIn, type Session } from '../http/helpers.js';

const county = '610902000000';

describe.each(dialects)('exit-case and sample API on %s', (dialect) => {
  let t: TestStore;
  let app: FastifyInstance;
  let now = new Date('2019-10-01T03:00:00Z');
  const s: Record<string, Session> = {};
  let householdId = 0;
  let village = '';

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date('2020-01-15T00:00:00Z') } }, 'test', { under: county, households: 1000, seed: 21, year: 2019, withErrors: false, replace: false });
    const h = await t.store.db.selectFrom('household').select(['id', 'village_code']).where('status', '=', 'poor').orderBy('id').executeTakeFirstOrThrow();
    householdId = h.id;
    village = h.village_code;
    const ctx = composeApp(t.store, { now: () => now });
    const town = `${village.slice(0, 9)}000`;
    const other = await t.store.db.selectFrom('household').select('village_code').where('village_code', 'not like', `${village.slice(0, 9)}%`).orderBy('id').executeTakeFirstOrThrow();
    const otherTown = `${other.village_code.slice(0, 9)}000`;
    const users: [string, string, string][] = [['cadre', 'villageCadre', village], ['team', 'workTeam', village], ['town', 'regionAdmin', town], ['county', 'regionAdmin', county], ['inspector', 'inspector', county], ['othercadre', 'villageCadre', other.village_code], ['othertown', 'regionAdmin', otherTown]];
    for (const [username, role, region] of users) await ctx.auth.createUser('test', { username, displayName: `${username}名`, role, region, department: null, password: `Test-${username}-pass1` });
    app = await buildServer(ctx, { webDir: null, logger: false, secureCookies: false, loginRateLimit: 1000 });
    for (const [u] of users) s[u] = await signIn(app, u, `Test-${u}-pass1`);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const get = (who: string, url: string) => s[who]!.request('GET', url);
  const post = (who: string, url: string, body: unknown) => s[who]!.request('POST', url, body);

  it('opens, signs and objects within scope and role; uploads attachments with their hash', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/exit-cases' })).statusCode).toBe(401);
    expect((await post('inspector', '/api/v1/exit-cases', { kind: 'household', householdId, year: 2019 })).status).toBe(422);
    expect((await post('othercadre', '/api/v1/exit-cases', { kind: 'household', householdId, year: 2019 })).status).toBe(404);
    const opened = await post('cadre', '/api/v1/exit-cases', { kind: 'household', householdId, year: 2019, noticeDays: 7 });
    expect(opened.status).toBe(201);
    const id: number = opened.json().id;
    expect((await get('othertown', `/api/v1/exit-cases/${id}`)).status).toBe(404);
    expect((await get('othertown', `/api/v1/exit-cases?under=${county}`)).status).toBe(403);
    expect((await get('county', '/api/v1/exit-cases?under=610902')).json().items.map((i: { id: number }) => i.id)).toContain(id);
    // The list as a ledger workbook: same filter, names not ids, header frozen, scope enforced.
    const ledger = await get('county', '/api/v1/exit-cases/export.xlsx?under=610902');
    expect(ledger.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ledger.raw);
    const sheet = wb.getWorksheet('退出台账');
    expect(sheet?.getRow(1).getCell(1).value).toBe('事项编号');
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const line = sheet?.getColumn(1).values.indexOf(id) ?? -1;
    expect(line).toBeGreaterThan(1);
    expect(String(sheet?.getRow(line).getCell(5).value)).toMatch(/[\u4e00-\u9fa5]/);
    expect((await get('othertown', `/api/v1/exit-cases/export.xlsx?under=${county}`)).status).toBe(403);
    // The list names the current step for people, beside its id.
    const listed = (await get('county', '/api/v1/exit-cases?under=610902')).json().items.find((i: { id: number }) => i.id === id);
    expect(listed.currentStepLabel.zh).toMatch(/[\u4e00-\u9fa5]/);
    expect(listed.currentStepLabel.zh).not.toBe(listed.currentStep);
    // The household file asks for its own cases; another household's filter finds none.
    expect((await get('county', `/api/v1/exit-cases?under=610902&householdId=${householdId}`)).json().items.map((i: { id: number }) => i.id)).toEqual([id]);
    expect((await get('county', `/api/v1/exit-cases?under=610902&householdId=${householdId + 100000}`)).json().items).toEqual([]);

    const sign = async (who: string, body: Record<string, unknown>) => {
      const version = (await get(who, `/api/v1/exit-cases/${id}`)).json().case.version;
      return post(who, `/api/v1/exit-cases/${id}/signatures`, { version, ...body });
    };
    const upload = (who: string, step: string, text: string) => post(who, `/api/v1/exit-cases/${id}/attachments`, { step, fileName: `${step}.txt`, mediaType: 'text/plain', contentBase64: Buffer.from(text).toString('base64') });

    let d = (await get('cadre', `/api/v1/exit-cases/${id}`)).json();
    expect(d.signable).toEqual(['villageCommittee']);
    expect((await get('inspector', `/api/v1/exit-cases/${id}`)).json().signable).toEqual([]);
    expect((await sign('inspector', { step: 'proposal', slot: 'villageCommittee', date: '2019-10-01' })).status).toBe(422);
    expect((await sign('cadre', { step: 'proposal', slot: 'villageCommittee', date: '2019-10-01' })).status).toBe(200);
    expect((await upload('inspector', 'democraticAppraisal', 'x')).status).toBe(422);
    const up = await upload('cadre', 'democraticAppraisal', '会议记录：参会 30 人，同意 28 人');
    expect(up.status).toBe(201);
    expect(up.json().sha256).toBe(createHash('sha256').update('会议记录：参会 30 人，同意 28 人').digest('hex'));
    const file = await get('county', `/api/v1/exit-cases/attachments/${up.json().id}`);
    expect(file.body).toBe('会议记录：参会 30 人，同意 28 人');
    expect((await get('othertown', `/api/v1/exit-cases/attachments/${up.json().id}`)).status).toBe(404);
    const skipped = await sign('cadre', { step: 'publicNotice', slot: 'villageCommittee', date: '2019-10-01' });
    expect(skipped.status).toBe(422);
    expect(skipped.json().errors[0].message).toContain('不能跳过步骤');
    expect((await sign('cadre', { step: 'democraticAppraisal', slot: 'villageCommittee', date: '2019-10-01', details: { participants: 30, inFavour: 28 } })).status).toBe(200);
    await upload('team', 'verification', 'verification record');
    expect((await sign('cadre', { step: 'verification', slot: 'villageCommittee', date: '2019-10-01' })).status).toBe(200);
    expect((await sign('team', { step: 'verification', slot: 'workTeam', date: '2019-10-01' })).status).toBe(200);
    await upload('team', 'householdConfirmation', 'signed form');
    expect((await sign('team', { step: 'householdConfirmation', slot: 'householdHead', date: '2019-10-01', signatoryName: '户主' })).status).toBe(200);
    await upload('cadre', 'publicNotice', 'photo');
    expect((await sign('cadre', { step: 'publicNotice', slot: 'villageCommittee', date: '2019-10-01' })).status).toBe(200);

    d = (await get('cadre', `/api/v1/exit-cases/${id}`)).json();
    expect(d.state.notice).toEqual({ start: '2019-10-01', end: '2019-10-08' });
    expect(d.canObject).toBe(true);
    expect((await get('inspector', `/api/v1/exit-cases/${id}`)).json().canObject).toBe(false);
    const stale = await post('cadre', `/api/v1/exit-cases/${id}/objections`, { version: 1, date: '2019-10-01', content: '收入不实' });
    expect(stale.status).toBe(409);
    const obj = await post('cadre', `/api/v1/exit-cases/${id}/objections`, { version: d.case.version, date: '2019-10-01', content: '收入不实', objector: '村民' });
    expect(obj.status).toBe(201);
    expect(obj.json()).toMatchObject({ round: 2, currentStep: 'verification' });
    d = (await get('county', `/api/v1/exit-cases/${id}`)).json();
    expect(d.signatures.filter((x: { voided: boolean }) => x.voided)).toHaveLength(4);
    expect(d.form.missing).toBe(8);
    expect(d.unit.household).toMatchObject({ id: householdId, householdNo: expect.any(String) });
  });

  it('an inspector draws a plan, records findings and reads the three rates; others in scope read, out of scope do not', async () => {
    const params = { towns: 5, villagesPerTown: 3, exitedPerVillage: 3, poorPerVillage: 0, unregisteredPerVillage: 2 };
    expect((await post('cadre', '/api/v1/sample-plans', { name: 'x', countyCode: '610902', year: 2019, seed: 9, params })).status).toBe(403);
    expect((await post('othertown', '/api/v1/sample-plans', { name: 'x', countyCode: '610902', year: 2019, seed: 9, params })).status).toBe(403);
    const drawn = await post('inspector', '/api/v1/sample-plans', { name: '2019 年抽样核查', countyCode: '610902', year: 2019, seed: 9, params });
    expect(drawn.status).toBe(201);
    expect(drawn.json()).toMatchObject({ seed: 9, countyCode: county, methodVersion: 'stratified-3stage-v1' });
    expect(drawn.json().method).toContain('种子 9');
    expect(drawn.json().methodEn).toContain('stage 1 draws 5 towns');
    expect(drawn.json().methodEn).toContain('seed 9;');
    const again = await post('inspector', '/api/v1/sample-plans', { name: '复抽', countyCode: '610902', year: 2019, seed: 9, params });
    const plan = (await get('inspector', `/api/v1/sample-plans/${drawn.json().id}`)).json();
    const plan2 = (await get('inspector', `/api/v1/sample-plans/${again.json().id}`)).json();
    expect(plan2.items.map((i: { householdId: number | null }) => i.householdId)).toEqual(plan.items.map((i: { householdId: number | null }) => i.householdId));
    const exited = plan.items.filter((i: { stratum: string }) => i.stratum === 'exited');
    const unreg = plan.items.filter((i: { stratum: string }) => i.stratum === 'unregistered');
    expect(exited.length).toBeGreaterThan(1);
    const findings = [
      ...exited.map((i: { id: number }, n: number) => ({ itemId: i.id, wronglyExited: false, missedPoor: false, recognises: n > 0 })),
      ...unreg.map((i: { id: number }) => ({ itemId: i.id, people: 3, wronglyExited: false, missedPoor: false, recognises: null })),
    ];
    const put = await s['inspector']!.request('PUT', `/api/v1/sample-plans/${drawn.json().id}/findings`, { findings });
    expect(put.status, put.body).toBe(200);
    const rates = (await get('county', `/api/v1/sample-plans/${drawn.json().id}/rates`)).json();
    expect(rates.wrongExitRate).toMatchObject({ numerator: 0, passes: true });
    expect(rates.recognitionRate).toMatchObject({ numerator: exited.length - 1, denominator: exited.length });
    expect(rates.missedPoorRate).toMatchObject({ numerator: 0, denominator: 3 * unreg.length });
    expect(rates.wrongExitRate.wilson.low).toBe(0);
    expect((await get('othertown', `/api/v1/sample-plans/${drawn.json().id}`)).status).toBe(404);
    const sim = await post('inspector', `/api/v1/sample-plans/${drawn.json().id}/simulations`, { runs: 100 });
    expect(sim.status).toBe(200);
    expect(sim.json().recognitionRate.draws).toBe(100);
    // The plan's rates become the county's recorded facts for the county exit standard, by an admin only.
    expect((await post('inspector', `/api/v1/sample-plans/${drawn.json().id}/county-facts`, {})).status).toBe(403);
    const recorded = await post('county', `/api/v1/sample-plans/${drawn.json().id}/county-facts`, {});
    expect(recorded.status, recorded.body).toBe(201);
    const byFact = Object.fromEntries(recorded.json().items.map((i: { fact: string; value: number; source: string }) => [i.fact, i]));
    expect(byFact.wrongExitRate).toMatchObject({ value: 0, source: expect.stringContaining(`#${drawn.json().id}`) });
    expect(byFact.recognitionRate.value).toBeCloseTo(((exited.length - 1) / exited.length) * 100, 2);
  });
});
