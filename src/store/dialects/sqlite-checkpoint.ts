// Copying a bulk write's WAL back into the database file, on a thread of its own.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/*
 * A bulk write (an import, a synthetic registry) leaves its whole batch in the WAL: about a
 * gigabyte for a national registry. SQLite copies it into the database file at the COMMIT that
 * passes `wal_autocheckpoint`, on the committing connection, and better-sqlite3 is synchronous, so
 * the server answered nobody for those seconds (4.4 s at 1,000,000 households). The data is
 * committed and readable before the copy; a worker thread with its own connection makes the copy
 * on the other core. A PASSIVE checkpoint neither waits for nor blocks readers and writers; while
 * it runs, the main connection's own automatic checkpoint finds the checkpointer lock taken and
 * skips. Should the worker fail, the next automatic checkpoint or the last close does the copy.
 */

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

// Plain CommonJS evaluated in the worker: no module of ours to load, from sources or from dist.
const script = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
try {
  db.pragma('wal_checkpoint(PASSIVE)');
} finally {
  db.close();
}
`;

/** Rows below which a bulk write's WAL is copied at once rather than by a worker thread. */
const smallBatchRows = 20_000;
/**
 * Pages (4 KiB) the database may grow by before a write's WAL goes to a worker thread: a kept
 * workbook of 100 MB is a few dozen rows but 25,000 pages, whose copy held a CSV import for half
 * a second.
 */
const smallBatchPages = 5_000;

/** Checkpoints of one database file started in the background, awaited on close. */
export class BackgroundCheckpoints {
  private readonly running = new Set<Promise<void>>();
  /** Bulk transactions begun and not ended: two imports may queue one behind the other. */
  private open = 0;
  private autocheckpoint = 1000;

  constructor(
    private readonly raw: Database.Database,
    private readonly file: string,
  ) {}

  /** Runs `fn` (a bulk transaction) with the automatic checkpoint off, then checkpoints in a worker. */
  async around<T>(fn: () => Promise<T>): Promise<T> {
    if (this.file === ':memory:') return fn();
    const changesBefore = this.changes();
    const pagesBefore = this.pages();
    if (this.open++ === 0) {
      this.autocheckpoint = this.raw.pragma('wal_autocheckpoint', { simple: true }) as number;
      this.raw.pragma('wal_autocheckpoint = 0');
    }
    try {
      return await fn();
    } finally {
      if (--this.open === 0) this.raw.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
      // A village's import leaves a few hundred pages: copied here in milliseconds, no thread needed.
      if (this.changes() - changesBefore < smallBatchRows && this.pages() - pagesBefore < smallBatchPages) this.raw.pragma('wal_checkpoint(PASSIVE)');
      else this.start();
    }
  }

  private changes(): number {
    return (this.raw.prepare('select total_changes() as n').get() as { n: number }).n;
  }

  private pages(): number {
    return this.raw.pragma('page_count', { simple: true }) as number;
  }

  private start(): void {
    const done = new Promise<void>((resolve) => {
      const worker = new Worker(script, { eval: true, workerData: { file: this.file, driver } });
      worker.on('error', () => undefined);
      worker.on('exit', () => resolve());
    });
    this.running.add(done);
    void done.then(() => this.running.delete(done));
  }

  /** Waits for the checkpoints under way, so that a closed store leaves no thread on its file. */
  async settle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
