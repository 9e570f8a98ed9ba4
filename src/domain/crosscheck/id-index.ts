// An ID-number hash index on typed arrays: a Map with ten million string keys spends most of the
// comparison hashing and chasing pointers; the 17 significant characters of an ID number fit a
// double exactly (address, birth date as y·372+(m−1)·31+d−1, sequence), and an open-addressing table
// of doubles is a few array reads per lookup. The check character is verified by the caller.
// Month 1–12 and day 1–31 keep the day number within its year, so the key is one-to-one on the
// numbers it accepts and the 17 characters can be told back from it (`idOfKey`).

/** The numeric key of a canonical ID number, or -1 when it is not 17 digits (with a plausible month and day) and a check character. */
export function idKey(id: string): number {
  if (id.length !== 18) return -1;
  const last = id.charCodeAt(17);
  if ((last < 48 || last > 57) && last !== 88) return -1;
  // Digits read straight from the string: this runs once per row on both sides.
  const d = (i: number): number => {
    const c = id.charCodeAt(i) - 48;
    return c >= 0 && c <= 9 ? c : Number.NaN;
  };
  const addr = ((((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10 + d(4)) * 10 + d(5);
  const year = ((d(6) * 10 + d(7)) * 10 + d(8)) * 10 + d(9);
  const month = d(10) * 10 + d(11);
  const date = d(12) * 10 + d(13);
  const seq = (d(14) * 10 + d(15)) * 10 + d(16);
  // NaN (a non-digit) fails every comparison below and in the sums.
  if (!(month >= 1 && month <= 12 && date >= 1 && date <= 31 && addr >= 0 && year >= 0 && seq >= 0)) return -1;
  const day = year * 372 + (month - 1) * 31 + (date - 1);
  // addr < 10^6, day < 3.8·10^6, seq < 10^3: below 2^53, so every key is exact.
  return (addr * 4_000_000 + day) * 1000 + seq + 1;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The 17 significant characters of a key made by `idKey`. */
export function idOfKey(key: number): string {
  const k = key - 1;
  const seq = k % 1000;
  const rest = (k - seq) / 1000;
  const day = rest % 4_000_000;
  const addr = (rest - day) / 4_000_000;
  const within = day % 372;
  const year = (day - within) / 372;
  return `${pad(addr, 6)}${pad(year, 4)}${pad(Math.floor(within / 31) + 1, 2)}${pad((within % 31) + 1, 2)}${pad(seq, 3)}`;
}

/**
 * Open addressing on one array of triples (key, value, extra): a lookup touches one place in
 * memory, where separate arrays would each cost a cache miss (ten million random lookups).
 */
export class IdIndex {
  private slots: Float64Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let size = 1024;
    while (size * 3 < expected * 4) size *= 2;
    this.slots = new Float64Array(size * 3);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The array, to hand the index to another thread without copying (`IdIndex.of`). */
  parts(): { slots: Float64Array; count: number } {
    return { slots: this.slots, count: this.count };
  }

  static of(parts: { slots: Float64Array; count: number }): IdIndex {
    const index = new IdIndex();
    index.slots = parts.slots;
    index.mask = parts.slots.length / 3 - 1;
    index.count = parts.count;
    return index;
  }

  private first(key: number): number {
    const lo = key % 4294967296;
    const hi = (key - lo) / 4294967296;
    let h = Math.imul(lo | 0, 0x9e3779b1) ^ Math.imul(hi | 0, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Where the key's triple is (for `valueAt`, `extraAt`), or −1. */
  find(key: number): number {
    if (key <= 0) return -1;
    const slots = this.slots;
    for (let s = this.first(key); ; s = (s + 1) & this.mask) {
      const k = slots[s * 3] ?? 0;
      if (k === 0) return -1;
      if (k === key) return s * 3;
    }
  }

  valueAt(at: number): number {
    return this.slots[at + 1] ?? -1;
  }

  extraAt(at: number): number {
    return this.slots[at + 2] ?? 0;
  }

  /** The value stored for the key, or −1. */
  get(key: number): number {
    const at = this.find(key);
    return at < 0 ? -1 : this.valueAt(at);
  }

  /** Stores the value (and extra) unless the key is present; returns the value already there, or −1. */
  setIfAbsent(key: number, value: number, extra = 0): number {
    // At most three quarters full: linear probes stay short and mostly within a cache line.
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const slots = this.slots;
    for (let s = this.first(key); ; s = (s + 1) & this.mask) {
      const k = slots[s * 3] ?? 0;
      if (k === key) return slots[s * 3 + 1] ?? -1;
      if (k === 0) {
        slots[s * 3] = key;
        slots[s * 3 + 1] = value;
        slots[s * 3 + 2] = extra;
        this.count++;
        return -1;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = this.slots.length / 3 - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 3) {
      const k = old[at] ?? 0;
      if (k !== 0) this.setIfAbsent(k, old[at + 1] ?? 0, old[at + 2] ?? 0);
    }
  }
}
