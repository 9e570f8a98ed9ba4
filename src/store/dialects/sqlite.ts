// SQLite through better-sqlite3: the embedded default, one file under data/.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { StoreError } from '../errors.js';
import { ReaderAwareSqliteDialect } from './sqlite-reader.js';

export interface SqliteHandle {
  readonly db: Kysely<DB>;
  readonly raw: Database.Database;
}

/** The writer's page cache: region and stats queries at national size. */
const writerCacheKiB = 262144;

/**
 * A bulk write (an import, a synthesis) runs with a quarter of that cache. Its pages are written
 * once, at the right edges of the B-trees, and a full cache spills them to the WAL; the large cache
 * only held up to 256 MiB of them at once, against an import's 1.5 GB memory target. Measured
 * (docs/benchmarks.md): the xlsx import of 330,000 households peaked at 1,290 MB instead of 1,393 MB;
 * at 100,000 households the xlsx import took 15.4–16.2 s instead of 14.8–15.6 s, the CSV import
 * 9.5–9.7 s instead of 9.9 s, and the synthetic write of 1,000,000 households stayed within its
 * run-to-run spread (28.2 s against 26.0–28.4 s).
 */
const bulkCacheKiB = 65536;

/**
 * Large values written once (the files an import keeps) need little cache: their overflow pages
 * are never read back in the transaction. With the writer's cache a 118 MB CSV took 0.85 s
 * to store, with 2 MB 0.28 s (better-sqlite3 alone, this machine): every page held dirty to the
 * commit is memory to fault in and copy.
 */
const largeValueCacheKiB = 2048;

/** Runs `fn` (a bulk transaction on `raw`) with the smaller cache, then gives the writer its own back. */
export function withBulkCache<T>(raw: Database.Database, fn: () => Promise<T>): Promise<T> {
  return withCache(raw, bulkCacheKiB, fn);
}

/** Runs `fn` (a transaction storing large values on `raw`) with a small cache, then gives the writer its own back. */
export function withLargeValueCache<T>(raw: Database.Database, fn: () => Promise<T>): Promise<T> {
  return withCache(raw, largeValueCacheKiB, fn);
}

async function withCache<T>(raw: Database.Database, kib: number, fn: () => Promise<T>): Promise<T> {
  raw.pragma(`cache_size = -${kib}`);
  try {
    return await fn();
  } finally {
    raw.pragma(`cache_size = -${writerCacheKiB}`);
  }
}

export function openSqlite(file: string, create: boolean): SqliteHandle {
  const isNew = file === ':memory:' || !existsSync(file);
  if (isNew) {
    if (!create) {
      throw new StoreError(
        'db_missing',
        `数据库文件不存在：${file}。请先运行 "jingzhun db migrate --db ${file}" 或 "npm start" 建库`,
        `Database file not found: ${file}. Run "jingzhun db migrate --db ${file}" first`,
      );
    }
    mkdirSync(dirname(file), { recursive: true });
  }
  let raw: Database.Database;
  try {
    raw = new Database(file, { timeout: 5000 });
    // Before anything that writes (the WAL pragma rewrites the header, migrations add tables):
    // another program's file, or an empty one a command that only reads was pointed at, stays as it was.
    if (!isNew) assertJingzhun(raw, file, create);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma(`cache_size = -${writerCacheKiB}`);
    raw.pragma('temp_store = MEMORY');
    raw.pragma('mmap_size = 1073741824');
    raw.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    throw translateSqliteError(error, file);
  }
  // Reads made while a transaction holds `raw` (an import, say) go to a read-only connection.
  const openReader = file === ':memory:' ? null : () => {
    const reader = new Database(file, { readonly: true, timeout: 5000 });
    reader.pragma('cache_size = -65536');
    reader.pragma('mmap_size = 1073741824');
    return cachingDatabase(reader);
  };
  return { db: new Kysely<DB>({ dialect: new ReaderAwareSqliteDialect(cachingDatabase(raw), openReader) }), raw };
}

/**
 * A Jingzhun database keeps Kysely's migration bookkeeping from its first migration on. A file
 * without it is another program's (it has tables) or empty: an empty one may become a database
 * only when the command creates databases (`db migrate`, `regions load`, `synth`, `demo`, …).
 */
function assertJingzhun(raw: Database.Database, file: string, create: boolean): void {
  const tables = raw.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
  if (tables.includes('kysely_migration') || (create && tables.length === 0)) return;
  raw.close();
  throw tables.length === 0
    ? new StoreError(
        'not_jingzhun',
        `不是精准平台的数据库文件：${file}（文件是空的）。请核对 --db 或 DATABASE_URL；如要在此新建数据库，请运行 "jingzhun db migrate --db ${file}"`,
        `Not a Jingzhun database: ${file} (the file is empty). Check --db or DATABASE_URL; to create a database there, run "jingzhun db migrate --db ${file}"`,
      )
    : new StoreError(
        'not_jingzhun',
        `不是精准平台的数据库文件：${file}（其中是其他程序的数据表）。请核对 --db 或 DATABASE_URL；本程序未改动该文件`,
        `Not a Jingzhun database: ${file} (it holds another program's tables). Check --db or DATABASE_URL; the file was left unchanged`,
      );
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small query, so keep the
 * statements of the (few hundred) distinct query texts the program issues.
 */
function cachingDatabase(raw: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare(text: string): Database.Statement {
      let stmt = statements.get(text);
      // A statement still iterating (a streamed query) cannot run again until it finishes.
      if (stmt?.busy) return raw.prepare(text);
      if (!stmt) {
        if (statements.size >= 1000) statements.clear();
        stmt = raw.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
  };
}

/** Whether a driver error came from SQLite (better-sqlite3 codes all start with SQLITE_). */
export function isSqliteError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_');
}

/**
 * A driver error a user can act on, in the store's words. `file` is the database file when the
 * caller knows it; null only where it cannot (the CLI's last resort), and then no name is made up.
 */
export function translateSqliteError(error: unknown, file: string | null): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const zh = file === null ? '' : `：${file}`;
  const en = file === null ? '' : `: ${file}`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError('db_corrupt', `数据库文件已损坏或不是 Jingzhun 数据库${zh}。请从备份恢复`, `The database file is corrupt or not a database${en}. Restore it from a backup`);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError('db_locked', `数据库文件正被其他程序占用${zh}。请稍后重试，或关闭正在写入的程序`, `The database file is locked by another program${en}. Retry later`);
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new StoreError('db_cannot_open', `无法打开数据库文件${zh}。请检查路径和读写权限`, `Cannot open the database file${en}. Check the path and permissions`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
