import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { ImportIssue } from '../../src/domain/workbook/assemble.js';
import { reportWorkbook } from '../../src/app/workbook/report.js';

const issue = (sheet: string, row: number, column: string): ImportIssue => ({ sheet, row, column, header: '主要致贫原因', field: 'mainCause', value: '残疾', householdNo: '610902002205901', message: '“残疾”不是主要致贫原因的有效取值', messageEn: '"残疾" is not a value of mainCause', fix: '请从下拉列表中选择', fixEn: 'Choose from the drop-down list' });

describe('the marked-up report', () => {
  it('copies a sheet with a merged title and merged group headers, keeping each merge', async () => {
    // The shape of a village form: a title merged over the table, a group title over two sub-headers.
    const source = new ExcelJS.Workbook();
    const ws = source.addWorksheet('户表');
    ws.mergeCells('A1:F1');
    ws.getCell('A1').value = '汉滨区XX村建档立卡贫困户基本信息表';
    ws.getRow(2).values = ['户编号', '村代码', '贫困户属性', '致贫原因', '', '识别年度'];
    ws.getRow(3).values = ['', '', '', '主要致贫原因', '其他致贫原因', ''];
    ws.mergeCells('D2:E2');
    ws.getRow(4).values = ['610902002205901', '610902002205', '一般贫困户', '残疾', '', 2016];
    const data = Buffer.from(await source.xlsx.writeBuffer());

    const report = await reportWorkbook([{ name: '户表.xlsx', data }], [issue('户表', 4, 'D')]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report);
    const copy = wb.getWorksheet('户表');
    expect(copy?.model.merges.sort()).toEqual(['A1:F1', 'D2:E2']);
    expect(copy?.getCell('D4').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(JSON.stringify(copy?.getCell('D4').note)).toContain('请从下拉列表中选择');
  });
});
