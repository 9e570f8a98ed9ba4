// One ledger export in a process of its own, so that its CPU and memory are its own (the parent
// has synthesised the data): node dist/bench/workbook-export.js DB REGION KIND OUT prints JSON.
import { writeLedger, type LedgerKind } from '../src/app/workbook/export.js';
import { openStore } from '../src/store/store.js';
import { watchAnon } from './util.js';

const [db, under, kind, out] = process.argv.slice(2) as [string, string, LedgerKind, string];

const store = await openStore(db);
try {
  const anon = watchAnon();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const rows = await writeLedger(store.db, { under, kind, viewer: null }, { filename: out });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const peakAnon = anon();
  process.stdout.write(`${JSON.stringify({ seconds, cpu: (used.user + used.system) / 1e6, peakRss: process.resourceUsage().maxRSS * 1024, peakAnon, rows })}\n`);
} finally {
  await store.close();
}
