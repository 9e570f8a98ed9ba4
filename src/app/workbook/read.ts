// Reading registry workbooks: xlsx streamed (xlsx-stream.ts), CSV in UTF-8 (with or without BOM) or
// GBK/GB18030, row by row into the assembler, so that memory grows with households, not with cells.
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { RawCell } from '../../domain/workbook/cells.js';
import { detectLayout, headerScanRows, isFillerRow, type SheetLayout } from '../../domain/workbook/header.js';
import { WorkbookAssembler } from '../../domain/workbook/assemble.js';
import { openXlsx } from './xlsx-stream.js';

export interface InputFile {
  readonly name: string;
  /** The bytes, or a path to stream from (the CLI reads large files without loading them). */
  readonly data: Buffer | { path: string; size: number };
}

export interface SheetSummary {
  readonly file: string;
  readonly sheet: string;
  readonly kind: SheetLayout['kind'] | null;
  readonly headerRow: number | null;
  readonly columns: readonly string[];
  readonly ignored: readonly string[];
  rows: number;
}

export type Progress = (bytesRead: number) => void;

export function isCsv(name: string): boolean {
  return /^\.(csv|txt)$/i.test(extname(name));
}

function byteStream(file: InputFile): Readable {
  return Buffer.isBuffer(file.data) ? Readable.from([file.data]) : createReadStream(file.data.path, { highWaterMark: 1 << 20 });
}

/** Feeds one sheet's rows: the first rows are held until the header is found. */
class SheetFeeder {
  private readonly head: RawCell[][] = [];
  private layout: SheetLayout | null | undefined = undefined;

  constructor(
    private readonly assembler: WorkbookAssembler,
    readonly summary: SheetSummary,
  ) {}

  push(rowNumber: number, cells: RawCell[]): void {
    if (this.layout === undefined) {
      while (this.head.length < rowNumber - 1) this.head.push([]);
      this.head.push(cells);
      if (this.head.length >= headerScanRows + 1) this.decide();
      return;
    }
    this.feed(rowNumber, cells);
  }

  private decide(): void {
    this.layout = detectLayout(this.head);
    const layout = this.layout;
    if (layout) {
      Object.assign(this.summary, { kind: layout.kind, headerRow: layout.headerRow, columns: layout.columns.map((c) => c.header), ignored: layout.ignored });
      this.head.forEach((cells, i) => {
        if (i + 1 > layout.headerRow) this.feed(i + 1, cells);
      });
    }
    this.head.length = 0;
  }

  private feed(rowNumber: number, cells: RawCell[]): void {
    if (!this.layout || isFillerRow(cells)) return;
    if (this.assembler.addRow(this.summary.sheet, this.layout, rowNumber, cells)) this.summary.rows += 1;
  }

  end(): void {
    if (this.layout === undefined) this.decide();
  }
}

async function readXlsx(file: InputFile, assembler: WorkbookAssembler, sheets: SheetSummary[], progress: Progress | undefined): Promise<void> {
  const size = fileSize(file);
  for (const [i, sheet] of (await openXlsx(file.data)).entries()) {
    const summary: SheetSummary = { file: file.name, sheet: sheet.name, kind: null, headerRow: null, columns: [], ignored: [], rows: 0 };
    sheets.push(summary);
    const feeder = new SheetFeeder(assembler, summary);
    for await (const row of sheet.rows()) feeder.push(row.number, row.cells);
    feeder.end();
    // Sheets are inflated one after another; progress moves by sheet within the file.
    progress?.(Math.round((size * (i + 1)) / (i + 2)));
  }
  progress?.(size);
}

/** UTF-8 when the bytes decode as UTF-8 (BOM or not); otherwise GB18030, a superset of GBK. */
export function detectEncoding(sample: Buffer): 'utf8' | 'gb18030' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

async function sampleOf(file: InputFile): Promise<Buffer> {
  if (Buffer.isBuffer(file.data)) return file.data.subarray(0, 1 << 20);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file.data.path, { start: 0, end: (1 << 20) - 1 })) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(b);
    size += b.length;
  }
  return Buffer.concat(chunks, size);
}

async function readCsv(file: InputFile, assembler: WorkbookAssembler, sheets: SheetSummary[], progress: Progress | undefined): Promise<void> {
  const encoding = detectEncoding(await sampleOf(file));
  const bytes = byteStream(file);
  let read = 0;
  bytes.on('data', (chunk: Buffer) => {
    read += chunk.length;
    progress?.(read);
  });
  const text = bytes.pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const summary: SheetSummary = { file: file.name, sheet: basename(file.name, extname(file.name)), kind: null, headerRow: null, columns: [], ignored: [], rows: 0 };
  sheets.push(summary);
  const feeder = new SheetFeeder(assembler, summary);
  const parser = text.pipe(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }));
  let rowNumber = 0;
  for await (const record of parser) {
    rowNumber += 1;
    const cells: RawCell[] = [null];
    if (Array.isArray(record)) for (const v of record) cells.push(typeof v === 'string' && v !== '' ? v : null);
    feeder.push(rowNumber, cells);
  }
  feeder.end();
}

export function fileSize(file: InputFile): number {
  return Buffer.isBuffer(file.data) ? file.data.length : file.data.size;
}

/** Reads every file into one assembler; `progress` gets the bytes read over all files. */
export async function readWorkbooks(files: readonly InputFile[], progress?: Progress): Promise<{ assembler: WorkbookAssembler; sheets: SheetSummary[] }> {
  const assembler = new WorkbookAssembler();
  const sheets: SheetSummary[] = [];
  let before = 0;
  for (const file of files) {
    const onBytes: Progress = (n) => progress?.(before + n);
    if (isCsv(file.name)) await readCsv(file, assembler, sheets, onBytes);
    else await readXlsx(file, assembler, sheets, onBytes);
    before += fileSize(file);
  }
  return { assembler, sheets };
}
