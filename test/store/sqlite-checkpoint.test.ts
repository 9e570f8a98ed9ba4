// A bulk transaction's WAL is copied into the database file by a worker thread, not at COMMIT on
// the connection that serves everyone.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundCheckpoints } from '../../src/store/dialects/sqlite-checkpoint.js';

describe('background checkpoints after bulk writes', () => {
  let dir: string;
  let file: string;
  let raw: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jingzhun-checkpoint-'));
    file = join(dir, 'test.db');
    raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('create table probe (n integer not null, t text not null)');
  });
  afterEach(() => {
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bulk = (checkpoints: BackgroundCheckpoints, rows: number) =>
    checkpoints.around(async () => {
      const insert = raw.prepare('insert into probe (n, t) values (?, ?)');
      raw.transaction(() => {
        for (let i = 0; i < rows; i++) insert.run(i, 'x'.repeat(100));
      })();
      // What COMMIT copied into the file before: nothing now, the batch is in the WAL.
      return statSync(file).size;
    });

  it('commits with the file untouched, then the worker copies the batch into it', async () => {
    const checkpoints = new BackgroundCheckpoints(raw, file);
    const atCommit = await bulk(checkpoints, 50_000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(5_000_000);
    expect(atCommit).toBeLessThan(100_000);
    await checkpoints.settle();
    // The connection is still open, so this is the worker's doing, not a checkpoint on close.
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    expect(raw.prepare('select count(*) as c from probe').get()).toEqual({ c: 50_000 });
  });

  it('copies a small batch at once, on the connection, without a worker', async () => {
    const checkpoints = new BackgroundCheckpoints(raw, file);
    const atCommit = await bulk(checkpoints, 100);
    expect(statSync(file).size).toBeGreaterThan(atCommit);
    expect(Reflect.get(checkpoints, 'running').size).toBe(0);
  });

  it('hands a few rows of large values (a kept workbook) to the worker too, by the pages they add', async () => {
    const checkpoints = new BackgroundCheckpoints(raw, file);
    raw.exec('create table kept (seq integer primary key, content blob not null)');
    const atCommit = await checkpoints.around(async () => {
      const insert = raw.prepare('insert into kept (seq, content) values (?, ?)');
      raw.transaction(() => {
        for (let i = 0; i < 8; i++) insert.run(i, Buffer.alloc(4 << 20, i));
      })();
      return statSync(file).size;
    });
    expect(Reflect.get(checkpoints, 'running').size).toBe(1);
    expect(atCommit).toBeLessThan(100_000);
    await checkpoints.settle();
    expect(statSync(file).size).toBeGreaterThan(32 << 20);
    expect(raw.prepare('select count(*) as c from kept').get()).toEqual({ c: 8 });
  });

  it('restores the automatic checkpoint once the last of two queued bulk writes ends, and after a failed one', async () => {
    const checkpoints = new BackgroundCheckpoints(raw, file);
    let release!: () => void;
    const first = checkpoints.around(() => new Promise<void>((resolve) => (release = resolve)));
    const second = bulk(checkpoints, 10);
    await second;
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    release();
    await first;
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await expect(checkpoints.around(() => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpoints.settle();
  });
});
