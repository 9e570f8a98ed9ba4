// Growable typed columns for the department table. Ten million strings and boxed values kept
// alive make every major garbage collection walk them again; in typed arrays they are invisible
// to the collector, and a value becomes a short-lived object only when it is read.
import type { FieldValue } from '../workbook/cells.js';

function grown<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  let n = Math.max(1024, a.length);
  while (n < need) n *= 2;
  const b = make(n);
  b.set(a);
  return b;
}

/** Strings as UTF-16 code units in one array, with a start and a length (−1: null) per row. */
export class PackedStrings {
  private chars = new Uint16Array(1 << 16);
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private used = 0;
  size = 0;

  push(value: string | null): void {
    const i = this.size++;
    this.starts = grown(this.starts, this.size, (n) => new Int32Array(n));
    this.lengths = grown(this.lengths, this.size, (n) => new Int32Array(n));
    if (value === null) {
      this.lengths[i] = -1;
      return;
    }
    this.chars = grown(this.chars, this.used + value.length, (n) => new Uint16Array(n));
    for (let k = 0; k < value.length; k++) this.chars[this.used + k] = value.charCodeAt(k);
    this.starts[i] = this.used;
    this.lengths[i] = value.length;
    this.used += value.length;
  }

  get(i: number): string | null {
    const length = this.lengths[i] ?? -1;
    if (length < 0) return null;
    const start = this.starts[i] ?? 0;
    return String.fromCharCode(...this.chars.subarray(start, start + length));
  }
}

/** Numbers with NaN for null. */
export class PackedNumbers {
  private values = new Float64Array(1024);
  size = 0;

  push(value: number | null): void {
    this.values = grown(this.values, this.size + 1, (n) => new Float64Array(n));
    this.values[this.size++] = value ?? Number.NaN;
  }

  get(i: number): number | null {
    const v = this.values[i] ?? Number.NaN;
    return Number.isNaN(v) ? null : v;
  }
}

/** Flags: 0 false, 1 true, 2 null. */
export class PackedFlags {
  private values = new Uint8Array(1024);
  size = 0;

  push(value: boolean | null): void {
    this.values = grown(this.values, this.size + 1, (n) => new Uint8Array(n));
    this.values[this.size++] = value === null ? 2 : value ? 1 : 0;
  }

  get(i: number): boolean | null {
    const v = this.values[i] ?? 2;
    return v === 2 ? null : v === 1;
  }
}

export type PackedColumn = PackedStrings | PackedNumbers | PackedFlags;

/** The column for a schema column kind. Lists of codes are kept as text joined by commas. */
export function columnFor(kind: string): PackedColumn {
  if (kind === 'bool') return new PackedFlags();
  if (kind === 'int' || kind === 'decimal' || kind === 'yuan') return new PackedNumbers();
  return new PackedStrings();
}

export function pushValue(c: PackedColumn, v: FieldValue): void {
  if (c instanceof PackedFlags) c.push(typeof v === 'boolean' ? v : null);
  else if (c instanceof PackedNumbers) c.push(typeof v === 'number' ? v : null);
  else c.push(v === null ? null : Array.isArray(v) ? v.join(',') : String(v));
}
