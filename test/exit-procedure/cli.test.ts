// The exit-case and sample commands on a SQLite file, as an operator would run them.
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';
import Database from 'better-sqlite3';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-exit-cli-'));
const db = join(dir, 'cli.db');

const jingzhun = cliRunner(db);

let village = '';
let householdId = 0;

beforeAll(async () => {
  expect((await jingzhun('regions', 'load', '--under', '610902')).code).toBe(0);
  expect((await jingzhun('synth', '--under', '610902', '--households', '800', '--seed', '5')).code).toBe(0);
  const sqlite = new Database(db, { readonly: true });
  const h = sqlite.prepare("select id, village_code from household where status = 'poor' order by id limit 1").get() as { id: number; village_code: string };
  sqlite.close();
  householdId = h.id;
  village = h.village_code;
  for (const [name, role, region] of [['cadre', 'villageCadre', village], ['county', 'regionAdmin', '610902']]) {
    const r = await jingzhun('users', 'add', '--name', name ?? '', '--role', role ?? '', '--region', region ?? '');
    expect(r.code, r.stderr).toBe(0);
  }
}, 400_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun exit-case', () => {
  it('opens a case, refuses a skipped step and a wrong role, signs with an attachment and shows what is missing', async () => {
    const open = await jingzhun('exit-case', 'open', '--as', 'cadre', '--household', String(householdId), '--year', '2019', '--json');
    expect(open.code, open.stderr).toBe(0);
    const id = String(JSON.parse(open.stdout).id);
    expect((await jingzhun('exit-case', 'step', id, '--as', 'county', '--step', 'proposal', '--slot', 'villageCommittee', '--date', '2019-10-01')).stderr).toContain('无权签署');
    expect((await jingzhun('exit-case', 'step', id, '--as', 'cadre', '--step', 'proposal', '--slot', 'villageCommittee', '--date', '2019-10-01')).code).toBe(0);
    const skip = await jingzhun('exit-case', 'step', id, '--as', 'cadre', '--step', 'publicNotice', '--slot', 'villageCommittee', '--date', '2019-10-02');
    expect(skip.code).toBe(1);
    expect(skip.stderr).toContain('不能跳过步骤');
    writeFileSync(join(dir, '会议记录.pdf'), '%PDF-1.4 meeting record');
    const att = await jingzhun('exit-case', 'attach', id, join(dir, '会议记录.pdf'), '--as', 'cadre', '--step', 'democraticAppraisal', '--json');
    expect(JSON.parse(att.stdout)).toMatchObject({ size: 23, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const appraisal = await jingzhun('exit-case', 'step', id, '--as', 'cadre', '--step', 'democraticAppraisal', '--slot', 'villageCommittee', '--date', '2019-10-03', '--participants', '32', '--in-favour', '30');
    expect(appraisal.code, appraisal.stderr).toBe(0);
    const show = await jingzhun('exit-case', 'show', id);
    expect(show.stdout).toContain('当前步骤 村两委和驻村工作队核实');
    expect(show.stdout).toContain('✗ 缺 县级审定 · 包片县级领导');
    expect(show.stdout).toContain('缺少签字 8 处');
  }, 400_000);
});

describe('jingzhun sample', () => {
  it('draws from a seed, exports the items, loads findings all or nothing, gives the rates and simulates', async () => {
    const args = ['sample', 'draw', '--county', '610902', '--year', '2019', '--seed', '777', '--towns', '4', '--villages', '3', '--exited', '3', '--unregistered', '2', '--json'];
    const a = JSON.parse((await jingzhun(...args)).stdout);
    const b = JSON.parse((await jingzhun(...args)).stdout);
    expect(a.seed).toBe(777);
    expect(a.method).toContain('种子 777');
    expect(b.counts).toEqual(a.counts);
    const out = join(dir, 'items.csv');
    expect((await jingzhun('sample', 'items', String(a.id), '--out', out)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('样本编号,乡镇,村,层,户编号,人口,错退,漏评,认可,备注');
    const rows = lines.slice(1).map((l) => l.split(','));

    // Fill: first exited household wrongly exited and not recognising; unregistered ones 3 people, none missed.
    let firstExited = true;
    const filled = rows.map((r) => {
      if (r[3] === '已脱贫户') {
        const row = [...r.slice(0, 6), firstExited ? '是' : '否', '否', firstExited ? '否' : '是', ''];
        firstExited = false;
        return row;
      }
      if (r[3] === '非建档立卡户') return [...r.slice(0, 5), '3', '否', '否', '', ''];
      return r;
    });
    const bad = filled.map((r) => (r[3] === '非建档立卡户' ? [...r.slice(0, 5), '', '否', '是', '', ''] : r));
    writeFileSync(join(dir, 'bad.csv'), [lines[0], ...bad.map((r) => r.join(','))].join('\n'));
    const refused = await jingzhun('sample', 'findings', String(a.id), join(dir, 'bad.csv'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('人口数');
    // Saved again by Excel or WPS on a Chinese desktop: GBK, no BOM (the refused one above was UTF-8).
    writeFileSync(join(dir, 'good.csv'), iconv.encode([lines[0], ...filled.map((r) => r.join(','))].join('\r\n'), 'gbk'));
    const ok = await jingzhun('sample', 'findings', String(a.id), join(dir, 'good.csv'), '--json');
    expect(ok.code, ok.stderr).toBe(0);
    const rates = JSON.parse((await jingzhun('sample', 'rates', String(a.id), '--json')).stdout).rates;
    const exitedRows = filled.filter((r) => r[3] === '已脱贫户');
    expect(rates.wrongExitRate.numerator).toBe(Number(exitedRows[0]?.[5]));
    expect(rates.wrongExitRate.denominator).toBe(exitedRows.reduce((s, r) => s + Number(r[5]), 0));
    expect(rates.recognitionRate).toMatchObject({ numerator: exitedRows.length - 1, denominator: exitedRows.length });
    expect(rates.missedPoorRate).toMatchObject({ numerator: 0, passes: true });
    const sim = JSON.parse((await jingzhun('sample', 'simulate', String(a.id), '--runs', '300', '--json')).stdout);
    expect(sim.runs).toBe(300);
    expect(sim.wrongExitRate.draws).toBe(300);
  }, 400_000);
});
