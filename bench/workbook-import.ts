// One registry import in a process of its own, so that its peak RSS is its own (the parent has
// synthesised and exported the data): node dist/bench/workbook-import.js [--again] FILE… prints JSON.
// --again imports the files once untimed, then times importing them again: a county re-importing
// its unchanged workbook, every household looked up and compared, nothing written.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadRegions } from '../src/app/regions.js';
import { importRegistry } from '../src/app/workbook/import.js';
import { freshStore, watchAnon } from './util.js';

const clock = { now: () => new Date('2019-12-31T00:00:00Z') };
const args = process.argv.slice(2);
const again = args[0] === '--again';
const files = args.slice(again ? 1 : 0).map((path) => ({ name: basename(path), data: { path, size: statSync(path).size } }));
const target = await freshStore('sqlite', 'wb-import');
try {
  await loadRegions(target.store, '6109');
  if (again) await importRegistry({ store: target.store, clock }, { files, mode: 'all', actor: 'bench', scope: null });
  const startRss = process.memoryUsage().rss;
  const anon = watchAnon();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await importRegistry({ store: target.store, clock }, { files, mode: 'all', actor: 'bench', scope: null });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const peakAnon = anon();
  if (result.issues.length > 0) throw new Error(`import reported ${result.issues.length} issues, first: ${JSON.stringify(result.issues[0])}`);
  // maxRSS is the process's high-water mark, in kilobytes: nothing sampled, nothing missed.
  process.stdout.write(`${JSON.stringify({ seconds, cpu: (used.user + used.system) / 1e6, peakRss: process.resourceUsage().maxRSS * 1024, peakAnon, startRss, members: result.counts.members, created: result.counts.created, unchanged: result.counts.unchanged })}\n`);
} finally {
  await target.dispose();
}
