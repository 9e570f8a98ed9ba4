// Registry years in a real browser: an admin closes a year and reads its anchor, a region admin sees
// the list without the buttons, and the dashboard's year selector says which figures it shows.
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dialogsSettled, launchChromium, signInAs } from '../helpers/browser.js';
import { closeYear } from '../../src/app/years.js';
import { webDist } from '../../src/app/paths.js';
import { isYearClosed } from '../../src/store/years.js';
import { startTestServer, type TestAccount, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';
const county = '610902000000';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first (npm ci does it)');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 150 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: TestAccount, viewport = { width: 1366, height: 860 }): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport });
}

const figure = async (page: Page, testId: string) => Number(((await page.getByTestId(testId).locator('.ant-statistic-content-value').textContent()) ?? '').replace(/,/g, ''));

/** Whether a section shows in the header menu: one pushed behind the overflow mark stays in the DOM, transparent. */
const shownInHeader = (page: Page, label: string) =>
  page.locator('header .ant-menu-overflow-item').filter({ hasText: label }).first().evaluate((li) => getComputedStyle(li).opacity === '1' && li.getAttribute('aria-hidden') !== 'true');

describe('registry years page', () => {
  it('an admin closes a year after a plain confirmation, sees its anchor and frozen figures, and reopens another with a reason', async () => {
    const page = await signIn(server.users.admin);
    // The new section leaves every other one in the 1366-px header, in both languages.
    expect(await shownInHeader(page, '考核排名')).toBe(true);
    await page.getByTestId('switch-language').click();
    await expect.poll(async () => shownInHeader(page, 'Rankings')).toBe(true);
    await page.getByTestId('switch-language').click();
    await page.getByTestId('menu-years').click();
    await page.getByTestId('years-title').waitFor();
    expect(await page.getByTestId('years-read-only').count()).toBe(0);
    await page.getByTestId('close-year-2018').click();
    const confirm = page.getByTestId('close-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('冻结 2018 年度');
    expect(await confirm.textContent()).toContain('系统管理员说明原因重新开账');
    await page.screenshot({ path: `${shots}/years-close-confirm.png` });
    await page.getByTestId('close-ok').click();

    const card = page.getByTestId('closed-year-2018');
    await card.waitFor();
    const listed = (await (await page.request.get(`${server.url}/api/v1/years`)).json()) as { anchors: { year: number; anchor: { seq: number; hash: string } }[] };
    const anchor = listed.anchors.find((a) => a.year === 2018)?.anchor;
    expect(anchor?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('anchor-2018').textContent()).toBe(`${anchor?.seq}:${anchor?.hash}`);
    expect(await card.textContent()).toContain(`jingzhun audit verify --anchor ${anchor?.seq}:${anchor?.hash}`);
    expect(await card.textContent()).toContain(`由 ${server.users.admin.username} 关账`);
    expect(await page.getByTestId('open-year-2018').count()).toBe(0);
    // The frozen figures are the stats API's for that year, not today's.
    const frozen = (await (await page.request.get(`${server.url}/api/v1/stats/${server.users.admin.regionCode}?year=2018`)).json()) as { households: number; frozen: boolean };
    expect(frozen.frozen).toBe(true);
    await expect.poll(async () => (await page.getByTestId('figures-2018').textContent()) ?? '').toContain(frozen.households.toLocaleString('zh-CN'));
    await page.screenshot({ path: `${shots}/years-closed.png`, fullPage: true });

    // Closed meanwhile elsewhere (the CLI): the API's Chinese message says so.
    await closeYear({ store: server.store, clock: { now: () => new Date() } }, 'cli', 2017);
    await page.getByTestId('close-year-2017').click();
    await page.getByTestId('close-confirm').waitFor();
    await dialogsSettled(page);
    await page.getByTestId('close-ok').click();
    await expect.poll(async () => (await page.getByTestId('years-error').textContent()) ?? '').toContain('2017 年度已经关账');
    await page.getByTestId('closed-year-2017').waitFor();

    // Reopening asks for the reason, which the audit entry keeps.
    await dialogsSettled(page);
    await page.getByTestId('reopen-year-2017').click();
    await page.getByTestId('reopen-reason').waitFor();
    await dialogsSettled(page);
    await page.getByTestId('reopen-ok').click();
    await expect.poll(async () => (await page.locator('.ant-modal').textContent()) ?? '').toContain('请填写重新开账的原因');
    await page.getByTestId('reopen-reason').fill('更正 2017 年一户收入录入错误');
    await page.getByTestId('reopen-ok').click();
    await page.getByTestId('open-year-2017').waitFor();
    expect(await page.getByTestId('closed-year-2017').count()).toBe(0);
    const entry = await server.store.db.selectFrom('audit_log').select('after_json').where('action', '=', 'year-reopen').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after_json ?? 'null')).toMatchObject({ reason: '更正 2017 年一户收入录入错误' });

    // In English too.
    await page.getByTestId('switch-language').click();
    await expect.poll(async () => (await page.getByTestId('closed-year-2018').textContent()) ?? '').toContain('proves that nothing recorded before it was changed');
    await page.screenshot({ path: `${shots}/years-en.png`, fullPage: true });
    await page.close();
  });

  it('fits a phone: the anchor wraps rather than widen the page', async () => {
    const page = await signIn(server.users.admin, { width: 390, height: 844 });
    await page.goto(`${server.url}/years`);
    await page.getByTestId('closed-year-2018').waitFor();
    await page.getByTestId('figures-2018').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await page.getByTestId('anchor-2018').boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${shots}/years-phone.png`, fullPage: true });
    await page.close();
  });

  it('a region admin sees the closed years and anchors read-only, told why, and the API refuses a close', async () => {
    const page = await signIn(server.users.town);
    await page.getByTestId('menu-years').click();
    await page.getByTestId('closed-year-2018').waitFor();
    expect(await page.getByTestId('years-read-only').textContent()).toContain('只有系统管理员可以关账和重新开账');
    expect(await page.locator('[data-testid^="close-year-"]').count()).toBe(0);
    expect(await page.locator('[data-testid^="reopen-year-"]').count()).toBe(0);
    expect(await page.getByTestId('anchor-2018').textContent()).toMatch(/^\d+:[0-9a-f]{64}$/);
    await page.getByTestId('open-year-2016').waitFor();
    const session = (await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as { csrfToken: string };
    const refused = await page.request.post(`${server.url}/api/v1/years/2016/close`, { headers: { 'x-csrf-token': session.csrfToken } });
    expect(refused.status()).toBe(403);
    await page.close();
  });
});

describe('dashboard year selector', () => {
  // Closed by the page test above; closed here when this block runs alone.
  beforeAll(async () => {
    if (!(await isYearClosed(server.store.db, 2018))) await closeYear({ store: server.store, clock: { now: () => new Date() } }, 'cli', 2018);
  });
  const choose = async (page: Page, label: string) => {
    await page.getByTestId('dashboard-year').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
  };

  it("shows a closed year's frozen figures, an open past year's counted from events, and today's, saying which, and that the breakdowns are today's", async () => {
    const page = await signIn(server.users.admin);
    await page.goto(`${server.url}/dashboard?region=${county}`);
    await expect.poll(async () => (await page.getByTestId('dashboard-source').textContent()) ?? '').toContain('实时数据');
    const todayHouseholds = await figure(page, 'card-households');

    await choose(page, '2018（已关账）');
    await expect.poll(async () => (await page.getByTestId('dashboard-source').textContent()) ?? '').toContain('2018 年度已关账的数据');
    const frozen = (await (await page.request.get(`${server.url}/api/v1/stats/${county}?year=2018`)).json()) as { households: number; poor: number; source: string };
    expect(frozen.source).toBe('snapshot');
    expect(await figure(page, 'card-households')).toBe(frozen.households);
    expect(await figure(page, 'card-poor')).toBe(frozen.poor);
    expect(await page.getByTestId('card-causes').locator('.ant-card-head-title').textContent()).toContain('当前数据，非 2018 年度');
    expect(await page.getByTestId('dashboard-past-note').textContent()).toContain('致贫原因和历年脱贫户数只有当前数据');
    // The year stays in the address, so a reload or a shared link shows the same year.
    expect(new URL(page.url()).searchParams.get('year')).toBe('2018');
    // A past year's figure does not open today's list as if it were that year's.
    await page.getByTestId('card-poor').click();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.screenshot({ path: `${shots}/dashboard-year-closed.png`, fullPage: true });
    // Drilling up or down the region tree keeps the chosen year.
    await page.getByTestId('region-610900000000').click();
    await expect.poll(async () => (await page.getByTestId('dashboard-title').textContent()) ?? '').toContain('安康市');
    expect(new URL(page.url()).searchParams.get('year')).toBe('2018');
    expect(await page.getByTestId('dashboard-source').textContent()).toContain('2018 年度已关账的数据');
    await page.getByTestId('switch-language').click();
    await expect.poll(async () => (await page.getByTestId('dashboard-source').textContent()) ?? '').toContain("2018: the closed year's frozen figures");
    expect(await page.getByTestId('card-causes').locator('.ant-card-head-title').textContent()).toContain("(today's figures, not 2018's)");
    await page.screenshot({ path: `${shots}/dashboard-year-closed-en.png`, fullPage: true });
    await page.getByTestId('switch-language').click();
    await page.goto(`${server.url}/dashboard?region=${county}&year=2018`);
    await page.getByTestId('dashboard-source').waitFor();

    await choose(page, '2016');
    await expect.poll(async () => (await page.getByTestId('dashboard-source').textContent()) ?? '').toContain('2016 年度按状态变更记录推算');
    const counted = (await (await page.request.get(`${server.url}/api/v1/stats/${county}?year=2016`)).json()) as { households: number; source: string };
    expect(counted.source).toBe('events');
    expect(await figure(page, 'card-households')).toBe(counted.households);
    expect(counted.households).toBeLessThan(todayHouseholds);

    await choose(page, '当前（实时）');
    await expect.poll(async () => (await page.getByTestId('dashboard-source').textContent()) ?? '').toContain('实时数据');
    expect(await figure(page, 'card-households')).toBe(todayHouseholds);
    expect(await page.getByTestId('card-causes').locator('.ant-card-head-title').textContent()).not.toContain('非');
    await page.getByTestId('card-poor').click();
    await page.getByTestId('list-total').waitFor();
    expect(new URL(page.url()).pathname).toBe('/households');
    await page.close();
  });

  it('fits a phone with the selector', async () => {
    const page = await signIn(server.users.admin, { width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard?region=${county}&year=2018`);
    await expect.poll(async () => (await page.getByTestId('dashboard-source').textContent()) ?? '').toContain('已关账');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${shots}/dashboard-year-phone.png`, fullPage: true });
    await page.close();
  });
});
