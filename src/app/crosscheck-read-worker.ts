// The worker thread that reads a department file (see `readDatasetOffThread`): it parses and
// checks every row while the main thread reads the registry, then hands the table's arrays over
// without copying them.
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetSchema } from '../domain/crosscheck/kinds.js';
import { readDataset } from './crosscheck-read.js';
import type { InputFile } from './workbook/read.js';
import type { WorkerMessage } from './crosscheck-read.js';

const { file, schema, today } = workerData as { file: InputFile; schema: DatasetSchema; today: string };
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => parentPort?.postMessage(m, transfer);

try {
  const data = Buffer.isBuffer(file.data) || !(file.data instanceof Uint8Array) ? file.data : Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength);
  const read = await readDataset({ name: file.name, data }, schema, today, { onIssue: () => post({ type: 'issue' }) });
  const { parts, transfer } = read.table.parts();
  post({ type: 'done', table: parts, issues: read.issues, issueCount: read.issueCount, rows: read.rows, sha256: read.sha256 }, transfer);
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? (error.stack ?? '') : '' });
}
