// Bulk inserts on SQLite: many rows per statement, so that each run() crosses from JavaScript into
// SQLite once per few hundred rows, not once per row.
import type Database from 'better-sqlite3';
import type { BulkAppender, BulkColumn } from '../store.js';
import { batchingAppender } from '../bulk-appender.js';
import { translateSqliteError } from './sqlite.js';

/** Prepared statements by text, kept for the life of the connection. */
export type StatementCache = Map<string, Database.Statement>;

/**
 * Runs a statement each time a statement's worth of rows has been pushed: the rows never pile up
 * in memory, and the arrays they pass through die young. The caller's transaction holds the one
 * connection, so statements on the raw handle run inside it.
 */
export function sqliteAppender(raw: Database.Database, statements: StatementCache, file: string, table: string, columns: readonly BulkColumn[]): BulkAppender {
  const width = columns.length;
  const perStatement = Math.max(1, Math.min(200, Math.floor(30000 / width)));
  const statement = (count: number): Database.Statement => {
    const one = `(${columns.map(() => '?').join(',')})`;
    const text = `insert into ${table} (${columns.map((c) => c.name).join(',')}) values ${Array.from({ length: count }, () => one).join(',')}`;
    let stmt = statements.get(text);
    if (!stmt) {
      stmt = raw.prepare(text);
      statements.set(text, stmt);
    }
    return stmt;
  };
  const run = (stmt: Database.Statement, params: unknown[]): void => {
    try {
      stmt.run(params);
    } catch (error) {
      throw translateSqliteError(error, file);
    }
  };
  // Looked up once: the text of a few hundred rows' VALUES is long to build and to hash.
  let many: Database.Statement | null = null;
  return batchingAppender(
    table,
    width,
    perStatement,
    (values) => run((many ??= statement(perStatement)), values),
    // Not async: the rows are written, or the error thrown, before flush() returns.
    (values, rows) => {
      const single = rows > 0 ? statement(1) : null;
      for (let i = 0; i < rows; i++) run(single as Database.Statement, values.slice(i * width, (i + 1) * width));
      return Promise.resolve();
    },
  );
}
