// The survey page (满意度 / 知晓率调查) as a workbook: the surveys the page lists for a region, and,
// when one is chosen, its rate for the region with the rates by town and by village against 80% and
// 90%, and the questionnaire the rates count (questions and options by their text). Names, not
// codes; the header frozen on every sheet.
import type { Principal } from '../domain/access.js';
import { labelOf, surveyKinds } from '../domain/assistance/catalogue.js';
import { rateFlagLabels } from '../domain/assistance/survey.js';
import { percent } from './assistance-overview-xlsx.js';
import type { AssistanceSurveys, SurveyView } from './assistance-surveys.js';
import type { RegionNames } from './region-names.js';
import { XlsxBook, type XlsxSheet } from './xlsx-writer.js';

type Rates = Awaited<ReturnType<AssistanceSurveys['rates']>>;
type RateLine = Rates['towns'][number];

function listSheet(book: XlsxBook, surveys: readonly SurveyView[], names: ReadonlyMap<string, string>): void {
  const sheet = book.addSheet('调查', [8, 30, 16, 8, 20, 14, 30]);
  sheet.addRow(['编号', '调查名称', '调查类型', '年度', '调查范围', '区划代码', '使用的抽样样本'], 'bold');
  sheet.freezeRows(1);
  for (const s of surveys) {
    sheet.addRow([s.id, s.name, labelOf(surveyKinds, s.kind), s.year, names.get(s.regionCode) ?? s.regionCode, s.regionCode, s.samplePlan ? `抽样核查计划 ${s.samplePlan.id}“${s.samplePlan.name}”` : '不限样本（本地区任意户）']);
  }
}

function rateRow(sheet: XlsxSheet, level: string, r: RateLine): void {
  sheet.addRow([level, r.name, r.code, r.households, r.sampled ?? '', r.positive, r.total, percent(r.rate), rateFlagLabels[r.flag].zh]);
}

function ratesSheet(book: XlsxBook, r: Rates): void {
  const sheet = book.addSheet('调查结果', [8, 20, 14, 10, 10, 16, 10, 10, 20]);
  sheet.addRow(['层级', '地区', '区划代码', '已回答户', '抽中户', r.survey.kind === 'awareness' ? '知晓答案数' : '满意答案数', '答案总数', '比率', '评价'], 'bold');
  sheet.freezeRows(1);
  rateRow(sheet, '合计', { code: r.under, name: r.name, households: r.households, sampled: r.sampled, positive: r.positive, total: r.total, rate: r.rate, flag: r.flag });
  for (const t of r.towns) rateRow(sheet, '乡镇', t);
  for (const v of r.villages) rateRow(sheet, '村', v);
  sheet.addRow([]);
  sheet.addRow([`调查“${r.survey.name}”（${labelOf(surveyKinds, r.survey.kind)}，${r.survey.year} 年）；比率 = 计入的答案 / 全部答案；低于 ${percent(r.thresholds.accountability)} 启动问责，达到 ${percent(r.thresholds.excellent)} 可评优`]);
  if (r.sample) sheet.addRow([`只问抽样核查计划 ${r.sample.planId}“${r.sample.name}”抽中的户：抽中 ${r.sample.sampled} 户，已回答 ${r.sample.answered} 户`]);
}

function questionnaireSheet(book: XlsxBook, survey: SurveyView): void {
  const sheet = book.addSheet('问卷', [6, 40, 20, 14]);
  sheet.addRow(['序号', '问题', '选项', survey.kind === 'awareness' ? '计为知晓' : '计为满意'], 'bold');
  sheet.freezeRows(1);
  survey.questions.forEach((q, n) => {
    for (const o of q.options) sheet.addRow([n + 1, q.text, o.text, o.positive ? '是' : '否']);
  });
}

/** The surveys listed under `under`; with `surveyId`, that survey's rates there and its questionnaire. */
export async function surveysWorkbook(deps: { surveys: AssistanceSurveys; regionNames: RegionNames }, p: Principal, under: string, surveyId: number | null): Promise<Buffer> {
  const rates = surveyId === null ? null : await deps.surveys.rates(p, surveyId, under);
  const surveys = await deps.surveys.list(under);
  const names = await deps.regionNames.names(surveys.map((s) => s.regionCode));
  const book = new XlsxBook();
  listSheet(book, surveys, names);
  if (rates) {
    ratesSheet(book, rates);
    questionnaireSheet(book, rates.survey);
  }
  return book.toBuffer();
}
