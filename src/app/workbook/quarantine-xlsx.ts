// The households an import set aside (隔离户, `--accept-valid`) as a list to fix from: one row per
// problem with its household, the sheet (户表, 成员表 or 收入表), row and column of that problem, the
// value as read (ID numbers masked, as in every issue), the problem and the fix. The officer corrects those cells in the original file and
// imports it again: households already imported are unchanged and write nothing, the corrected
// ones are added. Kept from the database, so it is there long after the upload's report is gone.
// Each row says whether its household has since been registered (已登记) or is still to fix (待修正),
// by the rule of `quarantine.ts`.
import { businessDateTime } from '../../domain/dates.js';
import { XlsxBook } from '../xlsx-writer.js';
import type { QuarantineItem, QuarantineList } from './quarantine.js';

export interface QuarantineBatch {
  readonly id: number;
  readonly name: string;
  readonly file_name: string;
  readonly file_sha256: string;
  readonly actor: string;
  readonly created_at: string;
}

/** 已登记 or 待修正, as the list and the page say it. */
export function quarantineStatusZh(i: QuarantineItem): string {
  return i.resolved ? '已登记' : '待修正';
}

/** When and by what a resolved household was written: "2020-07-01 12:00 导入批次“X”（编号 7）" or "… 在系统中修改". */
export function resolvedByZh(i: QuarantineItem): string {
  if (!i.resolved || i.resolvedAt === null) return '';
  return `${businessDateTime(i.resolvedAt)} ${i.resolvedBatch ? `导入批次“${i.resolvedBatch.name}”（编号 ${i.resolvedBatch.id}）` : '在系统中修改'}`;
}

export function quarantineWorkbook(list: QuarantineList & { readonly batch: QuarantineBatch; readonly open: boolean }): Buffer {
  const { batch, open } = list;
  const book = new XlsxBook();
  book.addAboutSheet('说明', [
    ['导入批次', `${batch.name}（编号 ${batch.id}）`],
    ['文件', batch.file_name],
    ['文件 SHA-256', batch.file_sha256],
    ['导入人', batch.actor],
    ['导入时间（北京时间）', businessDateTime(batch.created_at)],
    ['隔离户数', list.total],
    ['其中已登记', list.resolved],
    ['其中待修正', list.outstanding],
    ['本表列出', open ? '只列待修正的户' : '全部隔离户'],
    ['问题数', list.items.reduce((n, x) => n + Math.max(1, x.issues.length), 0)],
    ['已登记', '本批次结束之后，后来的导入认定该户编号的户无误（新增、修改，或与已登记的相同而无需写入），或在系统中修改过它。试导入和整批未写入的导入不算。'],
    ['怎么做', '按“隔离户问题”表逐条修改原文件中对应的单元格，然后重新导入原文件：已导入的户没有变化，不会重复写入；改好的户会被导入。'],
  ]);
  const sheet = book.addSheet('隔离户问题', [20, 8, 10, 8, 6, 16, 22, 44, 40, 36]);
  sheet.addRow(['户编号', '状态', '工作表', '行', '列', '表头', '单元格的值', '问题', '修改建议', '登记情况'], 'bold');
  sheet.freezeRows(1);
  for (const h of list.items) {
    const status = quarantineStatusZh(h);
    const by = resolvedByZh(h);
    // A household is set aside for at least one problem; an empty list still names it.
    if (h.issues.length === 0) sheet.addRow([h.householdNo, status, h.sheet, h.row, '', '', '', '', '', by]);
    for (const i of h.issues) sheet.addRow([i.householdNo ?? h.householdNo, status, i.sheet || h.sheet, i.row ?? h.row, i.column ?? '', i.header ?? '', i.value, i.message, i.fix, by]);
  }
  return book.toBuffer();
}
