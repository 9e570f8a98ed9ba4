// Growable typed columns for the department table and the registry side of a comparison. Ten
// million strings and boxed values kept alive make every major garbage collection walk them
// again; in typed arrays they are invisible to the collector, and a value becomes a short-lived
// object only when it is read. The arrays can be handed to another thread without copying.
import type { FieldValue } from '../workbook/cells.js';
import { idKey, idOfKey } from './id-index.js';

function grown<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  let n = Math.max(1024, a.length);
  while (n < need) n *= 2;
  const b = make(n);
  b.set(a);
  return b;
}

/** A column's arrays and counts, for `columnOf` in another thread (structured clone; the buffers are transferred). */
export type ColumnParts =
  | { readonly type: 'strings'; readonly chars: Uint16Array; readonly starts: Int32Array; readonly lengths: Int32Array; readonly used: number; readonly size: number }
  | { readonly type: 'numbers'; readonly values: Float64Array; readonly size: number }
  | { readonly type: 'flags'; readonly values: Uint8Array; readonly size: number }
  | { readonly type: 'ids'; readonly keys: Float64Array; readonly checks: Uint8Array; readonly odd: readonly [number, string][]; readonly size: number }
  | { readonly type: 'coded'; readonly codes: Int32Array; readonly dictionary: readonly string[]; readonly size: number };

const utf16 = new TextDecoder('utf-16le');

/**
 * A text of at most three UTF-16 units (most Chinese names) as one exact number (length in the
 * low two bits, the units above: below 2^50), or −1 for a longer one or null. Equal codes ⇔ equal texts.
 */
export function shortCode(s: string | null): number {
  if (s === null || s.length > 3) return -1;
  let code = 0;
  for (let k = s.length - 1; k >= 0; k--) code = code * 65536 + s.charCodeAt(k);
  return code * 4 + s.length;
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
    if (i >= this.starts.length) {
      this.starts = grown(this.starts, this.size, (n) => new Int32Array(n));
      this.lengths = grown(this.lengths, this.size, (n) => new Int32Array(n));
    }
    if (value === null) {
      this.lengths[i] = -1;
      return;
    }
    if (this.used + value.length > this.chars.length) this.chars = grown(this.chars, this.used + value.length, (n) => new Uint16Array(n));
    const chars = this.chars;
    for (let k = 0, at = this.used; k < value.length; k++) chars[at + k] = value.charCodeAt(k);
    this.starts[i] = this.used;
    this.lengths[i] = value.length;
    this.used += value.length;
  }

  get(i: number): string | null {
    const length = this.lengths[i] ?? -1;
    if (length < 0) return null;
    const start = this.starts[i] ?? 0;
    const units = this.chars.subarray(start, start + length);
    // apply takes the typed array as it is (no iterator, no copy); a long cell would overflow its arguments.
    return length <= 1024 ? String.fromCharCode.apply(null, units as unknown as number[]) : utf16.decode(units);
  }

  /** `shortCode` of row i, read from the packed units. */
  codeAt(i: number): number {
    const length = this.lengths[i] ?? -1;
    if (length < 0 || length > 3) return -1;
    const a = this.starts[i] ?? 0;
    let code = 0;
    for (let k = length - 1; k >= 0; k--) code = code * 65536 + (this.chars[a + k] ?? 0);
    return code * 4 + length;
  }

  /** Whether row i holds the same text as row j of `other`, without making either string. */
  equalsAt(i: number, other: PackedStrings, j: number): boolean {
    const length = this.lengths[i] ?? -1;
    if (length !== (other.lengths[j] ?? -1)) return false;
    const a = this.starts[i] ?? 0;
    const b = other.starts[j] ?? 0;
    for (let k = 0; k < length; k++) if (this.chars[a + k] !== other.chars[b + k]) return false;
    return true;
  }

  parts(): ColumnParts {
    return { type: 'strings', chars: this.chars, starts: this.starts, lengths: this.lengths, used: this.used, size: this.size };
  }

  static of(p: Extract<ColumnParts, { type: 'strings' }>): PackedStrings {
    const c = new PackedStrings();
    Object.assign(c, { chars: p.chars, starts: p.starts, lengths: p.lengths, used: p.used, size: p.size });
    return c;
  }
}

/**
 * ID numbers as their numeric key (`idKey`) and check character: 9 bytes a row instead of 44.
 * A number the key cannot hold (not canonical, or an impossible month) is kept as text aside;
 * such a number never equals a checked one.
 */
export class PackedIds {
  private keys = new Float64Array(1024);
  private checks = new Uint8Array(1024);
  private odd = new Map<number, string>();
  size = 0;

  push(value: string | null): void {
    const i = this.size++;
    if (i >= this.keys.length) {
      this.keys = grown(this.keys, this.size, (n) => new Float64Array(n));
      this.checks = grown(this.checks, this.size, (n) => new Uint8Array(n));
    }
    if (value === null) return; // key 0
    const key = idKey(value);
    if (key > 0) {
      this.keys[i] = key;
      this.checks[i] = value.charCodeAt(17);
    } else {
      this.keys[i] = -1;
      this.odd.set(i, value);
    }
  }

  /** Adds a number already keyed (`idKey` > 0) with its check character. */
  pushKey(key: number, check: number): void {
    const i = this.size++;
    if (i >= this.keys.length) {
      this.keys = grown(this.keys, this.size, (n) => new Float64Array(n));
      this.checks = grown(this.checks, this.size, (n) => new Uint8Array(n));
    }
    this.keys[i] = key;
    this.checks[i] = check;
  }

  /** The key of row i: positive, or 0 for null, −1 for a number kept as text. */
  keyAt(i: number): number {
    return this.keys[i] ?? 0;
  }

  checkAt(i: number): number {
    return this.checks[i] ?? 0;
  }

  get(i: number): string | null {
    const key = this.keys[i] ?? 0;
    if (key === 0) return null;
    if (key < 0) return this.odd.get(i) ?? null;
    return idOfKey(key) + String.fromCharCode(this.checks[i] ?? 0);
  }

  parts(): ColumnParts {
    return { type: 'ids', keys: this.keys, checks: this.checks, odd: [...this.odd], size: this.size };
  }

  static of(p: Extract<ColumnParts, { type: 'ids' }>): PackedIds {
    const c = new PackedIds();
    Object.assign(c, { keys: p.keys, checks: p.checks, odd: new Map(p.odd), size: p.size });
    return c;
  }
}

/** Text of few distinct values (a status, a code) as an index into a dictionary. */
export class CodedStrings {
  private codes = new Int32Array(1024);
  private dictionary: string[] = [];
  private lookup = new Map<string, number>();
  size = 0;

  push(value: string | null): void {
    const i = this.size++;
    if (i >= this.codes.length) this.codes = grown(this.codes, this.size, (n) => new Int32Array(n));
    if (value === null) {
      this.codes[i] = -1;
      return;
    }
    let code = this.lookup.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.lookup.set(value, code);
    }
    this.codes[i] = code;
  }

  get(i: number): string | null {
    const code = this.codes[i] ?? -1;
    return code < 0 ? null : (this.dictionary[code] ?? null);
  }

  parts(): ColumnParts {
    return { type: 'coded', codes: this.codes, dictionary: this.dictionary, size: this.size };
  }

  static of(p: Extract<ColumnParts, { type: 'coded' }>): CodedStrings {
    const c = new CodedStrings();
    Object.assign(c, { codes: p.codes, dictionary: [...p.dictionary], lookup: new Map(p.dictionary.map((v, k) => [v, k])), size: p.size });
    return c;
  }
}

/** Numbers with NaN for null. */
export class PackedNumbers {
  private values = new Float64Array(1024);
  size = 0;

  push(value: number | null): void {
    if (this.size >= this.values.length) this.values = grown(this.values, this.size + 1, (n) => new Float64Array(n));
    this.values[this.size++] = value ?? Number.NaN;
  }

  get(i: number): number | null {
    const v = this.values[i] ?? Number.NaN;
    return Number.isNaN(v) ? null : v;
  }

  parts(): ColumnParts {
    return { type: 'numbers', values: this.values, size: this.size };
  }

  static of(p: Extract<ColumnParts, { type: 'numbers' }>): PackedNumbers {
    const c = new PackedNumbers();
    Object.assign(c, { values: p.values, size: p.size });
    return c;
  }
}

/** Flags: 0 false, 1 true, 2 null. */
export class PackedFlags {
  private values = new Uint8Array(1024);
  size = 0;

  push(value: boolean | null): void {
    if (this.size >= this.values.length) this.values = grown(this.values, this.size + 1, (n) => new Uint8Array(n));
    this.values[this.size++] = value === null ? 2 : value ? 1 : 0;
  }

  get(i: number): boolean | null {
    const v = this.values[i] ?? 2;
    return v === 2 ? null : v === 1;
  }

  parts(): ColumnParts {
    return { type: 'flags', values: this.values, size: this.size };
  }

  static of(p: Extract<ColumnParts, { type: 'flags' }>): PackedFlags {
    const c = new PackedFlags();
    Object.assign(c, { values: p.values, size: p.size });
    return c;
  }
}

export type PackedColumn = PackedStrings | PackedIds | CodedStrings | PackedNumbers | PackedFlags;

/** The column for a schema column kind. Lists of codes are kept as text joined by commas. */
export function columnFor(kind: string): PackedColumn {
  if (kind === 'bool') return new PackedFlags();
  if (kind === 'int' || kind === 'decimal' || kind === 'yuan') return new PackedNumbers();
  if (kind === 'code' || kind === 'codes') return new CodedStrings();
  return new PackedStrings();
}

export function columnOf(p: ColumnParts): PackedColumn {
  switch (p.type) {
    case 'strings':
      return PackedStrings.of(p);
    case 'ids':
      return PackedIds.of(p);
    case 'coded':
      return CodedStrings.of(p);
    case 'numbers':
      return PackedNumbers.of(p);
    case 'flags':
      return PackedFlags.of(p);
  }
}

/** The buffers of column parts, for a transfer list. */
export function buffersOf(p: ColumnParts): ArrayBuffer[] {
  const arrays = p.type === 'strings' ? [p.chars, p.starts, p.lengths] : p.type === 'ids' ? [p.keys, p.checks] : p.type === 'coded' ? [p.codes] : [p.values];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

export function pushValue(c: PackedColumn, v: FieldValue): void {
  if (c instanceof PackedFlags) c.push(typeof v === 'boolean' ? v : null);
  else if (c instanceof PackedNumbers) c.push(typeof v === 'number' ? v : null);
  else c.push(v === null ? null : Array.isArray(v) ? v.join(',') : String(v));
}
