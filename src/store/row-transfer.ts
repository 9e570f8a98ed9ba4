// Bulk rows moved between threads by column: a synthesis makes its rows in a worker thread while
// this one stores them. Posted as they are (one array of values per table), 3 million members'
// rows cost the receiving thread about 5 s of copying strings and numbers one by one; by column,
// numbers go as typed arrays (moved, not copied), a column of few distinct texts as their list and
// one index per row, other texts as one string split on arrival: about 0.7 s.
import type { BulkAppender, BulkColumn } from './store.js';

/** One column of a table's rows, as it crosses to the other thread. */
type PackedColumn =
  | { readonly kind: 'number'; readonly values: Float64Array; readonly nulls: Uint8Array }
  | { readonly kind: 'coded'; readonly list: readonly unknown[]; readonly codes: Int32Array }
  | { readonly kind: 'joined'; readonly text: string; readonly nulls: Uint8Array }
  | { readonly kind: 'plain'; readonly values: readonly unknown[] };

export interface PackedRows {
  readonly rows: number;
  readonly columns: readonly PackedColumn[];
}

// A column with more distinct texts than this is sent whole: its list would be most of its rows.
const maxCodes = 4096;
// Joins a text column; a text holding it (or anything but text) sends the column as it is.
const joint = '\u0000';

/** Packs `values` (rows one after another, `columns.length` values each); `transfer` lists the buffers to move. */
export function packRows(values: readonly unknown[], columns: readonly BulkColumn[]): { packed: PackedRows; transfer: ArrayBuffer[] } {
  const width = columns.length;
  const rows = values.length / width;
  if (!Number.isInteger(rows)) throw new Error(`packRows: ${values.length} values are not rows of ${width}`);
  const packed: PackedColumn[] = [];
  const transfer: ArrayBuffer[] = [];
  for (let c = 0; c < width; c++) {
    const column = (columns[c] as BulkColumn).type === 'text' ? packText(values, width, rows, c) : packNumbers(values, width, rows, c);
    packed.push(column);
    if (column.kind === 'number') transfer.push(column.values.buffer as ArrayBuffer, column.nulls.buffer as ArrayBuffer);
    else if (column.kind === 'coded') transfer.push(column.codes.buffer as ArrayBuffer);
    else if (column.kind === 'joined') transfer.push(column.nulls.buffer as ArrayBuffer);
  }
  return { packed: { rows, columns: packed }, transfer };
}

function plain(values: readonly unknown[], width: number, rows: number, c: number): PackedColumn {
  const column: unknown[] = new Array(rows);
  for (let r = 0; r < rows; r++) column[r] = values[r * width + c];
  return { kind: 'plain', values: column };
}

function packNumbers(values: readonly unknown[], width: number, rows: number, c: number): PackedColumn {
  const numbers = new Float64Array(rows);
  const nulls = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = values[r * width + c];
    if (typeof v === 'number') numbers[r] = v;
    else if (v === null) nulls[r] = 1;
    else return plain(values, width, rows, c);
  }
  return { kind: 'number', values: numbers, nulls };
}

function packText(values: readonly unknown[], width: number, rows: number, c: number): PackedColumn {
  const index = new Map<string, number>();
  const list: string[] = [];
  const codes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = values[r * width + c];
    if (v === null) {
      codes[r] = -1;
      continue;
    }
    if (typeof v !== 'string') return plain(values, width, rows, c);
    let code = index.get(v);
    if (code === undefined) {
      if (list.length === maxCodes) return packJoined(values, width, rows, c);
      code = list.length;
      index.set(v, code);
      list.push(v);
    }
    codes[r] = code;
  }
  return { kind: 'coded', list, codes };
}

function packJoined(values: readonly unknown[], width: number, rows: number, c: number): PackedColumn {
  const parts: string[] = new Array(rows);
  const nulls = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = values[r * width + c];
    if (v === null) {
      parts[r] = '';
      nulls[r] = 1;
    } else if (typeof v !== 'string' || v.includes(joint)) return plain(values, width, rows, c);
    else parts[r] = v;
  }
  return { kind: 'joined', text: parts.join(joint), nulls };
}

/** The rows again, in row order, into `to` (which writes them as statements fill). */
export function unpackRowsInto(packed: PackedRows, to: BulkAppender): void {
  const width = packed.columns.length;
  const rows = packed.rows;
  const values: unknown[] = new Array(rows * width);
  // Column by column, each in a loop of its own kind.
  packed.columns.forEach((column, c) => {
    switch (column.kind) {
      case 'number': {
        const { values: numbers, nulls } = column;
        for (let r = 0; r < rows; r++) values[r * width + c] = nulls[r] === 1 ? null : numbers[r];
        break;
      }
      case 'coded': {
        const { list, codes } = column;
        for (let r = 0; r < rows; r++) {
          const code = codes[r] as number;
          values[r * width + c] = code < 0 ? null : list[code];
        }
        break;
      }
      case 'joined': {
        const parts = column.text.split(joint);
        const nulls = column.nulls;
        for (let r = 0; r < rows; r++) values[r * width + c] = nulls[r] === 1 ? null : parts[r];
        break;
      }
      case 'plain':
        for (let r = 0; r < rows; r++) values[r * width + c] = column.values[r];
    }
  });
  if (to.appendRows) {
    to.appendRows(values, rows);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const held = to.values;
    for (let i = r * width; i < (r + 1) * width; i++) held.push(values[i]);
    to.rowDone();
  }
}
