// PostgreSQL through pg: production deployments.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '../schema.js';
import { StoreError } from '../errors.js';

// Counts and money sums come back as bigint/numeric; our magnitudes fit a double exactly.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface PostgresHandle {
  readonly db: Kysely<DB>;
  readonly pool: pg.Pool;
}

export function openPostgres(url: string, schema?: string): PostgresHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), pool };
}

export async function checkPostgres(pool: pg.Pool, url: string): Promise<void> {
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'db_unreachable',
      `无法连接 PostgreSQL 数据库（${redactUrl(url)}）：${detail}`,
      `Cannot connect to PostgreSQL (${redactUrl(url)}): ${detail}`,
    );
  }
}

/** Connection strings may carry a password; never print it. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
