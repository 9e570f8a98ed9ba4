import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';
import { checkDigit } from '../../src/domain/id-number.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-cli-'));
const db = join(dir, 'cli.db');

const jingzhun = cliRunner(null);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun CLI', () => {
  it('check-id reports each input as JSON and exits 1 when one is invalid', async () => {
    const first17 = '61090219850612301';
    const valid = first17 + checkDigit(first17);
    const r = await jingzhun('check-id', valid, '610902198506123010', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0]).toMatchObject({ input: valid, valid: true, normalized: valid, birthDate: '1985-06-12' });
    expect(out[1].valid).toBe(false);
    expect(out[1].reason.length).toBeGreaterThan(0);
    expect((await jingzhun('check-id', valid)).code).toBe(0);
  });

  it('check-id refuses a birth date after today and an address that is no province', async () => {
    const r = await jingzhun('check-id', '110105209912310029', '000000199001010018', '990105199001010014', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.map((x: { valid: boolean }) => x.valid)).toEqual([false, false, false]);
    expect(out[0]).toMatchObject({ reason: '出生日期晚于今天', reasonEn: 'the birth date is in the future' });
    expect(out[1].reason).toContain('省级');
    expect(out[2].reasonEn).toContain('province');
  });

  it('says clearly that a database is missing or corrupt, without a stack trace', async () => {
    const missing = await jingzhun('stats', '--under', '6109', '--db', join(dir, 'none.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('数据库文件不存在');
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database file, just text'.repeat(200));
    const bad = await jingzhun('stats', '--under', '6109', '--db', corrupt);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('损坏');
  });

  it('rejects usage errors with exit code 2', async () => {
    expect((await jingzhun('stats', '--under', '61x9', '--db', db)).code).not.toBe(0);
    expect((await jingzhun('no-such-command')).code).toBe(2);
  });

  it('with --json, a usage error commander finds is one JSON object on stdout, in both languages; without, its text as before', async () => {
    const json = await jingzhun('stats', '--under', '6109', '--bogus', '--db', db, '--json');
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({ error: 'usage', message: '未知选项 --bogus；用 --help 查看用法', messageEn: "unknown option '--bogus'; see --help for the usage" });
    const missing = await jingzhun('year', 'close', '--json', '--db', db);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: 'usage', message: '缺少参数 <year>；用 --help 查看用法' });
    // A command group without its subcommand: the JSON answer only, no help text on stderr.
    const group = await jingzhun('year', '--json', '--db', db);
    expect(group.code).toBe(2);
    expect(group.stderr).toBe('');
    expect(JSON.parse(group.stdout)).toEqual({ error: 'usage', message: '请指定要运行的命令；用 --help 查看用法', messageEn: 'a command is required; see --help for the usage' });
    // The CLI's own argument checks answer in both languages too.
    const year = await jingzhun('year', 'close', '19', '--json', '--db', db);
    expect(year.code).toBe(2);
    expect(JSON.parse(year.stdout)).toEqual({
      error: 'failed',
      message: '年度“19”无效：应为 2013–2100 之间的年份，如 2019（建档立卡始于 2014 年）',
      messageEn: 'year "19" is not valid: give a year from 2013 to 2100, e.g. 2019 (the registry began in 2014)',
    });
    const text = await jingzhun('stats', '--under', '6109', '--bogus', '--db', db);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain("error: unknown option '--bogus'");
    expect(text.stderr).toContain('Usage: jingzhun stats');
  });

  it('loads a county, synthesises households, and its statistics add up; audit verify catches an edit', async () => {
    expect((await jingzhun('regions', 'load', '--under', '610923', '--db', db)).code).toBe(0);
    const synth = await jingzhun('synth', '--under', '610923', '--households', '800', '--seed', '7', '--db', db, '--json');
    expect(synth.code).toBe(0);
    expect(JSON.parse(synth.stdout).households).toBe(800);
    const stats = JSON.parse((await jingzhun('stats', '--under', '610923', '--db', db, '--json')).stdout);
    expect(stats).toMatchObject({ code: '610923000000', name: '宁陕县', households: 800 });
    for (const key of ['households', 'people', 'poor', 'exited', 'relapsed', 'removed'] as const) {
      expect(stats.children.reduce((s: number, c: Record<string, number>) => s + (c[key] ?? 0), 0)).toBe(stats[key]);
    }
    expect(stats.poor + stats.exited + stats.relapsed + stats.removed).toBe(stats.households);
    expect(stats.povertyIncidence).toBeGreaterThan(0);
    expect(stats.povertyIncidence).toBeLessThan(0.5);
    // A past year that is not closed: counted from the status events, and the text says how.
    const y2016 = JSON.parse((await jingzhun('stats', '--under', '610923', '--year', '2016', '--db', db, '--json')).stdout);
    expect(y2016).toMatchObject({ year: 2016, source: 'events', frozen: false });
    expect(y2016.households).toBeLessThan(800);
    const text = await jingzhun('stats', '--under', '610923', '--year', '2016', '--db', db);
    expect(text.stdout).toContain('按状态变动推算至 2016-12-31');
    expect(text.stdout).toContain('人数为各户当前人口');
    const again = await jingzhun('synth', '--under', '610923', '--households', '800', '--seed', '7', '--db', db, '--json');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('--replace');

    expect((await jingzhun('audit', 'verify', '--db', db)).code).toBe(0);
    const raw = new Database(db);
    raw.prepare("update audit_log set after_json = replace(after_json, '800', '799') where seq = 1").run();
    raw.close();
    const verify = await jingzhun('audit', 'verify', '--db', db, '--json');
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout).break).toMatchObject({ seq: 1, problem: 'edited' });
  });
});

describe('jingzhun audit verify: head and anchors', () => {
  it('prints the head, catches the newest entries deleted, and checks a written-down anchor', async () => {
    const file = join(dir, 'audit.db');
    expect((await jingzhun('db', 'migrate', '--db', file)).code).toBe(0);
    const closed = await jingzhun('year', 'close', '2018', '--db', file, '--json');
    expect(closed.code).toBe(0);
    const anchor = JSON.parse(closed.stdout).anchor as { seq: number; hash: string };
    expect(anchor.seq).toBe(1);
    expect((await jingzhun('year', 'close', '2019', '--db', file)).stdout).toContain('审计锚点 2:');

    const clean = await jingzhun('audit', 'verify', '--db', file, '--json');
    expect(clean.code).toBe(0);
    const head = JSON.parse(clean.stdout).head as { seq: number; hash: string };
    expect(head.seq).toBe(2);
    const given = await jingzhun('audit', 'verify', '--db', file, '--anchor', `${anchor.seq}:${anchor.hash.slice(0, 16)}`, '--anchor', `${head.seq}:${head.hash}`);
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('审计日志完整');
    expect(given.stdout).toContain(`${head.seq}:${head.hash}`);
    expect((await jingzhun('audit', 'verify', '--db', file, '--anchor', '2:abc')).code).toBe(2);

    const raw = new Database(file);
    raw.prepare('delete from audit_log where seq = 2').run();
    const cut = await jingzhun('audit', 'verify', '--db', file);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('第 1 条之后的 1 条（第 2 条）被删除');
    expect(cut.stdout).toContain('was removed');
    raw.prepare('delete from audit_log').run();
    raw.close();
    const emptied = await jingzhun('audit', 'verify', '--db', file, '--json');
    expect(emptied.code).toBe(1);
    expect(JSON.parse(emptied.stdout).break).toMatchObject({ seq: 1, problem: 'removed' });
  });
});

describe('a region that is not in the database', () => {
  it('is said in Chinese and English, with the command that loads it when the code exists', async () => {
    const file = join(dir, 'regions.db');
    expect((await jingzhun('regions', 'load', '--under', '610923', '--db', file)).code).toBe(0);
    const loadable = await jingzhun('stats', '--under', '6110', '--db', file, '--json');
    expect(loadable.code).toBe(2);
    expect(JSON.parse(loadable.stdout)).toEqual({
      error: 'not_found',
      message: '区划 6110（商洛市）尚未载入本数据库：请先运行 jingzhun regions load --under 6110',
      messageEn: 'Region 6110 (商洛市) is not loaded in this database: run jingzhun regions load --under 6110 first',
    });
    const human = await jingzhun('stats', '--under', '611024', '--db', file);
    expect(human.stderr).toContain('jingzhun regions load --under 611024');
  });

  it('a code that exists nowhere gets no hint to load it', async () => {
    const file = join(dir, 'regions.db');
    const r = await jingzhun('stats', '--under', '9999', '--db', file, '--json');
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout);
    expect(body).toEqual({ error: 'not_found', message: '区划代码 9999 不存在：统计用区划代码中没有这一地区，请核对代码', messageEn: 'Region code 9999 does not exist in the statistical division codes: check the code' });
    const village = await jingzhun('stats', '--under', '610923100999', '--db', file);
    expect(village.stderr).toContain('区划代码 610923100999 不存在');
    expect(village.stderr).not.toContain('regions load');
  });
});

describe('--under a region that is not in the database, on the commands that read or write a subtree', () => {
  const notFound = { error: 'not_found', message: '区划代码 9999 不存在：统计用区划代码中没有这一地区，请核对代码', messageEn: 'Region code 9999 does not exist in the statistical division codes: check the code' };

  it('export ledger refuses it as stats does and writes nothing; a loaded region without households gets its empty ledger', async () => {
    const file = join(dir, 'regions.db');
    expect((await jingzhun('regions', 'load', '--under', '610923', '--db', file)).code).toBe(0);
    const out = join(dir, 'nowhere.xlsx');
    const r = await jingzhun('export', 'ledger', '--under', '9999', '--out', out, '--db', file, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual(notFound);
    expect(existsSync(out)).toBe(false);
    const stats = await jingzhun('stats', '--under', '9999', '--db', file, '--json');
    expect(JSON.parse(stats.stdout)).toEqual(JSON.parse(r.stdout));
    const loadable = await jingzhun('export', 'ledger', '--under', '6110', '--out', out, '--db', file);
    expect(loadable.code).toBe(2);
    expect(loadable.stderr).toContain('区划 6110（商洛市）尚未载入本数据库：请先运行 jingzhun regions load --under 6110');
    expect(existsSync(out)).toBe(false);

    const empty = await jingzhun('export', 'ledger', '--under', '610923', '--out', out, '--db', file, '--json');
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout).rows).toEqual({ 户表: 0, 成员表: 0, 收入表: 0 });
    expect(existsSync(out)).toBe(true);
  });

  it('the other commands that take --under refuse it the same way (a sample of them)', async () => {
    const file = join(dir, 'regions.db');
    const out = join(dir, 'share.xlsx');
    for (const args of [
      ['share', '--department', 'education', '--under', '9999', '--out', out],
      ['quality', '--under', '9999'],
      ['rectification', 'counts', '--under', '9999'],
      ['assistance', 'units', 'list', '--under', '9999'],
      ['assistance', 'coverage', '--under', '9999', '--from', '2019-01-01', '--to', '2019-12-31'],
      ['assistance', 'survey', 'rates', '--survey', '1', '--under', '9999'],
    ]) {
      const r = await jingzhun(...args, '--db', file, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout), args.join(' ')).toEqual(notFound);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('a locked database', () => {
  it('gets a clear message, not a stack trace', async () => {
    const file = join(dir, 'locked.db');
    expect((await jingzhun('regions', 'load', '--under', '610923', '--db', file)).code).toBe(0);
    const holder = new Database(file);
    holder.exec('begin exclusive');
    try {
      const r = await jingzhun('synth', '--under', '610923', '--households', '10', '--db', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('占用');
      expect(r.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });

  it('names the file when the lock is met mid-command (after the wait), not "SQLite"', async () => {
    const file = join(dir, 'locked-write.db');
    expect((await jingzhun('db', 'migrate', '--db', file)).code).toBe(0);
    const holder = new Database(file);
    holder.exec('begin immediate'); // another writer: reads go on, this command's write waits and gives up
    try {
      const r = await jingzhun('year', 'close', '2018', '--db', file, '--json');
      expect(r.code).toBe(2);
      const body = JSON.parse(r.stdout);
      expect(body).toMatchObject({ error: 'db_locked', message: expect.stringContaining(`占用：${file}`), messageEn: expect.stringContaining(`locked by another program: ${file}`) });
      expect(body.message).not.toContain('SQLite');
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });
});

describe('jingzhun stats --year', () => {
  it('says when a year from this one on is not closed (statuses are today\'s) and when it has no population to divide by', async () => {
    const file = join(dir, 'years.db');
    expect((await jingzhun('regions', 'load', '--under', '610923', '--db', file)).code).toBe(0);
    const open = await jingzhun('stats', '--under', '610923', '--year', '2031', '--db', file);
    expect(open.code).toBe(0);
    expect(open.stdout).toContain('2031 年度未关账');
    expect(open.stdout).toContain('2031 年没有农村人口数据');
    const bad = await jingzhun('stats', '--under', '610923', '--year', '1990', '--db', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('2013–2100');
  });
});

describe('jingzhun year list', () => {
  it('prints each closed year with who closed it, when and its anchor, then the open years, as text (Chinese first) and as the API’s JSON', async () => {
    const file = join(dir, 'year-list.db');
    expect((await jingzhun('db', 'migrate', '--db', file)).code).toBe(0);
    const none = await jingzhun('year', 'list', '--db', file);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('尚无已关账年度\nNo year is closed\n未关账年度：');
    expect(none.stdout).toContain('、2014（本年度 ');
    const closed = JSON.parse((await jingzhun('year', 'close', '2018', '--actor', '王科长', '--db', file, '--json')).stdout) as { anchor: { seq: number; hash: string } };
    const list = await jingzhun('year', 'list', '--db', file, '--json');
    expect(list.code).toBe(0);
    const body = JSON.parse(list.stdout) as { closed: number[]; anchors: { year: number; anchor: unknown; closedBy: string; closedAt: string }[]; open: number[]; currentYear: number };
    expect(body).toMatchObject({ closed: [2018], anchors: [{ year: 2018, anchor: closed.anchor, closedBy: '王科长' }] });
    expect(Date.parse(body.anchors[0]?.closedAt ?? '')).toBeGreaterThan(0);
    expect(body.open).not.toContain(2018);
    expect(body.open).toContain(2014);
    expect(body.open[0]).toBe(body.currentYear);
    const text = (await jingzhun('year', 'list', '--db', file)).stdout.split('\n');
    expect(text[0]).toMatch(new RegExp(`^2018 年度已关账：关账人 王科长，关账时间 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}（北京时间），审计锚点 ${closed.anchor.seq}:${closed.anchor.hash}$`));
    expect(text[1]).toMatch(new RegExp(`^2018 closed by 王科长 at .+ \\(Beijing time\\), audit anchor ${closed.anchor.seq}:${closed.anchor.hash}$`));
    expect(text[2]).not.toContain('2018');
    expect(text[3]).toMatch(/^Open years: \d{4}, /);
  });
});
