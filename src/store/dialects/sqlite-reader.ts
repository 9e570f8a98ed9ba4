// Kysely over better-sqlite3 with a second, read-only connection for reads made while a
// transaction holds the main one.
import type Database from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/*
 * Kysely's SQLite driver has one connection and a mutex: while a transaction is open, every other
 * query waits. An import of a county's workbook is one all-or-nothing transaction of a minute or
 * more, so every page of every other user hung until it committed. In WAL mode a second connection
 * reads the last committed state while the first writes, so a query that arrives while the main
 * connection is held runs there if SQLite says its statement does not write (`stmt.readonly`).
 * It sees the registry as it was before the open transaction, which is what a reader of a
 * PostgreSQL deployment sees too. Writes still wait their turn on the main connection.
 */

/** A better-sqlite3 handle as the dialect uses it: statements prepared once per text. */
export interface StatementSource {
  prepare(text: string): Database.Statement;
  close(): void;
}

class Mutex {
  #held: Promise<void> | null = null;
  #release: (() => void) | null = null;

  get locked(): boolean {
    return this.#held !== null;
  }

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  unlock(): void {
    const release = this.#release;
    this.#held = null;
    this.#release = null;
    release?.();
  }
}

/*
 * Rows are read as arrays and made into objects here: better-sqlite3 builds each row object through
 * V8's API one property at a time, which cost two to three times what an object literal of the
 * same shape costs (203,289 member rows: 2.5–3.6 s against 1.1 s; 66,000 household rows 0.9 against
 * 0.45 s), and an import looks up every stored household it is given. One literal-making function
 * per statement, from its column names (quoted as JSON strings, so a name is never code).
 */
type RowMaker = (values: readonly unknown[]) => unknown;
const rowMakers = new WeakMap<Database.Statement, RowMaker>();

function rowMaker(stmt: Database.Statement): RowMaker {
  let make = rowMakers.get(stmt);
  if (!make) {
    const names = stmt.columns().map((c) => c.name);
    // A column named __proto__ would set the prototype in a literal; such a statement keeps the slow path.
    make = names.includes('__proto__')
      ? (values) => Object.fromEntries(names.map((n, i) => [n, values[i]]))
      : (new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(',')}};`) as RowMaker);
    rowMakers.set(stmt, make);
  }
  return make;
}

function readRows<R>(stmt: Database.Statement, parameters: readonly unknown[]): R[] {
  const make = rowMaker(stmt);
  // Statements are shared by text (and iterated by streamQuery): raw mode only for this call.
  stmt.raw(true);
  try {
    const rows = stmt.all(parameters) as unknown[][];
    const out = new Array<R>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = make(rows[i] as unknown[]) as R;
    return out;
  } finally {
    stmt.raw(false);
  }
}

function run<R>(stmt: Database.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (stmt.reader) return { rows: readRows<R>(stmt, parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

class ReaderAwareConnection implements DatabaseConnection {
  /** Set while this connection runs a transaction on the main handle. */
  pinned = false;

  constructor(private readonly driver: ReaderAwareDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const d = this.driver;
    if (this.pinned) return run<R>(d.main.prepare(compiled.sql), compiled.parameters);
    if (d.mutex.locked) {
      const reader = d.reader();
      const stmt = reader?.prepare(compiled.sql);
      if (stmt?.readonly) return run<R>(stmt, compiled.parameters);
    }
    await d.mutex.lock();
    try {
      return run<R>(d.main.prepare(compiled.sql), compiled.parameters);
    } finally {
      d.mutex.unlock();
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const d = this.driver;
    const held = !this.pinned;
    if (held) await d.mutex.lock();
    try {
      for (const row of d.main.prepare(compiled.sql).iterate(compiled.parameters)) yield { rows: [row as R] };
    } finally {
      if (held) d.mutex.unlock();
    }
  }
}

class ReaderAwareDriver implements Driver {
  readonly mutex = new Mutex();
  #reader: StatementSource | null | undefined;

  constructor(
    readonly main: StatementSource,
    private readonly openReader: (() => StatementSource) | null,
  ) {}

  /**
   * The read-only connection, opened on first use; null for an in-memory database, or when it
   * cannot be opened (reads then wait for the main connection, as without it).
   */
  reader(): StatementSource | null {
    if (this.#reader === undefined) {
      try {
        this.#reader = this.openReader ? this.openReader() : null;
      } catch {
        this.#reader = null;
      }
    }
    return this.#reader;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ReaderAwareConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ReaderAwareConnection;
    await this.mutex.lock();
    c.pinned = true;
    try {
      await c.executeQuery(CompiledQuery.raw('begin'));
    } catch (error) {
      c.pinned = false;
      this.mutex.unlock();
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as ReaderAwareConnection;
    if (!c.pinned) return;
    c.pinned = false;
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#reader?.close();
    this.main.close();
  }
}

export class ReaderAwareSqliteDialect extends SqliteDialect {
  constructor(
    private readonly main: StatementSource,
    private readonly openReader: (() => StatementSource) | null,
  ) {
    super({ database: main });
  }

  override createDriver(): Driver {
    return new ReaderAwareDriver(this.main, this.openReader);
  }
}
