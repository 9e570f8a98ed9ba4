// The village assistance table (村级帮扶情况) as a workbook for meetings: one row per village with
// the period's visit coverage, plans, measures that miss a cause, follow-ups and survey rates,
// exactly as the page shows them, the header frozen.
import { XlsxBook } from './xlsx-writer.js';
import type { AssistanceOverview } from './assistance-overview.js';

type Overview = Awaited<ReturnType<AssistanceOverview['villages']>>;

export const percent = (rate: number | null): string => (rate === null ? '' : `${(rate * 100).toFixed(2)}%`);

export function overviewWorkbook(o: Overview): Buffer {
  const book = new XlsxBook();
  const sheet = book.addSheet('村级帮扶情况', [18, 14, 8, 8, 8, 10, 8, 10, 12, 10, 10, 10, 10]);
  sheet.addRow(['村', '村代码', '在册户', '已结对', '已入户', '入户率', '已制定计划', '计划覆盖率', '措施未对应原因（户）', '措施雷同', '逾期待办', '满意度', '政策知晓率'], 'bold');
  sheet.freezeRows(1);
  for (const v of o.villages) {
    sheet.addRow([v.name, v.code, v.households, v.paired, v.visited, percent(v.coverage), v.plans, percent(v.planRate), v.uncovered, v.generic ? `${percent(v.generic.share)}户同为 ${v.generic.measures.join('、')}` : '', v.followUpsOverdue, percent(v.satisfaction.rate), percent(v.awareness.rate)]);
  }
  sheet.addRow([]);
  sheet.addRow([`入户统计期 ${o.from} 至 ${o.to}；计划年度 ${o.year}${o.surveys['satisfaction'] ? `；满意度取自“${o.surveys['satisfaction'].name}”` : ''}${o.surveys['awareness'] ? `；知晓率取自“${o.surveys['awareness'].name}”` : ''}`]);
  return book.toBuffer();
}
