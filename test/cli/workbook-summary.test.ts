import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/app/workbook/import.js';
import type { ImportIssue } from '../../src/domain/workbook/assemble.js';
import { importSummary, issueLine } from '../../src/cli/commands/workbook.js';

const issue = (over: Partial<ImportIssue>): ImportIssue => ({ sheet: '户表', row: 7, column: 'E', header: '主要致贫原因', field: 'mainCause', value: '残疾', householdNo: '6109020022059003', message: '“残疾”不是主要致贫原因的有效取值', messageEn: '"残疾" is not a value of mainCause', fix: '请从下拉列表中选择', fixEn: 'Choose from the drop-down list', ...over });

describe('the import summary on the command line', () => {
  it('names what each sheet was read as in Chinese, not by the program’s word for it', () => {
    const result: ImportResult = {
      batchId: 1, batchName: 'bad.xlsx@2020-06-30 16:00:00', status: 'invalid', fileName: 'bad.xlsx, bad.csv', fileSha256: 'ac063ed8c548fd33',
      counts: { households: 2, members: 3, incomes: 1, created: 0, updated: 0, unchanged: 0, rejected: 1, quarantined: 0 },
      sheets: [
        { file: 'bad.xlsx', sheet: '户表', kind: 'household', headerRow: 4, columns: [], ignored: [], rows: 4 },
        { file: 'bad.xlsx', sheet: '成员表', kind: 'member', headerRow: 2, columns: [], ignored: [], rows: 8 },
        { file: 'bad.xlsx', sheet: '收入表', kind: 'income', headerRow: 1, columns: [], ignored: [], rows: 4 },
        { file: 'bad.csv', sheet: 'bad', kind: 'flat', headerRow: 2, columns: [], ignored: [], rows: 2 },
        { file: 'bad.xlsx', sheet: '说明', kind: null, headerRow: null, columns: [], ignored: [], rows: 0 },
        { file: 'bad.xlsx', sheet: '收入明细', kind: null, headerRow: null, columns: [], ignored: [], rows: 0, unclassified: { headerRow: 2, known: ['户编号', '收入年度'], unknown: ['打工挣的'] } },
      ],
      issues: [issue({})],
    };
    const text = importSummary(result, 10);
    expect(text).toContain('户表：读作户表，表头在第 4 行');
    expect(text).toContain('bad：读作花名册（每人一行），表头在第 2 行');
    expect(text).toContain('说明：不是户表、成员表或收入表，已跳过');
    expect(text).toContain('收入明细：第 2 行的表头有户编号，但认不出是哪种表（见下方错误）');
    expect(text).not.toMatch(/household|member|income|flat/);
  });

  it('says a file without households holds none (the blank template), not only that it had no problems', () => {
    const counts = { households: 0, members: 0, incomes: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, quarantined: 0 };
    const empty: ImportResult = { batchId: 2, batchName: '模板.xlsx', status: 'validated', fileName: '模板.xlsx', fileSha256: 'ac063ed8c548fd33', counts, sheets: [], issues: [] };
    expect(importSummary(empty, 10)).toContain('文件中没有户的数据');
    expect(importSummary({ ...empty, counts: { ...counts, households: 1, unchanged: 1 } }, 10)).not.toContain('没有户的数据');
  });

  it('quotes a value once: not again after a message that already quotes it', () => {
    expect(issueLine(issue({}))).toBe('户表 第 7 行 E 列（主要致贫原因） [户 6109020022059003]：“残疾”不是主要致贫原因的有效取值。请从下拉列表中选择');
    expect(issueLine(issue({ message: '工资性收入最多两位小数', value: '1200.555' }))).toContain('工资性收入最多两位小数，内容“1200.555”。');
    expect(issueLine(issue({ field: 'villageCode', value: '610902002206', message: '村代码 610902002206 是“汉滨区 新城街道 九里村委会”，与所填的“早阳镇 九里村”不一致' }))).not.toContain('内容');
    // A sheet that is not read lists its header in the message; the value (the same names) is not added.
    const sheet = issue({ row: 2, column: null, header: null, field: 'sheet', value: '户编号、收入年度、打工挣的', message: '工作表“收入明细”第 2 行的表头有户编号……认出的列 户编号、收入年度；认不出的列 打工挣的' });
    expect(issueLine(sheet)).not.toContain('内容');
    expect(issueLine(issue({ message: '识别年度不能早于 2014 年', value: '13' }))).toContain('内容“13”');
  });
});
