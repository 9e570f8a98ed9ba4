// Stored scoring on both databases: scheme versions, all-or-nothing imports naming unit and
// component, stored totals and ranks with their change, corrections, and the metrics computed
// from the system's own data.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/app/errors.js';
import { loadRegions } from '../../src/app/regions.js';
import { createScoringService, type ScoringService } from '../../src/app/scoring.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const schemeText = readFileSync(new URL('../../src/domain/scoring/schemes/shaanxi-county-quarter.yaml', import.meta.url), 'utf8');
const goodCsv = readFileSync(new URL('../fixtures/scoring/ankang-counties-2017.csv', import.meta.url));
const badCsv = readFileSync(new URL('../fixtures/scoring/ankang-counties-2017-bad.csv', import.meta.url));
const province = '610000000000';

async function failure(p: Promise<unknown>): Promise<ValidationFailed> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ValidationFailed) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe.each(dialects)('scoring service on %s', (dialect) => {
  let t: TestStore;
  let scoring: ScoringService;
  let now = new Date('2017-10-20T02:00:00Z');

  beforeAll(async () => {
    t = await createTestStore(dialect);
    scoring = createScoringService({ store: t.store, clock: { now: () => now } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('stores scheme versions; the same text again is a no-op, other text under the same version is refused', async () => {
    const first = await scoring.addScheme('province', { text: schemeText, fileName: 'county.yaml', ownerRegion: '61' });
    expect(first.created).toBe(true);
    expect(first.stored.row.owner_region).toBe(province);
    expect((await scoring.addScheme('province', { text: schemeText, fileName: 'county.yaml', ownerRegion: '61' })).created).toBe(false);
    const changed = schemeText.replace('rewardTop: 10', 'rewardTop: 5');
    const refused = await failure(scoring.addScheme('province', { text: changed, fileName: 'county.yaml', ownerRegion: '61' }));
    expect(refused.errors[0]?.message).toContain('已存在且内容不同');
    const next = await scoring.addScheme('province', { text: changed.replace('version: "2017.3"', 'version: "2017.4"'), fileName: 'county.yaml', ownerRegion: '61' });
    expect(next.stored.row.version).toBe('2017.4');
    const list = await scoring.listSchemes(() => true);
    expect(list).toHaveLength(1);
    expect(list[0]?.versions.map((v) => v.version)).toEqual(['2017.3', '2017.4']);
  });

  it('refuses a bad workbook naming unit and component, and stores nothing', async () => {
    const refused = await failure(scoring.importScores('province', 'shaanxi-county-quarter', { fileName: 'bad.csv', bytes: badCsv, version: '2017.3' }));
    const messages = refused.errors.map((e) => e.message).join('\n');
    expect(refused.errors.length).toBeGreaterThan(1);
    expect(messages).toMatch(/平利县（610926）“交叉检查”得分 101.00 超过满分 100.00/);
    expect(refused.errors.find((e) => e.message.includes('101.00'))).toMatchObject({ unitId: '610926', component: 'crossInspection', field: expect.stringContaining('610926 / crossInspection') });
    expect((await scoring.listSchemes(() => true))[0]?.periods).toEqual([]);
    expect(await scoring.storedResults('shaanxi-county-quarter', '2017-Q3')).toEqual([]);
  });

  it('imports two quarters and stores totals, ranks, peer ranks and the change against the previous quarter', async () => {
    const r = await scoring.importScores('province', 'shaanxi-county-quarter', { fileName: 'ankang.csv', bytes: goodCsv, version: '2017.3' });
    expect(r.periods).toEqual([{ period: '2017-Q2', units: 10 }, { period: '2017-Q3', units: 10 }]);
    const q3 = await scoring.storedResults('shaanxi-county-quarter', '2017-Q3');
    const pingli = q3.find((u) => u.unit_id === '610926');
    // 98.20 + (1.20 + 0.40) = 99.80, first; second in Q2 (96.80 + 1.10 + 0.30 = 98.20, behind Hanyin's 97.60 + 0.90 + 0.20 = 98.70).
    expect(pingli).toMatchObject({ total: 9980, rank: 1, previous_rank: 2, rank_change: 1, total_change: 160, region_code: '610926000000' });
    const baihe = q3.find((u) => u.unit_id === '610929');
    expect(baihe?.rank).toBe(10);
    expect(JSON.parse(baihe?.peer_ranks ?? '[]')).toEqual([{ groupId: 'deepPoverty', rank: 4, of: 4 }]);
    expect(q3.map((u) => u.rank)).toEqual([...q3.map((u) => u.rank)].sort((a, b) => a - b));
    const report = await scoring.report('shaanxi-county-quarter', '2017-Q3');
    expect(report.previous?.period).toBe('2017-Q2');
    expect(report.sample).toBe(false);
    const i = report.ranking.units.findIndex((u) => u.unitId === '610981');
    expect(report.explanationZh[i + 1]).toContain('旬阳县总分');
    expect(report.explanationZh[i + 1]).toContain('若无加分项');
    // The period traces to the sheet it came from, kept as imported.
    expect(report.imports).toEqual([expect.objectContaining({ kind: 'import', fileName: 'ankang.csv', rows: 10, importedBy: 'province', fileKept: true })]);
    const sheet = await scoring.importFile(report.imports[0]?.id ?? 0);
    expect(sheet).toMatchObject({ name: 'ankang.csv', size: goodCsv.length });
    const parts: Buffer[] = [];
    for await (const part of sheet.stream) parts.push(part as Buffer);
    expect(Buffer.concat(parts).equals(goodCsv)).toBe(true);
    expect(await scoring.importScheme(report.imports[0]?.id ?? 0)).toBe('shaanxi-county-quarter');
    expect(await scoring.importScheme(999_999)).toBeNull();
  });

  it('reads a CSV saved by Excel in a Chinese locale (GB18030) the same as UTF-8', async () => {
    const gb = iconv.encode(goodCsv.toString('utf8'), 'gb18030');
    expect(gb.equals(goodCsv)).toBe(false);
    const r = await scoring.importScores('province', 'shaanxi-county-quarter', { fileName: 'ankang-gbk.csv', bytes: gb, period: '2017-Q3', version: '2017.3' });
    expect(r.periods).toEqual([{ period: '2017-Q3', units: 10 }]);
    expect((await scoring.storedResults('shaanxi-county-quarter', '2017-Q3')).find((u) => u.unit_id === '610926')?.unit_name).toBe('平利县');
  });

  it('corrects one unit; a correction above the maximum is refused and changes nothing', async () => {
    const refused = await failure(scoring.updateUnit('province', 'shaanxi-county-quarter', '2017-Q3', '610929', { components: { crossInspection: 100.5, monthlyBulletin: 0.9 } }));
    expect(refused.errors[0]).toMatchObject({ unitId: '610929', component: 'crossInspection' });
    expect((await scoring.storedResults('shaanxi-county-quarter', '2017-Q3')).find((u) => u.unit_id === '610929')?.total).toBe(8640);
    now = new Date('2017-10-21T02:00:00Z');
    await scoring.updateUnit('province', 'shaanxi-county-quarter', '2017-Q3', '610929', { components: { crossInspection: 99, monthlyBulletin: 0.9 } });
    const after = await scoring.storedResults('shaanxi-county-quarter', '2017-Q3');
    expect(after.find((u) => u.unit_id === '610929')).toMatchObject({ rank: 1, total: 10000, previous_rank: 8, rank_change: 7 });
    // A correction by hand is a source of its own, with no sheet to give back.
    const sources = (await scoring.report('shaanxi-county-quarter', '2017-Q3')).imports;
    const entry = sources.find((x) => x.kind === 'entry');
    expect(entry).toMatchObject({ fileName: null, fileKept: false, importedBy: 'province' });
    await expect(scoring.importFile(entry?.id ?? 0)).rejects.toThrow('没有保存的得分表');
    expect(after.find((u) => u.unit_id === '610926')?.rank).toBe(2);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  it('scores counties from the share of problems closed on time and from registry completeness', async () => {
    await loadRegions(t.store, '610902');
    const metricScheme = `id: hanbin-data\nversion: "1"\nname: 汉滨区数据质量考核\nperiodType: quarter\nunitType: county\ncomponents:\n  - { id: onTime, name: 按期销号, max: 10, metric: rectificationOnTime }\n  - { id: complete, name: 信息完整, max: 20, metric: registryCompleteness }\n`;
    await scoring.addScheme('city', { text: metricScheme, fileName: 'm.yaml', ownerRegion: '610902' });
    const noData = await failure(scoring.computePeriod('city', 'hanbin-data', '2017-Q3'));
    expect(noData.errors.map((e) => e.message).join('\n')).toMatch(/汉滨区（610902）本期没有“整改问题按期销号率”的数据/);
    const db = t.store.db;
    const base = { problem_id: 1, batch_id: 1, unit_department: null, inherited: 0, result: null, submitted_at: null, closed_by: null, recheck_due: null, escalated_at: null, version: 1, updated_at: '2017-09-01T00:00:00Z' };
    await db.insertInto('rectification').values([
      { ...base, unit_region: '610902001000', status: 'closed', deadline: '2017-09-30', closed_at: '2017-09-30T09:00:00Z' },
      { ...base, unit_region: '610902000000', status: 'closed', deadline: '2017-08-31', closed_at: '2017-08-20T09:00:00Z' },
      { ...base, unit_region: '610902002000', status: 'closed', deadline: '2017-07-31', closed_at: '2017-08-02T09:00:00Z' },
      { ...base, unit_region: '610902002000', status: 'rectifying', deadline: '2017-12-31', closed_at: null },
    ]).execute();
    const households = [
      { phone: '13800000000', housing_safety_grade: 'A', housing_area: 80, house_structure: 'brick', road_type: 'cement', fuel_type: 'wood', arable_land_mu: 2 },
      { phone: null, housing_safety_grade: null, housing_area: null, house_structure: 'brick', road_type: null, fuel_type: null, arable_land_mu: null },
    ];
    await db.insertInto('household').values(households.map((h, i) => ({ ...h, household_no: `H${i}`, village_code: '610902001001', identification_standard: '2014', identified_year: 2014, attribute: 'general', main_cause: 'disease', other_causes: '', safe_drinking_water: 1, drinking_water_difficulty: 0, has_production_power: 1, has_domestic_power: 1, has_radio_tv: 1, has_sanitary_toilet: 0, joined_cooperative: 0, relocation_pending: 0, renovation_in_progress: 0, industry_project_pending: 0, status: 'poor', exit_year: null, member_count: 1, version: 1, updated_at: '2017-01-01T00:00:00Z' }))).execute();
    const r = await scoring.computePeriod('city', 'hanbin-data', '2017-Q3');
    expect(r.periods).toEqual([{ period: '2017-Q3', units: 1 }]);
    const report = await scoring.report('hanbin-data', '2017-Q3');
    const u = report.ranking.units[0];
    // 2 of 3 due in the quarter closed by their deadline: 66.6667% of 10 = 6.67; 8 of 14 fields filled: 57.14% of 20 = 11.43.
    expect(u?.values).toEqual({ onTime: 667, complete: 1143 });
    expect(u?.total).toBe(1810);
    // A correction recomputes the metric components rather than taking them as typed.
    await scoring.updateUnit('city', 'hanbin-data', '2017-Q3', '610902', {});
    expect((await scoring.report('hanbin-data', '2017-Q3')).ranking.units[0]?.values).toEqual({ onTime: 667, complete: 1143 });
    const typed = await failure(scoring.enterPeriod('city', 'hanbin-data', '2017-Q4', [{ unitId: '610902', unitName: '汉滨区', peerGroups: [], components: { onTime: 5, complete: 10 }, bonuses: {}, deductions: {}, vetoes: [] }]));
    expect(typed.errors[0]?.message).toContain('由系统数据');
  });

  it('scores counties from visit coverage, satisfaction answers and exits that went through the procedure', async () => {
    await loadRegions(t.store, '610921');
    const scheme = `id: hanyin-work\nversion: "1"\nname: 汉阴县帮扶工作考核\nperiodType: quarter\nunitType: county\ncomponents:\n  - { id: visits, name: 入户走访, max: 10, metric: visitCoverage }\n  - { id: satisfied, name: 满意度, max: 20, metric: satisfactionRate }\n  - { id: exits, name: 退出程序, max: 10, metric: exitCompleteness }\n`;
    await scoring.addScheme('city', { text: scheme, fileName: 'w.yaml', ownerRegion: '610921' });
    const noData = await failure(scoring.computePeriod('city', 'hanyin-work', '2019-Q4'));
    expect(noData.errors.map((e) => e.message).join('\n')).toMatch(/汉阴县（610921）本期没有“入户走访覆盖率”的数据/);
    const db = t.store.db;
    const zero = { people: 0, poor_households: 0, poor_people: 0, exited_households: 0, exited_people: 0, relapsed_households: 0, relapsed_people: 0, removed_people: 0 };
    await db.insertInto('village_stat').values([
      { ...zero, region_code: '610921001001', households: 4, removed_households: 0 },
      { ...zero, region_code: '610921001002', households: 2, removed_households: 1 },
    ]).execute();
    await db.insertInto('village_visit_period').values([
      { period: '2019-Q4', village_code: '610921001001', visited: 2 },
      { period: '2019-Q3', village_code: '610921001001', visited: 4 },
      { period: '2019-Q4', village_code: '610921001002', visited: 1 },
    ]).execute();
    const survey = (kind: string) => ({ kind, name: kind, region_code: '610921000000', year: 2019, questions_json: '[]', created_at: '2019-10-01T00:00:00Z', created_by: 'test' });
    const satisfaction = (await db.insertInto('survey').values(survey('satisfaction')).returning('id').executeTakeFirstOrThrow()).id;
    const awareness = (await db.insertInto('survey').values(survey('awareness')).returning('id').executeTakeFirstOrThrow()).id;
    const household = (no: string) => ({ household_no: no, village_code: '610921001001', identification_standard: '2014', identified_year: 2014, attribute: 'general', main_cause: 'disease', other_causes: '', phone: null, housing_safety_grade: null, housing_area: null, house_structure: null, road_type: null, fuel_type: null, arable_land_mu: null, safe_drinking_water: 1, drinking_water_difficulty: 0, has_production_power: 1, has_domestic_power: 1, has_radio_tv: 1, has_sanitary_toilet: 0, joined_cooperative: 0, relocation_pending: 0, renovation_in_progress: 0, industry_project_pending: 0, status: 'exited', exit_year: 2019, member_count: 1, version: 1, updated_at: '2019-01-01T00:00:00Z' });
    const ids: number[] = [];
    for (const no of ['W0', 'W1', 'W2']) ids.push((await db.insertInto('household').values(household(no)).returning('id').executeTakeFirstOrThrow()).id);
    const [w0 = 0, w1 = 0, w2 = 0] = ids;
    const answer = (surveyId: number, householdId: number, at: string, positive: number) => ({ survey_id: surveyId, household_id: householdId, village_code: '610921001001', answered_at: at, answers_json: '{}', positive, total: 10, created_by: 'test' });
    await db.insertInto('survey_response').values([
      answer(satisfaction, w0, '2019-11-02T03:00:00Z', 9),
      answer(satisfaction, w1, '2019-12-31T15:00:00Z', 7),
      answer(satisfaction, w2, '2020-01-02T03:00:00Z', 0),
      answer(awareness, w2, '2019-11-02T03:00:00Z', 0),
    ]).execute();
    const exited = (householdId: number, date: string) => ({ household_id: householdId, type: 'exited', date, reason: null, basis: null, actor: 'test' });
    await db.insertInto('status_event').values([exited(w0, '2019-10-15'), exited(w1, '2019-12-20'), exited(w2, '2019-07-01')]).execute();
    const exitCase = (householdId: number) => ({ kind: 'household', region_code: '610921001001', household_id: householdId, year: 2019, notice_days: 7, round: 1, status: 'closed', current_step: null, open_unit_key: null, opened_by: 'test', opened_at: '2019-09-01T00:00:00Z', closed_at: '2019-10-15T00:00:00Z', version: 1, updated_at: '2019-10-15T00:00:00Z' });
    await db.insertInto('exit_case').values([exitCase(w0), exitCase(w2)]).execute();
    await scoring.computePeriod('city', 'hanyin-work', '2019-Q4');
    const u = (await scoring.report('hanyin-work', '2019-Q4')).ranking.units[0];
    // 3 of 5 households visited in the quarter: 6.00 of 10; 16 of 20 answers satisfied: 16.00 of 20;
    // one of the quarter's two exits went through a closed exit case: 5.00 of 10.
    expect(u?.values).toEqual({ visits: 600, satisfied: 1600, exits: 500 });
    expect(u?.total).toBe(2700);
  });
});
