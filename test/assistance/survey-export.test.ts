// The survey page as a workbook through the API, on both databases: the surveys listed for a
// region with kinds and places named, a chosen survey's rates (total, towns, villages) with their
// flags, its questionnaire by question and option text, and another town refused.
import { describe, expect, it } from 'vitest';
import { apiWorld } from '../helpers/api-fixture.js';
import { dialects } from '../helpers/stores.js';
import { readWorkbook } from '../http/helpers.js';

const county = '610902000000';
const town = '610902101000';
const otherTown = '610902102000';

describe.each(dialects)('survey workbook on %s', (dialect) => {
  const world = apiWorld(dialect, { under: town, households: 40, seed: 4, now: new Date('2019-06-15T04:00:00Z'), users: async () => [['town', 'regionAdmin', town], ['county', 'regionAdmin', county], ['other', 'regionAdmin', otherTown]] });
  const as = (who: string) => world().as[who]!;

  it('exports the listed surveys and one survey\'s rates and questionnaire; refuses another town', async () => {
    const [h1, h2] = await world().store.db.selectFrom('household').select(['id', 'village_code']).where('status', '<>', 'removed').orderBy('id').limit(2).execute();
    const survey = await as('town').request('POST', '/api/v1/assistance/surveys', { kind: 'satisfaction', name: '2019 年满意度调查', regionCode: town, year: 2019 });
    expect(survey.status, survey.body).toBe(201);
    const id: number = survey.json().id;
    const answered = await as('town').request('POST', `/api/v1/assistance/surveys/${id}/responses`, { responses: [{ householdId: h1?.id, answers: { cadre: 'satisfied', measures: 'unsatisfied' } }, { householdId: h2?.id, answers: { cadre: 'fair' } }] });
    expect(answered.status, answered.body).toBe(201);
    // A county survey covers the town too, so the town's list shows it.
    expect((await as('county').request('POST', '/api/v1/assistance/surveys', { kind: 'awareness', name: '2019 年政策知晓率调查', regionCode: county, year: 2019 })).status).toBe(201);

    const wb = await readWorkbook(await as('town').request('GET', `/api/v1/assistance/surveys/export.xlsx?under=${town}&survey=${id}`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['调查', '调查结果', '问卷']);
    const list = wb.getWorksheet('调查')!;
    expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(list.getRow(1).values).toEqual([undefined, '编号', '调查名称', '调查类型', '年度', '调查范围', '区划代码', '使用的抽样样本']);
    const listed = (await as('town').request('GET', `/api/v1/assistance/surveys?under=${town}`)).json().items;
    expect(list.rowCount - 1).toBe(listed.length);
    const townName = (await world().store.db.selectFrom('region').select('name').where('code', '=', town).executeTakeFirstOrThrow()).name;
    const row = (name: string) => list.getRow(list.getColumn(2).values.indexOf(name)).values;
    expect(row('2019 年满意度调查')).toEqual([undefined, id, '2019 年满意度调查', '满意度调查', 2019, townName, town, '不限样本（本地区任意户）']);
    expect(row('2019 年政策知晓率调查')).toEqual([undefined, expect.any(Number), '2019 年政策知晓率调查', '政策知晓率调查', 2019, '汉滨区', county, '不限样本（本地区任意户）']);

    // Two positive answers of three: 66.67%, below 80%, as the page's tags say.
    const results = wb.getWorksheet('调查结果')!;
    expect(results.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(results.getRow(1).values).toEqual([undefined, '层级', '地区', '区划代码', '已回答户', '抽中户', '满意答案数', '答案总数', '比率', '评价']);
    expect(results.getRow(2).values).toEqual([undefined, '合计', townName, town, 2, undefined, 2, 3, '66.67%', '低于 80%，启动问责']);
    expect(results.getRow(3).values).toEqual([undefined, '乡镇', townName, town, 2, undefined, 2, 3, '66.67%', '低于 80%，启动问责']);
    const rates = (await as('town').request('GET', `/api/v1/assistance/surveys/${id}/rates?under=${town}`)).json();
    expect(results.getColumn(3).values.slice(4, 4 + rates.villages.length)).toEqual(rates.villages.map((v: { code: string }) => v.code));
    const village = rates.villages.find((v: { code: string }) => v.code === h1?.village_code);
    const line = results.getColumn(3).values.indexOf(village.code);
    expect(results.getRow(line).getCell(1).value).toBe('村');
    expect(results.getRow(line).getCell(2).value).toBe(village.name);

    const questions = wb.getWorksheet('问卷')!;
    expect(questions.getRow(1).values).toEqual([undefined, '序号', '问题', '选项', '计为满意']);
    expect(questions.getRow(2).values).toEqual([undefined, 1, '您对本村贫困户识别工作是否满意？', '满意', '是']);
    expect(questions.getRow(4).values).toEqual([undefined, 1, '您对本村贫困户识别工作是否满意？', '不满意', '否']);

    // Without a survey chosen, the list alone, as the page shows before a click.
    expect((await readWorkbook(await as('town').request('GET', `/api/v1/assistance/surveys/export.xlsx?under=${town}`))).worksheets.map((w) => w.name)).toEqual(['调查']);
    // Scope as the list and the rates: another town's region is forbidden, its survey not found.
    expect((await as('other').request('GET', `/api/v1/assistance/surveys/export.xlsx?under=${town}`)).status).toBe(403);
    expect((await as('other').request('GET', `/api/v1/assistance/surveys/export.xlsx?survey=${id}`)).status).toBe(404);
    expect((await world().app.inject({ method: 'GET', url: '/api/v1/assistance/surveys/export.xlsx' })).statusCode).toBe(401);
  });
});
