// rank: ranks units under a scoring scheme from files, explains the ranking, optionally saves a workbook.
// Thin: reads files, calls buildRankReport, prints. Nothing is written unless every input is valid.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { ScoringInputError, formatIssue } from '../../domain/scoring/issues.js';
import { formatPoints } from '../../domain/scoring/points.js';
import { type RankTable, type TableCell, rankReportJson, rankTable } from '../../domain/scoring/present.js';
import { type RankReport, buildRankReport } from '../../domain/scoring/report.js';
import { type Scheme, parseScheme } from '../../domain/scoring/scheme.js';
import type { ScoreSheet } from '../../domain/scoring/scores.js';
import { consequenceLists, rankWorkbook, readScoreFile, textWidth as width } from '../../app/scoring-files.js';
import { systemClock } from '../../app/clock.js';
import { createScoringService } from '../../app/scoring.js';
import { sampleNote } from '../../app/scoring-present.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { checkOutFile, writeOutFile } from '../out-file.js';

interface RankOptions {
  scheme: string;
  scores?: string;
  period: string;
  stored?: boolean;
  previous?: string;
  json?: boolean;
  explain?: boolean;
  out?: string;
}

export function registerRank(program: Command): void {
  program
    .command('rank')
    .description('考核排名：总分、名次、差距、假设分析与中文说明 (rank units under a scoring scheme)')
    .requiredOption('--scheme <file>', '考核方案 (YAML 或 JSON)；与 --stored 同用时为已存方案的标识')
    .option('--scores <file>', '得分表 (CSV、JSON 或 xlsx)；不用 --stored 时必填')
    .option('--stored', '用数据库中已存的得分和方案版本排名（见 jingzhun scores）')
    .requiredOption('--period <period>', '考核期间，如 2017-Q3、2017-09、2017')
    .option('--previous <file>', '上期得分表；缺省时从得分表中取上一期（若有）')
    .option('--json', '输出 JSON (machine-readable output)')
    .option('--explain', '逐单位输出中文说明')
    .option('--out <file>', '将排名另存为 xlsx 工作簿')
    .action(async (_o, cmd: Command) => {
      const o = cmd.optsWithGlobals<RankOptions & GlobalOptions>();
      checkOutFile(o.out);
      if (o.stored === true) {
        await withStore(o, {}, async (store) => {
          const report = await createScoringService({ store, clock: systemClock }).report(o.scheme, o.period);
          if (o.out !== undefined) await writeWorkbook(o.out, report, report.sample ? sampleNote : null);
          output(o.json ?? false, { ...rankReportJson(report), sample: report.sample, ...(o.out === undefined ? {} : { out: o.out }) }, () => `${report.sample ? `${sampleNote}\n` : ''}${human(report, o)}`);
        });
        return;
      }
      const report = await inputs(o);
      if (o.out !== undefined) await writeWorkbook(o.out, report);
      output(o.json ?? false, { ...rankReportJson(report), ...(o.out === undefined ? {} : { out: o.out }) }, () => human(report, o));
    });
}

async function inputs(o: RankOptions): Promise<RankReport> {
  try {
    const scheme = parseScheme(await readText(o.scheme), o.scheme);
    if (o.scores === undefined) throw new CliError({ zh: '缺少 --scores：请给出得分表，或用 --stored 按已存得分排名', en: '--scores is missing: give a score sheet, or rank the stored scores with --stored' });
    const sheet = await readSheet(o.scores, scheme, o.period);
    const previous = o.previous === undefined ? null : await readSheet(o.previous, scheme, '');
    return buildRankReport(scheme, sheet, o.period, previous);
  } catch (error) {
    if (error instanceof ScoringInputError) {
      // The shared error printer shows string details as they are and objects as JSON, so people get lines.
      const details = o.json === true ? error.issues : error.issues.map(formatIssue);
      throw new CliError({ zh: `考核数据有 ${error.issues.length} 处问题，未生成排名`, en: `the scoring input has ${error.issues.length} problems; nothing was ranked` }, 1, details);
    }
    throw error;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError({ zh: `无法读取文件 ${file}：${error instanceof Error ? error.message : String(error)}`, en: `cannot read file ${file}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

async function readSheet(file: string, scheme: Scheme, period: string): Promise<ScoreSheet> {
  const ext = extname(file).toLowerCase();
  if (!['.json', '.csv', '.txt', '.xlsx', '.xls', '.et'].includes(ext)) throw new CliError({ zh: `不支持的得分表格式“${ext}”：请用 .csv、.json 或 .xlsx`, en: `score sheet format "${ext}" is not supported: use .csv, .json or .xlsx` });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError({ zh: `无法读取文件 ${file}：${error instanceof Error ? error.message : String(error)}`, en: `cannot read file ${file}: ${error instanceof Error ? error.message : String(error)}` });
  }
  return readScoreFile(file, bytes, scheme, period);
}

async function writeWorkbook(file: string, report: RankReport, note: string | null = null): Promise<void> {
  await writeOutFile(file, await rankWorkbook(report, note));
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

function formatTable(table: RankTable): string[] {
  const show = (cell: TableCell, i: number): string => (cell === null ? '—' : typeof cell === 'number' && table.pointColumns.includes(i) ? cell.toFixed(2) : String(cell));
  const text = [table.header.map(String), ...table.rows.map((r) => r.map(show))];
  const widths = table.header.map((_, i) => Math.max(...text.map((r) => width(r[i] ?? ''))));
  return text.map((r) => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd());
}
