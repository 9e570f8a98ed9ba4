// Data truth in a real browser, as the "done when" tells it: a county data officer loads
// a civil-affairs file and a public-security file, sees every discrepancy with both records,
// resolves some, turns others into problems, and watches the county's quality score move.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, dialogsSettled, launchChromium, signInAs } from '../helpers/browser.js';
import type { Browser, Page } from 'playwright-core';
import { composeApp } from '../../src/app/compose.js';
import { webDist } from '../../src/app/paths.js';
import { startTestServer, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';
const county = '610902000000';
const officer = { username: 'officer', password: 'Test-officer-pass1' };

let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'jingzhun-dt-e2e-'));
  server = await startTestServer({ households: 300 });
  await composeApp(server.store).auth.createUser('test', { username: officer.username, displayName: '数据专干', role: 'regionAdmin', region: county, department: null, password: officer.password });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(): Promise<Page> {
  return signInAs(browser, server.url, officer, { viewport: { width: 1366, height: 900 }, acceptDownloads: true });
}

async function upload(page: Page, kindLabel: string, file: string): Promise<void> {
  await page.getByTestId('kind-select').click();
  await page.locator('.ant-select-item-option').filter({ hasText: kindLabel }).first().click();
  await expect.poll(async () => (await page.getByTestId('kind-select').textContent()) ?? '').toContain(kindLabel);
  await chooseFiles(page, file);
  // A click on the button while it still shows the last run as loading does nothing (antd): wait for it.
  await expect.poll(async () => (await page.getByTestId('compare').getAttribute('class')) ?? '').not.toContain('ant-btn-loading');
  await page.getByTestId('compare').click();
}

describe('data truth workbench', () => {
  it('loads two department files, reviews both records, resolves and escalates, and the quality score moves', async () => {
    const people = await server.store.db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.household_id')
      .select(['member.name', 'member.id_number', 'member.receives_minimum_living'])
      .where('household.status', '<>', 'removed')
      .orderBy('member.id')
      .limit(4)
      .execute();
    const [a, b, c, d] = people;
    if (!a || !b || !c || !d) throw new Error('the synthesised county has too few members');
    const civil = join(dir, '低保名单.csv');
    writeFileSync(civil, iconv.encode(`姓名,身份证号码,保障金额\n${a.name},${a.id_number},3600\n${b.name},${b.id_number},3600\n`, 'gbk'));
    const deaths = join(dir, '死亡注销.csv');
    writeFileSync(deaths, `姓名,公民身份号码,死亡日期\n${c.name},${c.id_number},2019-05-01\n${d.name},${d.id_number},2019-06-01\n`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `姓名,公民身份号码,死亡日期\n${c.name},${c.id_number.slice(0, 17)}${c.id_number.endsWith('1') ? '2' : '1'},2019-05-01\n`);

    const page = await signIn();
    await page.goto(`${server.url}/crosscheck?region=${county}`);
    // A bad file is refused whole, every row named.
    await upload(page, '死亡注销', bad);
    await expect.poll(async () => (await page.getByTestId('issues').textContent()) ?? '').toContain('校验');
    await page.screenshot({ path: `${shots}/crosscheck-rejected.png` });
    await upload(page, '低保对象', civil);
    await page.getByText('比对完成').first().waitFor();
    await upload(page, '死亡注销', deaths);
    // The list of the last run: both dead people, each with the registry record beside the department's.
    await expect.poll(async () => (await page.getByTestId('discrepancies').textContent()) ?? '').toContain('公安已注销死亡');
    await expect.poll(async () => page.getByTestId('discrepancies').locator('tr.ant-table-row').count()).toBe(2);
    const rows = page.getByTestId('discrepancies').locator('tr.ant-table-row');
    expect(await page.locator('[data-testid^=side-by-side-]').first().textContent()).toContain('死亡日期');
    expect(await page.locator('[data-testid^=side-by-side-]').first().textContent()).toContain('2019-05-01');
    // The registry side shows labels, not codes: the household's status reads 贫困/已脱贫/…, never poor.
    const registrySide = (await page.locator('[data-testid^=side-by-side-] .ant-descriptions').first().textContent()) ?? '';
    expect(registrySide).toMatch(/户状态(贫困|已脱贫|返贫|自然减少)/);
    expect(registrySide).not.toMatch(/\b(poor|exited|relapsed|removed)\b/);
    await page.screenshot({ path: `${shots}/crosscheck-review.png`, fullPage: true });
    // The department's side in the same words: the civil-affairs run's allowance reads in yuan, not in fen.
    await page.getByTestId('run-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '低保名单' }).click();
    await expect.poll(async () => page.locator('[data-testid^=side-by-side-]').count()).toBeGreaterThan(0);
    const departmentSide = (await page.locator('[data-testid^=side-by-side-] .ant-descriptions').nth(1).textContent()) ?? '';
    expect(departmentSide).toContain('3600.00 元');
    expect(departmentSide).not.toContain('360000');
    // The run keeps the department's file: its link gives back the GBK file as uploaded.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-file').click()]);
    expect(download.suggestedFilename()).toBe('低保名单.csv');
    expect(readFileSync(await download.path()).equals(readFileSync(civil))).toBe(true);
    await page.getByTestId('run-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '死亡注销.csv · 2' }).click();
    await expect.poll(async () => (await page.getByTestId('discrepancies').textContent()) ?? '').toContain('公安已注销死亡');
    // Resolve one with a note, turn the other into a rectification problem.
    await rows.first().locator('[data-testid^=resolve-]').click();
    await page.getByTestId('decide-note').fill('已核实：户籍数据有误，本人健在');
    await page.getByTestId('decide-ok').click();
    await expect.poll(async () => page.getByTestId('discrepancies').locator('tr.ant-table-row').count()).toBe(1);
    await rows.first().locator('[data-testid^=problem-]').click();
    await page.getByTestId('decide-note').waitFor();
    await dialogsSettled(page);
    await page.getByTestId('decide-note').fill('请办理自然减少');
    await page.getByTestId('decide-ok').click();
    await expect.poll(async () => page.getByTestId('discrepancies').locator('tr.ant-table-row').count()).toBe(0);
    const problems = await server.store.db.selectFrom('rectification_problem').select(['category', 'description']).execute();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.description).toContain('请办理自然减少');

    // Quality: a first check, then a data change the rules catch, then a second check.
    await page.goto(`${server.url}/quality?region=${county}`);
    await page.getByTestId('run-quality').click();
    await page.getByTestId('quality-score').waitFor();
    const first = Number((await page.getByTestId('quality-score').locator('.ant-statistic-content').textContent()) ?? 'NaN');
    expect(first).toBeGreaterThan(0);
    const clean = await server.store.db
      .selectFrom('member')
      .select(['household_id'])
      .where('birth_date', '<', '1950-01-01')
      .where('labour_ability', 'not in', ['ordinary', 'skilled'])
      .where('household_id', 'not in', server.store.db.selectFrom('quality_finding').select('household_id'))
      .limit(1)
      .executeTakeFirstOrThrow();
    const registry = composeApp(server.store).registry;
    const file = await registry.householdFile(clean.household_id);
    await registry.replaceMembers('cadre', clean.household_id, file.household.version, file.members.map((m) => (m.birthDate < '1950-01-01' ? { ...m, labourAbility: 'ordinary' } : m)));
    await page.getByTestId('run-quality').click();
    await expect.poll(async () => Number((await page.getByTestId('quality-score').locator('.ant-statistic-content').textContent()) ?? 'NaN')).toBeLessThan(first);
    await page.getByTestId('quality-trend').waitFor();
    await page.screenshot({ path: `${shots}/quality-dashboard.png`, fullPage: true });
    await page.close();
  }, 180_000);
});
