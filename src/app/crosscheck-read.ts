// Reading a department file (xlsx, or CSV in UTF-8 or GBK) against a dataset schema, with the
// workbook readers' byte handling (encoding detection, streamed xlsx). Returns every record or
// every issue; a file with any issue is never compared.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { DatasetSchema } from '../domain/crosscheck/kinds.js';
import { DatasetParser, detectHeader, headerScan, type DatasetIssue, type DatasetRecord } from '../domain/crosscheck/parse.js';
import type { RawCell } from '../domain/workbook/cells.js';
import { detectEncoding, isCsv, type InputFile } from './workbook/read.js';
import { openXlsx } from './workbook/xlsx-stream.js';

/** Issues kept in full; beyond it only counted (a wrong file would otherwise list millions). */
export const maxIssuesKept = 1000;

export interface DatasetRead {
  readonly records: DatasetRecord[];
  readonly issues: DatasetIssue[];
  readonly issueCount: number;
  readonly rows: number;
  readonly sha256: string;
}

type Rows = AsyncIterable<{ row: number; cells: RawCell[] }>;

function bytes(file: InputFile): Readable {
  return Buffer.isBuffer(file.data) ? Readable.from([file.data]) : createReadStream(file.data.path, { highWaterMark: 1 << 20 });
}

async function sample(file: InputFile): Promise<Buffer> {
  if (Buffer.isBuffer(file.data)) return file.data.subarray(0, 1 << 16);
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(file.data.path, { start: 0, end: (1 << 16) - 1 })) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks);
}

async function* csvRows(file: InputFile, hash: ReturnType<typeof createHash>): Rows {
  const encoding = detectEncoding(await sample(file));
  const source = bytes(file);
  source.on('data', (chunk: Buffer) => hash.update(chunk));
  const parser = source.pipe(iconv.decodeStream(encoding, { stripBOM: true })).pipe(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }));
  let row = 0;
  for await (const record of parser) {
    row++;
    const cells: RawCell[] = [];
    if (Array.isArray(record)) for (const v of record) cells.push(typeof v === 'string' && v !== '' ? v : null);
    yield { row, cells };
  }
}

/** Reads the records of the first sheet (or the CSV) whose header fits the schema. */
export async function readDataset(file: InputFile, schema: DatasetSchema, today: string): Promise<DatasetRead> {
  const hash = createHash('sha256');
  const sheets: Rows[] = [];
  if (isCsv(file.name)) sheets.push(csvRows(file, hash));
  else {
    if (Buffer.isBuffer(file.data)) hash.update(file.data);
    else for await (const c of createReadStream(file.data.path)) hash.update(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    for (const sheet of await openXlsx(file.data)) {
      sheets.push((async function* () {
        for await (const r of sheet.rows()) yield { row: r.number, cells: r.cells };
      })());
    }
  }
  let firstIssues: DatasetIssue[] | null = null;
  for (const sheet of sheets) {
    const result = await readSheet(sheet, schema, today);
    if (result.layoutFound) return { ...result.read, sha256: hash.digest('hex') };
    firstIssues ??= result.read.issues;
  }
  const issues = firstIssues ?? [{ row: null, field: 'file', message: '文件中没有工作表', messageEn: 'the file has no sheets', fix: '请上传含数据的 xlsx 或 csv 文件' }];
  return { records: [], issues, issueCount: issues.length, rows: 0, sha256: hash.digest('hex') };
}

async function readSheet(rows: Rows, schema: DatasetSchema, today: string): Promise<{ layoutFound: boolean; read: Omit<DatasetRead, 'sha256'> }> {
  const head: RawCell[][] = [];
  const records: DatasetRecord[] = [];
  const issues: DatasetIssue[] = [];
  let issueCount = 0;
  let parser: DatasetParser | null = null;
  let count = 0;
  const take = (row: number, cells: RawCell[]): void => {
    if (!parser) return;
    const r = parser.parse(row, cells);
    if (r === null) return;
    count++;
    if (Array.isArray(r)) {
      issueCount += r.length;
      for (const i of r) if (issues.length < maxIssuesKept) issues.push(i);
    } else records.push(r);
  };
  for await (const { row, cells } of rows) {
    if (parser) {
      take(row, cells);
      continue;
    }
    while (head.length < row - 1) head.push([]);
    head.push(cells);
    if (head.length < headerScan) continue;
    const found = detectHeader(schema, head);
    if (!found.layout) return { layoutFound: false, read: { records: [], issues: found.issues, issueCount: found.issues.length, rows: 0 } };
    const layout = found.layout;
    parser = new DatasetParser(schema, layout, today);
    head.forEach((c, i) => i + 1 > layout.headerRow && take(i + 1, c));
  }
  if (!parser) {
    const found = detectHeader(schema, head);
    if (!found.layout) return { layoutFound: false, read: { records: [], issues: found.issues, issueCount: found.issues.length, rows: 0 } };
    parser = new DatasetParser(schema, found.layout, today);
    const layout = found.layout;
    head.forEach((c, i) => i + 1 > layout.headerRow && take(i + 1, c));
  }
  return { layoutFound: true, read: { records, issues, issueCount, rows: count } };
}
