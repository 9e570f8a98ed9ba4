// Workbooks of rectification: reading a problem list (xlsx or csv) into cells, the import
// template, and the special report (专题报告) of a batch as xlsx.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { rectificationLabel } from '../domain/rectification/code-lists.js';
import { workbookColumns } from '../domain/rectification/workbook-rows.js';
import { ValidationFailed } from './errors.js';
import type { BatchReport } from './rectification-views.js';

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
export async function readProblemWorkbook(content: Buffer, fileName: string): Promise<string[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    const text = content.toString('utf8').replace(/^\uFEFF/, '');
    const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: false });
    return rows.map((r) => r.map((c) => c.trim()));
  }
  if (!lower.endsWith('.xlsx')) {
    throw new ValidationFailed([{ field: 'file', message: `不支持的文件格式“${fileName}”`, messageEn: 'unsupported file type', fix: '请上传 .xlsx 或 .csv 文件（可先下载模板）' }]);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // A stream, not load(): exceljs's Buffer type lags behind @types/node's.
    await workbook.xlsx.read(Readable.from([content]));
  } catch {
    throw new ValidationFailed([{ field: 'file', message: '无法读取该 xlsx 文件：文件损坏或不是 Excel 工作簿', messageEn: 'cannot read the xlsx file', fix: '请用 Excel/WPS 另存为 .xlsx 后重新上传' }]);
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
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('问题清单');
  sheet.addRow(workbookColumns.map(([, zh]) => zh)).font = { bold: true };
  sheet.addRow(['省-01', '共性', '610000', '', '3', '精准识别', '（示例）部分贫困户识别不精准', '2017-12-31', '开展全面排查', '扶贫办', '分管副县长', '张三', '民政局、公安局', '', '30']);
  sheet.addRow(['HB-01', '个性', '610902', '教育', '', '帮扶措施', '（示例）控辍保学台账不全', '2017-12-31', '补齐台账', '教育局', '分管副县长', '李四', '', '2017-12-15', '']);
  sheet.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const statusZh = (s: string) => rectificationLabel('rectificationStatus', s);

export async function reportWorkbook(r: BatchReport): Promise<Buffer> {
  // The streaming writer: rows are serialised as they are added, which halves the time of a
  // batch of thousands of records against the in-memory workbook.
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  const bold = { bold: true };
  const summary = workbook.addWorksheet('概况');
  summary.columns = [{ width: 32 }, { width: 40 }];
  summary.addRow([`${r.batch.name} 整改情况专题报告`]).font = { bold: true, size: 14 };
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
  summary.addRow(['状态', '数量']).font = bold;
  for (const [s, n] of Object.entries(r.byStatus)) summary.addRow([statusZh(s), n]);
  summary.addRow([]);
  summary.addRow(['问题类别', '数量']).font = bold;
  for (const [c, n] of Object.entries(r.byCategory)) summary.addRow([rectificationLabel('problemCategory', c), n]);
  summary.commit();

  const ledger = workbook.addWorksheet('问题台账');
  ledger.columns = [8, 6, 14, 10, 10, 40, 11, 10, 40, 12, 10, 8, 30, 8, 11, 11, 6, 11].map((width) => ({ width }));
  ledger.addRow(['问题编号', '范围', '责任单位代码', '责任单位', '问题类别', '问题描述', '整改时限', '状态', '整改措施（任务）', '牵头单位', '责任人', '任务完成', '整改结果', '佐证份数', '销号时间', '回头看日期', '逾期', '挂单督办']).font = bold;
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
  ledger.commit();

  const units = workbook.addWorksheet('单位统计');
  units.addRow(['单位代码', '单位', '问题数', '其中共性', '已销号', '逾期']).font = bold;
  for (const u of r.units) units.addRow([u.unitRegion, u.name, u.total, u.inherited, u.closed, u.overdue]);
  units.commit();

  const overdue = workbook.addWorksheet('逾期督办');
  overdue.addRow(['问题编号', '责任单位', '整改时限', '状态', '挂单督办时间']).font = bold;
  for (const o of r.overdue) overdue.addRow([o.problemNo, o.unitName, o.deadline, statusZh(o.status), o.escalatedAt?.slice(0, 10) ?? '']);
  overdue.addRow([]);
  overdue.addRow(['督办记录：时间', '督办人', '督办单位', '方式', '内容']).font = bold;
  for (const c of r.chases) overdue.addRow([c.at.slice(0, 16).replace('T', ' '), c.actor, c.actorUnit ?? '', c.action === 'escalate' ? '逾期挂单' : '督办', c.note ?? '']);
  overdue.commit();

  const check = workbook.addWorksheet('台账核对');
  check.addRow(['问题编号', '责任单位代码', '不符之处']).font = bold;
  for (const i of r.ledgerIssues) check.addRow([i.problemNo, i.unitRegion, i.message]);
  check.commit();

  const burn = workbook.addWorksheet('销号进度');
  burn.addRow(['日期', '未销号']).font = bold;
  for (const p of r.burnDown) burn.addRow([p.date, p.remaining]);
  burn.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
