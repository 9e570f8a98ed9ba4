// One ledger export in a process of its own, so that its CPU and memory are its own (the parent
// has synthesised the data): node dist/bench/workbook-export.js DB REGION KIND OUT prints JSON.
import { readFileSync } from 'node:fs';
import { writeLedger, type LedgerKind } from '../src/app/workbook/export.js';
import { openStore } from '../src/store/store.js';

const [db, under, kind, out] = process.argv.slice(2) as [string, string, LedgerKind, string];

/** Anonymous resident memory: the process's own, without the database file's pages it has mapped (SQLite mmap), which the kernel may drop at will. */
function rssAnon(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/RssAnon:\s+(\d+) kB/);
  return line ? Number(line[1]) * 1024 : 0;
}

const store = await openStore(db);
try {
  let peakAnon = rssAnon();
  const timer = setInterval(() => {
    peakAnon = Math.max(peakAnon, rssAnon());
  }, 50);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const rows = await writeLedger(store.db, { under, kind, viewer: null }, { filename: out });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ seconds, cpu: (used.user + used.system) / 1e6, peakRss: process.resourceUsage().maxRSS * 1024, peakAnon: Math.max(peakAnon, rssAnon()), rows })}\n`);
} finally {
  await store.close();
}
