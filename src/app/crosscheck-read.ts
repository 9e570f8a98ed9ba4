// Reading a department file (xlsx, or CSV in UTF-8 or GBK) against a dataset schema, with the
// workbook readers' encoding detection and streamed xlsx. Returns every record or every issue;
// a file with any issue is never compared.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { columnKinds, type DatasetSchema } from '../domain/crosscheck/kinds.js';
import { DatasetParser, detectHeader, headerScan, type DatasetIssue } from '../domain/crosscheck/parse.js';
import { DatasetTable } from '../domain/crosscheck/table.js';
import type { RawCell } from '../domain/workbook/cells.js';
import { csvBatches, type CsvRow } from './csv-lines.js';
import { detectEncoding, isCsv, type InputFile } from './workbook/read.js';
import { openXlsx } from './workbook/xlsx-stream.js';

/** Issues kept in full; beyond it only counted (a wrong file would otherwise list millions). */
export const maxIssuesKept = 1000;

export interface DatasetRead {
  readonly table: DatasetTable;
  readonly issues: DatasetIssue[];
  readonly issueCount: number;
  readonly rows: number;
  readonly sha256: string;
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
export async function readDataset(file: InputFile, schema: DatasetSchema, today: string): Promise<DatasetRead> {
  const hash = createHash('sha256');
  const sheets: Batches[] = [];
  if (isCsv(file.name)) sheets.push(csvBatches(file, detectEncoding(await sample(file)), (b) => hash.update(b)));
  else {
    if (Buffer.isBuffer(file.data)) hash.update(file.data);
    else for await (const c of createReadStream(file.data.path)) hash.update(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    for (const sheet of await openXlsx(file.data)) sheets.push(xlsxBatches(sheet.rows()));
  }
  let firstIssues: DatasetIssue[] | null = null;
  for (const sheet of sheets) {
    const result = await readSheet(sheet, schema, today);
    if (result.layoutFound) return { ...result.read, sha256: hash.digest('hex') };
    firstIssues ??= result.read.issues;
  }
  const issues = firstIssues ?? [{ row: null, field: 'file', message: '文件中没有工作表', messageEn: 'the file has no sheets', fix: '请上传含数据的 xlsx 或 csv 文件' }];
  return { table: new DatasetTable({}), issues, issueCount: issues.length, rows: 0, sha256: hash.digest('hex') };
}

async function readSheet(batches: Batches, schema: DatasetSchema, today: string): Promise<{ layoutFound: boolean; read: Omit<DatasetRead, 'sha256'> }> {
  const head: RawCell[][] = [];
  const table = new DatasetTable(columnKinds(schema));
  const issues: DatasetIssue[] = [];
  let issueCount = 0;
  let parser: DatasetParser | null = null;
  let count = 0;
  const note = (i: DatasetIssue): void => {
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
