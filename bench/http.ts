// Issue "Web workbench and API" targets: household list throughput and latency under 50
// connections, and dashboard latency, on both databases, against a real server process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { composeApp } from '../src/app/compose.js';
import { loadRegions } from '../src/app/regions.js';
import { synthesize } from '../src/app/synth.js';
import type { Benchmark } from './run.js';
import { freshStore, median, pgUrl, report } from './util.js';

const clock = { now: () => new Date('2019-12-31T00:00:00Z') };
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

async function startServer(db: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

/** CPU time (user + system) the process has used, in ms; Linux only (null elsewhere). */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return null;
  }
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'Bench-password-1' }) });
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

async function dashboardMs(base: string, cookie: string, code: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    const res = await fetch(`${base}/api/v1/dashboard/${code}`, { headers: { cookie } });
    await res.json();
    times.push(performance.now() - start);
  }
  return median(times);
}

function httpBench(dialect: 'sqlite' | 'postgres'): Benchmark {
  return {
    name: `http-${dialect}`,
    description: `API on ${dialect}: household list at 60,000 households (≥ 1,500 req/s, p99 < 50 ms, 50 connections); dashboard < 100 ms at 60,000 and < 500 ms at 1,000,000`,
    async run() {
      for (const [households, region, short] of [[60_000, '610900000000', '6109'], [1_000_000, '610000000000', '61']] as const) {
        const b = await freshStore(dialect, `http${households}`);
        let server: ChildProcess | null = null;
        try {
          await loadRegions(b.store, short);
          await synthesize({ store: b.store, clock }, 'bench', { under: region, households, seed: 5, year: 2019, withErrors: false, replace: false });
          await composeApp(b.store, clock).auth.createUser('bench', { username: 'bench', displayName: 'bench', role: 'regionAdmin', region, department: null, password: 'Bench-password-1' });
          const location = dialect === 'sqlite' ? b.store.location : `${pgUrl}?options=-c%20search_path%3Dbench_http${households}_${process.pid}`;
          const port = 3900 + Math.floor(Math.random() * 90);
          server = await startServer(location, port);
          const base = `http://127.0.0.1:${port}`;
          const cookie = await signIn(base);
          if (households === 60_000) {
            // A deployed server is warm: 3 s of the same load first, so JIT compilation and the
            // first statement preparations are not counted in the steady-state figure.
            await autocannon({ url: `${base}/api/v1/households?region=6109&status=poor&limit=50`, connections: 50, duration: 3, headers: { cookie } });
            const cpuBefore = processCpuMs(server.pid);
            const result = await autocannon({ url: `${base}/api/v1/households?region=6109&status=poor&limit=50`, connections: 50, duration: 10, headers: { cookie } });
            const cpuAfter = processCpuMs(server.pid);
            const rps = result.requests.average;
            report(`${dialect}: household list, 50 rows, 1 filter`, rps, 'req/s', `(target ≥ 1500: ${rps >= 1500 ? 'met' : 'NOT met'}; ratio ${(rps / 1500).toFixed(2)}; non-2xx ${result.non2xx})`);
            report(`${dialect}: household list p99 latency`, result.latency.p99, 'ms', `(target < 50 ms: ${result.latency.p99 < 50 ? 'met' : 'NOT met'})`);
            // With the load generator on the other core, 1,500 req/s leaves one server process ≤ 0.66 ms of CPU per request.
            if (cpuBefore !== null && cpuAfter !== null && result.requests.total > 0) {
              const perRequest = (cpuAfter - cpuBefore) / result.requests.total;
              report(`${dialect}: server CPU per list request`, perRequest, 'ms', `(budget for 1,500 req/s on one core ≤ 0.667 ms: ratio ${(perRequest / 0.667).toFixed(2)})`);
            }
          }
          const ms = await dashboardMs(base, cookie, short);
          const target = households === 60_000 ? 100 : 500;
          report(`${dialect}: dashboard at ${households} households`, ms, 'ms', `(target < ${target} ms: ${ms < target ? 'met' : 'NOT met'}; median of 21)`);
        } finally {
          server?.kill('SIGTERM');
          await b.dispose();
        }
      }
    },
  };
}

export const httpBenchmarks: Benchmark[] = [httpBench('sqlite'), httpBench('postgres')];
