import { describe, expect, it } from 'vitest';
import type { RawCell } from './cells.js';
import { issueAt, WorkbookAssembler } from './assemble.js';
import { detectLayout } from './header.js';

const row = (...cells: RawCell[]): RawCell[] => [null, ...cells];

describe('gathering rows into households', () => {
  it('skips the signature and totals lines written under the table in the household number column', () => {
    // Our own template puts 户编号 in column A, where officials write who filled the form in.
    const layout = detectLayout([row('户编号', '村代码', '识别标准', '识别年度', '贫困户属性', '主要致贫原因')]);
    if (!layout) throw new Error('no layout');
    const a = new WorkbookAssembler();
    expect(a.addRow('户表', layout, 2, row('6109020022059001', '610902002205', '国家标准', 2016, '一般贫困户', '因病'))).toBe(true);
    expect(a.addRow('户表', layout, 4, row('填表人：张三', null, '审核人：李四', '日期：2019.12'))).toBe(false);
    expect(a.addRow('户表', layout, 5, row('合计', null, null, null, '4 户', '4 户'))).toBe(false);
    expect([...a.households.keys()]).toEqual(['6109020022059001']);
    expect(a.orphanIssues).toEqual([]);
  });

  it('still reports a data row whose household number is missing', () => {
    const layout = detectLayout([row('户编号', '村代码', '识别标准', '识别年度', '贫困户属性', '主要致贫原因')]);
    if (!layout) throw new Error('no layout');
    const a = new WorkbookAssembler();
    expect(a.addRow('户表', layout, 2, row(null, '610902002205', '国家标准', 2016, '一般贫困户', '因病'))).toBe(true);
    expect(a.orphanIssues.map((i) => [i.row, i.column])).toEqual([[2, 'A']]);
  });
});

describe('an issue about a field the sheet has no column for', () => {
  it('says the column is missing and how to add it, instead of pointing at a cell', () => {
    const layout = detectLayout([row('户编号', '村代码', '识别年度', '贫困户属性', '主要致贫原因')]);
    if (!layout) throw new Error('no layout');
    const ref = { sheet: '户表', row: 2, layout };
    const e = { message: '识别标准不能为空', messageEn: 'identificationStandard is required', fix: '请从代码表中选择识别标准', fixEn: 'Choose identificationStandard from the code list' };
    const missing = issueAt(ref, '6109020022059001', 'identificationStandard', '', e);
    expect(missing).toMatchObject({ sheet: '户表', row: 2, column: null, message: '户表没有“识别标准”列：识别标准不能为空' });
    expect(missing.fix).toContain('加上“识别标准”列');
    expect(missing.fixEn).toContain('Add a "识别标准" column');
    // A column the sheet has keeps the cell's own message.
    expect(issueAt(ref, '6109020022059001', 'attribute', '', e)).toMatchObject({ column: 'D', message: '识别标准不能为空' });
  });
});
