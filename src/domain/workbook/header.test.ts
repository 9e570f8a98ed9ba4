import { describe, expect, it } from 'vitest';
import type { RawCell } from './cells.js';
import { headerKey, householdColumns, incomeColumns, memberColumns } from './columns.js';
import { detectLayout, isFillerRow, unclassifiedHeader } from './header.js';

const row = (...cells: RawCell[]): RawCell[] => [null, ...cells];

describe('header detection', () => {
  it('finds a one-row header under title rows', () => {
    const layout = detectLayout([row('某村贫困户花名册'), row('填报日期：2019年'), row('户编号', '村代码', '识别标准', '贫困户属性', '主要致贫原因'), row('1', '610902100001', '国家标准', '01', '因病')]);
    expect(layout).toMatchObject({ kind: 'household', headerRow: 3 });
    expect(layout?.columns.map((c) => c.spec.key)).toEqual(['householdNo', 'villageCode', 'identificationStandard', 'attribute', 'mainCause']);
  });

  it('joins a two-row header whose group title is merged over sub-headers', () => {
    const layout = detectLayout([row('户编号', '家庭成员', null, null, '贫困户属性', '致贫原因'), row(null, '姓名', '证件号码', '与户主关系', null, null)]);
    expect(layout).toMatchObject({ kind: 'flat', headerRow: 2 });
    expect(layout?.columns.find((c) => c.spec.key === 'idNumber')?.index).toBe(3);
  });

  it('gives up on sheets that name no registry columns, and skips column-number rows', () => {
    expect(detectLayout([row('说明'), row('请按模板填写')])).toBeNull();
    expect(isFillerRow(row('1', '2', '3', '4'))).toBe(true);
    expect(isFillerRow(row('1', '王', '3'))).toBe(false);
  });

  it('reads a year and a single amount as an income sheet, and a household sheet with a year and an amount stays a household sheet', () => {
    expect(detectLayout([row('户编号', '收入年度', '工资性收入'), row('1', '2020', '3000')])).toMatchObject({ kind: 'income', headerRow: 1 });
    expect(detectLayout([row('户编号', '村代码', '识别年度', '贫困户属性', '年度', '工资性收入')])).toMatchObject({ kind: 'household' });
    expect(detectLayout([row('户编号', '收入年度', '备注')])).toBeNull();
  });

  it('reads the income names county ledgers use (年份, 务工收入, 经营性收入, 低保收入, 养老金)', () => {
    const layout = detectLayout([row('户编号', '年份', '务工收入', '经营性收入', '生产经营支出', '低保收入', '养老金')]);
    expect(layout?.kind).toBe('income');
    expect(layout?.columns.map((c) => c.spec.key)).toEqual(['householdNo', 'year', 'wageIncome', 'productionIncome', 'productionCost', 'minimumLivingAllowance', 'pensionIncome']);
  });

  it('no alias names two columns', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const spec of [...householdColumns, ...memberColumns, ...incomeColumns]) {
      for (const name of [spec.zh, ...spec.aliases, spec.key]) {
        const key = headerKey(name);
        const other = owner.get(key);
        if (other !== undefined && other !== spec.key) clashes.push(`${name}: ${other} / ${spec.key}`);
        owner.set(key, other ?? spec.key);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('a header with the household number that tells no kind of sheet', () => {
  it('is described, with the columns known and unknown, so that the import can refuse it instead of skipping registry data', () => {
    const rows = [row('2019年收入台账'), row('户编号', '收入年度', '打工挣的', '种地挣的'), row('1', '2019', '3000', '200')];
    expect(detectLayout(rows)).toBeNull();
    expect(unclassifiedHeader(rows)).toEqual({ headerRow: 2, known: ['户编号', '收入年度'], unknown: ['打工挣的', '种地挣的'] });
  });

  it('is not a sheet with 户编号 and nothing only registry data has (the error list of a marked-up workbook, a list of cadres by household) nor one without 户编号', () => {
    expect(unclassifiedHeader([row('工作表', '行', '列', '列名', '户编号', '内容', '错误', '修改建议')])).toBeNull();
    expect(unclassifiedHeader([row('姓名', '身份证号', '备注')])).toBeNull();
    expect(unclassifiedHeader([row('户编号', '户主姓名', '帮扶责任人', '姓名', '联系电话')])).toBeNull();
    const members = [row('户编号', '身份证号', '称谓', '成员名')];
    expect(detectLayout(members)).toBeNull();
    expect(unclassifiedHeader(members)).toEqual({ headerRow: 1, known: ['户编号', '身份证号'], unknown: ['称谓', '成员名'] });
    expect(unclassifiedHeader([row('说明'), row('请按模板填写')])).toBeNull();
  });
});
