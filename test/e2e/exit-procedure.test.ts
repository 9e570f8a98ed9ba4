// The exit procedure and verification sampling in a real browser against a real server: a
// household goes through every step to close-out, each line signed by the account whose role it
// is, and its verification form prints; an inspector draws a sample, enters findings and sees the
// county's three rates. Screenshots and the printed PDF go to test-artifacts/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogsSettled, launchChromium, signInAs } from '../helpers/browser.js';
import type { Browser, Page } from 'playwright-core';
import { composeApp } from '../../src/app/compose.js';
import { webDist } from '../../src/app/paths.js';
import { startTestServer, type TestAccount, type TestServer } from '../../src/http/test-server.js';

const shots = 'test-artifacts/screenshots';

let server: TestServer;
let browser: Browser;
const none: TestAccount = { username: '', password: '', regionCode: '' };
const extra: Record<'cadre' | 'team' | 'county', TestAccount> = { cadre: none, team: none, county: none };
let household: { id: number; household_no: string; village_code: string };
let ctx: ReturnType<typeof composeApp>;

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 600 });
  ctx = composeApp(server.store);
  // A poor household in the town the test server's town account covers; its village gets a cadre and a work team.
  const town = server.users.town.regionCode.slice(0, 9);
  household = await server.store.db.selectFrom('household').select(['id', 'household_no', 'village_code']).where('village_code', 'like', `${town}%`).where('status', '=', 'poor').orderBy('id').executeTakeFirstOrThrow();
  const accounts = [['cadre', 'villageCadre', household.village_code, '村支书张'], ['team', 'workTeam', household.village_code, '工作队李队长'], ['county', 'regionAdmin', '610902000000', '县扶贫办王主任']] as const;
  for (const [key, role, region, displayName] of accounts) {
    const password = `Test-${key}-pass1`;
    await ctx.auth.createUser('test', { username: `e2e${key}`, displayName, role, region, department: null, password });
    extra[key] = { username: `e2e${key}`, password, regionCode: region };
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: TestAccount): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport: { width: 1366, height: 860 } });
}

async function openCase(page: Page, id: number): Promise<void> {
  await page.goto(`${server.url}/exit-cases/${id}`);
  await page.getByTestId('case-title').waitFor();
}

async function attach(page: Page, name: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${name}`) });
  await page.getByRole('link', { name }).waitFor();
}

async function sign(page: Page, step: string, slot: string, date: string, extraFields: { name?: string; participants?: number; inFavour?: number } = {}): Promise<void> {
  await page.getByTestId(`sign-${step}-${slot}`).click();
  await page.getByTestId('sign-date').waitFor();
  await dialogsSettled(page);
  await page.getByTestId('sign-date').fill(date);
  if (extraFields.name) await page.getByTestId('sign-name').fill(extraFields.name);
  if (extraFields.participants !== undefined) await page.getByTestId('sign-participants').fill(String(extraFields.participants));
  if (extraFields.inFavour !== undefined) await page.getByTestId('sign-in-favour').fill(String(extraFields.inFavour));
  await page.locator('#sign-ok').click();
  await page.getByTestId(`signed-${step}-${slot}`).waitFor();
}

describe('exit procedure in the browser', () => {
  it('takes a household through every step to close-out and prints its verification form', async () => {
    const cadre = await signIn(extra.cadre);
    // From the household's file: the link opens the form with the household filled in.
    await cadre.goto(`${server.url}/households/${household.id}`);
    await cadre.getByTestId('open-exit-case-link').click();
    await expect.poll(async () => cadre.getByTestId('open-household-no').inputValue()).toBe(household.household_no);
    await cadre.getByTestId('open-year').fill('2019');
    await cadre.getByTestId('open-case').click();
    await cadre.getByTestId('case-title').waitFor();
    const id = Number(/exit-cases\/(\d+)/.exec(cadre.url())?.[1]);
    expect(id).toBeGreaterThan(0);
    // The form lists the household standard's criteria on today's data above the signatures.
    await cadre.getByTestId('form-criteria').waitFor();
    expect(await cadre.locator('[data-testid^="form-criterion-"]').count()).toBeGreaterThan(5);
    // The county's line is not the cadre's to sign.
    expect(await cadre.getByTestId('sign-proposal-villageCommittee').count()).toBe(1);
    await sign(cadre, 'proposal', 'villageCommittee', '2019-10-01');
    await attach(cadre, '民主评议会议记录.pdf');
    await sign(cadre, 'democraticAppraisal', 'villageCommittee', '2019-10-03', { participants: 31, inFavour: 29 });
    await attach(cadre, '入户核实记录.pdf');
    await sign(cadre, 'verification', 'villageCommittee', '2019-10-04');
    expect(await cadre.getByTestId('sign-verification-workTeam').count()).toBe(0);
    await cadre.screenshot({ path: `${shots}/exit-case-cadre.png`, fullPage: true });

    const team = await signIn(extra.team);
    await openCase(team, id);
    await sign(team, 'verification', 'workTeam', '2019-10-04');
    await attach(team, '户主签字确认.jpg');
    await sign(team, 'householdConfirmation', 'householdHead', '2019-10-05', { name: '户主本人' });
    await team.close();

    await openCase(cadre, id);
    await attach(cadre, '公示照片.jpg');
    await sign(cadre, 'publicNotice', 'villageCommittee', '2019-10-06');
    expect(await cadre.getByText('2019-10-13 起可进入下一步').count()).toBeGreaterThan(0);
    await cadre.close();

    const town = await signIn(server.users.town);
    await openCase(town, id);
    await sign(town, 'townReview', 'town', '2019-10-14');
    await town.close();

    const county = await signIn(extra.county);
    await openCase(county, id);
    await sign(county, 'countyDecision', 'county', '2019-10-20');
    // Before the county leader signs, the form shows the gap seed 002 describes.
    expect(await county.getByTestId('form-line-countyDecision-countyLeader').textContent()).toContain('缺少签字');
    await sign(county, 'countyDecision', 'countyLeader', '2019-10-20', { name: '副县长赵' });
    await sign(county, 'closeOut', 'county', '2019-10-21');
    await expect.poll(async () => county.getByTestId('case-status').textContent()).toContain('已销号');
    expect(await county.getByTestId('form-missing').textContent()).toContain('签字齐全');
    await county.screenshot({ path: `${shots}/exit-case-closed.png`, fullPage: true });

    // Printed: only the form, every line signed.
    await county.emulateMedia({ media: 'print' });
    expect(await county.locator('.ant-layout-header').isVisible()).toBe(false);
    expect(await county.getByTestId('form-title').textContent()).toBe('贫困户退出核验表');
    expect(await county.locator('[data-testid^="form-line-"]').count()).toBe(10);
    expect(await county.getByTestId('form-signatures').textContent()).not.toContain('缺少签字');
    expect(await county.getByTestId('form-signatures').textContent()).toContain('副县长赵');
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/exit-verification-form.pdf', await county.pdf({ format: 'A4' }));
    await county.screenshot({ path: `${shots}/exit-form-print.png`, fullPage: true });
    await county.close();

    const h = await server.store.db.selectFrom('household').select(['status', 'exit_year']).where('id', '=', household.id).executeTakeFirstOrThrow();
    expect(h).toEqual({ status: 'exited', exit_year: 2019 });
    // The household's file now shows the closed procedure and offers no new one.
    const again = await signIn(extra.cadre);
    await again.goto(`${server.url}/households/${household.id}`);
    await expect.poll(async () => (await again.getByTestId(`exit-case-link-${id}`).textContent()) ?? '').toContain('2019 年退出程序 · 已办结');
    expect(await again.getByTestId('open-exit-case-link').count()).toBe(0);
    await again.close();
  }, 300_000);

  it("a village case's form lists the village standard's criteria from the newest stored run", async () => {
    const county = await signIn(extra.county);
    const principal = { userId: 0, username: extra.county.username, role: 'regionAdmin' as const, regionCode: '610902000000', department: null };
    // Only poor villages are assessed for exit.
    const village = await server.store.db.selectFrom('village').select('region_code').where('is_poor_village', '=', 1).where('region_code', 'like', '610902%').orderBy('region_code').executeTakeFirstOrThrow();
    const c = await ctx.exitCases.open(principal, { kind: 'village', householdId: null, householdNo: null, regionCode: village.region_code, year: 2019, noticeDays: 7 });
    await openCase(county, c.id);
    await county.getByTestId('form-criteria-none').waitFor();
    const run = await ctx.exitAssessment.run('test', { unit: 'village', under: '610902000000', year: 2019 });
    await openCase(county, c.id);
    await county.getByTestId('form-criteria').waitFor();
    expect(await county.getByTestId('form-criteria').textContent()).toContain(`评估批次 #${run.id}`);
    expect(await county.locator('[data-testid^="form-criterion-"]').count()).toBeGreaterThan(2);
    await county.screenshot({ path: `${shots}/exit-form-village-criteria.png`, fullPage: true });
    // More cases than one load (100): the list offers the rest instead of stopping silently.
    const open = await server.store.db.selectFrom('exit_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const households = await server.store.db.selectFrom('household').select('id').where('village_code', 'like', '610902%').where('status', '=', 'poor').orderBy('id').limit(Math.max(0, 101 - Number(open.n))).execute();
    expect(households.length + Number(open.n)).toBe(101);
    for (const h of households) await ctx.exitCases.open(principal, { kind: 'household', householdId: h.id, householdNo: null, regionCode: null, year: 2019, noticeDays: 7 });
    // The case list names the step and exports the ledger with this case in it.
    await county.goto(`${server.url}/exit-cases`);
    await county.getByTestId('exit-cases-table').locator('tbody tr.ant-table-row').first().waitFor();
    await county.getByTestId('cases-more').click();
    await expect.poll(async () => county.getByTestId('cases-more').count()).toBe(0);
    const ledger = await county.request.get(`${server.url}${(await county.getByTestId('export-cases').getAttribute('href')) ?? ''}`);
    expect(ledger.status()).toBe(200);
    expect(ledger.headers()['content-type']).toContain('spreadsheetml');
    await county.close();
  });

  it('a town officer reads the sample plans without a draw form its town cannot use', async () => {
    const page = await signIn(server.users.town);
    await page.goto(`${server.url}/sampling`);
    await page.getByTestId('sampling-title').waitFor();
    await page.locator('.ant-table').waitFor();
    expect(await page.getByTestId('draw').count()).toBe(0);
    await page.close();
  });

  it('an inspector draws a sample from a seed, enters findings and sees the three rates', async () => {
    const page = await signIn(server.users.inspector);
    await page.goto(`${server.url}/sampling`);
    // The county is chosen by name among the inspector's counties, not typed as a code.
    await page.getByTestId('draw-county').click();
    await page.keyboard.type('汉滨');
    await page.locator('.ant-select-item-option[title="汉滨区"]').click();
    await page.getByTestId('draw-year').fill('2019');
    await page.getByTestId('draw-seed').fill('20191208');
    await page.getByTestId('draw-towns').fill('6');
    await page.getByTestId('draw-villages').fill('3');
    await page.getByTestId('draw-exited').fill('3');
    await page.getByTestId('draw-unregistered').fill('1');
    await page.getByTestId('draw').click();
    await page.getByTestId('plan-title').waitFor();
    expect(await page.getByTestId('plan-seed').textContent()).toContain('20191208');
    expect(await page.getByTestId('plan-method').textContent()).toContain('种子 20191208');
    expect(await page.getByTestId('rate-wrongExitRate-value').textContent()).toBe('—');

    const wrong = page.locator('[data-testid^="wrong-"]');
    const exitedCount = await wrong.count();
    expect(exitedCount).toBeGreaterThan(1);
    await wrong.first().check();
    const recognises = page.locator('[data-testid^="recognises-"]');
    for (let i = 0; i < exitedCount; i++) await recognises.nth(i).getByText(i === 0 ? '否' : '是', { exact: true }).click();
    // Unregistered households: the inspector enters how many people live there.
    const unregisteredRows = page.locator('tr').filter({ has: page.locator('[data-testid^="missed-"]') });
    const unregCount = await unregisteredRows.count();
    expect(unregCount).toBeGreaterThan(0);
    for (let i = 0; i < unregCount; i++) await unregisteredRows.nth(i).locator('[data-testid^="people-"]').fill('4');
    await page.getByTestId('save-findings').click();
    await expect.poll(async () => page.getByTestId('rate-wrongExitRate-value').textContent()).not.toBe('—');
    expect(await page.getByTestId('rate-recognitionRate').textContent()).toContain(`${exitedCount - 1} / ${exitedCount}`);
    expect(await page.getByTestId('rate-missedPoorRate-value').textContent()).toBe('0.00%');
    expect(await page.getByTestId('rate-wrongExitRate').textContent()).toContain('Wilson 95%');
    await page.getByTestId('simulate').click();
    await page.getByTestId('simulation').waitFor();
    await page.screenshot({ path: `${shots}/sample-plan.png`, fullPage: true });
    await page.close();
  }, 300_000);
});
