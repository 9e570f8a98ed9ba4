// PostgreSQL through pg: production deployments.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely } from 'kysely';
import { preparedStatement } from '../dialect.js';
import type { DB } from '../schema.js';
import { StoreError } from '../errors.js';
import { PooledPostgresDialect } from './postgres-pooled.js';

// Counts and money sums come back as bigint/numeric; our magnitudes fit a double exactly.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface PostgresHandle {
  readonly db: Kysely<DB>;
  readonly pool: pg.Pool;
}

/**
 * Connections per server process: `JINGZHUN_PG_POOL` (1–200), else 10. A PostgreSQL on the same
 * small machine wants few (its backends compete with Node for the cores); one behind PgBouncer or
 * on its own host can take more.
 */
export function poolSize(value = process.env['JINGZHUN_PG_POOL']): number {
  if (value === undefined || value.trim() === '') return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new StoreError('bad_config', `JINGZHUN_PG_POOL 应为 1 到 200 之间的整数（现为“${value}”）`, `JINGZHUN_PG_POOL must be a whole number from 1 to 200 (it is "${value}")`);
  }
  return n;
}

export function openPostgres(url: string, schema?: string): PostgresHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize(),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  pool.on('connect', prepareMarkedQueries);
  return { db: new Kysely<DB>({ dialect: new PooledPostgresDialect(pool, statementName) }), pool };
}

const statementNames = new Map<string, string>();

/**
 * Kysely sends every query unnamed, so PostgreSQL plans it on every run; planning the household
 * list page took longer than running it. Texts marked with `preparedStatement` get a name (from
 * their hash), which makes pg prepare them once per connection and PostgreSQL reuse the plan.
 */
function statementName(text: string): string | undefined {
  if (!text.startsWith(preparedStatement)) return undefined;
  let name = statementNames.get(text);
  if (!name) {
    name = `jz_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
    if (statementNames.size > 1000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/** The same naming for queries of a transaction, which Kysely sends on its checked-out client. */
function prepareMarkedQueries(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]): unknown => {
    const name = typeof text === 'string' && Array.isArray(rest[0]) && rest.length === 1 ? statementName(text) : undefined;
    return name ? query({ name, text, values: rest[0] }) : query(text, ...rest);
  };
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
