// The worker thread of a large synthesis (synth.ts): it generates the households, checks them and
// makes their rows (bulk-prepare.ts) while the starting thread stores the previous chunk's rows.
import { parentPort, workerData } from 'node:worker_threads';
import { generateHouseholds, type SynthHousehold } from '../domain/synth/generate.js';
import { collectingAppenders, packRegistryRows } from '../store/registry-bulk.js';
import { BulkPreparer } from './bulk-prepare.js';
import { GeneratedTally, type SynthWorkerData, type SynthWorkerMessage } from './synth-generated.js';

const data = workerData as SynthWorkerData;
const port = parentPort;
if (!port) throw new Error('synth-worker runs as a worker thread');
const post = (m: SynthWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

// Chunks made but not yet stored: the writing thread acknowledges each; more ahead only holds memory.
const ahead = 2;
let posted = 0;
let stored = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  stored += 1;
  wake?.();
  wake = null;
});

try {
  const { start } = data;
  const preparer = new BulkPreparer(start.lastHousehold, start.lastMember, start.today, start.now);
  const generated = new GeneratedTally();
  /** False: the chunk was refused and the refusal posted. */
  const send = async (chunk: readonly SynthHousehold[]): Promise<boolean> => {
    const errors = await preparer.check(chunk);
    if (errors.length > 0) {
      post({ type: 'invalid', errors: errors.slice(0, 100) });
      return false;
    }
    const rows = collectingAppenders();
    await preparer.build(chunk, rows);
    const packed = packRegistryRows(rows);
    post({ type: 'rows', rows: packed.rows, households: chunk.length }, packed.transfer);
    posted += 1;
    while (posted - stored >= ahead) await new Promise<void>((resolve) => (wake = resolve));
    return true;
  };
  let chunk: SynthHousehold[] = [];
  let refused = false;
  for (const h of generateHouseholds({ ...data.options, taken: new Set(data.taken) }, data.plans)) {
    generated.add(h);
    chunk.push(h);
    if (chunk.length < data.chunkSize) continue;
    refused = !(await send(chunk));
    if (refused) break;
    chunk = [];
  }
  if (!refused && (await send(chunk))) post({ type: 'done', totals: preparer.totals(), generated: generated.parts() });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? (error.stack ?? '') : '' });
}
