// A streaming xlsx row reader: the zip's central directory, then each sheet inflated and scanned
// row by row. exceljs's own streaming reader decodes every inflated chunk separately and garbles
// Chinese characters that straddle a chunk boundary (未务工 → 未��工), so it cannot be trusted
// with registry data; this reader decodes only whole rows' cell texts (xlsx-rows.ts) and is also faster.
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { crc32 } from '../crc32.js';
import { richText, RowScanner, unescapeXml, type XlsxRow } from './xlsx-rows.js';

export type { XlsxRow } from './xlsx-rows.js';

export type XlsxSource = Buffer | { path: string; size: number };

/** A workbook whose zip cannot be read whole: cut short, corrupted, or packed in a way this reader does not know. */
export class DamagedWorkbook extends Error {}

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  /** CRC-32 of the inflated bytes, from the central directory. */
  readonly crc: number;
  readonly compressedSize: number;
  readonly offset: number;
}

async function readAt(src: XlsxSource, position: number, length: number): Promise<Buffer> {
  if (Buffer.isBuffer(src)) return src.subarray(position, position + length);
  const handle = await open(src.path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const sizeOf = (src: XlsxSource): number => (Buffer.isBuffer(src) ? src.length : src.size);

function num64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

async function centralDirectory(src: XlsxSource): Promise<ZipEntry[]> {
  const size = sizeOf(src);
  const tailStart = Math.max(0, size - 65557);
  const tail = await readAt(src, tailStart, size - tailStart);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new DamagedWorkbook('no end of central directory: not a zip file, or one cut short');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
    const rec = await readAt(src, num64(tail, eocd - 20 + 8), 56);
    count = num64(rec, 32);
    cdSize = num64(rec, 40);
    cdOffset = num64(rec, 48);
  }
  const cd = await readAt(src, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count && cd.readUInt32LE(p) === 0x02014b50; i++) {
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    const uncompressed = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64: sizes and offset that do not fit 32 bits live in the extra field, in this order.
    for (let e = p + 46 + nameLen; e < p + 46 + nameLen + extraLen; ) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressed === 0xffffffff) q += 8;
        if (compressedSize === 0xffffffff) (compressedSize = num64(cd, q)), (q += 8);
        if (offset === 0xffffffff) offset = num64(cd, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, crc, compressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** An entry's inflated bytes, in pieces. */
async function entryBytes(src: XlsxSource, entry: ZipEntry): Promise<Readable> {
  if (entry.method !== 0 && entry.method !== 8) throw new DamagedWorkbook(`${entry.name}: compression method ${entry.method}`);
  const header = await readAt(src, entry.offset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new DamagedWorkbook(`${entry.name}: no local header at ${entry.offset}`);
  const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const end = start + entry.compressedSize;
  const raw = Buffer.isBuffer(src) ? Readable.from([src.subarray(start, end)]) : createReadStream(src.path, { start, end: end - 1, highWaterMark: 1 << 20 });
  // Large output chunks: fewer callbacks per megabyte of sheet XML.
  return entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 18 })) : raw;
}

const isZlibError = (error: unknown): boolean => typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('Z_');

/**
 * The entry's bytes, checked: a piece of a sheet that inflates into something else than was
 * zipped (a file damaged in transit) would be read as other rows or other amounts, so the bytes
 * are held to the CRC-32 the zip recorded, and the reader's caller hears of it before anything is
 * written.
 */
async function* entryPieces(src: XlsxSource, entry: ZipEntry): AsyncGenerator<Buffer> {
  let crc = 0;
  try {
    for await (const chunk of await entryBytes(src, entry)) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      crc = crc32(piece, crc);
      yield piece;
    }
  } catch (error) {
    if (isZlibError(error)) throw new DamagedWorkbook(`${entry.name}: ${(error as Error).message}`);
    throw error;
  }
  if (crc !== entry.crc) throw new DamagedWorkbook(`${entry.name}: CRC-32 ${crc.toString(16)} where the zip recorded ${entry.crc.toString(16)}`);
}

async function wholeText(src: XlsxSource, entry: ZipEntry | undefined): Promise<string> {
  if (!entry) return '';
  const pieces: Buffer[] = [];
  for await (const piece of entryPieces(src, entry)) pieces.push(piece);
  return Buffer.concat(pieces).toString('utf8');
}

export interface XlsxSheet {
  readonly name: string;
  rows(): AsyncGenerator<XlsxRow>;
  /** The same rows, a batch per inflated piece: one await per batch rather than per row. */
  batches(): AsyncGenerator<XlsxRow[]>;
}

/** The sheets of a workbook in tab order, each read as a stream of rows when asked. */
export async function openXlsx(src: XlsxSource): Promise<XlsxSheet[]> {
  const entries = await centralDirectory(src);
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
  const workbook = await wholeText(src, byName.get('xl/workbook.xml'));
  const rels = await wholeText(src, byName.get('xl/_rels/workbook.xml.rels'));
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = / Id="([^"]+)"/.exec(m[1] ?? '')?.[1];
    const target = / Target="([^"]+)"/.exec(m[1] ?? '')?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sst = await wholeText(src, byName.get('xl/sharedStrings.xml'));
  const strings: string[] = [];
  for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) strings.push(richText(m[1] ?? ''));
  const sheets: XlsxSheet[] = [];
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = unescapeXml(/ name="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? `Sheet${sheets.length + 1}`);
    const rid = /r:id="([^"]+)"/.exec(m[1] ?? '')?.[1] ?? '';
    const entry = byName.get(targets.get(rid) ?? '');
    if (!entry) continue;
    sheets.push({
      name,
      batches: () => sheetBatches(src, entry, strings),
      async *rows() {
        for await (const batch of sheetBatches(src, entry, strings)) yield* batch;
      },
    });
  }
  return sheets;
}

async function* sheetBatches(src: XlsxSource, entry: ZipEntry, strings: readonly string[]): AsyncGenerator<XlsxRow[]> {
  const scanner = new RowScanner(strings);
  let rest: Buffer | null = null;
  for await (const piece of entryPieces(src, entry)) {
    const bytes: Buffer = rest ? Buffer.concat([rest, piece]) : piece;
    const batch: XlsxRow[] = [];
    const used = scanner.scan(bytes, batch);
    rest = used < bytes.length ? bytes.subarray(used) : null;
    if (batch.length > 0) yield batch;
  }
}
