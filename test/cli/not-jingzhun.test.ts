// A --db that points at another program's SQLite file, or at an empty file, is refused before
// anything is written to it; new files and older Jingzhun databases still open and migrate.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-foreign-'));
const jingzhun = cliRunner(null);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function foreignFile(name: string): string {
  const file = join(dir, name);
  const raw = new Database(file);
  raw.exec("create table foo (x text); insert into foo values ('another program')");
  raw.close();
  return file;
}

function tablesOf(file: string): string[] {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all() as string[];
  } finally {
    raw.close();
  }
}

describe('a file that is not a Jingzhun database', () => {
  it("is refused by a read-only command, another program's file left as it was", async () => {
    const file = foreignFile('other.db');
    const before = digest(file);
    const r = await jingzhun('stats', '--under', '6109', '--db', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`不是精准平台的数据库文件：${file}`);
    expect(r.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
    const json = await jingzhun('stats', '--under', '6109', '--db', file, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: 'not_jingzhun', messageEn: expect.stringContaining(`Not a Jingzhun database: ${file}`) });
    expect(digest(file)).toBe(before);
    expect(tablesOf(file)).toEqual(['foo']);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('is refused by a command that writes too: db migrate does not add its tables to it', async () => {
    const file = foreignFile('other-migrate.db');
    const before = digest(file);
    for (const args of [['db', 'migrate'], ['regions', 'load', '--under', '610923']]) {
      const r = await jingzhun(...args, '--db', file, '--json');
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error).toBe('not_jingzhun');
    }
    expect(digest(file)).toBe(before);
    expect(tablesOf(file)).toEqual(['foo']);
  });

  it('an empty (0-byte) file is refused by a read-only command and stays empty', async () => {
    const file = join(dir, 'empty.db');
    writeFileSync(file, '');
    const r = await jingzhun('stats', '--under', '6109', '--db', file, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: 'not_jingzhun', message: expect.stringContaining(file) });
    expect(statSync(file).size).toBe(0);
  });

  it('an empty file becomes a database when a command that creates one is asked to', async () => {
    const file = join(dir, 'empty-migrate.db');
    writeFileSync(file, '');
    const r = await jingzhun('db', 'migrate', '--db', file, '--json');
    expect(r.code).toBe(0);
    expect([...JSON.parse(r.stdout).applied].sort()).toEqual(Object.keys(migrations('sqlite')).sort());
    expect((await jingzhun('stats', '--under', '6109', '--db', file, '--json')).stdout).not.toContain('not_jingzhun');
  });

  it('a new file is still created by the commands that write', async () => {
    const file = join(dir, 'new', 'fresh.db');
    expect((await jingzhun('regions', 'load', '--under', '610923', '--db', file)).code).toBe(0);
    expect((await jingzhun('stats', '--under', '610923', '--db', file)).code).toBe(0);
  });

  it('a Jingzhun database at an older migration is still brought up to date by a read-only command', async () => {
    const file = join(dir, 'older.db');
    const [first, firstMigration] = Object.entries(migrations('sqlite'))[0] ?? [];
    if (!first || !firstMigration) throw new Error('no migrations');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => ({ [first]: firstMigration }) } }).migrateToLatest();
    await db.destroy();
    expect(error).toBeUndefined();
    const r = await jingzhun('stats', '--under', '6109', '--db', file, '--json');
    expect(JSON.parse(r.stdout).error).toBe('not_found'); // regions not loaded yet: opened and migrated
    const store = await openStore(file);
    try {
      expect(await store.migrate()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
