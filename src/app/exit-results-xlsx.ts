// An exit assessment run's results as a ledger (脱贫评估结果台账): what the run page lists, with its
// filters, every page; each unit's conclusion and the criteria that block it by their Chinese
// labels, and a first sheet that says which standard, year, data and person produced the figures,
// so a printed copy can be traced back to the stored run.
import { businessDateTime } from '../domain/dates.js';
import type { ExitAssessmentService } from './exit-assessment.js';
import { XlsxBook } from './xlsx-writer.js';
import { unitStatusZh } from '../domain/exit-rules/evaluate.js';
import { isInSubtree } from '../domain/region-code.js';

type Filter = Omit<Parameters<ExitAssessmentService['results']>[2], 'limit' | 'offset'>;

const unitZh: Record<string, string> = { household: '户', village: '村', county: '县' };
const pageSize = 1000;

export async function exitResultsLedger(service: ExitAssessmentService, names: (codes: Iterable<string>) => Promise<Map<string, string>>, readerRegion: string, runId: number, filter: Filter): Promise<Buffer> {
  const { run, within } = await service.summary(readerRegion, runId);
  // The same clamp as the results: an area outside the reader's part of the run reads as that part.
  const shown = filter.area && isInSubtree(filter.area, within) ? filter.area : within;
  const known = await names([run.under, shown]);
  const place = (code: string) => `${known.get(code) ?? code}（${code}）`;
  const label = new Map(run.criteria.map((c) => [c.id, c.label.zh]));
  const labels = (ids: readonly string[]) => ids.map((id) => label.get(id) ?? id).join('、');
  const book = new XlsxBook();

  book.addAboutSheet('评估说明', [
    ['评估编号', run.id],
    ['评估对象', unitZh[run.unit] ?? run.unit],
    ['评估年度', run.year],
    ['评估范围', place(run.under)],
    ['本表范围', place(shown)],
    ['退出标准', `${run.ruleSet.title.zh}（${run.ruleSet.id} 第 ${run.ruleSet.version} 版，摘要 ${run.ruleSet.hash.slice(0, 16)}）`],
    ['数据时点', run.dataTime ?? ''],
    ['评估人', run.createdBy],
    ['评估时间（北京时间）', businessDateTime(run.createdAt)],
    ['筛选', [filter.status ? `结论：${unitStatusZh[filter.status] ?? filter.status}` : '', filter.criterion ? `条目：${label.get(filter.criterion) ?? filter.criterion}${filter.criterionResult === 'noData' ? '（缺数据）' : '（未达标）'}` : ''].filter(Boolean).join('；') || '无'],
  ], [20, 60]);

  const sheet = book.addSheet('评估结果', [22, 20, 10, 50, 40, 30]);
  sheet.addRow([run.unit === 'household' ? '户编号' : '区划代码', '所在地区', '结论', '未达标条目', '缺数据条目', '提示'], 'bold');
  sheet.freezeRows(1);
  for (let offset = 0; ; offset += pageSize) {
    const page = await service.results(readerRegion, runId, { ...filter, limit: pageSize, offset });
    for (const r of page.items) sheet.addRow([r.unitCode, r.areaName, unitStatusZh[r.status] ?? r.status, labels(r.failing), labels(r.noData), labels(r.flags)]);
    if (page.items.length < pageSize) break;
  }
  return book.toBuffer();
}
