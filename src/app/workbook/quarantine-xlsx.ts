// The households an import set aside (隔离户, `--accept-valid`) as a list to fix from: one row per
// problem with its household, sheet, row, column, the value as read (ID numbers masked, as in every
// issue), the problem and the fix. The officer corrects those cells in the original file and
// imports it again: households already imported are unchanged and write nothing, the corrected
// ones are added. Kept from the database, so it is there long after the upload's report is gone.
import type { ImportIssue } from '../../domain/workbook/assemble.js';
import { businessDateTime } from '../../domain/dates.js';
import { readStoredIssues } from '../../domain/stored-issues.js';
import { XlsxBook } from '../xlsx-writer.js';

export interface QuarantineBatch {
  readonly id: number;
  readonly name: string;
  readonly file_name: string;
  readonly file_sha256: string;
  readonly actor: string;
  readonly created_at: string;
}

export interface QuarantinedHousehold {
  readonly household_no: string;
  readonly sheet: string;
  readonly row_number: number | null;
  readonly issues_json: string;
}

export function quarantineWorkbook(batch: QuarantineBatch, households: readonly QuarantinedHousehold[]): Buffer {
  const book = new XlsxBook();
  const issues = households.map((h) => ({ h, issues: readStoredIssues(h.issues_json) as ImportIssue[] }));
  book.addAboutSheet('说明', [
    ['导入批次', `${batch.name}（编号 ${batch.id}）`],
    ['文件', batch.file_name],
    ['文件 SHA-256', batch.file_sha256],
    ['导入人', batch.actor],
    ['导入时间（北京时间）', businessDateTime(batch.created_at)],
    ['隔离户数', households.length],
    ['问题数', issues.reduce((n, x) => n + Math.max(1, x.issues.length), 0)],
    ['怎么做', '按“隔离户问题”表逐条修改原文件中对应的单元格，然后重新导入原文件：已导入的户没有变化，不会重复写入；改好的户会被导入。'],
  ]);
  const sheet = book.addSheet('隔离户问题', [20, 10, 8, 6, 16, 22, 44, 40]);
  sheet.addRow(['户编号', '工作表', '行', '列', '表头', '单元格的值', '问题', '修改建议'], 'bold');
  sheet.freezeRows(1);
  for (const { h, issues: list } of issues) {
    // A household is set aside for at least one problem; an empty list still names it.
    if (list.length === 0) sheet.addRow([h.household_no, h.sheet, h.row_number, '', '', '', '', '']);
    for (const i of list) sheet.addRow([i.householdNo ?? h.household_no, i.sheet || h.sheet, i.row ?? h.row_number, i.column ?? '', i.header ?? '', i.value, i.message, i.fix]);
  }
  return book.toBuffer();
}
