// The streaming form of xlsx-writer.ts, for ledgers of a million rows: each sheet's XML goes into
// the zip as it is made, half a megabyte at a time, and the writer waits while the zip or the
// target is behind. The zip is archiver's (data descriptors; past 4 GB a sheet's sizes go in zip64
// records, a size no test writes). Same cells and styles as XlsxBook; exceljs's streaming writer
// made a Cell and a style lookup per cell and, never pushing back, let rows pile up in memory
// unless watched through its internals.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import archiver from 'archiver';
import { packageParts, rowXml, sheetXmlHead, sheetXmlTail, SharedStrings, type XlsxCell, type XlsxRowStyle } from './xlsx-writer.js';

/** Bytes gathered before they go to the zip: each write is a hand-off to zlib's thread, so few and large. */
const chunkBytes = 512 * 1024;

export class XlsxStreamSheet {
  // Rows are encoded into a buffer one by one: one long string built by += is a rope, and turning
  // it into UTF-8 at the end cost more than making the rows.
  private buffer = Buffer.allocUnsafe(chunkBytes);
  private used = 0;
  private readonly full: Buffer[] = [];
  private rows = 0;
  ended = false;

  constructor(
    private readonly entry: PassThrough,
    widths: readonly number[],
    frozenRows: number,
    private readonly shared: SharedStrings | undefined,
  ) {
    this.put(sheetXmlHead(widths, frozenRows));
  }

  /** Adds a row; when `needsFlush` says so, the caller awaits `flush()` to let the zip catch up. */
  addRow(cells: readonly XlsxCell[], style?: XlsxRowStyle): void {
    this.put(rowXml(++this.rows, cells, style, this.shared));
  }

  private put(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > this.buffer.length) {
      if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(chunkBytes, text.length * 3));
      this.used = 0;
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** True when a chunk is ready and the caller should `await flush()`. */
  get needsFlush(): boolean {
    return this.full.length > 0;
  }

  /** Hands the full chunks to the zip, waiting while it is behind. */
  async flush(): Promise<void> {
    for (const chunk of this.full.splice(0)) {
      if (!this.entry.write(chunk)) await once(this.entry, 'drain');
    }
  }

  /** The zip or the target failed: a writer waiting for room hears it instead of waiting forever. */
  fail(error: Error): void {
    this.entry.destroy(error);
  }

  async end(): Promise<void> {
    this.ended = true;
    this.put(sheetXmlTail);
    this.full.push(this.buffer.subarray(0, this.used));
    await this.flush();
    this.entry.end();
  }
}

/** Sheets one after another into a stream (an HTTP reply) or a file; `finish()` writes the rest of the package. */
export class XlsxStreamBook {
  private readonly zip = archiver('zip', { zlib: { level: 1 } });
  private readonly names: string[] = [];
  private readonly done: Promise<void>;
  private failure: Error | null = null;
  private open: XlsxStreamSheet | null = null;
  private readonly shared: SharedStrings | undefined;

  /** `sharedStrings`: texts many cells repeat (code labels), written once and referred to by index. */
  constructor(target: { stream: Writable } | { filename: string }, sharedStrings?: Iterable<string>) {
    const out = 'stream' in target ? target.stream : createWriteStream(target.filename);
    const failed = (error: Error): void => {
      this.failure ??= error;
      this.open?.fail(error);
    };
    this.zip.on('error', failed);
    this.zip.on('warning', failed);
    out.on('error', failed);
    this.zip.pipe(out);
    // A file is complete when it is closed; a caller's stream when everything is handed over.
    this.done = new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.failure ? reject(this.failure) : resolve());
      if ('filename' in target) out.on('close', settle);
      else this.zip.on('end', settle);
      this.zip.on('error', reject);
      out.on('error', reject);
    });
    this.done.catch(() => undefined);
    this.shared = sharedStrings ? new SharedStrings(sharedStrings) : undefined;
    if (this.shared) this.zip.append(this.shared.toXml(), { name: 'xl/sharedStrings.xml' });
  }

  /** Starts the next sheet; the previous one must have ended. */
  addSheet(name: string, widths: readonly number[] = [], frozenRows = 0): XlsxStreamSheet {
    this.check();
    if (this.open && !this.open.ended) throw new Error('xlsx: end the previous sheet before starting the next');
    const entry = new PassThrough({ highWaterMark: 1024 * 1024 });
    this.names.push(name);
    this.zip.append(entry, { name: `xl/worksheets/sheet${this.names.length}.xml` });
    this.open = new XlsxStreamSheet(entry, widths, frozenRows, this.shared);
    return this.open;
  }

  /** Adds the workbook's other parts and waits until every byte is written. */
  async finish(): Promise<void> {
    this.check();
    if (this.open && !this.open.ended) throw new Error('xlsx: end the last sheet before finishing');
    for (const [name, text] of packageParts(this.names, this.shared !== undefined)) this.zip.append(text, { name });
    await this.zip.finalize();
    await this.done;
  }

  /** Stops writing: what was written is not a workbook. */
  abort(): void {
    this.zip.abort();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
