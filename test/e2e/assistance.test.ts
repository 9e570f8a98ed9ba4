// Assistance in a real browser: a cadre on a phone-sized screen sees the households due a visit,
// records one with a follow-up, closes it and updates a plan; a town officer sees coverage,
// generic-measure findings and survey rates per village. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import type { Browser, Page } from 'playwright-core';
import { composeApp } from '../../src/app/compose.js';
import { synthesizeAssistanceData } from '../../src/app/assistance-synth.js';
import { webDist } from '../../src/app/paths.js';
import type { Principal } from '../../src/domain/access.js';
import { startTestServer, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';
const county = '610902000000';
const phone = { width: 390, height: 844 };

let server: TestServer;
let browser: Browser;
let genericVillage = '';
const cadreAccount = { username: 'cadre1', password: 'Test-cadre1-pass1' };
const townAccount = { username: 'town2', password: 'Test-town2-pass1' };

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 400 });
  const ctx = composeApp(server.store);
  await ctx.auth.createUser('test', { username: cadreAccount.username, displayName: '驻村干部', role: 'workTeam', region: county, department: null, password: cadreAccount.password });
  await synthesizeAssistanceData({ store: server.store, clock: ctx.clock }, 'test', { county, seed: 11, linkUsername: cadreAccount.username });
  // One village gives the same measure whatever the cause: the finding its town officer must see.
  const rows = await server.store.db.selectFrom('household').select(['id', 'village_code', 'main_cause']).where('status', '<>', 'removed').orderBy('id').execute();
  const byVillage = new Map<string, typeof rows>();
  for (const r of rows) byVillage.set(r.village_code, [...(byVillage.get(r.village_code) ?? []), r]);
  const [code, list] = [...byVillage.entries()].find(([, l]) => l.length >= 3 && new Set(l.map((x) => x.main_cause)).size >= 2) ?? ['', []];
  genericVillage = code;
  await ctx.auth.createUser('test', { username: townAccount.username, displayName: '乡镇干部', role: 'regionAdmin', region: `${code.slice(0, 9)}000`, department: null, password: townAccount.password });
  const admin: Principal = { userId: 0, username: 'test', role: 'admin', regionCode: '610000000000', department: null };
  const year = new Date().getUTCFullYear();
  for (const h of list) await ctx.assistance.service.savePlan(admin, { householdId: h.id, year, expectedVersion: null, measures: [{ measure: 'industrySubsidy', amountFen: 100000, status: 'done', note: '' }] });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: { username: string; password: string }, viewport = { width: 1366, height: 860 }): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'zh-CN' });
  await page.goto(server.url);
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard-title').waitFor();
  return page;
}

describe('assistance in the browser', () => {
  it('a cadre on a phone records a visit with a follow-up, closes it and updates the plan', async () => {
    const page = await signIn(cadreAccount, phone);
    await page.goto(`${server.url}/assistance/worklist`);
    await page.getByTestId('worklist-title').waitFor();
    const dueText = async () => Number(((await page.getByTestId('visits-due').textContent()) ?? '').replace(/\D/g, ''));
    const before = await dueText();
    await page.screenshot({ path: `${shots}/assistance-worklist-phone.png`, fullPage: true });
    // The first card is a household due a visit (due ones come first).
    const card = page.locator('[data-testid^="household-"]').first();
    const no = ((await card.getAttribute('data-testid')) ?? '').replace('household-', '');
    const wasDue = (await card.getByTestId('due-tag').count()) > 0;
    await page.getByTestId(`visit-${no}`).click();
    await page.getByTestId('visit-findings').fill('了解务工和产业情况');
    await page.getByTestId('followup-text').fill('协调办理慢性病卡');
    await page.screenshot({ path: `${shots}/assistance-visit-form-phone.png` });
    await page.getByTestId('visit-submit').click();
    await page.getByText('已记录走访').waitFor();
    if (wasDue) await expect.poll(dueText).toBe(before - 1);
    await page.getByTestId('tab-followups').click();
    const item = page.getByText('协调办理慢性病卡');
    await item.waitFor();
    const doneButton = page.locator('[data-testid^="followup-"]', { hasText: '协调办理慢性病卡' }).locator('[data-testid^="followup-done-"]');
    await doneButton.click();
    await page.getByText('已办结').waitFor();
    await expect.poll(async () => page.getByText('协调办理慢性病卡').count()).toBe(0);
    // Update the plan: add a measure and save.
    await page.getByRole('tab', { name: /帮扶户/ }).click();
    await page.getByTestId(`plan-${no}`).click();
    await page.getByTestId('plan-editor').waitFor();
    const rowsBefore = await page.locator('[data-testid^="plan-measure-"]').count();
    await page.getByTestId('plan-add').click();
    await page.getByTestId(`plan-measure-${rowsBefore}`).click();
    await page.keyboard.type('公益性岗位');
    await page.keyboard.press('Enter');
    await page.getByTestId('plan-save').click();
    await page.getByText('计划已保存').waitFor();
    await page.screenshot({ path: `${shots}/assistance-plan-phone.png` });
    const h = await server.store.db.selectFrom('household').select('id').where('household_no', '=', no).executeTakeFirstOrThrow();
    const plan = await server.store.db.selectFrom('household_plan as p').innerJoin('household_plan_measure as m', 'm.plan_id', 'p.id').select('m.measure_code').where('p.household_id', '=', h.id).execute();
    expect(plan.map((m) => m.measure_code)).toContain('publicWelfareJob');
    const visits = await server.store.db.selectFrom('visit').select(['findings']).where('household_id', '=', h.id).where('findings', '=', '了解务工和产业情况').execute();
    expect(visits).toHaveLength(1);
    await page.close();
  }, 120_000);

  it('a town officer sees coverage, generic-measure findings and survey rates per village', async () => {
    const page = await signIn(townAccount);
    await page.goto(`${server.url}/assistance`);
    await page.getByTestId('villages-title').waitFor();
    await page.locator('[data-testid="villages-table"] tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('total-coverage').textContent()).toMatch(/\d+\.\d{2}%/);
    expect(genericVillage).not.toBe('');
    await expect.poll(async () => page.getByTestId('generic-tag').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('villages-table').textContent()).toContain('产业奖补');
    expect(await page.getByTestId('villages-table').textContent()).toMatch(/\d+\.\d{2}%\s*(达标|≥90%·可评优|低于80%·问责)/);
    await page.screenshot({ path: `${shots}/assistance-villages.png`, fullPage: true });
    await page.close();
  }, 120_000);
});
