// CSV records from decoded text arriving in pieces: RFC 4180 quoting ("" inside quotes), records
// ended by CRLF, LF or CR, ragged rows allowed, a quote inside an unquoted field kept as written.
// Written for the import's hot path: a general parser spent half of a CSV import's CPU here.
import type { RawCell } from './cells.js';

const comma = 44;
const quote = 34;
const lf = 10;
const cr = 13;

/** Cells 1-based (index 0 unused), empty fields as null, like the xlsx reader gives them. */
export type CsvRecord = RawCell[];

/**
 * Parses the complete records of `text` into `emit` and returns where the unfinished one starts
 * (text.length when none is left). With `final`, the rest is the last record.
 */
export function parseCsvRecords(text: string, final: boolean, emit: (record: CsvRecord) => void): number {
  const n = text.length;
  let start = 0;
  while (start < n) {
    const record: CsvRecord = [null];
    let p = start;
    for (;;) {
      let value: string;
      if (p < n && text.charCodeAt(p) === quote) {
        value = '';
        let q = p + 1;
        for (;;) {
          const close = text.indexOf('"', q);
          if (close < 0) {
            if (!final) return start;
            value += text.slice(q);
            p = n;
            break;
          }
          if (close + 1 >= n && !final) return start; // "" may straddle the pieces
          if (text.charCodeAt(close + 1) === quote) {
            value += text.slice(q, close + 1);
            q = close + 2;
            continue;
          }
          value += text.slice(q, close);
          p = close + 1;
          break;
        }
        // Text after a closing quote is kept rather than refused.
        let e = p;
        while (e < n) {
          const c = text.charCodeAt(e);
          if (c === comma || c === lf || c === cr) break;
          e += 1;
        }
        if (e > p) value += text.slice(p, e);
        p = e;
      } else {
        let e = p;
        while (e < n) {
          const c = text.charCodeAt(e);
          if (c === comma || c === lf || c === cr) break;
          e += 1;
        }
        value = text.slice(p, e);
        p = e;
      }
      record.push(value === '' ? null : value);
      if (p >= n) {
        if (!final) return start;
        emit(record);
        return n;
      }
      const c = text.charCodeAt(p);
      if (c === comma) {
        p += 1;
        continue;
      }
      if (c === cr) {
        if (p + 1 >= n && !final) return start; // CR LF may straddle the pieces
        p += text.charCodeAt(p + 1) === lf ? 2 : 1;
      } else p += 1;
      emit(record);
      start = p;
      break;
    }
  }
  return n;
}
