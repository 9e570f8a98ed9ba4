import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { ImportIssue } from '../../src/domain/workbook/assemble.js';
import { reportWorkbook } from '../../src/app/workbook/report.js';
import { templateWorkbook } from '../../src/app/workbook/template.js';

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

  it('keeps what the template gave the officer (drop-downs, frozen header, text ID column, header notes, hidden code sheet), and a second round marks only what is still wrong', async () => {
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.load(await templateWorkbook());
    const members = filled.getWorksheet('成员表')!;
    members.getCell('B2').value = '李四';
    members.getCell('C2').value = '610902198001011234';
    members.getCell('D2').value = '户主';
    const data = Buffer.from(await filled.xlsx.writeBuffer());
    const bad = (row: number, column: string) => ({ ...issue('成员表', row, column), header: '身份证号', field: 'idNumber' });

    const first = new ExcelJS.Workbook();
    await first.xlsx.load(await reportWorkbook([{ name: '模板.xlsx', data }], [bad(2, 'C'), { ...bad(3, 'C'), column: null }]));
    const sheet = first.getWorksheet('成员表')!;
    expect(sheet.getCell('C2').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(3).numFmt).toBe('@');
    expect(sheet.getCell('C1').note).toBe('必填');
    expect(Object.keys((Reflect.get(sheet, 'dataValidations') as { model: object }).model).length).toBeGreaterThan(0);
    expect(first.getWorksheet('代码表')?.state).toBe('hidden');
    expect(first.getWorksheet('错误清单')?.rowCount).toBe(3);

    // The officer fixed C2 in the copy and uploads the copy; only row 3 is still wrong.
    const again = Buffer.from(await first.xlsx.writeBuffer());
    const second = new ExcelJS.Workbook();
    await second.xlsx.load(await reportWorkbook([{ name: '模板.xlsx', data: again }], [{ ...bad(3, 'C'), column: null }]));
    const fixed = second.getWorksheet('成员表')!;
    expect(JSON.stringify(fixed.getCell('C2').fill ?? {})).not.toContain('FFFFC7CE');
    expect(fixed.getCell('C2').note).toBeUndefined();
    expect(fixed.getCell('A3').fill).toMatchObject({ fgColor: { argb: 'FFFFF2CC' } });
    expect(fixed.getCell('C1').note).toBe('必填');
    expect(second.worksheets.filter((w) => w.name === '错误清单')).toHaveLength(1);
    expect(second.getWorksheet('错误清单')?.rowCount).toBe(2);
  });

  it('marks only the bad cell, not every cell that shares its style (a text-formatted ID column)', async () => {
    // Three members typed into the template: their ID cells share the column's text format, which
    // exceljs reads back as one style object for all of them.
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.load(await templateWorkbook());
    const members = filled.getWorksheet('成员表')!;
    for (const [row, id] of [[2, '610902198001011234'], [3, '610902198001011235'], [4, '610902198001011236']] as const) {
      members.getCell(`A${row}`).value = '6109021072029901';
      members.getCell(`B${row}`).value = `成员${row}`;
      members.getCell(`C${row}`).value = id;
    }
    const data = Buffer.from(await filled.xlsx.writeBuffer());
    const report = await reportWorkbook([{ name: '模板.xlsx', data }], [{ ...issue('成员表', 3, 'C'), header: '身份证号', field: 'idNumber' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report);
    const sheet = wb.getWorksheet('成员表')!;
    expect(sheet.getCell('C3').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    const marked = ['A2', 'A3', 'A4', 'B2', 'B3', 'C2', 'C4', 'C5', 'C1'].filter((a) => JSON.stringify(sheet.getCell(a).fill ?? {}).includes('FFFFC7CE'));
    expect(marked).toEqual([]);
  });
});
