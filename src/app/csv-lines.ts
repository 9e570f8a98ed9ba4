// A fast CSV reader for large department files: decodes big chunks (UTF-8 or GB18030), splits
// lines and fields synchronously and hands rows over in batches. Quoted fields (with commas,
// doubled quotes or line breaks) are handled; a line without a quote is simply split, which is
// nearly every line of a department export. csv-parse's per-record callbacks cost ten times more.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { RawCell } from '../domain/workbook/cells.js';
import type { InputFile } from './workbook/read.js';

export interface CsvRow {
  readonly row: number;
  readonly cells: RawCell[];
}

/**
 * Splits a record that holds a quote. A quote opens a quoted field only at the field's start
 * (RFC 4180); elsewhere it is a character of the value, as in 张"三. `open` says the record ends
 * inside a quoted field, so its next line belongs to it.
 */
function scanQuoted(line: string): { cells: RawCell[]; open: boolean } {
  const cells: RawCell[] = [];
  let cur = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch !== '"') cur += ch;
      else if (line.charAt(i + 1) === '"') {
        cur += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (ch === ',') {
      cells.push(cur === '' ? null : cur);
      cur = '';
      fieldStart = true;
    } else {
      cur += ch;
      fieldStart = false;
    }
  }
  cells.push(cur === '' ? null : cur);
  return { cells, open: quoted };
}

const splitQuoted = (line: string): RawCell[] => scanQuoted(line).cells;

function splitPlain(line: string): RawCell[] {
  const cells: RawCell[] = line.split(',');
  for (let k = 0; k < cells.length; k++) if (cells[k] === '') cells[k] = null;
  return cells;
}

export function splitCsvLine(line: string): RawCell[] {
  return line.includes('"') ? splitQuoted(line) : splitPlain(line);
}

/** Rows of a CSV file in batches; `onBytes` sees every raw chunk (for the file's hash). */
export async function* csvBatches(file: InputFile, encoding: 'utf8' | 'gb18030', onBytes: (chunk: Buffer) => void): AsyncGenerator<CsvRow[]> {
  const source = Buffer.isBuffer(file.data) ? Readable.from([file.data]) : createReadStream(file.data.path, { highWaterMark: 4 << 20 });
  const utf8 = new TextDecoder('utf-8');
  const gbk = iconv.getDecoder('gb18030');
  let rest = '';
  let pending: string | null = null; // a record whose quoted field spans lines
  let row = 0;
  let first = true;
  const take = (text: string, last: boolean): CsvRow[] => {
    const batch: CsvRow[] = [];
    let all = rest + text;
    if (first) {
      all = all.replace(/^\uFEFF/, '');
      first = false;
    }
    const lines = all.split('\n');
    if (!last) rest = lines.pop() ?? '';
    else {
      // The newline that ends the last line does not start another.
      if (lines[lines.length - 1] === '') lines.pop();
      rest = '';
    }
    if (pending === null && !all.includes('"')) {
      // No quote in the whole chunk (nearly every chunk of a department export): plain splits.
      for (const raw of lines) {
        row++;
        batch.push({ row, cells: splitPlain(raw.endsWith('\r') ? raw.slice(0, -1) : raw) });
      }
      return batch;
    }
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const record: string = pending === null ? line : `${pending}\n${line}`;
      if (!record.includes('"')) {
        row++;
        batch.push({ row, cells: splitPlain(record) });
        continue;
      }
      const scanned = scanQuoted(record);
      if (scanned.open) {
        pending = record;
        continue;
      }
      pending = null;
      row++;
      batch.push({ row, cells: scanned.cells });
    }
    return batch;
  };
  for await (const chunk of source) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    onBytes(bytes);
    const text = encoding === 'utf8' ? utf8.decode(bytes, { stream: true }) : gbk.write(bytes);
    yield take(text, false);
  }
  const final = take(encoding === 'utf8' ? utf8.decode() : (gbk.end() ?? ''), true);
  if (pending !== null) {
    row++;
    final.push({ row, cells: splitQuoted(pending) });
  }
  if (final.length > 0) yield final;
}
