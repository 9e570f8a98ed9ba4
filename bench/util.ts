// Small helpers shared by the benchmarks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../src/store/store.js';

export const pgUrl = process.env['JINGZHUN_BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const scale = Number(process.env['JINGZHUN_BENCH_SCALE'] ?? '1');

export function report(label: string, value: number, unit: string, extra = ''): void {
  process.stdout.write(`${label.padEnd(48)} ${value.toFixed(value >= 100 ? 0 : 3).padStart(12)} ${unit}${extra ? `  ${extra}` : ''}\n`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

export interface BenchStore {
  readonly store: Store;
  dispose(): Promise<void>;
}

export async function freshStore(dialect: 'sqlite' | 'postgres', name: string): Promise<BenchStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `jingzhun-bench-${name}-`));
    const store = await openStore(join(dir, 'bench.db'), { create: true, migrate: true });
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_${name}_${process.pid}`;
  const admin = await openStore(pgUrl, {});
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
  await admin.close();
  const store = await openStore(pgUrl, { migrate: true, schema });
  return {
    store,
    async dispose() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
    },
  };
}

/** Anonymous resident memory: the process's own, without the database file's pages it has mapped (SQLite mmap), which the kernel may drop at will. */
export function rssAnon(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/RssAnon:\s+(\d+) kB/);
  return line ? Number(line[1]) * 1024 : 0;
}

/** Samples anonymous memory every 50 ms until stopped; the highest seen (a peak between samples can be missed). */
export function watchAnon(): () => number {
  let peak = rssAnon();
  const timer = setInterval(() => {
    peak = Math.max(peak, rssAnon());
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssAnon());
  };
}
