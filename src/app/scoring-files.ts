// Score sheets in and ranking workbooks out. CSV may be UTF-8 or GB18030 (what Excel saves in a
// Chinese locale); xlsx is the first worksheet. The CLI and the API read and write through here.
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { excel } from './excel.js';
import type { Consequences, UnitRef } from '../domain/scoring/consequences.js';
import { ScoringInputError } from '../domain/scoring/issues.js';
import { rankTable } from '../domain/scoring/present.js';
import type { RankReport } from '../domain/scoring/report.js';
import type { Scheme } from '../domain/scoring/scheme.js';
import type { ScoreSheet } from '../domain/scoring/scores.js';
import { type Cell, type TableRow, parseScoresCsv, parseScoresJson, scoresFromTable } from '../domain/scoring/scores-parse.js';
import { decodeText, UnreadableFile } from './workbook/read.js';
import { xlsxBytes } from './workbook/legacy-xls.js';

export { xlsxType } from './xlsx-writer.js';

/** Reads a score sheet by its extension; throws ScoringInputError naming the file on anything unreadable. */
export async function readScoreFile(fileName: string, bytes: Buffer, scheme: Scheme, period: string): Promise<ScoreSheet> {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.json') return parseScoresJson(bytes.toString('utf8'), fileName, period);
  if (ext === '.csv' || ext === '.txt') return parseScoresCsv(decodeText(bytes), fileName, scheme, period);
  // By content, as the registry import does: an old workbook saved under .xlsx is converted too.
  if (ext === '.xlsx' || ext === '.xls' || ext === '.et') return scoresFromTable(await workbookRows(await legacyBytes(fileName, bytes), fileName), fileName, scheme, period);
  throw new ScoringInputError([{ code: 'syntax', file: fileName, message: `不支持的得分表格式“${ext || fileName}”：请用 .xlsx、.csv 或 .json`, messageEn: `unsupported score sheet format "${ext}": use .xlsx, .csv or .json` }]);
}

/** A score workbook as xlsx: an old .xls as its xlsx copy (workbook/legacy-xls.ts), or the reason it cannot be read, naming the file. */
async function legacyBytes(fileName: string, bytes: Buffer): Promise<Buffer> {
  try {
    return await xlsxBytes(fileName, bytes);
  } catch (error) {
    if (error instanceof UnreadableFile) throw new ScoringInputError([{ code: 'syntax', file: fileName, message: error.message, messageEn: error.messageEn }]);
    throw error;
  }
}

/** The first worksheet's rows; the row number is kept so problems can point at it. */
export async function workbookRows(bytes: Buffer, fileName: string): Promise<TableRow[]> {
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ScoringInputError([{ code: 'syntax', file: fileName, message: `无法读取工作簿：${message}`, messageEn: `cannot read the workbook: ${message}` }]);
  }
  const sheet = workbook.worksheets[0];
  const rows: TableRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellOf(row.getCell(c).value));
    rows.push({ line, cells });
  });
  return rows;
}

function cellOf(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('result' in value) return cellOf(value.result);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value) return String(value.text);
  return null;
}

export function consequenceLists(c: Consequences): [string, readonly UnitRef[]][] {
  return [
    ['奖励', c.reward],
    ['问责', c.accountability],
    ['一票否决', c.vetoed],
  ];
}

/** Terminal and column widths: CJK characters take two cells. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

/** The ranking as a workbook: 排名 (the table), 说明 (the Chinese explanation), 奖惩 (lists and funds). */
export async function rankWorkbook(report: RankReport, note: string | null = null): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const table = rankTable(report);
  const ranking = workbook.addWorksheet('排名');
  ranking.addRow([...table.header]);
  ranking.getRow(1).font = { bold: true };
  for (const row of table.rows) ranking.addRow([...row]);
  table.header.forEach((h, i) => {
    const column = ranking.getColumn(i + 1);
    column.width = Math.max(8, textWidth(h) + 2);
    // Scores keep their two decimals in the workbook as on paper.
    if (table.pointColumns.includes(i)) column.numFmt = '0.00';
  });
  ranking.getColumn(3).width = 14;
  const notes = workbook.addWorksheet('说明');
  notes.getColumn(1).width = 120;
  if (note !== null) notes.addRow([note]).font = { italic: true };
  for (const line of report.explanationZh) notes.addRow([line]).alignment = { wrapText: true };
  const lists = workbook.addWorksheet('奖惩');
  lists.addRow(['类别', '名次', '单位代码', '单位名称', '总分', '资金（元）']).font = { bold: true };
  const funds = report.consequences.funds;
  const amount = (unitId: string): number | null => funds?.lines.find((l) => l.unitId === unitId)?.amount ?? null;
  for (const [label, list] of consequenceLists(report.consequences)) {
    for (const u of list) lists.addRow([label, u.rank, u.unitId, u.unitName, u.total / 100, amount(u.unitId)]);
  }
  if (funds !== null) for (const l of funds.lines) lists.addRow(['资金分配', l.rank, l.unitId, l.unitName, l.total / 100, l.amount]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
