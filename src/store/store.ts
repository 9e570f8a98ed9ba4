// Opening a store: picks the dialect from the location, applies migrations, closes cleanly.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, Migrator, PostgresDialect, type Transaction, sql } from 'kysely';
import type pg from 'pg';
import { CopyConnection, copyAppender } from './dialects/postgres-copy.js';
import { sqliteAppender } from './dialects/sqlite-bulk.js';
import { BackgroundCheckpoints } from './dialects/sqlite-checkpoint.js';
import { batchingAppender } from './bulk-appender.js';
import type Database from 'better-sqlite3';
import type { DialectName } from './dialect.js';
import type { DB } from './schema.js';
import { migrations } from './migrations/index.js';
import { openSqlite, translateSqliteError, withBulkCache, withLargeValueCache } from './dialects/sqlite.js';
import { checkPostgres, openPostgres, redactUrl } from './dialects/postgres.js';
import { StoreError } from './errors.js';

export type Executor = Kysely<DB> | Transaction<DB>;

export type ColumnType = 'int' | 'bigint' | 'real' | 'text';
export interface BulkColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * Rows on their way into one table: push one row's values onto `values` in column order, call
 * `rowDone()`, and `flush()` at the end. No array per row: a bulk write of a national registry
 * makes tens of millions of values. SQLite writes every few hundred rows as they come and the rest
 * within flush() (errors throw at once); PostgreSQL gathers the rows as COPY text, and flush()
 * takes them at once and sends them, settling when the COPY is done.
 */
export interface BulkAppender {
  values: unknown[];
  rowDone(): void;
  flush(): Promise<void>;
  /** Many rows at once (`count` rows laid out one after another), as if pushed and done one by one. */
  appendRows?(values: unknown[], count: number): void;
}

export interface Store {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  /**
   * A transaction for bulk writes: on PostgreSQL it holds one connection of its own so that
   * `bulkInsert` can COPY on it; on SQLite it is an ordinary transaction.
   */
  bulkTransaction<T>(fn: (trx: Executor) => Promise<T>): Promise<T>;
  /**
   * A transaction that stores large values written once (the files an import keeps): on SQLite
   * with a small page cache, its WAL copied into the database by a worker thread; on PostgreSQL an
   * ordinary transaction.
   */
  largeValueTransaction<T>(fn: (trx: Executor) => Promise<T>): Promise<T>;
  /** Insert many rows fast inside the caller's transaction. */
  bulkInsert(trx: Executor, table: keyof DB, columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Rows for one table inside the caller's bulk transaction, handed on as they come (see BulkAppender). */
  bulkAppender(trx: Executor, table: keyof DB, columns: readonly BulkColumn[]): BulkAppender;
  migrate(): Promise<string[]>;
  /** Refresh the planner's statistics after a bulk write, so list queries pick their indexes. */
  analyze(): Promise<void>;
  close(): Promise<void>;
  /** The better-sqlite3 handle, for the bare-load baseline of the benchmarks only. */
  readonly sqlite?: Database.Database;
}

export interface OpenOptions {
  /** Create the SQLite file if missing (commands that write); read-only commands refuse a missing file. */
  readonly create?: boolean;
  /** Apply pending migrations on open. */
  readonly migrate?: boolean;
  /** PostgreSQL schema to use (tests isolate themselves this way). */
  readonly schema?: string;
}

export const defaultSqliteFile = 'data/jingzhun.db';

/**
 * --db, else DATABASE_URL, else data/jingzhun.db. DATABASE_URL set but empty (`DATABASE_URL=` in a
 * shell or an .env file) counts as not set; an empty --db (a script's unset variable) is refused
 * rather than read as the default, which may be another database than the script meant.
 */
export function resolveLocation(flag: string | undefined): string {
  if (flag !== undefined && flag.trim() === '') {
    throw new StoreError('db_location_empty', '--db 的值为空：请给出 SQLite 文件路径或 postgres://… 地址', '--db is empty: give a SQLite file path or a postgres://… URL');
  }
  const env = process.env['DATABASE_URL']?.trim();
  return flag ?? (env === undefined || env === '' ? defaultSqliteFile : env);
}

export async function openStore(location: string, options: OpenOptions = {}): Promise<Store> {
  const isPostgres = /^postgres(ql)?:\/\//.test(location);
  const store = isPostgres ? await postgresStore(location, options) : sqliteStore(location, options);
  if (options.migrate) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function sqliteStore(file: string, options: OpenOptions): Store {
  const { db, raw } = openSqlite(file, options.create ?? false);
  const statements = new Map<string, Database.Statement>();
  const appender: Store['bulkAppender'] = (_trx, table, columns) => sqliteAppender(raw, statements, file, table, columns);
  const checkpoints = new BackgroundCheckpoints(raw, file);
  return {
    db,
    dialect: 'sqlite',
    location: file,
    sqlite: raw,
    bulkInsert: (trx, table, columns, rows) => appendRows(appender(trx, table, columns), columns.length, rows),
    bulkAppender: appender,
    bulkTransaction: (fn) => checkpoints.around(() => withBulkCache(raw, () => db.transaction().execute(fn))),
    largeValueTransaction: (fn) => checkpoints.around(() => withLargeValueCache(raw, () => db.transaction().execute(fn))),
    async analyze() {
      // A sampled ANALYZE: bounded cost even on a national registry.
      raw.pragma('analysis_limit = 1000');
      raw.exec('analyze');
    },
    migrate: () => runMigrations(db, 'sqlite', undefined, (error) => translateSqliteError(error, file)),
    async close() {
      await checkpoints.settle();
      await db.destroy();
    },
  };
}

/** Hands rows (missing trailing values count as null) to an appender. */
async function appendRows(appender: BulkAppender, width: number, rows: readonly (readonly unknown[])[]): Promise<void> {
  for (const row of rows) {
    for (let c = 0; c < width; c++) appender.values.push(row[c] ?? null);
    appender.rowDone();
  }
  await appender.flush();
}

/** The connection a PostgreSQL bulk transaction holds, for COPY. */
const copyConnection = new AsyncLocalStorage<CopyConnection>();

async function postgresStore(url: string, options: OpenOptions): Promise<Store> {
  const { db, pool } = openPostgres(url, options.schema);
  await checkPostgres(pool, url);
  if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
  const appender: Store['bulkAppender'] = (trx, table, columns) => {
    const connection = copyConnection.getStore();
    return connection ? copyAppender(connection, table, columns) : unnestAppender(trx, table, columns);
  };
  return {
    db,
    dialect: 'postgres',
    location: redactUrl(url),
    async bulkTransaction(fn) {
      const client = await pool.connect();
      try {
        const connection = new CopyConnection(client);
        const single = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connection.pool() }) });
        return await copyConnection.run(connection, () =>
          single.transaction().execute(async (trx) => {
            let result;
            try {
              result = await fn(trx);
            } catch (error) {
              // When the caller failed because a COPY did, the COPY's error says why.
              throw (await connection.idle())?.error ?? error;
            }
            const failed = await connection.idle();
            if (failed) throw failed.error;
            return result;
          }),
        );
      } finally {
        client.release();
      }
    },
    largeValueTransaction: (fn) => db.transaction().execute(fn),
    bulkInsert: (trx, table, columns, rows) => appendRows(appender(trx, table, columns), columns.length, rows),
    bulkAppender: appender,
    migrate: () => runMigrations(db, 'postgres', options.schema),
    async analyze() {
      await sql`analyze`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Outside a bulk transaction: unnest() of typed arrays, one round trip per flush. */
function unnestAppender(trx: Executor, table: keyof DB, columns: readonly BulkColumn[]): BulkAppender {
  const width = columns.length;
  return batchingAppender(table, width, Number.POSITIVE_INFINITY, () => undefined, async (values) => {
    if (values.length === 0) return;
    const arrays = columns.map((_, c) => {
      const column: unknown[] = [];
      for (let k = c; k < values.length; k += width) column.push(values[k] ?? null);
      return column;
    });
    const pgType = { int: 'int4', bigint: 'int8', real: 'float8', text: 'text' } as const;
    const params = columns.map((c, i) => sql`${arrays[i]}::${sql.raw(pgType[c.type])}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c.name)))}) select * from unnest(${sql.join(params)})`.execute(trx);
  });
}

async function runMigrations(db: Kysely<DB>, dialect: DialectName, schema?: string, explain?: (error: unknown) => Error): Promise<string[]> {
  const list = migrations(dialect);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => list },
    // Kysely looks for its bookkeeping tables across schemas; name ours so parallel schemas do not collide.
    ...(schema ? { migrationTableSchema: schema } : {}),
    // Features own number ranges (020 workbooks, 040 rectification, …) and land in any order;
    // each migration touches only its own tables, so a lower number may run after a higher one.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    // A file locked by another writer is said as such, not as a failed migration.
    const known = explain?.(error);
    if (known instanceof StoreError) throw known;
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreError('migration_failed', `数据库迁移失败：${message}`, `Migration failed: ${message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
