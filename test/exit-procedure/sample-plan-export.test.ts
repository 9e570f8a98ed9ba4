// A sample plan as a field workbook through the API, on both databases: the parameters that make
// the draw reproducible, the drawn villages and households in draw order with names and labels,
// ID numbers as text and masked for an inspector, and a plan out of scope refused.
import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/domain/id-number.js';
import { apiWorld } from '../helpers/api-fixture.js';
import { dialects } from '../helpers/stores.js';
import { readWorkbook } from '../http/helpers.js';

const county = '610902000000';

describe.each(dialects)('sample plan workbook on %s', (dialect) => {
  const world = apiWorld(dialect, {
    under: county,
    households: 400,
    seed: 21,
    now: new Date('2019-10-01T03:00:00Z'),
    users: async (store) => {
      const other = await store.db.selectFrom('household').select('village_code').orderBy('id', 'desc').executeTakeFirstOrThrow();
      return [['county', 'regionAdmin', county], ['inspector', 'inspector', county], ['othertown', 'regionAdmin', `${other.village_code.slice(0, 9)}000`]];
    },
  });
  const book = async (who: string, url: string) => readWorkbook(await world().as[who]!.request('GET', url));

  it('exports the plan, its villages and households in draw order; masks ID numbers per role; refuses out of scope', async () => {
    const params = { towns: 2, villagesPerTown: 2, exitedPerVillage: 2, poorPerVillage: 1, unregisteredPerVillage: 1 };
    const drawn = await world().as['inspector']!.request('POST', '/api/v1/sample-plans', { name: '2019 年抽样核查', countyCode: '610902', year: 2019, seed: 9, params });
    expect(drawn.status, drawn.body).toBe(201);
    const id: number = drawn.json().id;
    const plan = (await world().as['inspector']!.request('GET', `/api/v1/sample-plans/${id}`)).json();
    const url = `/api/v1/sample-plans/${id}/export.xlsx`;

    const wb = await book('inspector', url);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['抽样方案', '抽中村', '抽中户']);
    const about = wb.getWorksheet('抽样方案')!;
    expect(about.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const value = (label: string) => about.getColumn(1).values.indexOf(label);
    expect(about.getRow(value('随机种子')).getCell(2).value).toBe(9);
    expect(about.getRow(value('县（区）')).getCell(2).value).toBe('汉滨区（610902000000）');
    expect(about.getRow(value('每村抽取已脱贫户')).getCell(2).value).toBe('2 户');
    expect(about.getRow(value('抽样人')).getCell(2).value).toBe('inspector名（inspector）');
    expect(about.getRow(value('抽样时间')).getCell(2).value).toBe('2019-10-01 11:00（北京时间）');
    expect(about.getRow(value('抽样方法')).getCell(2).value).toBe(plan.plan.method);

    const villages = wb.getWorksheet('抽中村')!;
    expect(villages.getRow(1).values).toEqual([undefined, '序号', '县（区）', '乡镇', '村', '村代码', '已脱贫户', '未脱贫户', '非建档立卡户']);
    const first = plan.items[0];
    expect(villages.getRow(2).values).toEqual([undefined, 1, '汉滨区', first.townName, first.villageName, first.villageCode, ...[2, 3, 4].map(() => expect.any(Number))]);
    expect(villages.rowCount - 1).toBe(new Set(plan.items.map((i: { villageCode: string }) => i.villageCode)).size);

    const households = wb.getWorksheet('抽中户')!;
    expect(households.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(households.getRow(1).getCell(8).value).toBe('户主身份证号');
    expect(households.rowCount - 1).toBe(plan.items.length);
    // Draw order is the page's order: the household numbers read down the sheet as the plan lists them.
    expect(households.getColumn(6).values.slice(2)).toEqual(plan.items.map((i: { householdNo: string | null; slotNo: number }) => i.householdNo ?? `现场随机第 ${i.slotNo} 户`));
    const line = plan.items.findIndex((i: { householdId: number | null }) => i.householdId !== null) + 2;
    const householdId: number = plan.items[line - 2].householdId;
    const head = await world().store.db.selectFrom('member').select(['name', 'id_number']).where('household_id', '=', householdId).where('relation', '=', 'head').executeTakeFirstOrThrow();
    const row = households.getRow(line);
    expect(row.getCell(7).value).toBe(head.name);
    expect(row.getCell(8).value).toBe(maskIdNumber(head.id_number));
    expect(['已脱贫', '贫困', '返贫']).toContain(row.getCell(9).value);
    expect(row.getCell(5).value).toMatch(/^(已脱贫户|未脱贫户)$/);

    // A role that matches people sees the ID number in clear, still as text.
    const clear = (await book('county', url)).getWorksheet('抽中户')!.getRow(line).getCell(8).value;
    expect(clear).toBe(head.id_number);

    expect((await world().as['othertown']!.request('GET', url)).status).toBe(404);
    expect((await world().app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });
});
