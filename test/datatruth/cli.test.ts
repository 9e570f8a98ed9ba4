// The data-truth commands end to end on a SQLite file, as a county data officer would run them.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-dt-cli-'));
const db = join(dir, 'cli.db');

const jingzhun = cliRunner(db);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun crosscheck, quality and share', () => {
  it('scores a synthesised county with known errors, then compares a deaths file', async () => {
    expect((await jingzhun('regions', 'load', '--under', '610902')).code).toBe(0);
    expect((await jingzhun('synth', '--under', '610902', '--households', '300', '--seed', '3', '--with-errors', '--json')).code).toBe(0);
    const q = await jingzhun('quality', '--under', '610902', '--json');
    expect(q.code).toBe(0);
    const quality = JSON.parse(q.stdout);
    expect(quality.households).toBe(300);
    expect(quality.score).toBeLessThan(100);
    expect(quality.score).toBeGreaterThan(0);
    expect(Object.keys(quality.byRule).length).toBeGreaterThan(0);

    const sqlite = new Database(db, { readonly: true });
    const people = sqlite.prepare("select m.name, m.id_number from member m join household h on h.id = m.household_id where h.status <> 'removed' order by m.id limit 3").all() as { name: string; id_number: string }[];
    sqlite.close();
    writeFileSync(join(dir, 'deaths.csv'), `姓名,公民身份号码,死亡日期\n${people.map((p) => `${p.name},${p.id_number},2019-03-01`).join('\n')}\n`);
    const c = await jingzhun('crosscheck', '--dataset', join(dir, 'deaths.csv'), '--kind', 'death', '--under', '610902', '--json');
    expect(c.code).toBe(0);
    const result = JSON.parse(c.stdout);
    expect(result.byType.deceasedStillMember).toBe(3);
    expect(result.counts.matched).toBe(3);
    expect(c.stdout).not.toContain(people[0]?.id_number ?? 'x');

    const broken = (people[1]?.id_number ?? '').slice(0, 17) + ((people[1]?.id_number ?? '').endsWith('1') ? '2' : '1');
    writeFileSync(join(dir, 'bad.csv'), `姓名,公民身份号码,死亡日期\n${people[0]?.name},${people[0]?.id_number},2019-03-01\n${people[1]?.name},${broken},2019-03-01\n`);
    const bad = await jingzhun('crosscheck', '--dataset', join(dir, 'bad.csv'), '--kind', 'death', '--under', '610902');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('第 3 行');
    expect(bad.stderr).not.toContain(broken);
    const kind = await jingzhun('crosscheck', '--dataset', join(dir, 'deaths.csv'), '--kind', 'nope', '--under', '610902');
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('未知的数据类型');
  }, 120_000);

  it('lists and writes out the department file a comparison kept; names a bad run, a missing folder, an unknown run', async () => {
    const c = JSON.parse((await jingzhun('crosscheck', '--dataset', join(dir, 'deaths.csv'), '--kind', 'death', '--under', '610902', '--json')).stdout);
    const given = readFileSync(join(dir, 'deaths.csv'));
    const listed = await jingzhun('crosscheck-file', '--run', String(c.runId), '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ runId: c.runId, name: 'deaths.csv', size: given.length, sha256: createHash('sha256').update(given).digest('hex') });
    const out = mkdtempSync(join(dir, 'out-'));
    const written = await jingzhun('crosscheck-file', '--run', String(c.runId), '--out', out);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('已写出');
    expect(readFileSync(join(out, 'deaths.csv')).equals(given)).toBe(true);
    const noFolder = await jingzhun('crosscheck-file', '--run', String(c.runId), '--out', join(dir, 'nowhere'));
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('不是已有的文件夹');
    const notNumber = await jingzhun('crosscheck-file', '--run', 'abc');
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('不是比对编号');
    const unknown = await jingzhun('crosscheck-file', '--run', '9999');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('没有第 9999 次比对');
  }, 60_000);

  it('exports the registry subset a department may read', async () => {
    const out = join(dir, 'education.xlsx');
    const r = await jingzhun('share', '--department', 'education', '--under', '610902', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect((await jingzhun('share', '--department', 'nobody', '--under', '610902', '--out', out)).code).toBe(2);
  }, 60_000);
});
