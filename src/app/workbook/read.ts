// Reading registry workbooks: xlsx streamed (xlsx-stream.ts), CSV in UTF-8 (with or without BOM) or
// GBK/GB18030, row by row into a sink, so that nothing here grows with the file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import type { RawCell } from '../../domain/workbook/cells.js';
import { parseCsvRecords } from '../../domain/workbook/csv.js';
import { detectLayout, headerScanRows, isFillerRow, unclassifiedHeader, type SheetLayout, type UnclassifiedHeader } from '../../domain/workbook/header.js';
import { DamagedWorkbook, openXlsx } from './xlsx-stream.js';

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
  /** A skipped sheet whose header names 户编号 and other registry columns: refused, not skipped (import.ts). */
  unclassified?: UnclassifiedHeader;
}

export type Progress = (bytesRead: number) => void;

/** Where the data rows of all sheets go, in file order. */
export interface RowSink {
  /** `sheet` numbers the sheets over all files; `cells` is 1-based and the sink's to keep. False: a row skipped as an empty note. */
  row(sheet: number, name: string, layout: SheetLayout, row: number, cells: RawCell[]): boolean;
}

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
    private readonly sink: RowSink,
    private readonly index: number,
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
    } else {
      const unclassified = unclassifiedHeader(this.head);
      if (unclassified) this.summary.unclassified = unclassified;
    }
    this.head.length = 0;
  }

  private feed(rowNumber: number, cells: RawCell[]): void {
    if (!this.layout || isFillerRow(cells)) return;
    if (this.sink.row(this.index, this.summary.sheet, this.layout, rowNumber, cells)) this.summary.rows += 1;
  }

  end(): void {
    if (this.layout === undefined) this.decide();
  }
}

/** A file that is neither an xlsx workbook nor CSV: said in words an officer can act on. */
export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

export async function firstBytes(file: InputFile, n: number): Promise<Buffer> {
  if (Buffer.isBuffer(file.data)) return file.data.subarray(0, n);
  const handle = await open(file.data.path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const zipMagic = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Excel 97–2003 (.xls) and WPS (.et) workbooks are OLE compound files.
export const oleMagic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** An old .xls or .et workbook on a server that cannot convert it (legacy-xls.ts converts where it can). */
export function legacyRefusal(name: string): UnreadableFile {
  return new UnreadableFile(
    `文件“${name}”是旧版 Excel 97-2003（.xls）或 WPS（.et）格式，本服务器未安装转换程序，不能直接导入：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）或 CSV 后再导入`,
    `"${name}" is an old Excel 97-2003 (.xls) or WPS (.et) workbook, which this server has no converter for: open it in Excel or WPS, save it as an Excel workbook (.xlsx) or CSV, then import that`,
  );
}

/** Refuses, before reading, what is not an xlsx workbook. */
export async function checkXlsx(file: InputFile): Promise<void> {
  const head = await firstBytes(file, 8);
  if (head.subarray(0, 4).equals(zipMagic)) return;
  if (head.equals(oleMagic)) throw legacyRefusal(file.name);
  throw new UnreadableFile(`文件“${file.name}”不是 Excel 工作簿（.xlsx）或 CSV 文件，无法读取：请选择 .xlsx 或 .csv 文件`, `"${file.name}" is not an Excel workbook (.xlsx) or a CSV file: choose an .xlsx or .csv file`);
}

/** A workbook whose zip is cut short or corrupted: said in words an officer can act on. */
export function damagedRefusal(name: string): UnreadableFile {
  return new UnreadableFile(
    `文件“${name}”已损坏或不完整（压缩包不能完整读出，可能下载或传输时中断），没有导入任何数据：请重新下载，或在 Excel、WPS 中打开后另存为 .xlsx 再导入`,
    `"${name}" is damaged or incomplete (its zip cannot be read in full, perhaps cut short in a download or transfer); nothing was imported: download it again, or open it in Excel or WPS and save it as .xlsx, then import that`,
  );
}

async function readXlsx(file: InputFile, sink: RowSink, sheets: SheetSummary[], progress: Progress | undefined): Promise<void> {
  await checkXlsx(file);
  try {
    await readXlsxSheets(file, sink, sheets, progress);
  } catch (error) {
    if (error instanceof DamagedWorkbook) throw damagedRefusal(file.name);
    throw error;
  }
}

async function readXlsxSheets(file: InputFile, sink: RowSink, sheets: SheetSummary[], progress: Progress | undefined): Promise<void> {
  const size = fileSize(file);
  for (const [i, sheet] of (await openXlsx(file.data)).entries()) {
    const summary: SheetSummary = { file: file.name, sheet: sheet.name, kind: null, headerRow: null, columns: [], ignored: [], rows: 0 };
    sheets.push(summary);
    const feeder = new SheetFeeder(sink, sheets.length - 1, summary);
    for await (const batch of sheet.batches()) for (const row of batch) feeder.push(row.number, row.cells);
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

/** A whole text file (a CSV) as text: UTF-8 or GB18030 by `detectEncoding`, without a BOM. */
export function decodeText(bytes: Buffer): string {
  return iconv.decode(bytes, detectEncoding(bytes.subarray(0, 1 << 20)), { stripBOM: true });
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

async function readCsv(file: InputFile, sink: RowSink, sheets: SheetSummary[], progress: Progress | undefined): Promise<void> {
  const encoding = detectEncoding(await sampleOf(file));
  // Both decoders carry a character cut at a chunk boundary over to the next chunk.
  const decoder = encoding === 'utf8' ? new StringDecoder('utf8') : iconv.getDecoder(encoding);
  const summary: SheetSummary = { file: file.name, sheet: basename(file.name, extname(file.name)), kind: null, headerRow: null, columns: [], ignored: [], rows: 0 };
  sheets.push(summary);
  const feeder = new SheetFeeder(sink, sheets.length - 1, summary);
  let rowNumber = 0;
  const emit = (cells: RawCell[]) => {
    rowNumber += 1;
    feeder.push(rowNumber, cells);
  };
  let rest = '';
  let first = true;
  let read = 0;
  const take = (piece: string) => {
    let text = piece;
    if (first && text !== '') {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const buf = rest === '' ? text : rest + text;
    rest = buf.slice(parseCsvRecords(buf, false, emit));
  };
  for await (const chunk of byteStream(file)) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    read += bytes.length;
    take(decoder.write(bytes));
    progress?.(read);
  }
  take(decoder.end() ?? '');
  if (rest !== '') parseCsvRecords(rest, true, emit);
  feeder.end();
}

/** The SHA-256 of the files as given, in order: what an import batch or a comparison run keeps. */
export async function hashFiles(files: readonly InputFile[]): Promise<string> {
  return (await fileHashes(files)).all;
}

/** The SHA-256 of the files together (a batch's) and of each alone (each kept file's), in one read. */
export async function fileHashes(files: readonly InputFile[]): Promise<{ all: string; each: string[] }> {
  // One file (the usual workbook) is its own whole: hashed once, not twice over the same bytes.
  const all = files.length === 1 ? null : createHash('sha256');
  const each: string[] = [];
  for (const file of files) {
    const one = createHash('sha256');
    const add = (bytes: Buffer) => {
      all?.update(bytes);
      one.update(bytes);
    };
    if (Buffer.isBuffer(file.data)) add(file.data);
    else for await (const chunk of createReadStream(file.data.path, { highWaterMark: 1 << 20 })) add(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    each.push(one.digest('hex'));
  }
  return { all: all ? all.digest('hex') : (each[0] ?? ''), each };
}

export function fileSize(file: InputFile): number {
  return Buffer.isBuffer(file.data) ? file.data.length : file.data.size;
}

/** Reads every file into the sink; `progress` gets the bytes read over all files. */
export async function readWorkbooks(files: readonly InputFile[], sink: RowSink, progress?: Progress): Promise<SheetSummary[]> {
  const sheets: SheetSummary[] = [];
  let before = 0;
  for (const file of files) {
    const onBytes: Progress = (n) => progress?.(before + n);
    if (isCsv(file.name)) await readCsv(file, sink, sheets, onBytes);
    else await readXlsx(file, sink, sheets, onBytes);
    before += fileSize(file);
  }
  return sheets;
}
