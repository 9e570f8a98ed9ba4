// rank: ranks units under a scoring scheme from files, explains the ranking, optionally saves a workbook.
// Thin: reads files, calls buildRankReport, prints. Nothing is written unless every input is valid.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import ExcelJS from 'exceljs';
import type { Consequences, UnitRef } from '../../domain/scoring/consequences.js';
import { ScoringInputError, formatIssue } from '../../domain/scoring/issues.js';
import { formatPoints } from '../../domain/scoring/points.js';
import { type RankTable, type TableCell, rankReportJson, rankTable } from '../../domain/scoring/present.js';
import { type RankReport, buildRankReport } from '../../domain/scoring/report.js';
import { type Scheme, parseScheme } from '../../domain/scoring/scheme.js';
import type { ScoreSheet } from '../../domain/scoring/scores.js';
import { type Cell, type TableRow, parseScoresCsv, parseScoresJson, scoresFromTable } from '../../domain/scoring/scores-parse.js';
import { CliError, output } from '../common.js';

interface RankOptions {
  scheme: string;
  scores: string;
  period: string;
  previous?: string;
  json?: boolean;
  explain?: boolean;
  out?: string;
}

export function registerRank(program: Command): void {
  program
    .command('rank')
    .description('考核排名：总分、名次、差距、假设分析与中文说明 (rank units under a scoring scheme)')
    .requiredOption('--scheme <file>', '考核方案 (YAML 或 JSON)')
    .requiredOption('--scores <file>', '得分表 (CSV、JSON 或 xlsx)')
    .requiredOption('--period <period>', '考核期间，如 2017-Q3、2017-09、2017')
    .option('--previous <file>', '上期得分表；缺省时从得分表中取上一期（若有）')
    .option('--json', '输出 JSON (machine-readable output)')
    .option('--explain', '逐单位输出中文说明')
    .option('--out <file>', '将排名另存为 xlsx 工作簿')
    .action(async (_o, cmd: Command) => {
      const o = cmd.optsWithGlobals<RankOptions>();
      const report = await inputs(o);
      if (o.out !== undefined) await writeWorkbook(o.out, report);
      output(o.json ?? false, { ...rankReportJson(report), ...(o.out === undefined ? {} : { out: o.out }) }, () => human(report, o));
    });
}

async function inputs(o: RankOptions): Promise<RankReport> {
  try {
    const scheme = parseScheme(await readText(o.scheme), o.scheme);
    const sheet = await readSheet(o.scores, scheme, o.period);
    const previous = o.previous === undefined ? null : await readSheet(o.previous, scheme, '');
    return buildRankReport(scheme, sheet, o.period, previous);
  } catch (error) {
    if (error instanceof ScoringInputError) {
      // The shared error printer shows string details as they are and objects as JSON, so people get lines.
      const details = o.json === true ? error.issues : error.issues.map(formatIssue);
      throw new CliError(`考核数据有 ${error.issues.length} 处问题，未生成排名 (invalid scoring input, nothing ranked)`, 1, details);
    }
    throw error;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`无法读取文件 ${file}：${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readSheet(file: string, scheme: Scheme, period: string): Promise<ScoreSheet> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return parseScoresJson(await readText(file), file, period);
  if (ext === '.csv') return parseScoresCsv(await readText(file), file, scheme, period);
  if (ext === '.xlsx') return scoresFromTable(await readWorkbook(file), file, scheme, period);
  throw new CliError(`不支持的得分表格式“${ext}”：请用 .csv、.json 或 .xlsx`);
}

/** The first worksheet's rows; the row number is kept so problems can point at it. */
async function readWorkbook(file: string): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new CliError(`无法读取工作簿 ${file}：${error instanceof Error ? error.message : String(error)}`);
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

async function writeWorkbook(file: string, report: RankReport): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const table = rankTable(report);
  const ranking = workbook.addWorksheet('排名');
  ranking.addRow([...table.header]);
  ranking.getRow(1).font = { bold: true };
  for (const row of table.rows) ranking.addRow([...row]);
  table.header.forEach((h, i) => {
    const column = ranking.getColumn(i + 1);
    column.width = Math.max(8, width(h) + 2);
    // Scores keep their two decimals in the workbook as on paper.
    if (table.pointColumns.includes(i)) column.numFmt = '0.00';
  });
  ranking.getColumn(3).width = 14;
  const notes = workbook.addWorksheet('说明');
  notes.getColumn(1).width = 120;
  for (const line of report.explanationZh) notes.addRow([line]).alignment = { wrapText: true };
  const lists = workbook.addWorksheet('奖惩');
  lists.addRow(['类别', '名次', '单位代码', '单位名称', '总分']).font = { bold: true };
  for (const [label, list] of consequenceLists(report.consequences)) {
    for (const u of list) lists.addRow([label, u.rank, u.unitId, u.unitName, u.total / 100]);
  }
  try {
    await workbook.xlsx.writeFile(file);
  } catch (error) {
    throw new CliError(`无法写入 ${file}：${error instanceof Error ? error.message : String(error)}`);
  }
}

function consequenceLists(c: Consequences): [string, readonly UnitRef[]][] {
  return [
    ['奖励', c.reward],
    ['问责', c.accountability],
    ['一票否决', c.vetoed],
  ];
}

function human(report: RankReport, o: RankOptions): string {
  const lines = [report.explanationZh[0] ?? '', '', ...formatTable(rankTable(report)), ''];
  for (const [label, list] of consequenceLists(report.consequences)) {
    if (list.length > 0) lines.push(`${label}：${list.map((u) => `${u.unitName}（第 ${u.rank} 名，${formatPoints(u.total)}）`).join('、')}`);
  }
  const funds = report.consequences.funds;
  if (funds !== null) lines.push(`资金分配：共 ${funds.total.toLocaleString('en-US')} 元（基数每单位 ${funds.rule.base.toLocaleString('en-US')} 元，按名次分配 ${funds.rule.pool.toLocaleString('en-US')} 元）`);
  if (o.explain === true) lines.push('', ...report.explanationZh.slice(1));
  return lines.join('\n');
}

/** Terminal columns: CJK characters take two cells. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

function formatTable(table: RankTable): string[] {
  const show = (cell: TableCell, i: number): string => (cell === null ? '—' : typeof cell === 'number' && table.pointColumns.includes(i) ? cell.toFixed(2) : String(cell));
  const text = [table.header.map(String), ...table.rows.map((r) => r.map(show))];
  const widths = table.header.map((_, i) => Math.max(...text.map((r) => width(r[i] ?? ''))));
  return text.map((r) => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd());
}
