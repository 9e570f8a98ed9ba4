// A streaming xlsx row reader: the zip's central directory, then each sheet inflated and scanned
// row by row. exceljs's own streaming reader decodes every inflated chunk separately and garbles
// Chinese characters that straddle a chunk boundary (未务工 → 未��工), so it cannot be trusted
// with registry data; this reader decodes with a streaming UTF-8 decoder and is also faster.
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { RawCell } from '../../domain/workbook/cells.js';

export type XlsxSource = Buffer | { path: string; size: number };

interface ZipEntry {
  readonly name: string;
  readonly method: number;
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
  if (eocd < 0) throw new Error('not a zip file');
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
    entries.push({ name, method, compressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

async function entryText(src: XlsxSource, entry: ZipEntry): Promise<Readable> {
  const header = await readAt(src, entry.offset, 30);
  const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const end = start + entry.compressedSize;
  const raw = Buffer.isBuffer(src) ? Readable.from([src.subarray(start, end)]) : createReadStream(src.path, { start, end: end - 1, highWaterMark: 1 << 20 });
  // Large output chunks: fewer callbacks and decoder calls per megabyte of sheet XML.
  const out = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 18 })) : raw;
  // setEncoding decodes across chunk boundaries (a StringDecoder), unlike per-chunk decoding.
  out.setEncoding('utf8');
  return out;
}

async function wholeText(src: XlsxSource, entry: ZipEntry | undefined): Promise<string> {
  if (!entry) return '';
  let text = '';
  for await (const chunk of await entryText(src, entry)) text += String(chunk);
  return text;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => (e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? '')))
    .replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The text of an <si> or <is>: its runs joined, phonetic hints (<rPh>) left out. */
function richText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) text += m[1] ?? '';
  return unescapeXml(text);
}

/**
 * The text of an <is> in [from, to) of `xml`. The one-run shape every writer we know makes
 * (<is><t>…</t></is>, the <t> perhaps with xml:space) is read in place: a slice and a regular
 * expression per cell were a sixth of reading our own ledger export. Runs and hints go to richText.
 */
function inlineText(xml: string, from: number, to: number): string {
  if (xml.startsWith('<is><t', from)) {
    const c = xml.charCodeAt(from + 6);
    const open = c === 62 ? from + 6 : c === 32 ? xml.indexOf('>', from + 6) : -1;
    if (open >= 0 && open < to && xml.charCodeAt(open - 1) !== 47) {
      const end = xml.indexOf('<', open + 1);
      if (end + 9 === to && xml.startsWith('</t></is>', end)) return unescapeXml(xml.slice(open + 1, end));
    }
  }
  return richText(xml.slice(from, to));
}

/** Where the value of attribute `name` (given as ' r="') starts inside [from, to) of `xml`, or -1. */
function attrAt(xml: string, name: string, from: number, to: number): number {
  const at = xml.indexOf(name, from);
  return at < 0 || at >= to ? -1 : at + name.length;
}

const isTagEnd = (c: number): boolean => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;

// Scanned in place, character by character within a cell tag, without a regular expression or a
// substring per cell: this runs for every cell of a million-row workbook.
function parseRow(xml: string, from: number, to: number, strings: readonly string[]): RawCell[] {
  const cells: RawCell[] = [null];
  let next = 1;
  let p = from;
  for (;;) {
    const open = xml.indexOf('<c', p);
    if (open < 0 || open >= to) break;
    if (!isTagEnd(xml.charCodeAt(open + 2))) {
      p = open + 2;
      continue;
    }
    // Attributes: r="AB12" gives the column, t="…" the type (n, the default: a number).
    let col = 0;
    let type = 110;
    let str = false;
    let k = open + 2;
    let quoted = false;
    for (; k < to; k++) {
      const c = xml.charCodeAt(k);
      if (c === 34) quoted = !quoted;
      else if (quoted) continue;
      else if (c === 62) break;
      else if (c === 32 && xml.charCodeAt(k + 2) === 61 && xml.charCodeAt(k + 3) === 34) {
        const name = xml.charCodeAt(k + 1);
        if (name === 114) {
          for (let q = k + 4; ; q++) {
            const l = xml.charCodeAt(q);
            if (l < 65 || l > 90) break;
            col = col * 26 + (l - 64);
          }
        } else if (name === 116) {
          type = xml.charCodeAt(k + 4);
          str = type === 115 && xml.charCodeAt(k + 5) === 116;
        }
      }
    }
    const tagEnd = k;
    if (tagEnd >= to) break;
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    let close = tagEnd;
    if (selfClosing) p = tagEnd + 1;
    else {
      close = xml.indexOf('</c>', tagEnd);
      if (close < 0 || close >= to) break;
      p = close + 4;
    }
    if (col === 0) col = next;
    next = col + 1;
    let value: RawCell = null;
    // inlineStr keeps its text in <is><t>…</t></is>; every other type in <v>…</v>.
    if (type === 105) value = selfClosing ? '' : inlineText(xml, tagEnd + 1, close);
    else if (!selfClosing) {
      const v = xml.charCodeAt(tagEnd + 1) === 60 && xml.charCodeAt(tagEnd + 2) === 118 && xml.charCodeAt(tagEnd + 3) === 62 ? tagEnd + 1 : xml.indexOf('<v>', tagEnd);
      const vEnd = v < 0 || v >= close ? -1 : xml.indexOf('</v>', v);
      if (vEnd >= 0 && vEnd <= close) {
        const text = xml.slice(v + 3, vEnd);
        // str: a formula's text result; s: shared string; b: boolean; d: ISO date; e: error.
        if (str) value = unescapeXml(text);
        else if (type === 115) value = strings[Number(text)] ?? null;
        else if (type === 98) value = text === '1';
        else if (type === 100) value = text.slice(0, 10);
        else if (type !== 101) value = Number(text);
      }
    }
    while (cells.length < col) cells.push(null);
    cells[col] = value;
  }
  return cells;
}

export interface XlsxRow {
  readonly number: number;
  readonly cells: RawCell[];
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
  let buf = '';
  let rowNumber = 0;
  for await (const chunk of await entryText(src, entry)) {
    buf += String(chunk);
    const batch: XlsxRow[] = [];
    let pos = 0;
    for (;;) {
      const start = buf.indexOf('<row', pos);
      if (start < 0) break;
      if (!isTagEnd(buf.charCodeAt(start + 4)) && start + 4 < buf.length) {
        pos = start + 4; // <rowBreaks>, not a row
        continue;
      }
      const tagEnd = buf.indexOf('>', start);
      if (tagEnd < 0) break;
      const selfClosing = buf.charAt(tagEnd - 1) === '/';
      const end = selfClosing ? tagEnd + 1 : buf.indexOf('</row>', tagEnd);
      if (end < 0) break;
      const r = attrAt(buf, ' r="', start, tagEnd);
      const digits = r >= 0 ? buf.slice(r, buf.indexOf('"', r)) : '';
      rowNumber = /^\d+$/.test(digits) ? Number(digits) : rowNumber + 1;
      if (!selfClosing) batch.push({ number: rowNumber, cells: parseRow(buf, tagEnd + 1, end, strings) });
      pos = selfClosing ? end : end + 6;
    }
    buf = buf.slice(pos);
    if (batch.length > 0) yield batch;
  }
}
