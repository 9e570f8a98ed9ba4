// Workbooks of rectification: reading a problem list (xlsx or csv) into cells, the import
// template, and the special report (专题报告) of a batch as xlsx.
import { businessDateTime } from '../domain/dates.js';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excel } from './excel.js';
import { parse } from 'csv-parse/sync';
import { rectificationLabel } from '../domain/rectification/code-lists.js';
import { workbookColumns } from '../domain/rectification/workbook-rows.js';
import { ValidationFailed } from './errors.js';
import type { BatchReport } from './rectification-views.js';
import { XlsxBook } from './xlsx-writer.js';
import { decodeText, UnreadableFile } from './workbook/read.js';
import { xlsxBytes } from './workbook/legacy-xls.js';

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) {
      const res: unknown = value.result;
      if (res instanceof Date) return res.toISOString().slice(0, 10);
      return typeof res === 'string' || typeof res === 'number' || typeof res === 'boolean' ? String(res) : '';
    }
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** The first worksheet (or the CSV) as rows of trimmed text; row 1 is the header. */
export async function readProblemWorkbook(given: Buffer, fileName: string): Promise<string[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    // Excel and WPS save CSV in GBK on a Chinese desktop; read as UTF-8 it would be noise.
    const text = decodeText(given);
    const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: false });
    return rows.map((r) => r.map((c) => c.trim()));
  }
  if (!/\.(xlsx|xls|et)$/.test(lower)) {
    throw new ValidationFailed([{ field: 'file', message: `不支持的文件格式“${fileName}”`, messageEn: 'unsupported file type', fix: '请上传 .xlsx 或 .csv 文件（可先下载模板）', fixEn: 'Upload an .xlsx or .csv file (the template can be downloaded)' }]);
  }
  let content: Buffer;
  try {
    content = await xlsxBytes(fileName, given);
  } catch (error) {
    if (error instanceof UnreadableFile) throw new ValidationFailed([{ field: 'file', message: error.message, messageEn: error.messageEn, fix: '请用 Excel/WPS 另存为 .xlsx 后重新上传', fixEn: 'Save it as .xlsx in Excel/WPS and upload again' }]);
    throw error;
  }
  const workbook = new (await excel()).Workbook();
  try {
    // A stream, not load(): exceljs's Buffer type lags behind @types/node's.
    await workbook.xlsx.read(Readable.from([content]));
  } catch {
    throw new ValidationFailed([{ field: 'file', message: '无法读取该 xlsx 文件：文件损坏或不是 Excel 工作簿', messageEn: 'cannot read the xlsx file', fix: '请用 Excel/WPS 另存为 .xlsx 后重新上传', fixEn: 'Save it as .xlsx in Excel/WPS and upload again' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  const width = Math.max(sheet.columnCount, workbookColumns.length);
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
    rows.push(cells);
  }
  return rows;
}

export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet('问题清单');
  sheet.addRow(workbookColumns.map(([, zh]) => zh)).font = { bold: true };
  sheet.addRow(['省-01', '共性', '610000', '', '3', '精准识别', '（示例）部分贫困户识别不精准', '2017-12-31', '开展全面排查', '扶贫办', '分管副县长', '张三', '民政局、公安局', '', '30']);
  sheet.addRow(['HB-01', '个性', '610902', '教育', '', '帮扶措施', '（示例）控辍保学台账不全', '2017-12-31', '补齐台账', '教育局', '分管副县长', '李四', '', '2017-12-15', '']);
  sheet.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const statusZh = (s: string) => rectificationLabel('rectificationStatus', s);

/** The special report as a workbook: 概况, 问题台账, 单位统计, 逾期督办, 台账核对, 销号进度. */
export async function reportWorkbook(r: BatchReport): Promise<Buffer> {
  // The plain writer (xlsx-writer.ts), not exceljs: a batch of thousands of records is tens of
  // thousands of cells, and exceljs's per-cell objects took most of the 2 s budget.
  const workbook = new XlsxBook();
  const summary = workbook.addSheet('概况', [32, 40]);
  summary.addRow([`${r.batch.name} 整改情况专题报告`], 'title');
  summary.addRow(['交办单位', `${r.batch.assigningName}${r.batch.assigningDepartment ? ` ${r.batch.assigningDepartment}` : ''}`]);
  summary.addRow(['问题来源', rectificationLabel('problemSource', r.batch.source)]);
  summary.addRow(['整改总时限', r.batch.finalDeadline]);
  summary.addRow(['统计截至', r.today]);
  summary.addRow([]);
  summary.addRow(['问题数', r.summary.problems]);
  summary.addRow(['整改记录数（共性问题按单位分计）', r.summary.rectifications]);
  summary.addRow(['已销号', r.summary.closed]);
  summary.addRow(['销号率', `${(r.summary.closedRate * 100).toFixed(1)}%`]);
  summary.addRow(['逾期未完成', r.summary.overdue]);
  summary.addRow(['挂单督办', r.summary.escalated]);
  summary.addRow(['方案、台账、结果不符', r.summary.ledgerIssues]);
  summary.addRow([]);
  summary.addRow(['状态', '数量'], 'bold');
  for (const [s, n] of Object.entries(r.byStatus)) summary.addRow([statusZh(s), n]);
  summary.addRow([]);
  summary.addRow(['问题类别', '数量'], 'bold');
  for (const [c, n] of Object.entries(r.byCategory)) summary.addRow([rectificationLabel('problemCategory', c), n]);

  const ledger = workbook.addSheet('问题台账', [8, 6, 14, 10, 10, 40, 11, 10, 40, 12, 10, 8, 30, 8, 11, 11, 6, 11]);
  ledger.addRow(['问题编号', '范围', '责任单位代码', '责任单位', '问题类别', '问题描述', '整改时限', '状态', '整改措施（任务）', '牵头单位', '责任人', '任务完成', '整改结果', '佐证份数', '销号时间', '回头看日期', '逾期', '挂单督办'], 'bold');
  for (const l of r.lines) {
    ledger.addRow([
      l.problemNo,
      l.inherited ? '共性' : '个性',
      l.unitRegion,
      l.unitName,
      rectificationLabel('problemCategory', l.category),
      l.description,
      l.deadline,
      statusZh(l.status),
      l.tasks.map((t, i) => `${i + 1}. ${t.measure}（${t.deadline}）`).join('\n'),
      [...new Set(l.tasks.map((t) => t.leadUnit))].join('、'),
      [...new Set(l.tasks.map((t) => t.responsiblePerson))].join('、'),
      `${l.tasks.filter((t) => t.doneAt !== null).length}/${l.tasks.length}`,
      l.result ?? '',
      l.evidenceCount,
      l.closedAt?.slice(0, 10) ?? '',
      l.recheckDue ?? '',
      l.overdue ? '是' : '',
      l.escalatedAt ? l.escalatedAt.slice(0, 10) : '',
    ]);
  }

  const units = workbook.addSheet('单位统计', [14, 16, 8, 8, 8, 8]);
  units.addRow(['单位代码', '单位', '问题数', '其中共性', '已销号', '逾期'], 'bold');
  for (const u of r.units) units.addRow([u.unitRegion, u.name, u.total, u.inherited, u.closed, u.overdue]);

  const overdue = workbook.addSheet('逾期督办', [16, 16, 12, 12, 60]);
  overdue.addRow(['问题编号', '责任单位', '整改时限', '状态', '挂单督办时间'], 'bold');
  for (const o of r.overdue) overdue.addRow([o.problemNo, o.unitName, o.deadline, statusZh(o.status), o.escalatedAt?.slice(0, 10) ?? '']);
  overdue.addRow([]);
  overdue.addRow(['督办记录：时间', '督办人', '督办单位', '方式', '内容'], 'bold');
  for (const c of r.chases) overdue.addRow([businessDateTime(c.at), c.actor, c.actorUnit ?? '', c.action === 'escalate' ? '逾期挂单' : '督办', c.note ?? '']);

  const check = workbook.addSheet('台账核对', [12, 14, 60]);
  check.addRow(['问题编号', '责任单位代码', '不符之处'], 'bold');
  for (const i of r.ledgerIssues) check.addRow([i.problemNo, i.unitRegion, i.message]);

  const burn = workbook.addSheet('销号进度', [12, 10]);
  burn.addRow(['日期', '未销号'], 'bold');
  for (const p of r.burnDown) burn.addRow([p.date, p.remaining]);
  return workbook.toBuffer();
}
