// The rank command end to end, through a fresh commander program as the main CLI will wire it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerRank } from '../../cli/commands/rank.js';
import { CliError } from '../../cli/common.js';
import { saveAsXls } from '../../../test/helpers/libreoffice.js';

const fixtures = new URL('../../../test/fixtures/scoring/', import.meta.url).pathname;
const schemes = new URL('./schemes/', import.meta.url).pathname;
const countyScheme = join(schemes, 'shaanxi-county-quarter.yaml');
const countyScores = join(fixtures, 'ankang-counties-2017.csv');
const dir = mkdtempSync(join(tmpdir(), 'jingzhun-rank-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rank(...args: string[]): Promise<string> {
  return run(['rank', ...args]);
}

async function run(argv: string[]): Promise<string> {
  // As in the main CLI, --json is also a global option there.
  const program = new Command('jingzhun').option('--json').exitOverride();
  registerRank(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

async function failure(...args: string[]): Promise<CliError> {
  const error = await rank(...args).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('jingzhun rank', () => {
  it('prints one JSON object with ranks, changes against the previous period and explanations', async () => {
    const out = JSON.parse(await rank('--scheme', countyScheme, '--scores', countyScores, '--period', '2017-Q3', '--json'));
    expect(out.period).toBe('2017-Q3');
    expect(out.previousPeriod).toBe('2017-Q2');
    expect(out.units).toHaveLength(10);
    const [first] = out.units;
    expect(first).toMatchObject({ rank: 1, unitName: '平利县', total: 99.8, values: { crossInspection: 98.2, monthlyBulletin: 1.2 }, bonus: 0.4 });
    expect(first.change).toMatchObject({ previousRank: 2, rankChange: 1 });
    expect(first.explanation).toContain('平利县总分 99.80（交叉检查 98.20 + 月通报 1.60），全省第 1 名');
    expect(first.explanation).toContain('较上期（2017 年第二季度）第 2 名上升 1 位');
    const baihe = out.units.find((u: { unitId: string }) => u.unitId === '610929');
    expect(baihe.peerRanks).toEqual([{ groupId: 'deepPoverty', rank: 4, of: 4 }]);
    expect(out.consequences.reward.map((u: { unitName: string }) => u.unitName)).toContain('平利县');
  });

  it('prints a table and the reward and accountability lists for people', async () => {
    const out = await rank('--scheme', countyScheme, '--scores', countyScores, '--period', '2017-Q3', '--explain');
    expect(out).toMatch(/^2017 年第三季度陕西省县（区）脱贫攻坚季度考核：共 10 个县（区）参加排名/);
    expect(out).toMatch(/名次\s+单位代码\s+单位名称\s+总分\s+交叉检查\s+月通报\s+加分\s+扣分\s+深度贫困县名次\s+上期名次\s+名次变化/);
    expect(out).toMatch(/1\s+610926\s+平利县\s+99\.80\s+98\.20\s+1\.20\s+0\.40\s+0\.00/);
    expect(out).toContain('奖励：平利县（第 1 名，99.80）');
    expect(out).toContain('若无加分项，石泉县将由第 2 名降至第 5 名');
  });

  it('saves the ranking to a workbook, and reads scores back from one', async () => {
    const file = join(dir, 'rank.xlsx');
    const out = JSON.parse(await rank('--scheme', countyScheme, '--scores', countyScores, '--period', '2017-Q3', '--out', file, '--json'));
    expect(out.out).toBe(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('排名');
    expect(sheet?.getRow(2).getCell(3).value).toBe('平利县');
    expect(sheet?.getRow(2).getCell(4).value).toBe(99.8);
    expect(workbook.getWorksheet('说明')?.getRow(2).getCell(1).value).toContain('平利县总分 99.80');

    // The same scores typed into a workbook rank the same.
    const input = new ExcelJS.Workbook();
    const scores = input.addWorksheet('得分');
    for (const line of readFileSync(countyScores, 'utf8').trim().split('\n')) {
      scores.addRow(line.split(',').map((cell) => (/^\d+\.\d+$/.test(cell) ? Number(cell) : cell === '' ? null : cell)));
    }
    const xlsx = join(dir, 'scores.xlsx');
    await input.xlsx.writeFile(xlsx);
    const again = JSON.parse(await rank('--scheme', countyScheme, '--scores', xlsx, '--period', '2017-Q3', '--json'));
    expect(again.units.map((u: { unitId: string; total: number }) => [u.unitId, u.total])).toEqual(out.units.map((u: { unitId: string; total: number }) => [u.unitId, u.total]));
    // And kept as an old Excel 97-2003 workbook, read through LibreOffice's xlsx copy.
    const old = JSON.parse(await rank('--scheme', countyScheme, '--scores', saveAsXls(xlsx), '--period', '2017-Q3', '--json'));
    expect(old.units.map((u: { unitId: string; total: number }) => [u.unitId, u.total])).toEqual(out.units.map((u: { unitId: string; total: number }) => [u.unitId, u.total]));
  });

  it('honours --json given before the command, as a global option', async () => {
    const out = JSON.parse(await run(['--json', 'rank', '--scheme', countyScheme, '--scores', countyScores, '--period', '2017-Q3']));
    expect(out.units[0].unitName).toBe('平利县');
  });

  it('takes the previous period from --previous', async () => {
    const out = JSON.parse(await rank('--scheme', countyScheme, '--scores', countyScores, '--previous', countyScores, '--period', '2017-Q3', '--json'));
    expect(out.units[0].change).toMatchObject({ previousRank: 2, rankChange: 1 });
  });

  it('refuses bad scores with every problem at once, exit code 1, and writes nothing', async () => {
    const file = join(dir, 'bad.xlsx');
    const bad = join(fixtures, 'ankang-counties-2017-bad.csv');
    const error = await failure('--scheme', countyScheme, '--scores', bad, '--period', '2017-Q3', '--out', file, '--json');
    expect(error.exitCode).toBe(1);
    const issues = error.details as { code: string; unitId?: string; component?: string; message: string; line?: number }[];
    expect(issues.map((i) => [i.code, i.unitId, i.component])).toEqual([
      ['aboveMax', '610926', 'crossInspection'],
      ['aboveCap', '610921', 'innovation'],
      ['missingUnit', '610929', undefined],
    ]);
    expect(issues[0]?.message).toBe('平利县（610926）“交叉检查”得分 101.00 超过满分 100.00');
    expect(issues[0]?.line).toBe(5);
    expect(issues[2]?.message).toBe('白河县（610929）缺少 2017-Q3 的得分');
    expect(existsSync(file)).toBe(false);
    // For people, one readable line per problem.
    const human = await failure('--scheme', countyScheme, '--scores', bad, '--period', '2017-Q3');
    expect(human.details).toEqual([
      `${bad}:5 平利县（610926）“交叉检查”得分 101.00 超过满分 100.00 (平利县 (610926): crossInspection score 101.00 exceeds the maximum 100.00)`,
      `${bad}:6 汉阴县（610921）加分项“创新做法加分” 0.60 超过上限 0.50 (汉阴县 (610921): bonus innovation 0.60 exceeds its cap 0.50)`,
      `${bad} 白河县（610929）缺少 2017-Q3 的得分 (白河县 (610929) has no scores for 2017-Q3)`,
    ]);
  });

  it('names the line of a bad scheme; a missing file is exit code 2', async () => {
    const scheme = join(dir, 'bad-scheme.yaml');
    writeFileSync(scheme, readFileSync(join(schemes, 'shaanxi-city-quarter.yaml'), 'utf8').replace('weight: 0.5\n', 'weight: 0.4\n'));
    const error = await failure('--scheme', scheme, '--scores', countyScores, '--period', '2017-Q3');
    expect(error.exitCode).toBe(1);
    expect(error.details).toEqual([expect.stringContaining(`${scheme}:10 加权考核项的权重之和应为 1（100%），现为 90%`)]);
    expect(await failure('--scheme', join(dir, 'none.yaml'), '--scores', countyScores, '--period', '2017-Q3').then((e) => e.exitCode)).toBe(2);
  });

  it('allocates next year’s funds to pilot sites by rank; a vetoed site gets nothing', async () => {
    const out = JSON.parse(await rank('--scheme', join(schemes, 'ankang-pilot-site-year.yaml'), '--scores', join(fixtures, 'pilot-sites-2017.json'), '--period', '2017', '--json'));
    expect(out.units[0]).toMatchObject({ unitName: '平利县老县镇', total: 96, rank: 1 });
    expect(out.units[9]).toMatchObject({ unitName: '旬阳县赵湾镇', vetoed: true, rank: 10 });
    const lines = out.consequences.funds.lines as { unitId: string; amount: number; share: number }[];
    expect(lines.reduce((a, l) => a + l.amount, 0)).toBe(9 * 500_000 + 5_000_000);
    expect(lines.find((l) => l.unitId === 'P09')?.amount).toBe(0);
    // Nine sites share the pool, weighted 9 … 1.
    expect(lines[0]?.share).toBe(1_000_000);
    expect(out.consequences.vetoed.map((u: { unitId: string }) => u.unitId)).toEqual(['P09']);
  });
});
