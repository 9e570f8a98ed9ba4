// The two SQL dialects the store speaks. Everything dialect-specific is asked of this module
// (or of the dialect's own file under dialects/), never decided elsewhere.
import type { ColumnDefinitionBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** An integer primary key the database numbers by itself, that also accepts explicit values. */
export function autoId(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey();
}

/**
 * A query text starting with this comment runs as a named prepared statement on PostgreSQL, so the
 * server plans it once per connection instead of on every request (dialects/postgres.ts). Only for
 * hot queries with a bounded number of distinct texts: each text stays prepared on each connection.
 */
export const preparedStatement = '/* prepared */ ';
