// The scores commands and rank --stored in process, on a fresh SQLite file: publish a scheme,
// a bad import changes nothing, a good one is listed and ranked from the database.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ValidationFailed } from '../../src/app/errors.js';
import { registerRank } from '../../src/cli/commands/rank.js';
import { registerScores } from '../../src/cli/commands/scores.js';

const fixtures = new URL('../fixtures/scoring/', import.meta.url).pathname;
const scheme = new URL('../../src/domain/scoring/schemes/shaanxi-county-quarter.yaml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'jingzhun-scores-'));
const db = join(dir, 'scores.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<string> {
  const program = new Command('jingzhun').option('--db <location>').option('--json').exitOverride();
  registerScores(program);
  registerRank(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['--db', db, ...argv], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('jingzhun scores and rank --stored', () => {
  it('publishes, refuses a bad sheet whole, imports, lists and ranks from the database', async () => {
    expect(await run('scores', 'scheme', scheme, '--owner', '61')).toContain('已发布：陕西省县（区）脱贫攻坚季度考核');
    const bad = await run('scores', 'import', join(fixtures, 'ankang-counties-2017-bad.csv'), '--scheme', 'shaanxi-county-quarter').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationFailed);
    expect((bad as ValidationFailed).errors.some((e) => e.field.includes('610926 / crossInspection'))).toBe(true);
    expect(await run('scores', 'list')).toContain('期间：无');
    expect(await run('scores', 'import', join(fixtures, 'ankang-counties-2017.csv'), '--scheme', 'shaanxi-county-quarter', '--sample')).toContain('2017-Q3 10 个单位');
    expect(await run('scores', 'list', '--scheme', 'shaanxi-county-quarter', '--period', '2017-Q3')).toMatch(/^ {2}1 {2}610926 {2}平利县 {2}99\.80 {2}↑1/);
    const out = join(dir, 'q3.xlsx');
    const json = JSON.parse(await run('--json', 'rank', '--stored', '--scheme', 'shaanxi-county-quarter', '--period', '2017-Q3', '--out', out));
    expect(json.sample).toBe(true);
    expect(json.previousPeriod).toBe('2017-Q2');
    expect(json.units.find((u: { unitId: string }) => u.unitId === '610929').explanation).toContain('白河县总分');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(String(wb.getWorksheet('说明')?.getRow(1).getCell(1).value)).toMatch(/^示例数据/);
    expect(await run('rank', '--stored', '--scheme', 'shaanxi-county-quarter', '--period', '2017-Q3')).toMatch(/^示例数据/);
  });

  it('lists where the period’s scores came from and writes the kept sheet out as imported; a missing folder is named', async () => {
    const listed = await run('scores', 'sources', '--scheme', 'shaanxi-county-quarter', '--period', '2017-Q3');
    expect(listed).toMatch(/^第 \d+ 次 {2}示例数据：ankang-counties-2017\.csv {2}10 个单位 {2}cli {2}/);
    const folder = mkdtempSync(join(dir, 'sheets-'));
    const json = JSON.parse(await run('--json', 'scores', 'sources', '--scheme', 'shaanxi-county-quarter', '--period', '2017-Q3', '--out', folder));
    expect(json.imports).toEqual([expect.objectContaining({ kind: 'sample', fileName: 'ankang-counties-2017.csv', fileKept: true })]);
    expect(json.written).toEqual([join(folder, `${json.imports[0].id}-ankang-counties-2017.csv`)]);
    expect(readFileSync(json.written[0]).equals(readFileSync(join(fixtures, 'ankang-counties-2017.csv')))).toBe(true);
    await expect(run('scores', 'sources', '--scheme', 'shaanxi-county-quarter', '--period', '2017-Q3', '--out', join(dir, 'nowhere'))).rejects.toThrow('不是已有的文件夹');
    await expect(run('scores', 'sources', '--scheme', 'nope', '--period', '2017-Q3')).rejects.toThrow('考核方案“nope”没有 2017-Q3 期的得分');
  });
});
