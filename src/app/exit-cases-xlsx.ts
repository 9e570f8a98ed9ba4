// The exit case list as a ledger (退出台账): the same filters as the list, every page of it, with
// names and labels rather than ids, the header frozen. Cases number in the thousands per county,
// so the small writer (xlsx-writer.ts) builds it in memory.
import { businessDateTime } from '../domain/dates.js';
import type { Principal } from '../domain/access.js';
import { XlsxBook } from './xlsx-writer.js';
import { presentCaseListItem } from './exit-present.js';
import type { CaseListItem } from '../store/exit-cases.js';

export interface CaseQuery {
  readonly under: string;
  readonly kind: string | null;
  readonly status: string | null;
  readonly year: number | null;
}

type ListCases = (p: Principal, q: CaseQuery & { limit: number; afterId: number }) => Promise<CaseListItem[]>;

const statusZh: Record<string, string> = { open: '进行中', closed: '已完成' };

export async function exitCaseLedger(list: ListCases, p: Principal, q: CaseQuery): Promise<Buffer> {
  const book = new XlsxBook();
  const sheet = book.addSheet('退出台账', [10, 10, 22, 8, 20, 6, 10, 14, 18, 18]);
  sheet.addRow(['事项编号', '退出单位', '户编号 / 地区', '退出年度', '当前步骤', '轮次', '状态', '启动人', '启动时间', '完成时间'], 'bold');
  sheet.freezeRows(1);
  let afterId = 0;
  for (;;) {
    const page = await list(p, { ...q, limit: 500, afterId });
    for (const row of page) {
      const c = presentCaseListItem(row);
      sheet.addRow([c.id, c.kindLabel.zh, c.householdNo ?? c.regionName ?? c.regionCode, c.year, c.currentStepLabel?.zh ?? '', c.round, statusZh[c.status] ?? c.status, c.openedBy, businessDateTime(c.openedAt), c.closedAt ? businessDateTime(c.closedAt) : '']);
    }
    const last = page.at(-1);
    if (!last || page.length < 500) break;
    afterId = last.id;
  }
  return book.toBuffer();
}
