// The "done when" in a real browser: a provincial officer imports a quarter's scores (a
// bad sheet first, refused with its problems listed), and a county head opens the county page and
// reads in Chinese why the county moved and what would change its rank.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInAs } from '../helpers/browser.js';
import type { Browser, Page } from 'playwright-core';
import { composeApp } from '../../src/app/compose.js';
import { webDist } from '../../src/app/paths.js';
import { loadRegions } from '../../src/app/regions.js';
import { startTestServer, type TestAccount, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';
const fixtures = new URL('../fixtures/scoring/', import.meta.url).pathname;
const schemeText = readFileSync(new URL('../../src/domain/scoring/schemes/shaanxi-county-quarter.yaml', import.meta.url), 'utf8');
const [header, ...lines] = readFileSync(join(fixtures, 'ankang-counties-2017.csv'), 'utf8').trim().split('\n');
const quarter = (q: string): Buffer => Buffer.from(`${[header, ...lines.filter((l) => l.startsWith(q))].join('\n')}\n`);

let server: TestServer;
let browser: Browser;
let countyHead: TestAccount;
const dir = mkdtempSync(join(tmpdir(), 'jingzhun-e2e-scoring-'));

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first (npm ci does it)');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 200 });
  const app = composeApp(server.store);
  // 白河县 fell two places this quarter: its head is the one who needs to know why.
  await loadRegions(server.store, '610929');
  countyHead = { username: 'baihehead', password: 'Test-baihehead-pass1', regionCode: '610929000000' };
  await app.auth.createUser('test', { username: countyHead.username, displayName: '白河县县长', role: 'regionAdmin', region: countyHead.regionCode, department: null, password: countyHead.password });
  // The scheme is published and the second quarter is in before the officer brings the third.
  await app.scoring.addScheme('test', { text: schemeText, fileName: 'county.yaml', ownerRegion: '61' });
  await app.scoring.importScores('test', 'shaanxi-county-quarter', { fileName: 'q2.csv', bytes: quarter('2017-Q2') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(account: TestAccount): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport: { width: 1366, height: 900 }, acceptDownloads: true });
}

describe('scoring in the browser', () => {
  it('a provincial officer imports a quarter; a bad sheet is refused with every problem listed', async () => {
    const page = await signIn(server.users.admin);
    await page.getByRole('menuitem', { name: '考核排名' }).click();
    await page.getByTestId('import-card').waitFor();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(join(fixtures, 'ankang-counties-2017-bad.csv')));
    await page.getByTestId('import-file').setInputFiles(bad);
    await page.getByTestId('import-submit').click();
    await expect.poll(async () => (await page.getByTestId('import-errors').textContent()) ?? '', { timeout: 15000 }).toContain('平利县（610926）“交叉检查”得分 101.00 超过满分 100.00');
    await page.screenshot({ path: `${shots}/scoring-import-errors.png`, fullPage: true });
    const good = join(dir, 'q3.csv');
    writeFileSync(good, quarter('2017-Q3'));
    await page.getByTestId('import-file').setInputFiles(good);
    await page.getByTestId('import-submit').click();
    await expect.poll(async () => (await page.getByTestId('import-result').textContent()) ?? '', { timeout: 15000 }).toContain('2017-Q3（10）');
    await expect.poll(async () => (await page.getByTestId('scoring-title').textContent()) ?? '', { timeout: 15000 }).toContain('2017 年第三季度');
    await expect.poll(async () => (await page.getByTestId('ranking-table').locator('tr.ant-table-row').first().textContent()) ?? '').toContain('平利县99.80');
    await page.getByTestId('scoring-trend-chart').locator('canvas').waitFor();
    await page.screenshot({ path: `${shots}/scoring-table.png`, fullPage: true });
    await page.close();
  });

  it('a county head reads the province table but cannot import, and reads the county page in Chinese', async () => {
    const page = await signIn(countyHead);
    await page.getByRole('menuitem', { name: '考核排名' }).click();
    await page.getByTestId('ranking-table').waitFor();
    expect(await page.getByTestId('import-card').count()).toBe(0);
    expect(await page.getByTestId('publish-open').count()).toBe(0);
    // Where the quarter's scores came from: the sheet the province imported, as it was imported.
    const sources = page.getByTestId('score-sources');
    expect((await sources.textContent()) ?? '').toContain('导入得分表：q3.csv');
    const [download] = await Promise.all([page.waitForEvent('download'), sources.locator('a').first().click()]);
    expect(download.suggestedFilename()).toBe('q3.csv');
    expect(readFileSync(await download.path()).equals(readFileSync(join(dir, 'q3.csv')))).toBe(true);
    await page.getByTestId('unit-link-610929').click();
    const explanation = page.getByTestId('unit-explanation');
    await explanation.waitFor();
    const text = (await explanation.textContent()) ?? '';
    expect(text).toMatch(/^白河县总分 86\.40（交叉检查 85\.40 \+ 月通报 1\.00），全省第 10 名（倒数第一）/);
    expect(text).toContain('在 4 个深度贫困县中列第 4 名');
    expect(text).toContain('较上期（2017 年第二季度）第 8 名下降 2 位');
    expect(text).toContain('差距主要在交叉检查（少 1.50）');
    expect(text).toContain('若交叉检查达到深度贫困县中位数 87.20，白河县将由第 10 名升至第 9 名（倒数第二）');
    expect(await page.getByTestId('counterfactuals').locator('tr.ant-table-row').count()).toBeGreaterThan(0);
    expect((await page.getByTestId('decomposition').textContent()) ?? '').toContain('交叉检查');
    await page.screenshot({ path: `${shots}/scoring-unit.png`, fullPage: true });
    await page.close();
  });

  it('the provincial officer corrects a county score on its page; a score above the maximum is refused', async () => {
    const page = await signIn(server.users.admin);
    await page.goto(`${server.url}/scoring/shaanxi-county-quarter/2017-Q3/610929`);
    await page.getByTestId('edit-scores').click();
    await page.getByTestId('score-crossInspection').fill('101');
    await page.locator('#save-scores').click();
    await expect.poll(async () => (await page.getByTestId('edit-errors').textContent()) ?? '').toContain('白河县（610929）“交叉检查”得分 101.00 超过满分 100.00');
    await page.getByTestId('score-crossInspection').fill('87.5');
    await page.locator('#save-scores').click();
    // 87.50 + 1.00 = 88.50: ahead of 紫阳县 (88.40), behind 汉滨区 (88.80).
    await expect.poll(async () => (await page.getByTestId('unit-explanation').textContent()) ?? '', { timeout: 15000 }).toMatch(/^白河县总分 88\.50（交叉检查 87\.50 \+ 月通报 1\.00），全省第 8 名/);
    await page.screenshot({ path: `${shots}/scoring-unit-corrected.png`, fullPage: true });
    await page.close();
  });

  it('the provincial officer types a new quarter in the workbench; a missing score is named and nothing is stored', async () => {
    const page = await signIn(server.users.admin);
    await page.goto(`${server.url}/scoring?scheme=shaanxi-county-quarter&period=2017-Q3`);
    await page.getByTestId('enter-period').click();
    await page.getByTestId('entry-period').fill('2017-Q4');

    const ids = ['610902', '610921', '610922', '610923', '610924', '610925', '610926', '610927', '610929', '610981'];
    for (const [i, id] of ids.entries()) {
      if (id !== '610929') await page.getByTestId(`entry-${id}-crossInspection`).fill(String(90 + i));
      await page.getByTestId(`entry-${id}-monthlyBulletin`).fill('1');
    }
    await page.locator('#save-period').click();
    await expect.poll(async () => (await page.getByTestId('entry-errors').textContent()) ?? '').toContain('白河县（610929）缺少“交叉检查”得分');
    await page.getByTestId('entry-610929-crossInspection').fill('99.5');
    await page.locator('#save-period').click();
    await expect.poll(async () => (await page.getByTestId('scoring-title').textContent()) ?? '', { timeout: 15000 }).toContain('2017 年第四季度');
    await expect.poll(async () => (await page.getByTestId('ranking-table').locator('tr.ant-table-row').first().textContent()) ?? '').toContain('白河县100.50');
    await page.close();
  });
  it('the provincial officer publishes a metric scheme in the workbench and computes a quarter from the registry', async () => {
    const page = await signIn(server.users.admin);
    await page.getByRole('menuitem', { name: '考核排名' }).click();
    await page.getByTestId('publish-open').click();
    const yaml = (metric: string) => `id: hanbin-data\nversion: "1"\nname: 汉滨区数据质量考核\nperiodType: quarter\nunitType: county\ncomponents:\n  - { id: complete, name: 信息完整, max: 20, metric: ${metric} }\n`;
    await page.getByTestId('publish-text').fill(yaml('noSuchMetric'));
    await page.getByTestId('publish-owner').fill('610902');
    await page.getByTestId('publish-submit').click();
    await expect.poll(async () => (await page.getByTestId('publish-errors').textContent()) ?? '').toContain('noSuchMetric');
    expect(await page.getByTestId('scheme-select').textContent()).not.toContain('汉滨区数据质量考核');
    await page.getByTestId('publish-text').fill(yaml('registryCompleteness'));
    await page.getByTestId('publish-submit').click();
    await expect.poll(async () => (await page.getByTestId('publish-result').textContent()) ?? '').toContain('已发布：汉滨区数据质量考核（版本 1）');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await page.getByTestId('scheme-select').textContent()) ?? '').toContain('汉滨区数据质量考核');
    await page.getByTestId('compute-open').click();
    await page.getByTestId('compute-period').fill('2019-Q4');
    await page.getByTestId('compute-submit').click();
    await expect.poll(async () => (await page.getByTestId('compute-result').textContent()) ?? '', { timeout: 15000 }).toContain('2019-Q4（1）');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await page.getByTestId('ranking-table').locator('tr.ant-table-row').first().textContent()) ?? '', { timeout: 15000 }).toContain('汉滨区');
    await page.screenshot({ path: `${shots}/scoring-publish-compute.png`, fullPage: true });
    await page.close();
  });
});
