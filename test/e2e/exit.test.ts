// 脱贫评估 in a real browser: a county officer runs the household assessment, sees counts per town and
// why households are blocked, opens one household's checklist and tries a what-if; an inspector reads.
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInAs } from '../helpers/browser.js';
import type { Browser, Page } from 'playwright-core';
import { webDist } from '../../src/app/paths.js';
import { startTestServer, type TestAccount, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 400 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: TestAccount): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport: { width: 1366, height: 860 } });
}

describe('脱贫评估 page', () => {
  it('a county officer assesses this year’s households, sees why each blocked one is blocked, and tries a what-if', async () => {
    const page = await signIn(server.users.admin);
    await page.getByText('脱贫评估', { exact: true }).click();
    await page.getByTestId('exit-page').waitFor();
    await page.goto(`${server.url}/exit?region=610902000000&year=2019&unit=household`);
    await page.getByTestId('exit-run').click();
    await page.getByTestId('exit-towns').waitFor();
    const blocked = Number((await page.getByTestId('exit-blocked').locator('.ant-statistic-content-value').textContent())?.replace(/,/g, ''));
    expect(blocked).toBeGreaterThan(0);
    expect(await page.getByTestId('exit-towns').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${shots}/exit-run.png`, fullPage: true });
    // Blocked by criterion: the household list narrows to those failing the income test.
    await page.getByTestId('exit-blocked-by').getByText(/人均纯收入稳定超过/).click();
    await expect.poll(() => page.url()).toContain('criterion=income');
    const firstRow = page.getByTestId('exit-results').locator('tbody tr.ant-table-row').first();
    await expect.poll(async () => firstRow.textContent()).toContain('人均纯收入稳定超过');
    // One household's checklist: every criterion with the facts it used.
    await firstRow.locator('a').first().click();
    await page.getByTestId('exit-checklist').waitFor();
    await expect.poll(async () => page.getByTestId('exit-item-income').textContent()).toContain('未达标');
    expect(await page.getByTestId('exit-checklist').textContent()).toContain('人均纯收入（不含预期收入）：');
    expect(await page.getByTestId('exit-checklist').textContent()).toContain('当年扶贫标准（现价）：3218 元/人·年');
    expect(await page.getByTestId('exit-household-status').textContent()).toBe('未达标');
    await page.screenshot({ path: `${shots}/exit-checklist.png`, fullPage: true });
    // What-if: a much higher line leaves nobody ready; nothing is stored.
    await page.goBack();
    await page.getByTestId('exit-what-if').waitFor();
    await page.getByTestId('exit-param-povertyLine').fill('20000');
    await page.getByTestId('exit-what-if-run').click();
    await page.getByTestId('exit-what-if-result').waitFor();
    expect(Number(await page.getByTestId('exit-become-not-ready').textContent())).toBeGreaterThan(0);
    // The households that flip, in words: 可退出 → 未达标 and the criterion's name, not 'ready' and 'income'.
    const flips = page.getByTestId('exit-what-if-result').locator('.ant-table-tbody');
    await expect.poll(async () => (await flips.textContent()) ?? '').toContain('可退出→未达标');
    expect(await flips.textContent()).toContain('人均纯收入');
    expect(await flips.textContent()).not.toMatch(/ready|blocked/);
    await expect.poll(async () => (await flips.locator('tr td:nth-child(2)').allTextContents()).filter((a) => /^\d{12}$/.test(a))).toEqual([]);
    await page.screenshot({ path: `${shots}/exit-what-if.png`, fullPage: true });
    await page.close();
  });

  it('an inspector reads runs but cannot store one; the household file links to the checklist', async () => {
    const page = await signIn(server.users.inspector);
    await page.goto(`${server.url}/exit?region=610902000000&year=2019&unit=household`);
    await page.getByTestId('exit-page').waitFor();
    expect(await page.getByTestId('exit-run').count()).toBe(0);
    // Opened without a run in the address, the page shows the latest run at once.
    await page.getByTestId('exit-towns').waitFor();
    expect(new URL(page.url()).searchParams.get('run')).not.toBeNull();
    // The run is named by its area and standard, not by codes.
    await expect.poll(async () => (await page.getByTestId('exit-runs').textContent()) ?? '').toContain('汉滨区');
    expect(await page.getByTestId('exit-runs').textContent()).not.toMatch(/610902000000|cn-household/);
    // Switching to villages, which have no run, must not carry the households' run over.
    await page.getByTestId('exit-unit').getByText('贫困村').click();
    await expect.poll(async () => (await page.getByTestId('exit-page').textContent()) ?? '').toContain('县、乡干部运行评估后');
    expect(new URL(page.url()).searchParams.get('run')).toBeNull();
    await page.getByTestId('exit-unit').getByText('贫困户').click();
    await page.getByTestId('exit-towns').waitFor();
    const id = (await server.store.db.selectFrom('household').select('id').where('village_code', 'like', '610902%').orderBy('id').executeTakeFirstOrThrow()).id;
    await page.goto(`${server.url}/households/${id}`);
    await page.getByTestId('exit-checklist-link').click();
    await page.getByTestId('exit-checklist').waitFor();
    await page.close();
  });
});
