// COPY for PostgreSQL bulk writes, on the one connection a bulk transaction holds.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/** A Kysely pool that always hands out the same connection (and never really releases it). */
export function singleClientPool(client: pg.PoolClient): PostgresPool {
  const wrapper: PostgresPoolClient = {
    // pg's overloaded query() is what Kysely calls; the overloads do not unify without help.
    query: client.query.bind(client) as PostgresPoolClient['query'],
    release: () => undefined,
  };
  return { connect: async () => wrapper, end: async () => undefined };
}

function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  // COPY's text format: backslash, tab, newline and carriage return are escaped.
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

export async function copyRows(client: pg.PoolClient, table: string, columns: readonly { name: string }[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? [];
    let line = '';
    for (let c = 0; c < columns.length; c++) line += (c === 0 ? '' : '\t') + field(row[c]);
    lines[i] = line;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`copy ${table} (${columns.map((c) => c.name).join(',')}) from stdin`));
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(`${lines.join('\n')}\n`);
  });
}
