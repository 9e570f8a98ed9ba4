// Assistance in a real browser: a cadre on a phone-sized screen sees the households due a visit,
// records one with a follow-up, closes it and updates a plan; a town officer sees coverage,
// generic-measure findings and survey rates per village; a county officer starts a survey over an
// inspection's sample and adds, edits and retires measures of the catalogue; a retired measure
// stays in the plan that has it but is not offered anew. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInAs } from '../helpers/browser.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { composeApp } from '../../src/app/compose.js';
import { createSamplingService } from '../../src/app/sampling.js';
import { synthesizeAssistanceData } from '../../src/app/assistance-synth.js';
import { webDist } from '../../src/app/paths.js';
import type { Principal } from '../../src/domain/access.js';
import { addDays } from '../../src/domain/dates.js';
import { startTestServer, type TestServer } from '../../src/http/test-server.js';
import { systemClock, thisYear } from '../../src/app/clock.js';

const shots = 'test-artifacts/screenshots';
const county = '610902000000';
const phone = { width: 390, height: 844 };

let server: TestServer;
let browser: Browser;
let genericVillage = '';
const cadreAccount = { username: 'cadre1', password: 'Test-cadre1-pass1' };
const townAccount = { username: 'town2', password: 'Test-town2-pass1' };
const countyAccount = { username: 'county1', password: 'Test-county1-pass1' };
let ctx: ReturnType<typeof composeApp>;
const admin: Principal = { userId: 0, username: 'test', role: 'admin', regionCode: '610000000000', department: null };
const plans = { drawn: { id: 0, name: '2019 年退出抽样核查（浏览器）' }, empty: { id: 0, name: '只抽非建档户（浏览器）' } };

beforeAll(async () => {
  if (!existsSync(`${webDist()}/index.html`)) throw new Error('web/dist is missing: run npm run build first');
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ households: 400 });
  ctx = composeApp(server.store);
  await ctx.auth.createUser('test', { username: cadreAccount.username, displayName: '驻村干部', role: 'workTeam', region: county, department: null, password: cadreAccount.password });
  await synthesizeAssistanceData({ store: server.store, clock: ctx.clock }, 'test', { county, seed: 11, linkUsername: cadreAccount.username });
  // One village gives the same measure whatever the cause: the finding its town officer must see.
  const rows = await server.store.db.selectFrom('household').select(['id', 'village_code', 'main_cause']).where('status', '<>', 'removed').orderBy('id').execute();
  const byVillage = new Map<string, typeof rows>();
  for (const r of rows) byVillage.set(r.village_code, [...(byVillage.get(r.village_code) ?? []), r]);
  const [code, list] = [...byVillage.entries()].find(([, l]) => l.length >= 3 && new Set(l.map((x) => x.main_cause)).size >= 2) ?? ['', []];
  genericVillage = code;
  await ctx.auth.createUser('test', { username: townAccount.username, displayName: '乡镇干部', role: 'regionAdmin', region: `${code.slice(0, 9)}000`, department: null, password: townAccount.password });
  const year = thisYear(systemClock);
  for (const h of list) await ctx.assistance.service.savePlan(admin, { householdId: h.id, year, expectedVersion: null, measures: [{ measure: 'industrySubsidy', amountFen: 100000, status: 'done', note: '' }] });
  await ctx.auth.createUser('test', { username: countyAccount.username, displayName: '区扶贫办', role: 'regionAdmin', region: county, department: null, password: countyAccount.password });
  const sampling = createSamplingService({ store: server.store, clock: ctx.clock });
  const draw = (name: string, perVillage: number) => sampling.draw(admin, { name, countyCode: county, year: 2019, seed: 8, params: { towns: 2, villagesPerTown: 2, exitedPerVillage: perVillage, poorPerVillage: perVillage, unregisteredPerVillage: 1 } });
  plans.drawn.id = (await draw(plans.drawn.name, 2)).id;
  plans.empty.id = (await draw(plans.empty.name, 0)).id;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(account: { username: string; password: string }, viewport = { width: 1366, height: 860 }): Promise<Page> {
  return signInAs(browser, server.url, account, { viewport });
}

/** Both catalogue forms: a name the catalogue has is refused naming its code; then `good` is saved. */
async function refusedThenSaved(page: Page, form: { name: string; submit: Locator; error: string }, good: string, saved: string): Promise<void> {
  await page.getByTestId(form.name).fill('技能培训');
  await form.submit.click();
  expect(await page.getByTestId(form.error).textContent()).toContain('措施名称“技能培训”已存在（代码 skillsTraining）');
  await page.getByTestId(form.name).fill(good);
  await form.submit.click();
  await page.getByText(saved).waitFor();
  await expect.poll(async () => page.getByTestId('measures-table').textContent()).toContain(good);
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
    // The follow-up is due a week after the visit unless the cadre picks another day.
    const visitDate = await page.getByTestId('visit-date').inputValue();
    expect(await page.getByTestId('followup-due').inputValue()).toBe(addDays(visitDate, 7));
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
    const followUp = await server.store.db.selectFrom('visit_follow_up').select('due_date').where('household_id', '=', h.id).where('text', '=', '协调办理慢性病卡').executeTakeFirstOrThrow();
    expect(followUp.due_date).toBe(addDays(visitDate, 7));
    await page.close();
  }, 120_000);

  it('an inspector reads a cadre’s worklist and plans without a button the server would refuse', async () => {
    const cadre = await server.store.db.selectFrom('cadre').select('id').where('username', '=', cadreAccount.username).executeTakeFirstOrThrow();
    const page = await signIn(server.users.inspector, phone);
    await page.goto(`${server.url}/assistance/worklist?cadre=${cadre.id}`);
    await page.getByTestId('worklist-title').waitFor();
    // Not 'my households': the inspector reads a cadre's.
    expect(await page.getByTestId('worklist-title').textContent()).toMatch(/^干部帮扶户 · /);
    const card = page.locator('[data-testid^="household-"]').first();
    const no = ((await card.getAttribute('data-testid')) ?? '').replace('household-', '');
    expect(await page.locator('[data-testid^="visit-"]').count()).toBe(0);
    await page.getByTestId('tab-followups').click();
    expect(await page.locator('[data-testid^="followup-done-"]').count()).toBe(0);
    await page.getByRole('tab', { name: /帮扶户/ }).click();
    await page.getByTestId(`plan-${no}`).click();
    await page.getByTestId('plan-editor').waitFor();
    expect(await page.getByTestId('plan-save').count()).toBe(0);
    expect(await page.getByTestId('plan-add').count()).toBe(0);
    await page.screenshot({ path: `${shots}/assistance-plan-inspector.png` });
    await page.close();
  });

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
    // The table leaves as a workbook with as many village rows as the page lists.
    const rows = await page.locator('[data-testid="villages-table"] tbody tr.ant-table-row').count();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await page.request.get(`${server.url}${(await page.getByTestId('export-overview').getAttribute('href')) ?? ''}`)).body());
    const sheet = book.getWorksheet('村级帮扶情况');
    const villageRows = (sheet?.getColumn(2).values ?? []).filter((v) => typeof v === 'string' && /^\d{12}$/.test(v)).length;
    expect(villageRows).toBeGreaterThanOrEqual(rows);
    await page.close();
  }, 120_000);

  it('a county officer starts a survey over an inspection sample and sees answered of sampled households', async () => {
    const page = await signIn(countyAccount);
    await page.goto(`${server.url}/assistance?region=${county}`);
    await page.getByTestId('open-surveys').click();
    await page.getByTestId('surveys-title').waitFor();
    const choosePlan = async (name: string) => {
      await page.getByTestId('survey-sample-plan').click();
      await page.locator('.ant-select-item-option', { hasText: name }).click();
    };
    await page.getByTestId('survey-name').fill('抽样满意度调查（浏览器）');
    // The survey covers the region chosen in the tree, named; with a sample, the plan's county.
    await expect.poll(async () => page.getByTestId('survey-region').textContent()).toBe('汉滨区');
    await choosePlan(plans.empty.name);
    await expect.poll(async () => page.getByTestId('survey-region').textContent()).toBe('使用样本时为该计划所在县');
    await page.getByTestId('survey-create').click();
    expect(await page.getByTestId('survey-error').textContent()).toContain(`抽样核查计划“${plans.empty.name}”还没有抽中建档立卡户`);
    await choosePlan(plans.drawn.name);
    await page.getByTestId('survey-create').click();
    const sampled = await server.store.db.selectFrom('sample_item').select(['household_id']).where('plan_id', '=', plans.drawn.id).where('household_id', 'is not', null).execute();
    await page.getByTestId('survey-sample').waitFor();
    expect(await page.getByTestId('survey-sample').textContent()).toBe(`样本：抽样核查计划 ${plans.drawn.id}“${plans.drawn.name}”，抽中 ${sampled.length} 户，已答 0 户`);
    const survey = await server.store.db.selectFrom('survey').select(['id', 'sample_plan_id']).where('name', '=', '抽样满意度调查（浏览器）').executeTakeFirstOrThrow();
    expect(survey.sample_plan_id).toBe(plans.drawn.id);
    const first = sampled[0]?.household_id;
    if (!first) throw new Error('nothing sampled');
    await ctx.assistance.surveys.answer(admin, survey.id, [{ householdId: first, answers: { cadre: 'satisfied', measures: 'unsatisfied' } }]);
    await page.reload();
    await page.getByTestId('survey-sample').waitFor();
    expect(await page.getByTestId('survey-sample').textContent()).toContain('已答 1 户');
    expect(await page.getByTestId('survey-villages').textContent()).toMatch(new RegExp(`1 / \\d+50\\.00% 低于80%·问责`));
    expect(await page.getByTestId('surveys-table').textContent()).toContain(plans.drawn.name);
    // The survey's region by name, as officials know it, not its 12-digit code.
    await expect.poll(async () => (await page.getByTestId('surveys-table').textContent()) ?? '').toContain('汉滨区');
    expect(await page.getByTestId('surveys-table').textContent()).not.toMatch(/\d{12}/);
    await page.screenshot({ path: `${shots}/assistance-survey-sample.png`, fullPage: true });
    await page.close();
    // A town officer reads the county's survey: the county is named without asking for it
    // directly, which the server refuses a town (403, an error in the console).
    const town = await signIn(townAccount);
    const refused: string[] = [];
    town.on('response', (r) => { if (r.status() === 403) refused.push(r.url()); });
    await town.goto(`${server.url}/assistance/surveys`);
    await town.getByTestId('surveys-table').waitFor();
    await expect.poll(async () => (await town.getByTestId('surveys-table').textContent()) ?? '').toContain('汉滨区');
    expect(refused).toEqual([]);
    await town.close();
  }, 120_000);

  it('a county officer adds a measure to the catalogue; a duplicate name is refused; a town officer has no form', async () => {
    const page = await signIn(countyAccount);
    await page.goto(`${server.url}/assistance/measures`);
    await page.getByTestId('measures-title').waitFor();
    await expect.poll(async () => page.getByTestId('measures-table').textContent()).toContain('产业奖补');
    const pick = async (testId: string, text: string) => {
      await page.getByTestId(testId).click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };
    await page.getByTestId('measure-code').fill('oilTeaJob');
    await pick('measure-category', '就业');
    await pick('measure-five-batch', '发展生产');
    await pick('measure-causes', '缺技术');
    await page.keyboard.press('Escape');
    await refusedThenSaved(page, { name: 'measure-name', submit: page.getByTestId('measure-add'), error: 'measure-error' }, '油茶基地务工', '已增加帮扶措施');
    const row = await server.store.db.selectFrom('assistance_measure').selectAll().where('code', '=', 'oilTeaJob').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ zh: '油茶基地务工', category: 'employment', five_batch: 'production', causes: 'lackSkills' });
    await page.screenshot({ path: `${shots}/assistance-measures.png`, fullPage: true });
    await page.close();
    const town = await signIn(townAccount);
    await town.goto(`${server.url}/assistance/measures`);
    await expect.poll(async () => town.getByTestId('measures-table').textContent()).toContain('油茶基地务工');
    expect(await town.getByTestId('measure-add').count()).toBe(0);
    await town.close();
  }, 120_000);

  it('a county officer edits and retires a measure; the plan that has it keeps it, new entries are not offered it', async () => {
    // A household of the cadre's with the measure about to be retired in this year's plan.
    const pairing = await server.store.db.selectFrom('cadre_pairing as p').innerJoin('cadre as c', 'c.id', 'p.cadre_id').innerJoin('household as h', 'h.id', 'p.household_id').select(['h.id', 'h.household_no']).where('c.username', '=', cadreAccount.username).where('p.to_date', 'is', null).orderBy('h.id').executeTakeFirstOrThrow();
    await ctx.assistance.service.savePlan(admin, { householdId: pairing.id, year: thisYear(systemClock), expectedVersion: null, measures: [{ measure: 'roadAccess', amountFen: 50000, status: 'planned', note: '' }] });
    const page = await signIn(countyAccount);
    await page.goto(`${server.url}/assistance/measures`);
    await expect.poll(async () => page.getByTestId('measures-table').textContent()).toContain('生态护林员');
    await page.getByTestId('measure-edit-ecoRanger').click();
    await refusedThenSaved(page, { name: 'measure-edit-name', submit: page.locator('#measure-edit-save'), error: 'measure-edit-error' }, '生态护林员（公益岗位）', '已保存帮扶措施');
    expect((await server.store.db.selectFrom('assistance_measure').select('zh').where('code', '=', 'ecoRanger').executeTakeFirstOrThrow()).zh).toBe('生态护林员（公益岗位）');
    // The only measure for a cause warns before it goes; one whose causes others answer does not.
    await page.getByTestId('measure-retire-educationGrant').click();
    expect(await page.getByTestId('retire-uncovered').textContent()).toContain('因学');
    await page.locator('.ant-popconfirm .ant-btn:not(.ant-btn-primary)').click();
    await page.getByTestId('measure-retire-roadAccess').click();
    await page.locator('.ant-popconfirm:visible').last().waitFor();
    await expect.poll(() => page.locator('[data-testid="retire-uncovered"]:visible').count()).toBe(0);
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    const row = page.locator('tr[data-row-key="roadAccess"]');
    await row.getByTestId('retired-tag').waitFor();
    expect(await row.getByTestId('retired-tag').textContent()).toBe('已停用');
    expect((await server.store.db.selectFrom('assistance_measure').select('active').where('code', '=', 'roadAccess').executeTakeFirstOrThrow()).active).toBe(0);
    await page.screenshot({ path: `${shots}/assistance-measures-retired.png`, fullPage: true });
    // The cadre's plan shows the retired measure where it was given; a new entry cannot pick it.
    const cadre = await signIn(cadreAccount);
    await cadre.goto(`${server.url}/assistance/worklist`);
    await cadre.getByTestId(`plan-${pairing.household_no}`).click();
    await cadre.getByTestId('plan-editor').waitFor();
    expect(await cadre.getByTestId('plan-measure-0').textContent()).toContain('通组入户道路（已停用）');
    await cadre.getByTestId('plan-add').click();
    await cadre.getByTestId('plan-measure-1').click();
    await cadre.keyboard.type('通组入户道路');
    await cadre.locator('.ant-select-item-option-disabled', { hasText: '通组入户道路' }).waitFor();
    await cadre.keyboard.press('Escape');
    await cadre.getByTestId('plan-save').click();
    await cadre.getByText('计划已保存').waitFor();
    await cadre.close();
    await page.getByTestId('measure-reactivate-roadAccess').click();
    await page.getByText('已恢复帮扶措施').waitFor();
    await expect.poll(async () => row.getByTestId('retired-tag').count()).toBe(0);
    await page.close();
  }, 120_000);
});
