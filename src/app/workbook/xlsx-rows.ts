// A worksheet's rows read straight from its inflated UTF-8 bytes. Only the text a cell holds is
// decoded; tags, numbers and shared-string indexes are read as bytes. Decoding whole pieces of
// sheet XML into strings and scanning those took half of reading a registry workbook, most of
// whose cells are numbers and code labels. Rows are read only when complete, so a character whose
// bytes fall across two inflated pieces is decoded whole.
import type { RawCell } from '../../domain/workbook/cells.js';
import { decimalInBytes } from '../../domain/workbook/decimal.js';

export interface XlsxRow {
  readonly number: number;
  readonly cells: RawCell[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => (e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? '')))
    .replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The text of an <si> or <is>: its runs joined, phonetic hints (<rPh>) left out. */
export function richText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) text += m[1] ?? '';
  return unescapeXml(text);
}

// Character codes, named where the scanner compares with them.
const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOTE = 34;
const EQ = 61;
const SPACE = 32;
const AMP = 38;
const UNDERSCORE = 95;
const c_ = 99;
const r_ = 114;
const s_ = 115;
const t_ = 116;
const v_ = 118;
const i_ = 105;
const n_ = 110;
const b_ = 98;
const d_ = 100;
const e_ = 101;

const isSpace = (c: number | undefined): boolean => c === SPACE || c === 9 || c === 10 || c === 13;
const isTagEnd = (c: number | undefined): boolean => c === GT || c === SLASH || isSpace(c);

const rowOpen = Buffer.from('<row');
const rowClose = Buffer.from('</row>');

/** Where `</X>` (X one letter) starts in [from, to) of `b`, or -1. */
function closeTag(b: Buffer, letter: number, from: number, to: number): number {
  for (let q = from; q + 3 < to; q++) {
    if (b[q] === LT && b[q + 1] === SLASH && b[q + 2] === letter && b[q + 3] === GT) return q;
  }
  return -1;
}

/** Where `<v>` starts in [from, to) of `b`, or -1. */
function valueOpen(b: Buffer, from: number, to: number): number {
  for (let q = from; q + 2 < to; q++) if (b[q] === LT && b[q + 1] === v_ && b[q + 2] === GT) return q;
  return -1;
}

/** The text in [from, to): decoded, entities resolved only where an & or _x could start one. */
function textAt(b: Buffer, from: number, to: number): string {
  const text = b.toString('utf8', from, to);
  for (let q = from; q < to; q++) {
    const c = b[q];
    if (c === AMP || c === UNDERSCORE) return unescapeXml(text);
  }
  return text;
}

/** The column number of a cell reference (AB12 → 28) starting at `at`. */
function columnOf(b: Buffer, at: number): number {
  let col = 0;
  for (let q = at; ; q++) {
    const l = b[q] ?? 0;
    if (l < 65 || l > 90) return col;
    col = col * 26 + (l - 64);
  }
}

/** The number written in [from, to) when it is only digits (at most 15), else -1. */
function digitsValue(b: Buffer, from: number, to: number): number {
  if (to === from || to - from > 15) return -1;
  let n = 0;
  for (let q = from; q < to; q++) {
    const d = (b[q] ?? 0) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Reads rows from successive pieces of one sheet's XML, numbering rows that carry no r="…". */
export class RowScanner {
  private rowNumber = 0;

  constructor(private readonly strings: readonly string[]) {}

  /** Adds to `out` every row complete in `b`; returns where the rest (an unfinished row) begins. */
  scan(b: Buffer, out: XlsxRow[]): number {
    const n = b.length;
    let pos = 0;
    for (;;) {
      const start = b[pos] === LT && b[pos + 1] === r_ && b[pos + 2] === 111 && b[pos + 3] === 119 ? pos : b.indexOf(rowOpen, pos);
      // Nothing more here: keep only what could be the start of a <row cut off.
      if (start < 0) return Math.max(pos, n - 3);
      if (start + 4 >= n) return start;
      if (!isTagEnd(b[start + 4])) {
        pos = start + 4; // <rowBreaks>, not a row
        continue;
      }
      let tagEnd = start + 4;
      while (tagEnd < n && b[tagEnd] !== GT) tagEnd++;
      if (tagEnd >= n) return start;
      const selfClosing = b[tagEnd - 1] === SLASH;
      const end = selfClosing ? tagEnd + 1 : b.indexOf(rowClose, tagEnd);
      if (end < 0) return start;
      this.rowNumber = this.numberOf(b, start + 4, tagEnd);
      if (!selfClosing) out.push({ number: this.rowNumber, cells: this.cells(b, tagEnd + 1, end) });
      pos = selfClosing ? end : end + 6;
    }
  }

  /** The row's r="…" in [from, to), or the one after the last. */
  private numberOf(b: Buffer, from: number, to: number): number {
    for (let k = from; k + 3 < to; k++) {
      if (isSpace(b[k]) && b[k + 1] === r_ && b[k + 2] === EQ && b[k + 3] === QUOTE) {
        const close = b.indexOf(QUOTE, k + 4);
        const r = close > k + 4 && close < to ? digitsValue(b, k + 4, close) : -1;
        return r >= 0 ? r : this.rowNumber + 1;
      }
    }
    return this.rowNumber + 1;
  }

  /** The cells of a row's XML in [from, to): 1-based, gaps null. */
  private cells(b: Buffer, from: number, to: number): RawCell[] {
    const cells: RawCell[] = [null];
    let next = 1;
    let p = from;
    for (;;) {
      let open = p;
      while (open + 2 < to && !(b[open] === LT && b[open + 1] === c_ && isTagEnd(b[open + 2]))) open++;
      if (open + 2 >= to) break;
      // Attributes: r="AB12" gives the column, t="…" the type (n, the default: a number).
      let col = 0;
      let type = n_;
      let str = false;
      let k = open + 2;
      // The shape every writer we know makes: one space before each one-letter attribute (r, s, t).
      while (b[k] === SPACE && b[k + 2] === EQ && b[k + 3] === QUOTE) {
        const name = b[k + 1];
        let quote = k + 4;
        while (quote < to && b[quote] !== QUOTE) quote++;
        if (quote >= to) break;
        if (name === r_) col = columnOf(b, k + 4);
        else if (name === t_) {
          type = b[k + 4] ?? n_;
          str = type === s_ && b[k + 5] === t_;
        }
        k = quote + 1;
      }
      // Anything else (longer names, other spacing): attribute by attribute, minding quotes.
      if (b[k] !== GT && !(b[k] === SLASH && b[k + 1] === GT)) {
        let quoted = false;
        for (; k < to; k++) {
          const c = b[k];
          if (c === QUOTE) quoted = !quoted;
          else if (quoted) continue;
          else if (c === GT) break;
          else if (isSpace(c) && b[k + 2] === EQ && b[k + 3] === QUOTE) {
            const name = b[k + 1];
            if (name === r_) col = columnOf(b, k + 4);
            else if (name === t_) {
              type = b[k + 4] ?? n_;
              str = type === s_ && b[k + 5] === t_;
            }
          }
        }
      } else if (b[k] === SLASH) k += 1;
      const tagEnd = k;
      if (tagEnd >= to) break;
      if (col === 0) col = next;
      next = col + 1;
      let value: RawCell = null;
      if (b[tagEnd - 1] === SLASH) {
        p = tagEnd + 1;
        if (type === i_) value = '';
      } else {
        const read = this.value(b, tagEnd + 1, to, type, str);
        if (read < 0) break;
        p = read;
        value = this.found;
      }
      while (cells.length < col) cells.push(null);
      cells[col] = value;
    }
    return cells;
  }

  private found: RawCell = null;

  /** Reads the value of a cell whose content starts at `at` into `found`; returns where the cell ends, or -1. */
  private value(b: Buffer, at: number, to: number, type: number, str: boolean): number {
    // The common shapes, read in place: a shared string's index or a number straight in <v>…</v>,
    // and one run of inline text (<is><t>…</t></is>, the <t> perhaps with xml:space).
    if (b[at] === LT && b[at + 1] === v_ && b[at + 2] === GT && ((type === s_ && !str) || type === n_)) {
      let end = at + 3;
      while (end < to && b[end] !== LT) end++;
      if (end + 8 <= to && b[end + 1] === SLASH && b[end + 2] === v_ && b[end + 3] === GT && b[end + 4] === LT && b[end + 5] === SLASH && b[end + 6] === c_ && b[end + 7] === GT) {
        if (type === s_) {
          const index = digitsValue(b, at + 3, end);
          this.found = (index >= 0 ? this.strings[index] : this.strings[Number(b.toString('latin1', at + 3, end))]) ?? null;
        } else this.found = decimalInBytes(b, at + 3, end);
        return end + 8;
      }
    } else if (type === i_ && b[at] === LT && b[at + 1] === i_ && b[at + 2] === s_ && b[at + 3] === GT && b[at + 4] === LT && b[at + 5] === t_) {
      let open = at + 6;
      if (b[open] === SPACE) while (open < to && b[open] !== GT) open++;
      if (b[open] === GT && b[open - 1] !== SLASH) {
        let end = open + 1;
        while (end < to && b[end] !== LT) end++;
        // </t></is></c>
        if (end + 13 <= to && b[end + 1] === SLASH && b[end + 2] === t_ && b[end + 3] === GT && b[end + 4] === LT && b[end + 5] === SLASH && b[end + 6] === i_ && b[end + 7] === s_ && b[end + 8] === GT && b[end + 9] === LT && b[end + 10] === SLASH && b[end + 11] === c_ && b[end + 12] === GT) {
          this.found = textAt(b, open + 1, end);
          return end + 13;
        }
      }
    }
    const close = closeTag(b, c_, at, to);
    if (close < 0) return -1;
    this.found = null;
    // inlineStr keeps its text in <is>…</is> (runs, hints); every other type in <v>…</v>.
    if (type === i_) this.found = richText(b.toString('utf8', at, close));
    else {
      const v = valueOpen(b, at, close);
      const vEnd = v < 0 ? -1 : closeTag(b, v_, v + 3, close);
      if (vEnd >= 0) {
        // str: a formula's text result; s: shared string; b: boolean; d: ISO date; e: error.
        if (str) this.found = textAt(b, v + 3, vEnd);
        else if (type === s_) this.found = this.strings[Number(b.toString('latin1', v + 3, vEnd))] ?? null;
        else if (type === b_) this.found = b[v + 3] === 49 && vEnd === v + 4;
        else if (type === d_) this.found = b.toString('latin1', v + 3, Math.min(vEnd, v + 13));
        else if (type !== e_) this.found = Number(b.toString('latin1', v + 3, vEnd));
      }
    }
    return close + 4;
  }
}
