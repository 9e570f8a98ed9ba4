// The workbench in a real browser (Debian's chromium driven by playwright-core) against a real
// server on a fresh database. Screenshots of each page go to test-artifacts/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, launchChromium, signInAs } from '../helpers/browser.js';
import { saveAsXls } from '../helpers/libreoffice.js';
import type { Browser, Page } from 'playwright-core';
import { webDist } from '../../src/app/paths.js';
import { startTestServer, type TestAccount, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first (npm ci does it)');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 600 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: TestAccount, viewport = { width: 1366, height: 860 }): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport });
}

describe('web workbench', () => {
  it('refuses a wrong password with a Chinese message', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(server.url);
    await page.getByTestId('login-username').waitFor();
    // Opening the sign-in page signed out is not an error: the session probe answers 200.
    expect(consoleErrors).toEqual([]);
    await page.getByTestId('login-username').fill(server.users.admin.username);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(async () => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await page.screenshot({ path: `${shots}/login-error.png` });
    await page.close();
  });

  it('an admin drills down to a village, follows a dashboard figure to the list, changes an income and sees the audit entry', async () => {
    const page = await signIn(server.users.admin);
    await page.screenshot({ path: `${shots}/dashboard-province.png` });
    // Drill down: province → city → county → town → village, through the tree.
    await page.getByTestId('region-610900000000').click();
    await page.getByTestId('region-610902000000').waitFor();
    // The two figures beside a region are named when pointed at.
    expect(await page.getByTestId('region-610902000000').locator('[title]').getAttribute('title')).toMatch(/^建档立卡 [\d,]+ 户，其中贫困户（含返贫）[\d,]+ 户$/);
    await page.getByTestId('region-610902000000').click();
    await expect.poll(async () => page.getByTestId('dashboard-title').textContent()).toContain('汉滨区');
    const poorText = (await page.getByTestId('card-poor').locator('.ant-statistic-content-value').textContent()) ?? '';
    const poor = Number(poorText.replace(/,/g, ''));
    expect(poor).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}/dashboard-county.png` });
    // The rural population is the statistics office's figure: no registry list stands behind it to open.
    await page.getByTestId('card-population').click();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    // Poverty incidence counts poor and relapsed households: its list holds both, and the status filter says so.
    const relapsed = Number(((await page.getByTestId('card-relapsed').locator('.ant-statistic-content-value').textContent()) ?? '').replace(/,/g, ''));
    expect(relapsed).toBeGreaterThan(0);
    await page.getByTestId('card-incidence').click();
    await expect.poll(async () => ((await page.getByTestId('list-total').textContent()) ?? '').replace(/,/g, '')).toContain(String(poor + relapsed));
    expect(await page.getByTestId('filter-status').textContent()).toContain('返贫');
    await page.goBack();
    await page.getByTestId('card-poor').click();
    await expect.poll(async () => (await page.getByTestId('list-total').textContent()) ?? '').toContain(poorText);
    await page.screenshot({ path: `${shots}/households.png` });
    // Open the first household and change an income.
    await page.getByTestId('household-link').first().click();
    await page.getByTestId('household-title').waitFor();
    await page.getByRole('tab', { name: '收入' }).click();
    await page.getByTestId('edit-income-2019').click();
    await page.getByTestId('income-wageIncome').fill('12345.60');
    await page.getByTestId('income-productionIncome').fill('0');
    await page.getByTestId('income-productionCost').fill('0');
    await page.locator('#save-income').click();
    await page.getByText('已保存').waitFor();
    await page.getByRole('tab', { name: '修改记录' }).click();
    await expect.poll(async () => page.getByTestId('audit-table').textContent()).toContain('修改收入');
    // Field names and amounts as people read them, not the API's keys.
    expect(await page.getByTestId('audit-table').textContent()).toContain('→ 12345.60');
    expect(await page.getByTestId('audit-table').textContent()).toContain('工资性收入');
    await page.getByRole('tab', { name: '收入' }).click();
    const firstPerCapita = await page.getByTestId('per-capita').first().textContent();
    expect(firstPerCapita).not.toBe('—');
    await page.screenshot({ path: `${shots}/household-file.png`, fullPage: true });
    await page.close();
  });

  it('prints a household’s file (一户一档) on A4: every member, incomes, history, sign-off lines and the record version; an inspector’s copy masks ID numbers', async () => {
    const page = await signIn(server.users.admin);
    await page.goto(`${server.url}/households?region=610902000000`);
    await page.getByTestId('household-link').first().click();
    await page.getByTestId('household-title').waitFor();
    const id = /\/households\/(\d+)/.exec(page.url())?.[1] ?? '';
    const file = await (await page.request.get(`${server.url}/api/v1/households/${id}`)).json();
    await page.getByTestId('print-file-link').click();
    await page.getByTestId('household-print').waitFor();
    const text = (await page.getByTestId('household-print').textContent()) ?? '';
    expect(text).toContain('建档立卡贫困户档案（一户一档）');
    expect(text).toContain(file.household.householdNo);
    expect(text).toContain('户主（签字）');
    expect(await page.getByTestId('print-members').locator('tbody tr').count()).toBe(file.members.length);
    expect(await page.getByTestId('print-members').textContent()).toContain(file.members[0].idNumber);
    expect(await page.getByTestId('print-incomes').locator('tbody tr').count()).toBe(file.incomes.length);
    expect(await page.getByTestId('print-events').locator('tbody tr').count()).toBe(file.events.length);
    expect(await page.getByTestId('print-foot').textContent()).toContain(`依据系统记录第 ${file.household.version} 版`);
    // On paper: no buttons, and the file fits one or two A4 pages.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-now').isVisible()).toBe(false);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.screenshot({ path: `${shots}/household-print.png`, fullPage: true });
    await page.close();

    const inspector = await signIn(server.users.inspector);
    await inspector.goto(`${server.url}/households/${id}/print`);
    await inspector.getByTestId('household-print').waitFor();
    const masked = (await inspector.getByTestId('print-members').textContent()) ?? '';
    expect(masked).not.toContain(file.members[0].idNumber);
    expect(masked).toContain('*');
    await inspector.close();
  });

  it('a cadre edits living conditions and a member; a wrong ID number is refused beside its field and nothing changes', async () => {
    const page = await signIn(server.users.admin);
    await page.goto(`${server.url}/households?region=610902000000`);
    await page.getByTestId('household-link').first().click();
    await page.getByTestId('household-title').waitFor();
    const versionBefore = (await page.getByTestId('household-title').locator('..').textContent()) ?? '';
    // A member's ID number with a wrong check digit: the server's rule, shown at the field.
    await page.getByTestId('edit-member-0').click();
    const idInput = page.getByTestId('field-idNumber');
    const original = await idInput.inputValue();
    const lastDigit = original.at(-1) === '1' ? '2' : '1';
    await idInput.fill(`${original.slice(0, 17)}${lastDigit}`);
    await page.locator('#save-member').click();
    await expect.poll(async () => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('校验位')]));
    await page.screenshot({ path: `${shots}/member-id-error.png` });
    await page.getByRole('button', { name: '取 消' }).or(page.getByRole('button', { name: '取消' })).first().click();
    expect(await page.getByTestId('household-title').locator('..').textContent()).toBe(versionBefore);
    // Living conditions: mark the toilet and the renovation, and read them back.
    await page.getByTestId('edit-household').click();
    await page.getByTestId('field-renovationInProgress').check();
    await page.getByTestId('field-phone').fill('13912345678');
    await page.locator('#save-household').click();
    await page.getByText('已保存').first().waitFor();
    await page.getByRole('tab', { name: '生产生活条件' }).click();
    await expect.poll(async () => page.locator('th:has-text("危改未完工") + td').textContent()).toBe('✓');
    await page.getByRole('tab', { name: '修改记录' }).click();
    await expect.poll(async () => page.getByTestId('audit-table').textContent()).toContain('危房改造尚未完工：否 → 是');
    await page.close();
  });

  it('a household changed by an import shows the batch in its history, with the file it came from', async () => {
    const page = await signIn(server.users.town);
    const ledger = new ExcelJS.Workbook();
    await ledger.xlsx.load(await (await page.request.get(`${server.url}/api/v1/exports/ledger.xlsx?kind=registry`)).body());
    const sheet = ledger.getWorksheet('户表');
    if (!sheet) throw new Error('no 户表');
    const last = sheet.getRow(sheet.actualRowCount);
    const householdNo = String(last.getCell(1).value);
    last.getCell((sheet.getRow(1).values as unknown[]).findIndex((v) => v === '联系电话')).value = '13700000001';
    const dir = mkdtempSync(join(tmpdir(), 'jingzhun-e2e-trail-'));
    const changed = join(dir, '改电话.xlsx');
    writeFileSync(changed, Buffer.from(await ledger.xlsx.writeBuffer()));
    await page.goto(`${server.url}/workbooks`);
    await chooseFiles(page, changed);
    await page.getByTestId('import-mode').getByText('全部导入').click();
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 60_000 }).toContain('已导入');
    const { id } = await server.store.db.selectFrom('household').select('id').where('household_no', '=', householdNo).executeTakeFirstOrThrow();
    await page.goto(`${server.url}/households/${id}`);
    await page.getByRole('tab', { name: '修改记录' }).click();
    const trail = page.locator('[data-testid^="import-trail-"]').first();
    await expect.poll(async () => (await trail.textContent()) ?? '').toContain('修改了户信息');
    expect(await trail.textContent()).toContain('→ 13700000001');
    expect(await trail.textContent()).toContain('文件 改电话.xlsx');
    const original = await page.request.get(`${server.url}${(await trail.getByRole('link', { name: '原文件' }).getAttribute('href')) ?? ''}`);
    expect((await original.body()).equals(readFileSync(changed))).toBe(true);
    await page.screenshot({ path: `${shots}/household-import-trail.png`, fullPage: true });
    await page.close();
  });

  it('a town officer downloads its ledger, breaks a cell, sees the error with its cell, and re-imports the ledger with nothing changed', async () => {
    const page = await signIn(server.users.town);
    await page.getByRole('menuitem', { name: '数据导入导出' }).click();
    await page.getByTestId('workbooks-title').waitFor();
    const template = await page.request.get(`${server.url}/api/v1/exports/template.xlsx`);
    expect(template.status()).toBe(200);
    const ledger = await page.request.get(`${server.url}/api/v1/exports/ledger.xlsx?kind=registry`);
    expect(ledger.status()).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'jingzhun-e2e-'));
    const good = join(dir, '台账.xlsx');
    writeFileSync(good, await ledger.body());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await ledger.body());
    const sex = wb.getWorksheet('成员表')?.getCell('E2');
    if (sex) sex.value = '未知';
    const bad = join(dir, '台账-有误.xlsx');
    writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));

    // The blank template, uploaded before it is filled in, is said to hold no households.
    const blank = join(dir, '模板.xlsx');
    writeFileSync(blank, await template.body());
    await chooseFiles(page, blank);
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 30_000 }).toContain('文件中没有户的数据');
    await expect.poll(async () => (await page.getByTestId('import-history').textContent()) ?? '').toContain('无户数据');

    // The same ledger kept as an old Excel 97-2003 workbook: this server converts it (LibreOffice), and the page says so.
    expect(await page.getByTestId('import-help').textContent()).toContain('工作簿可直接上传');
    await chooseFiles(page, saveAsXls(good));
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 90_000 }).toContain('校验通过');
    expect(await page.getByTestId('count-created').textContent()).toBe('0');

    await chooseFiles(page, bad);
    await page.getByTestId('import-mode').getByText('全部导入').click();
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 30_000 }).toContain('未写入任何数据');
    expect(await page.getByTestId('issue-table').textContent()).toContain('E2');
    expect(await page.getByTestId('issue-table').textContent()).toContain('请从下拉列表中选择');
    // In English the problem and its fix are both English; back to Chinese for the rest.
    await page.getByTestId('switch-language').click();
    await expect.poll(async () => (await page.getByTestId('issue-table').textContent()) ?? '').toContain('Choose from the drop-down list');
    expect(await page.getByTestId('issue-table').textContent()).not.toContain('请从下拉列表中选择');
    await page.getByTestId('switch-language').click();
    await expect.poll(async () => (await page.getByTestId('issue-table').textContent()) ?? '').toContain('请从下拉列表中选择');
    expect(await page.getByTestId('count-created').textContent()).toBe('0');
    await page.screenshot({ path: `${shots}/import-errors.png`, fullPage: true });
    const report = await page.request.get(`${server.url}${(await page.getByTestId('download-report').getAttribute('href')) ?? ''}`);
    expect(report.status()).toBe(200);
    // The file as given is kept with its batch: the newest entry of the history gives it back byte for byte.
    const originals = page.getByTestId('import-history').getByRole('link', { name: '原文件' });
    await expect.poll(async () => originals.count()).toBeGreaterThanOrEqual(3);
    const original = await page.request.get(`${server.url}${(await originals.first().getAttribute('href')) ?? ''}`);
    expect((await original.body()).equals(readFileSync(bad))).toBe(true);
    // Importing what is valid sets the bad household aside; its list of problems comes as a workbook to fix from.
    await page.getByText('导入无误的户，其余放入待修正批次').click();
    await page.getByTestId('start-import').click();
    await expect.poll(async () => page.getByTestId('count-quarantined').textContent(), { timeout: 30_000 }).toBe('1');
    const quarantine = await page.request.get(`${server.url}${(await page.getByTestId('download-quarantine').getAttribute('href')) ?? ''}`);
    expect(quarantine.status()).toBe(200);
    const setAside = new ExcelJS.Workbook();
    await setAside.xlsx.load(await quarantine.body());
    expect(JSON.stringify(setAside.getWorksheet('隔离户问题')?.getSheetValues())).toContain('未知');
    const batchId = /\/imports\/(\d+)\/quarantine/.exec((await page.getByTestId('download-quarantine').getAttribute('href')) ?? '')?.[1] ?? '';
    // The set-aside household is listed under the result, still to fix.
    await expect.poll(async () => (await page.getByTestId('quarantine-tag').allTextContents()).join(','), { timeout: 10_000 }).toBe('待修正');
    expect(await page.getByTestId('quarantine-counts').textContent()).toBe('未导入 1 户：已登记 0 户，待修正 1 户');
    // Pointed to where its problem is, the member sheet's row E2 is on, not the household's row in 户表.
    expect(await page.getByTestId('quarantine-where').textContent()).toBe('问题在 成员表 · 第 2 行');
    // Back after leaving the page: the history opens that batch's result and its set-aside list.
    await page.reload();
    await page.getByTestId('import-history').waitFor();
    expect(await page.getByTestId('import-history').textContent()).toContain('部分导入');
    await page.getByTestId('import-history').getByText('查看结果').first().click();
    await expect.poll(async () => page.getByTestId('count-quarantined').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await page.getByTestId('download-quarantine').getAttribute('href')).toMatch(/\/imports\/\d+\/quarantine\.xlsx$/);
    await page.getByTestId('import-mode').getByText('导入无误的户').click();

    await chooseFiles(page, good);
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 30_000 }).toContain('未作任何修改');
    // The registry as it was writes nothing, yet that import found the household whose change was
    // refused valid: it is registered since, by that import.
    await page.getByTestId(`open-import-${batchId}`).click();
    await expect.poll(async () => (await page.getByTestId('quarantine-tag').allTextContents()).join(','), { timeout: 10_000 }).toBe('已登记');
    expect(await page.getByTestId('quarantine-counts').textContent()).toBe('未导入 1 户：已登记 1 户，待修正 0 户');
    expect(await page.getByTestId('quarantine-list').textContent()).toContain('由导入批次');
    // A later change (a new phone number) imported: still registered, by the import that first found it valid.
    const fixed = new ExcelJS.Workbook();
    await fixed.xlsx.load(await ledger.body());
    const householdNo = String(fixed.getWorksheet('成员表')?.getCell('A2').value ?? '');
    const households = fixed.getWorksheet('户表');
    const phoneColumn = (households?.getRow(1).values as unknown[]).indexOf('联系电话');
    households?.eachRow((row) => {
      if (String(row.getCell(1).value) === householdNo) row.getCell(phoneColumn).value = '13800138000';
    });
    const fixedFile = join(dir, '台账-改好.xlsx');
    writeFileSync(fixedFile, Buffer.from(await fixed.xlsx.writeBuffer()));
    await chooseFiles(page, fixedFile);
    await page.getByTestId('start-import').click();
    await expect.poll(async () => page.getByTestId('count-updated').textContent(), { timeout: 30_000 }).toBe('1');
    await page.getByTestId(`open-import-${batchId}`).click();
    await expect.poll(async () => (await page.getByTestId('quarantine-tag').allTextContents()).join(','), { timeout: 10_000 }).toBe('已登记');
    expect(await page.getByTestId('quarantine-counts').textContent()).toBe('未导入 1 户：已登记 1 户，待修正 0 户');
    expect(await page.getByTestId('quarantine-list').textContent()).toContain('由导入批次');
    await expect.poll(async () => page.getByTestId(`quarantine-link-${batchId}`).textContent()).toContain('尚有 0 户待修正');
    await page.screenshot({ path: `${shots}/import-quarantine-resolved.png`, fullPage: true });

    // The same registry as two CSV files picked together (households, members) validates as one import.
    const registry = new ExcelJS.Workbook();
    await registry.xlsx.load(await ledger.body());
    const csvOf = async (sheetName: string) => Buffer.from(await registry.csv.writeBuffer({ sheetName }));
    const householdsCsv = join(dir, '户表.csv');
    const membersCsv = join(dir, '成员表.csv');
    writeFileSync(householdsCsv, await csvOf('户表'));
    writeFileSync(membersCsv, await csvOf('成员表'));
    await chooseFiles(page, [householdsCsv, membersCsv]);
    await expect.poll(async () => page.locator('.ant-upload-list-item').count()).toBe(2);
    await page.getByText('仅校验，不写入').click();
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 30_000 }).toContain('校验通过');
    expect(Number(await page.getByTestId('count-households').textContent())).toBe((registry.getWorksheet('户表')?.actualRowCount ?? 0) - 1);
    expect(Number(await page.getByTestId('count-members').textContent())).toBe((registry.getWorksheet('成员表')?.actualRowCount ?? 0) - 1);
    // A check wrote nothing: its counts say what could be written, live and reopened from the history.
    const checkOnly = async () => {
      const text = (await page.getByTestId('import-result').textContent()) ?? '';
      expect(text).toContain('可新增户');
      expect(text).toContain('可更新户');
      expect(text).not.toMatch(/(^|[^可])(新增户|更新户)/);
    };
    await checkOnly();
    await page.reload();
    await page.getByTestId('import-history').getByText('查看结果').first().click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 10_000 }).toContain('校验通过');
    await checkOnly();

    // The downloaded template filled in as a town officer would: the village by its town and village
    // names (as the ledger spells them, less the committee's title), no 村代码.
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.load(await template.body());
    const place = registry.getWorksheet('户表')?.getRow(2);
    const placeHeader = registry.getWorksheet('户表')?.getRow(1).values as unknown[];
    const placeOf = (h: string) => String(place?.getCell(placeHeader.indexOf(h)).value ?? '');
    const newNo = '9999000000000001';
    const fill = (sheet: string, values: Record<string, string | number>) => {
      const ws = filled.getWorksheet(sheet);
      const header = ws?.getRow(1).values as unknown[];
      for (const [h, v] of Object.entries(values)) {
        const cell = ws?.getRow(2).getCell(header.indexOf(h));
        if (cell) cell.value = v;
      }
    };
    fill('户表', { 户编号: newNo, '乡镇（街道）': placeOf('乡镇（街道）'), '村（社区）': placeOf('村（社区）').replace(/(村民委员会|村委会|居民委员会|居委会)$/, (t) => (t.startsWith('村') ? '村' : '')), 识别标准: '国家标准', 识别年度: 2019, 贫困户属性: '一般贫困户', 主要致贫原因: '因病' });
    fill('成员表', { 户编号: newNo, 姓名: '新识别', 身份证号: '610902198001010019', 与户主关系: '户主', 民族: '汉族', 在校生状况: '非在校生', 健康状况: '健康', 劳动技能: '普通劳动力', 务工状况: '未务工' });
    const filledFile = join(dir, '模板-已填.xlsx');
    writeFileSync(filledFile, Buffer.from(await filled.xlsx.writeBuffer()));
    await chooseFiles(page, filledFile);
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 30_000 }).toContain('校验通过');
    expect(await page.getByTestId('count-created').textContent()).toBe('1');

    // The household list exports what it shows, as a ledger workbook.
    await page.goto(`${server.url}/households?status=exited`);
    await page.getByTestId('list-total').filter({ hasText: '共' }).waitFor();
    const shown = Number(((await page.getByTestId('list-total').textContent()) ?? '').replace(/\D/g, ''));
    await page.getByTestId('export-list').hover();
    const href = (await page.getByTestId('export-xlsx').getAttribute('href')) ?? '';
    expect(href).toContain('status=exited');
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.load(await (await page.request.get(`${server.url}${href}`)).body());
    expect((exported.getWorksheet('户表')?.rowCount ?? 0) - 1).toBe(shown);
    await page.close();
  });

  it('on a phone and a laptop, each import problem shows its cell, the problem and the fix within the screen', async () => {
    const page = await signIn(server.users.town, { width: 390, height: 844 });
    await page.goto(`${server.url}/workbooks`);
    await page.getByTestId('workbooks-title').waitFor();
    const ledger = await page.request.get(`${server.url}/api/v1/exports/ledger.xlsx?kind=registry`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await ledger.body());
    const sex = wb.getWorksheet('成员表')?.getCell('E2');
    if (sex) sex.value = '未知';
    const bad = join(mkdtempSync(join(tmpdir(), 'jingzhun-e2e-')), '台账-有误.xlsx');
    writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));
    await chooseFiles(page, bad);
    await page.getByTestId('start-import').click();
    await expect.poll(async () => (await page.getByTestId('import-status').textContent()) ?? '', { timeout: 30_000 }).toContain('未写入任何数据');
    const issues = page.getByTestId('issue-table');
    expect(await issues.textContent()).toContain('E2');
    // The fix is the part the officer acts on: on a 390 px screen it lies within the width, not in
    // a column to scroll sideways to.
    const right = await issues.getByText('请从下拉列表中选择').first().evaluate((e) => e.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${shots}/import-errors-phone.png` });
    // The latest imports: on a phone the file's date and counts take the width (beside the links
    // they stood one character a line), and a check that wrote nothing says what it would write.
    const line = page.getByTestId('import-history').locator('.ant-list-item-meta-description').first();
    await line.waitFor();
    expect(await line.evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(250);
    expect(await line.textContent()).toContain('可新增 0 户');
    // On a 1,280 px laptop the table's last column, the fix, is not cut off at the edge either.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(async () => page.locator('[data-testid=issue-table] th').count()).toBeGreaterThan(0);
    const cell = page.getByTestId('issue-table').locator('td').filter({ hasText: '请从下拉列表中选择' }).first();
    expect(await cell.evaluate((e) => e.getBoundingClientRect().right)).toBeLessThanOrEqual(1280 - 16);
    await page.screenshot({ path: `${shots}/import-errors-laptop.png` });
    await page.close();
  });

  it('an admin records a removal: the date picker says the latest status change and offers no earlier day', async () => {
    const h = await server.store.db.selectFrom('household').select(['id']).where('status', '=', 'exited').orderBy('id').executeTakeFirstOrThrow();
    const latest = (await server.store.db.selectFrom('status_event').select('date').where('household_id', '=', h.id).orderBy('date', 'desc').executeTakeFirstOrThrow()).date;
    const page = await signIn(server.users.admin);
    await page.goto(`${server.url}/households/${h.id}`);
    await page.getByTestId('change-status').click();
    const dialog = page.locator('.ant-modal');
    await expect.poll(async () => dialog.textContent()).toContain(`不早于 ${latest}（该户最近一次状态变动）`);
    // The day before the latest change is greyed out in the picker's month.
    await page.getByTestId('field-date').click();
    const before = new Date(`${latest}T00:00:00Z`);
    before.setUTCDate(before.getUTCDate() - 1);
    const day = before.toISOString().slice(0, 10);
    const picker = page.locator('.ant-picker-dropdown');
    await picker.waitFor();
    // Walk the picker back from today's month to the month of that day: a year at a time, then the
    // months (a hundred single-month clicks, each animated, could outlast the click timeout on a busy machine).
    const months = (new Date().getFullYear() - before.getUTCFullYear()) * 12 + new Date().getMonth() - before.getUTCMonth();
    for (let i = 0; i < Math.floor(months / 12); i++) await picker.locator('.ant-picker-header-super-prev-btn').click();
    for (let i = 0; i < months % 12; i++) await picker.locator('.ant-picker-header-prev-btn').click();
    expect(await picker.locator(`td[title="${day}"]`).getAttribute('class')).toContain('ant-picker-cell-disabled');
    await page.keyboard.press('Escape');
    await page.getByTestId('field-type').click();
    await page.locator('.ant-select-item-option', { hasText: '自然减少' }).click();
    await dialog.locator('.ant-select').nth(1).click();
    await page.locator('.ant-select-item-option', { hasText: '死亡' }).click();
    await page.locator('#save-status').click();
    await expect.poll(async () => (await server.store.db.selectFrom('household').select('status').where('id', '=', h.id).executeTakeFirstOrThrow()).status).toBe('removed');
    await dialog.waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${shots}/status-removed.png` });
    await page.close();
  });

  it('a town user sees only its town and is refused another town’s household', async () => {
    const page = await signIn(server.users.town);
    await expect.poll(async () => page.getByTestId('dashboard-title').textContent()).toContain('·');
    const foreign = await server.app.inject({ method: 'GET', url: '/api/v1/households?limit=1' });
    expect(foreign.statusCode).toBe(401);
    // Find a household of the other town through the store and open its URL directly.
    const other = await server.store.db
      .selectFrom('household')
      .select('id')
      .where('village_code', '>=', server.users.otherTown.regionCode)
      .where('village_code', '<=', `${server.users.otherTown.regionCode.slice(0, 9)}999`)
      .executeTakeFirstOrThrow();
    await page.goto(`${server.url}/households/${other.id}`);
    await page.getByTestId('household-error').waitFor();
    expect(await page.getByTestId('household-error').textContent()).toContain('不存在或不在您的管辖范围内');
    await page.screenshot({ path: `${shots}/town-refused.png` });
    await page.close();
  });

  it('an admin on a 1366 px laptop in English sees every menu item, none behind the overflow mark', async () => {
    const page = await signIn(server.users.admin);
    await page.getByTestId('switch-language').click();
    await expect.poll(async () => page.getByTestId('dashboard-title').textContent()).toContain('Dashboard');
    for (const name of ['Dashboard', 'Households', 'Workbooks', 'Assistance', 'Exit assessment', 'Exits', 'Rankings']) {
      expect(await page.getByRole('menuitem', { name, exact: true }).isVisible(), name).toBe(true);
    }
    await page.screenshot({ path: `${shots}/menu-english-laptop.png` });
    await page.close();
  });

    it('a town officer on a phone sees whose household each row is, changes an income and reads the audit entry without scrolling sideways', async () => {
    const phone = { width: 390, height: 844 };
    const page = await signIn(server.users.town, phone);
    const onScreen = async (locator: ReturnType<Page['locator']>) => {
      const box = await locator.boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= phone.width;
    };
    // The sections are one button naming the current one; the households list is reached through it.
    const sections = page.getByTestId('open-sections');
    expect(await sections.textContent()).toContain('数据看板');
    expect(await onScreen(sections)).toBe(true);
    await sections.click();
    await page.getByRole('menuitem', { name: '贫困户名单' }).click();
    await page.getByTestId('household-link').first().waitFor();
    expect(await sections.textContent()).toContain('贫困户名单');
    // Its name whole, not cut to 贫困… : the language button is short on a phone (EN).
    const whole = (l: ReturnType<Page['locator']>) => l.evaluate((e) => e.scrollWidth <= e.clientWidth + 1);
    expect(await whole(sections.locator('span').first())).toBe(true);
    expect(await page.getByTestId('switch-language').textContent()).toBe('EN');
    expect(await onScreen(page.locator('.ant-table-thead th', { hasText: '户主' }))).toBe(true);
    expect(await onScreen(page.locator('.ant-table-thead th', { hasText: '状态' }))).toBe(true);
    await page.getByTestId('household-link').first().click();
    await page.getByTestId('household-title').waitFor();
    // A member's edit button is within the screen, not at the end of a table to scroll sideways.
    expect(await onScreen(page.getByTestId('edit-member-0'))).toBe(true);
    await page.getByRole('tab', { name: '收入' }).click();
    const perCapita = page.getByTestId('per-capita').first();
    const before = await perCapita.textContent();
    expect(await onScreen(perCapita)).toBe(true);
    expect(await onScreen(page.getByTestId('edit-income-2019'))).toBe(true);
    await page.getByTestId('edit-income-2019').click();
    await page.getByTestId('income-wageIncome').fill('54321.00');
    await page.locator('#save-income').click();
    await expect.poll(async () => perCapita.textContent()).not.toBe(before);
    expect(await onScreen(perCapita)).toBe(true);
    await page.screenshot({ path: `${shots}/town-phone-income.png` });
    await page.getByRole('tab', { name: '修改记录' }).click();
    const change = page.getByTestId('audit-table').locator('td', { hasText: '工资性收入' }).first();
    await change.waitFor();
    expect(await change.textContent()).toContain('修改收入');
    expect(await change.textContent()).toContain('→ 54321.00');
    expect(await onScreen(change)).toBe(true);
    await page.screenshot({ path: `${shots}/town-phone-audit.png` });
    await page.close();
  });

  it('two tabs edit one household on a phone: the later save is refused, saying it was not saved and what to do', async () => {
    const phone = { width: 390, height: 844 };
    const first = await signIn(server.users.town, phone);
    await first.goto(`${server.url}/households`);
    await first.getByTestId('household-link').nth(2).click();
    await first.getByTestId('household-title').waitFor();
    // A second tab (here a second sign-in: each test page has a context of its own).
    const second = await signIn(server.users.town, phone);
    await second.goto(first.url());
    await second.getByTestId('household-title').waitFor();
    await second.getByTestId('edit-household').click();
    await first.getByTestId('edit-household').click();
    // The long form scrolls inside the dialog: 保存 is on the screen as it opens, not below it
    // (measured once the dialog's opening animation has ended).
    await first.locator('.ant-modal').evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    const save = await first.locator('#save-household').boundingBox();
    expect(save).not.toBeNull();
    expect((save?.y ?? Infinity) + (save?.height ?? 0)).toBeLessThanOrEqual(phone.height);
    await second.getByTestId('field-phone').fill('13900000001');
    await second.locator('#save-household').click();
    await second.getByText('已保存').first().waitFor();
    await first.getByTestId('field-phone').fill('13900000002');
    await first.locator('#save-household').click();
    const warning = first.locator('.ant-modal-confirm');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('未保存');
    expect(await warning.textContent()).toContain('重新填写');
    const box = await warning.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(phone.width);
    await first.screenshot({ path: `${shots}/stale-edit-phone.png` });
    await warning.getByRole('button').click();
    await expect.poll(async () => first.locator('.ant-modal-confirm').count()).toBe(0);
    await second.close();
    await first.close();
  });

  it('on a slow line a phone shows that the workbench is loading, and a list that did not load says so with a retry, never as empty', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    await page.goto(server.url, { waitUntil: 'commit' });
    // Before the scripts arrive (seconds at 400 kbit/s) the screen is not blank.
    await page.getByTestId('app-loading').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('app-loading').textContent()).toContain('正在加载');
    await page.screenshot({ path: `${shots}/slow-line-loading-phone.png` });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.getByTestId('login-username').fill(server.users.town.username);
    await page.getByTestId('login-password').fill(server.users.town.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dashboard-title').waitFor();
    await page.goto(`${server.url}/households`);
    await page.getByTestId('household-link').first().waitFor();
    // The line drops, the cadre searches: the list says it did not load, in Chinese, not 暂无数据.
    await page.context().setOffline(true);
    await page.getByTestId('list-search').locator('input').fill('王');
    await page.getByTestId('list-search').locator('input').press('Enter');
    await page.getByTestId('list-error').waitFor();
    expect(await page.getByTestId('list-error').textContent()).toContain('网络中断');
    expect(await page.getByTestId('household-table').textContent()).not.toContain('暂无数据');
    await page.screenshot({ path: `${shots}/list-offline-phone.png` });
    await page.context().setOffline(false);
    await page.getByTestId('list-retry').click();
    await page.getByTestId('household-link').first().waitFor();
    expect(await page.getByTestId('list-error').count()).toBe(0);
    await page.close();
  });

  it('an inspector reads with masked ID numbers and no edit buttons, also on a phone-sized screen', async () => {
    const page = await signIn(server.users.inspector, { width: 375, height: 740 });
    await page.screenshot({ path: `${shots}/inspector-phone-dashboard.png` });
    // On a mobile network every byte counts: the scripts came compressed (Ant Design is 1.3 MB as written).
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/assets/antd-')).map((e) => { const r = e as PerformanceResourceTiming; return { sent: r.encodedBodySize, size: r.decodedBodySize }; }));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.sent).toBeLessThan((scripts[0]?.size ?? 0) / 3);
    await page.goto(`${server.url}/households`);
    await page.getByTestId('household-link').first().click();
    await page.getByTestId('household-title').waitFor();
    expect(await page.getByText('只读').count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: '收入' }).click();
    expect(await page.locator('[data-testid^="edit-income-"]').count()).toBe(0);
    expect(await page.locator('body').textContent()).toMatch(/\d{6}\*{8}\d{3}[\dX]/);
    await page.screenshot({ path: `${shots}/inspector-phone-household.png`, fullPage: true });
    // No import card for a read-only account, and a line saying why and whose account can import.
    await page.goto(`${server.url}/workbooks`);
    await page.getByTestId('import-read-only').waitFor();
    expect(await page.getByTestId('import-read-only').textContent()).toContain('不能导入');
    expect(await page.getByText('导入建档立卡数据', { exact: true }).count()).toBe(0);
    await page.close();
  });
});
