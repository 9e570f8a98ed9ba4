// COPY for PostgreSQL bulk writes, on the one connection a bulk transaction holds.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { BulkAppender } from '../store.js';
import { batchingAppender } from '../bulk-appender.js';

/**
 * The one connection a bulk transaction holds. COPYs are sent one after another (queued here, not
 * in pg, which deprecates queueing), and the transaction's other queries wait until they are done.
 */
export class CopyConnection {
  private tail: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failure: { error: unknown } | null = null;

  constructor(readonly client: pg.PoolClient) {}

  /** Sends `data` with `copy … from stdin` once the COPYs before it are done; settles when this one is. */
  copy(statement: string, data: Buffer): Promise<void> {
    this.inFlight += 1;
    const done = this.tail.then(
      () =>
        new Promise<void>((resolve, reject) => {
          const stream = this.client.query(copyFrom(statement));
          stream.on('error', reject);
          stream.on('finish', resolve);
          stream.end(data);
        }),
    );
    this.tail = done.then(
      () => {
        this.inFlight -= 1;
      },
      (error: unknown) => {
        this.inFlight -= 1;
        this.failure ??= { error };
      },
    );
    return done;
  }

  /**
   * Waits for every COPY sent so far and returns the first failure (null when none). A COMMIT after
   * a failed COPY rolls back without an error, so the transaction asks this before it commits.
   */
  async idle(): Promise<{ error: unknown } | null> {
    await this.tail;
    return this.failure;
  }

  /** A Kysely pool that always hands out this connection (and never really releases it). */
  pool(): PostgresPool {
    const query = (...args: unknown[]): unknown => {
      const run = (): unknown => (this.client.query as (...a: unknown[]) => unknown)(...args);
      return this.inFlight === 0 ? run() : this.tail.then(run);
    };
    // pg's overloaded query() is what Kysely calls; the overloads do not unify without help.
    const wrapper: PostgresPoolClient = { query: query as PostgresPoolClient['query'], release: () => undefined };
    return { connect: async () => wrapper, end: async () => undefined };
  }
}

const tab = 9;
const newline = 10;
const backslash = 92;

/**
 * COPY's text format, written straight into bytes: a national registry is tens of millions of
 * fields, and building a string per field and per line first cost ten times as much. Backslash,
 * tab, newline and carriage return are escaped; null and undefined are \N.
 */
export class CopyText {
  private buf: Buffer;
  private at = 0;

  constructor(private readonly columnCount: number, sizeHint = 1 << 16) {
    this.buf = Buffer.allocUnsafe(sizeHint);
  }

  get length(): number {
    return this.at;
  }

  /** Appends values laid out row after row (`columnCount` a row). */
  append(values: readonly unknown[]): void {
    const columns = this.columnCount;
    let buf = this.buf;
    let o = this.at;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // Room for a number, \N or the field separator; strings reserve more below.
      if (o + 24 > buf.length) buf = this.grow(o, 24);
      if (v === null || v === undefined) {
        buf[o++] = backslash;
        buf[o++] = 78; // N
      } else if (typeof v === 'number' && v >= 0 && v <= 0x7fffffff && Number.isInteger(v)) {
        o = writeDigits(buf, o, v);
      } else {
        const text = typeof v === 'string' ? v : String(v);
        const n = text.length;
        // The worst case: every UTF-16 unit three bytes of UTF-8, or two when escaped.
        if (o + 3 * n + 1 > buf.length) buf = this.grow(o, 3 * n + 1);
        let k = 0;
        for (; k < n; k++) {
          const c = text.charCodeAt(k);
          if (c >= 0x80 || c === backslash || c === tab || c === newline || c === 13) break;
          buf[o + k] = c;
        }
        if (k === n) o += n;
        else o += buf.write(/[\\\t\n\r]/.test(text) ? escapeCopy(text) : text, o, 'utf8');
      }
      buf[o++] = (i + 1) % columns === 0 ? newline : tab;
    }
    this.at = o;
  }

  /** The bytes so far; the writer starts anew. */
  take(): Buffer {
    const data = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(Math.max(1 << 16, this.buf.length));
    this.at = 0;
    return data;
  }

  private grow(used: number, more: number): Buffer {
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, used + more));
    this.buf.copy(bigger, 0, 0, used);
    this.buf = bigger;
    return bigger;
  }
}

function escapeCopy(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function writeDigits(buf: Buffer, at: number, value: number): number {
  if (value < 10) {
    buf[at] = 48 + value;
    return at + 1;
  }
  let length = 0;
  for (let n = value; n > 0; n = Math.floor(n / 10)) length += 1;
  let n = value;
  for (let k = at + length - 1; k >= at; k--) {
    buf[k] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + length;
}

/**
 * Gathers rows as COPY text (encoded a few hundred rows at a time) and COPYs them into `table` on
 * flush(). flush() takes the rows at once, so rows pushed while its COPY is under way go to the next.
 */
export function copyAppender(connection: CopyConnection, table: string, columns: readonly { name: string }[]): BulkAppender {
  const width = columns.length;
  const text = new CopyText(width);
  const statement = `copy ${table} (${columns.map((c) => c.name).join(',')}) from stdin`;
  return batchingAppender(
    table,
    width,
    256,
    (values) => text.append(values),
    (values) => {
      text.append(values);
      return text.length === 0 ? Promise.resolve() : connection.copy(statement, text.take());
    },
  );
}
