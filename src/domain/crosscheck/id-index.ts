// An ID-number hash index on typed arrays: a Map with ten million string keys spends most of the
// comparison hashing and chasing pointers; the 17 significant characters of an ID number fit a
// double exactly (address, birth date as y·372+m·31+d, sequence), and an open-addressing table
// of doubles is a few array reads per lookup. The check character is verified by the caller.

/** The numeric key of a canonical ID number, or -1 when it is not 17 digits and a check character. */
export function idKey(id: string): number {
  if (id.length !== 18) return -1;
  let addr = 0;
  for (let i = 0; i < 6; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    addr = addr * 10 + c;
  }
  const digits = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 6; i < 17; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    digits[i - 6] = c;
  }
  const at = (i: number): number => digits[i] ?? 0;
  const year = at(0) * 1000 + at(1) * 100 + at(2) * 10 + at(3);
  const day = year * 372 + (at(4) * 10 + at(5)) * 31 + at(6) * 10 + at(7);
  const seq = at(8) * 100 + at(9) * 10 + at(10);
  // addr < 10^6, day < 3.8·10^6, seq < 10^3: below 2^53, so every key is exact.
  return (addr * 4_000_000 + day) * 1000 + seq + 1;
}

export class IdIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.keys = new Float64Array(size);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  private slot(key: number): number {
    const lo = key % 4294967296;
    const hi = (key - lo) / 4294967296;
    let h = Math.imul(lo | 0, 0x9e3779b1) ^ Math.imul(hi | 0, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The value stored for the key, or -1. */
  get(key: number): number {
    if (key <= 0) return -1;
    for (let s = this.slot(key); ; s = (s + 1) & this.mask) {
      const k = this.keys[s] ?? 0;
      if (k === 0) return -1;
      if (k === key) return this.values[s] ?? -1;
    }
  }

  /** Stores the value unless the key is present; returns the value already there, or -1. */
  setIfAbsent(key: number, value: number): number {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    for (let s = this.slot(key); ; s = (s + 1) & this.mask) {
      const k = this.keys[s] ?? 0;
      if (k === key) return this.values[s] ?? -1;
      if (k === 0) {
        this.keys[s] = key;
        this.values[s] = value;
        this.count++;
        return -1;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? 0;
      if (k !== 0) this.setIfAbsent(k, values[i] ?? 0);
    }
  }
}
