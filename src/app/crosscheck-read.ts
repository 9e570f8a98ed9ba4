// Reading a department file (xlsx, or CSV in UTF-8 or GBK) against a dataset schema, with the
// workbook readers' encoding detection and streamed xlsx. Returns every record or every issue;
// a file with any issue is never compared. A large file is read in a worker thread, so that the
// machine's second core parses it while the main thread reads the registry.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { columnKinds, type DatasetSchema } from '../domain/crosscheck/kinds.js';
import { DatasetParser, detectHeader, headerScan, type DatasetIssue } from '../domain/crosscheck/parse.js';
import { DatasetTable, type TableParts } from '../domain/crosscheck/table.js';
import type { RawCell } from '../domain/workbook/cells.js';
import { csvBatches, type CsvRow } from './csv-lines.js';
import { detectEncoding, isCsv, type InputFile } from './workbook/read.js';
import { DamagedWorkbook, openXlsx } from './workbook/xlsx-stream.js';
import { startWorker } from './worker-thread.js';

/** Issues kept in full; beyond it only counted (a wrong file would otherwise list millions). */
export const maxIssuesKept = 1000;

export interface DatasetRead {
  readonly table: DatasetTable;
  readonly issues: DatasetIssue[];
  readonly issueCount: number;
  readonly rows: number;
  readonly sha256: string;
}

export interface ReadOptions {
  /** Called once, at the first bad row: the file will be refused, the caller may stop other work. */
  readonly onIssue?: () => void;
  /** Stops a worker thread that is still reading (the caller failed and will not wait for it). */
  readonly signal?: AbortSignal;
}

type Batches = AsyncIterable<CsvRow[]>;

async function sample(file: InputFile): Promise<Buffer> {
  if (Buffer.isBuffer(file.data)) return file.data.subarray(0, 1 << 16);
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(file.data.path, { start: 0, end: (1 << 16) - 1 })) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks);
}

async function* xlsxBatches(rows: AsyncIterable<{ number: number; cells: RawCell[] }>): Batches {
  let batch: CsvRow[] = [];
  for await (const r of rows) {
    batch.push({ row: r.number, cells: r.cells });
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Reads the records of the first sheet (or the CSV) whose header fits the schema. */
export async function readDataset(file: InputFile, schema: DatasetSchema, today: string, opts: ReadOptions = {}): Promise<DatasetRead> {
  const hash = createHash('sha256');
  const sheets: Batches[] = [];
  if (isCsv(file.name)) sheets.push(csvBatches(file, detectEncoding(await sample(file)), (b) => hash.update(b)));
  else {
    if (Buffer.isBuffer(file.data)) hash.update(file.data);
    else for await (const c of createReadStream(file.data.path)) hash.update(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  }
  let firstIssues: DatasetIssue[] | null = null;
  try {
    if (!isCsv(file.name)) for (const sheet of await openXlsx(file.data)) sheets.push(xlsxBatches(sheet.rows()));
    for (const sheet of sheets) {
      // A CSV row of a department file is some 50 bytes: the index is sized once rather than grown (rehashed) four times.
      const expected = isCsv(file.name) ? Math.floor((Buffer.isBuffer(file.data) ? file.data.length : file.data.size) / 50) : 0;
      const result = await readSheet(sheet, schema, today, { ...opts, expected });
      if (result.layoutFound) return { ...result.read, sha256: hash.digest('hex') };
      firstIssues ??= result.read.issues;
    }
  } catch (error) {
    // Cut short or damaged in transit: the file is refused whole, as one with bad rows is.
    if (!(error instanceof DamagedWorkbook)) throw error;
    opts.onIssue?.();
    firstIssues = [{ row: null, field: 'file', message: `文件“${file.name}”已损坏或不完整（压缩包不能完整读出，可能下载或传输时中断）`, messageEn: `"${file.name}" is damaged or incomplete (its zip cannot be read in full, perhaps cut short in a download or transfer)`, fix: '请重新下载，或在 Excel、WPS 中打开后另存为 .xlsx 再上传', fixEn: 'Download it again, or open it in Excel or WPS and save it as .xlsx, then upload that' }];
  }
  const issues = firstIssues ?? [{ row: null, field: 'file', message: '文件中没有工作表', messageEn: 'the file has no sheets', fix: '请上传含数据的 xlsx 或 csv 文件', fixEn: 'Upload an xlsx or csv file with data' }];
  return { table: new DatasetTable({}), issues, issueCount: issues.length, rows: 0, sha256: hash.digest('hex') };
}

async function readSheet(batches: Batches, schema: DatasetSchema, today: string, opts: ReadOptions & { expected: number }): Promise<{ layoutFound: boolean; read: Omit<DatasetRead, 'sha256'> }> {
  const head: RawCell[][] = [];
  const table = new DatasetTable(columnKinds(schema), opts.expected);
  const issues: DatasetIssue[] = [];
  let issueCount = 0;
  let parser: DatasetParser | null = null;
  let count = 0;
  const note = (i: DatasetIssue): void => {
    if (issueCount === 0) opts.onIssue?.();
    issueCount++;
    if (issues.length < maxIssuesKept) issues.push(i);
  };
  const take = (row: number, cells: RawCell[]): void => {
    if (!parser) return;
    const r = parser.parse(row, cells);
    if (r === null) return;
    count++;
    if (Array.isArray(r)) for (const i of r) note(i);
    else {
      const duplicate = table.add(r);
      if (duplicate) note(duplicate);
    }
  };
  const decide = (): boolean => {
    const found = detectHeader(schema, head);
    if (!found.layout) {
      issues.push(...found.issues);
      return false;
    }
    const layout = found.layout;
    parser = new DatasetParser(schema, layout, today);
    head.forEach((c, i) => i + 1 > layout.headerRow && take(i + 1, c));
    return true;
  };
  const failed = () => ({ layoutFound: false, read: { table, issues, issueCount: issues.length, rows: 0 } });
  for await (const batch of batches) {
    for (const { row, cells } of batch) {
      if (parser) {
        take(row, cells);
        continue;
      }
      while (head.length < row - 1) head.push([]);
      head.push(cells);
      if (head.length >= headerScan && !decide()) return failed();
    }
  }
  if (!parser && !decide()) return failed();
  return { layoutFound: true, read: { table, issues, issueCount, rows: count } };
}

/** What the reading worker posts: the first issue as it happens, then the outcome. */
export type WorkerMessage =
  | { readonly type: 'issue' }
  | { readonly type: 'done'; readonly table: TableParts; readonly issues: DatasetIssue[]; readonly issueCount: number; readonly rows: number; readonly sha256: string }
  | { readonly type: 'error'; readonly message: string; readonly stack: string };

/** Files from this size on are read in a worker thread; below it starting one costs more than it saves. */
export const offThreadFrom = { bytes: 4 << 20 };

/**
 * `readDataset` in a worker thread for a large file (its arrays move back without copying), in
 * this thread for a small one.
 */
export function readDatasetOffThread(file: InputFile, schema: DatasetSchema, today: string, opts: ReadOptions = {}): Promise<DatasetRead> {
  const size = Buffer.isBuffer(file.data) ? file.data.length : file.data.size;
  if (size < offThreadFrom.bytes) return readDataset(file, schema, today, opts);
  const worker = startWorker(import.meta.url, 'crosscheck-read-worker', { file, schema, today });
  return new Promise<DatasetRead>((resolve, reject) => {
    let outcome = false;
    opts.signal?.addEventListener('abort', () => {
      if (outcome) return;
      outcome = true;
      void worker.terminate();
      reject(new Error('the reading of the department file was stopped'));
    });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'issue') opts.onIssue?.();
      else if (m.type === 'done') {
        outcome = true;
        resolve({ table: DatasetTable.fromParts(m.table), issues: m.issues, issueCount: m.issueCount, rows: m.rows, sha256: m.sha256 });
      } else {
        outcome = true;
        reject(Object.assign(new Error(m.message), { stack: m.stack }));
      }
    });
    worker.on('error', (error) => {
      outcome = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!outcome) reject(new Error(`the worker reading the department file stopped (exit code ${code})`));
    });
  });
}
