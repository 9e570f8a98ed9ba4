// A set of ID numbers for bulk writes, which must notice a person entered twice among millions.
// A Set of strings keeps every number alive as a string on the heap (hundreds of MB for a
// national registry, all of it walked by each full garbage collection); here the usual number,
// 17 digits and a check character, is kept as two numbers in flat typed arrays.

const empty = -1;

export class IdNumberSet {
  // Slot i holds characters 1–8 as a number (0…99,999,999; `empty` when free) at 2i, and at 2i + 1
  // characters 9–17 as a number times 11 plus the check character (0–9, 10 for X), exact in a double.
  // Both halves side by side: one cache line per probe.
  private slots = new Float64Array(1 << 17).fill(empty);
  private used = 0;
  // Anything else (wrong length, other characters) is rare: a plain set.
  private readonly others = new Set<string>();

  get size(): number {
    return this.used + this.others.size;
  }

  /** Adds the number; false when it was already in the set. */
  add(id: string): boolean {
    if (id.length !== 18) return this.addOther(id);
    let high = 0;
    for (let i = 0; i < 8; i++) {
      const d = id.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return this.addOther(id);
      high = high * 10 + d;
    }
    let low = 0;
    for (let i = 8; i < 17; i++) {
      const d = id.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return this.addOther(id);
      low = low * 10 + d;
    }
    const last = id.charCodeAt(17);
    const check = last === 88 ? 10 : last - 48;
    if (check < 0 || check > 10) return this.addOther(id);
    low = low * 11 + check;
    if ((this.used + 1) * 4 > this.slots.length) this.grow();
    return this.insert(high, low);
  }

  private addOther(id: string): boolean {
    const before = this.others.size;
    return this.others.add(id).size !== before;
  }

  private insert(high: number, low: number): boolean {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    let slot = hash(high, low) & mask;
    for (;;) {
      const h = slots[2 * slot] as number;
      if (h === empty) {
        slots[2 * slot] = high;
        slots[2 * slot + 1] = low;
        this.used += 1;
        return true;
      }
      if (h === high && slots[2 * slot + 1] === low) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2).fill(empty);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      if (h !== empty) this.insert(h, old[i + 1] as number);
    }
  }
}

/** Mixes both parts so that numbers differing only in their last digits spread over the table. */
function hash(high: number, low: number): number {
  let h = Math.imul(high ^ (low >>> 0), 0x9e3779b1) ^ ((low / 4294967296) | 0);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
