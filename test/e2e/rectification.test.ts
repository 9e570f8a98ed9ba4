// Rectification in a real browser (Debian's chromium driven by playwright-core) against a real
// server whose clock the test moves: a county officer creates a batch and imports its problem
// list (a bad file first), the deadline passes and the sweep escalates; a town cadre on a phone
// opens the overdue problem, works its task, uploads evidence and submits; the county verifies
// and closes it (销号), the dashboard's figures move, and later rechecks it (回头看).
// Screenshots: test-artifacts/screenshots/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInAs } from '../helpers/browser.js';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { composeApp } from '../../src/app/compose.js';
import { webDist } from '../../src/app/paths.js';
import { createRectificationService } from '../../src/app/rectification.js';
import { startTestServer, type TestAccount, type TestServer } from '../../src/http/test-server.js';
import { businessDay } from '../../src/domain/dates.js';

const shots = 'test-artifacts/screenshots';
const day = 86400000;
// Deadlines are calendar days in Beijing, as the server counts them (`businessDay`).
const iso = (d: Date) => businessDay(d);

// The server's clock: now at first, then moved past the problem's deadline. Not a fixed hour of
// today: the browser drops a session cookie whose expiry (server clock + 12 h) is already past in
// real time, so a start at 02:00 failed every run after 14:00 UTC.
const start = new Date();
let now = start;
const clock = { now: () => now };
const problemDeadline = iso(new Date(start.getTime() + 10 * day));
const finalDeadline = iso(new Date(start.getTime() + 30 * day));

let server: TestServer;
let browser: Browser;
let county: TestAccount;

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first (npm ci does it)');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 200, clock });
  // The county officer: the level that assigns this batch and alone closes its problems.
  county = { username: 'hanbin', password: 'Test-hanbin-pass1', regionCode: '610902000000' };
  await composeApp(server.store, clock).auth.createUser('test', { username: county.username, displayName: '汉滨区扶贫办', role: 'regionAdmin', region: county.regionCode, department: null, password: county.password });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: TestAccount, viewport = { width: 1366, height: 860 }): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport, acceptDownloads: true });
}

function csv(rows: string[][]): { name: string; mimeType: string; buffer: Buffer } {
  return { name: 'feedback.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8') };
}

const header = ['问题编号', '问题范围', '责任单位代码', '责任部门', '适用层级', '问题类别', '问题描述', '整改时限', '整改措施', '牵头单位', '责任领导', '责任人', '配合单位', '任务时限', '工期天数'];

async function figure(page: Page, card: string): Promise<number> {
  const text = (await page.getByTestId(`rect-card-${card}`).locator('.ant-statistic-content-value').textContent()) ?? '';
  return Number(text.replace(/,/g, ''));
}

describe('rectification in the browser', () => {
  it('a county imports a problem list, a town cadre on a phone works an overdue problem, the county closes it and the dashboard moves', async () => {
    const town = server.users.town;
    // 1. The county creates the batch and imports the inspection's feedback list.
    let page = await signIn(county);
    await page.getByTestId('menu-rectification').click();
    await page.getByTestId('rect-dashboard-title').waitFor();
    await page.getByTestId('rect-nav-batches').click();
    await page.getByTestId('rect-new-batch').click();
    await page.getByTestId('rect-batch-name').fill('2017 年第三季度交叉检查反馈问题');
    await page.getByTestId('rect-batch-source').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '交叉检查' }).click();
    await page.getByTestId('rect-batch-deadline').click();
    await page.getByTestId('rect-batch-deadline').fill(finalDeadline);
    await page.keyboard.press('Enter');
    await page.getByTestId('rect-batch-create').click();
    // A file with a problem that has no responsible unit is refused whole, naming its row.
    await page.getByTestId('rect-import-input').setInputFiles(csv([header, ['HB-01', '个性', town.regionCode, '', '', '帮扶措施', '帮扶台账不全', problemDeadline, '补齐台账', '镇扶贫办', '副镇长', '张干部', '', '', ''], ['HB-02', '个性', '', '', '', '工作作风', '没有责任单位', problemDeadline, '', '', '', '', '', '', '']]));
    await page.getByTestId('rect-import-send').click();
    await page.getByTestId('rect-import-errors').waitFor();
    expect(await page.getByTestId('rect-import-errors').textContent()).toContain('rows[3].unitRegion');
    await page.screenshot({ path: `${shots}/rectification-import-errors.png` });
    const list = csv([header, ['HB-01', '个性', town.regionCode, '', '', '帮扶措施', '部分贫困户帮扶措施台账不全', problemDeadline, '逐户补齐帮扶台账', '镇扶贫办', '副镇长', '张干部', '村委会', '', ''], ['HB-02', '个性', county.regionCode, '', '', '数据质量', '系统数据与实际不符', finalDeadline, '开展数据比对', '区扶贫办', '副区长', '李干部', '', '', '10']]);
    await page.getByTestId('rect-import-input').setInputFiles(list);
    await page.getByTestId('rect-import-send').click();
    await expect.poll(async () => page.getByTestId('rect-import-done').textContent()).toContain('已导入 2 个问题');
    const batchId = (await server.store.db.selectFrom('rectification_batch').select('id').executeTakeFirstOrThrow()).id;
    await page.close();

    // 2. The deadline passes; the nightly sweep hangs the late problem on the supervision list.
    now = new Date(start.getTime() + 15 * day);
    expect(await createRectificationService({ store: server.store, clock }).escalateOverdue('scheduler')).toEqual({ escalated: 1 });
    page = await signIn(county);
    await page.goto(`${server.url}/rectification`);
    await page.getByTestId('rect-chart-units').waitFor();
    expect(await figure(page, 'overdue')).toBe(1);
    const closedBefore = await figure(page, 'closed');
    expect(closedBefore).toBe(0);
    await page.screenshot({ path: `${shots}/rectification-dashboard-before.png`, fullPage: true });
    await page.close();

    // 3. The town cadre, on a phone, follows the overdue figure to the problem and works it.
    const phone = await signIn(town, { width: 375, height: 740 });
    await phone.goto(`${server.url}/rectification`);
    // The town's problem sits with the town itself: no row of empty village bars beside a card that counts it.
    await expect.poll(async () => (await phone.getByTestId('rect-units-empty').textContent()) ?? '').toContain('均未分派到下级单位');
    expect(await phone.getByTestId('rect-chart-units').count()).toBe(0);
    await phone.getByTestId('rect-card-overdue').click();
    await phone.getByTestId('rect-cards').waitFor();
    const card = phone.getByTestId('rect-link').filter({ hasText: 'HB-01' });
    await card.waitFor();
    expect(await card.locator('[data-overdue="1"]').count()).toBe(1);
    expect(await card.textContent()).toContain('逾期 5 天');
    await phone.screenshot({ path: `${shots}/rectification-phone-overdue-list.png`, fullPage: true });
    await card.click();
    await phone.getByTestId('rect-overdue-alert').waitFor();
    expect(await phone.getByTestId('rect-actions').textContent()).not.toContain('核验销号');
    await phone.getByTestId('rect-action-start').click();
    await expect.poll(async () => phone.getByTestId('rect-status').textContent()).toBe('整改中');
    await phone.getByRole('tab', { name: /任务清单/ }).click();
    await phone.locator('[data-testid^="rect-task-done-"]').first().click();
    await expect.poll(async () => phone.getByRole('tab', { name: /任务清单/ }).textContent()).toContain('(1/1)');
    await phone.getByTestId('rect-evidence-input').setInputFiles({ name: '整改后台账照片.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    await expect.poll(async () => phone.getByTestId('rect-evidence-file').count()).toBe(1);
    await phone.getByTestId('rect-action-submit').click();
    await phone.getByTestId('rect-action-text').fill('已逐户补齐 37 户帮扶台账，经村委会核对签字');
    await phone.getByTestId('rect-action-confirm').click();
    await expect.poll(async () => phone.getByTestId('rect-status').textContent()).toBe('已报结待核验');
    await phone.getByTestId('rect-hint').waitFor();
    await phone.screenshot({ path: `${shots}/rectification-phone-submitted.png`, fullPage: true });
    await phone.close();

    // 4. The county verifies the evidence and closes it (销号).
    page = await signIn(county);
    await page.goto(`${server.url}/rectification`);
    await page.getByTestId('rect-card-submitted').click();
    await page.getByTestId('rect-table').waitFor();
    await page.getByTestId('rect-link').filter({ hasText: 'HB-01' }).click();
    await page.getByTestId('rect-evidence-file').waitFor();
    expect(await page.getByTestId('rect-evidence-file').textContent()).toBe('整改后台账照片.png');
    await page.getByTestId('rect-action-close').click();
    await expect.poll(async () => page.getByTestId('rect-status').textContent()).toBe('已销号');
    expect(await page.getByTestId('rect-hint').textContent()).toContain('回头看');
    await page.screenshot({ path: `${shots}/rectification-closed.png`, fullPage: true });

    // 5. The dashboard's figures move, and the special report comes out as a workbook.
    await page.getByTestId('rect-nav-dashboard').click();
    await page.getByTestId('rect-chart-units').waitFor();
    await expect.poll(async () => figure(page, 'closed')).toBe(closedBefore + 1);
    expect(await figure(page, 'overdue')).toBe(0);
    await page.screenshot({ path: `${shots}/rectification-dashboard-after.png`, fullPage: true });
    await page.goto(`${server.url}/rectification/batches/${batchId}/report`);
    await page.getByTestId('rect-report-title').waitFor();
    await page.screenshot({ path: `${shots}/rectification-report.png`, fullPage: true });
    // The report names the problem list the batch was given, downloadable as it was imported.
    expect((await page.getByTestId('rect-problem-files').textContent()) ?? '').toContain('feedback.csv（hanbin');
    const [listDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rect-problem-files').locator('a').first().click()]);
    expect(readFileSync(await listDownload.path()).equals(list.buffer)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rect-report-xlsx').click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('概况');
    const closedRow = summary?.getRows(1, 20)?.find((r) => r.getCell(1).value === '已销号');
    expect(closedRow?.getCell(2).value).toBe(1);
    await page.close();

    // 6. Ninety days on, the county rechecks (回头看) the closed problem from the dashboard.
    now = new Date(start.getTime() + 106 * day);
    page = await signIn(county);
    await page.goto(`${server.url}/rectification`);
    await expect.poll(async () => figure(page, 'recheck')).toBe(1);
    await page.getByTestId('rect-card-recheck').click();
    await page.getByTestId('rect-link').filter({ hasText: 'HB-01' }).click();
    await page.getByTestId('rect-action-recheckPass').click();
    await expect.poll(async () => page.getByTestId('rect-actions').count()).toBe(0);
    expect(await page.getByTestId('rect-status').textContent()).toBe('已销号');
    expect(await page.getByTestId('rect-events').textContent()).toContain('回头看通过');
    await page.close();
    // One story through four sign-ins and a dozen pages: on two shared cores it needs more than the default minute.
  }, 300_000);

  it('an inspector reads the problem page without workflow buttons', async () => {
    const page = await signIn(server.users.inspector);
    await page.goto(`${server.url}/rectification/problems`);
    await page.getByTestId('rect-link').first().click();
    await page.getByTestId('rect-title').waitFor();
    expect(await page.getByText('只读').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('rect-actions').count()).toBe(0);
    await page.close();
  });
});
