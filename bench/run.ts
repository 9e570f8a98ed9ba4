// npm run bench [-- name…]: runs the named benchmarks (all when none is named) and prints each
// figure with its ratio to the baseline its issue names.
import { registryBenchmarks } from './registry.js';
import { httpBenchmarks } from './http.js';
import { rectificationBenchmarks } from './rectification.js';
import { workbookBenchmarks } from './workbook.js';
import { samplingBenchmarks } from './sampling.js';
import { scoringBenchmarks } from './scoring.js';
import { exitBenchmarks } from './exit.js';
import { assistanceBenchmarks } from './assistance.js';
import { crosscheckBenchmarks } from './crosscheck.js';

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(): Promise<void>;
}

const all: Benchmark[] = [...registryBenchmarks, ...httpBenchmarks, ...rectificationBenchmarks, ...workbookBenchmarks];
all.push(...samplingBenchmarks);
all.push(...scoringBenchmarks);
all.push(...exitBenchmarks);
all.push(...assistanceBenchmarks);
all.push(...crosscheckBenchmarks);

const wanted = process.argv.slice(2);
const selected = wanted.length === 0 ? all : all.filter((b) => wanted.some((w) => b.name.startsWith(w)));
if (selected.length === 0) {
  process.stderr.write(`unknown benchmark; available:\n${all.map((b) => `  ${b.name}  ${b.description}`).join('\n')}\n`);
  process.exit(2);
}
for (const b of selected) {
  process.stdout.write(`\n## ${b.name}: ${b.description}\n`);
  await b.run();
}
