// The rectification list as a ledger (整改台账): the same filters as the list on screen, every page
// of it, unit and batch names rather than codes and ids, code labels in Chinese, the header frozen.
// Built with the small writer (xlsx-writer.ts), as the exit case ledger is.
import { codeLabel } from '../domain/code-lists.js';
import { rectificationLabel } from '../domain/rectification/code-lists.js';
import { daysBetween } from '../domain/rectification/schedule.js';
import type { RecordFilter } from '../store/rectification-views.js';
import type { RectificationViews } from './rectification-views.js';
import { XlsxBook } from './xlsx-writer.js';

export type RecordQuery = Omit<RecordFilter, 'limit' | 'afterId'>;
type ListNamed = RectificationViews['listNamed'];

const pageSize = 500;
const day = (at: string | null): string => at?.slice(0, 10) ?? '';

export async function rectificationLedger(list: ListNamed, q: RecordQuery, today: string): Promise<Buffer> {
  const book = new XlsxBook();
  const sheet = book.addSheet('整改台账', [10, 26, 10, 40, 12, 6, 14, 11, 14, 6, 8, 11, 30, 11, 11]);
  sheet.addRow(['问题编号', '交办批次', '问题类别', '问题描述', '责任单位', '范围', '责任部门', '整改时限', '状态', '逾期', '逾期天数', '挂单督办', '整改结果', '销号时间', '回头看日期'], 'bold');
  sheet.freezeRows(1);
  for (let afterId = 0; ; ) {
    const page = await list({ ...q, limit: pageSize, afterId });
    for (const l of page) {
      sheet.addRow([
        l.problemNo,
        l.batchName,
        rectificationLabel('problemCategory', l.category),
        l.description,
        l.unitName,
        l.inherited ? '共性' : '个性',
        l.unitDepartment ? codeLabel('department', l.unitDepartment) : '',
        l.deadline,
        rectificationLabel('rectificationStatus', l.status),
        l.overdue ? '是' : '',
        l.overdue ? daysBetween(l.deadline, today) : '',
        day(l.escalatedAt),
        l.result ?? '',
        day(l.closedAt),
        l.recheckDue ?? '',
      ]);
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    afterId = last.id;
  }
  return book.toBuffer();
}
