// Where each ID number of an import first appeared, over the whole file, compactly: a million
// members are checked chunk by chunk, and this is all that is kept of the chunks already done.
import { IdIndex, idKey } from '../crosscheck/id-index.js';
import { hasRightCheckChar } from '../id-number.js';
import { ownCopy } from './own-copy.js';

export interface FirstPlace {
  readonly no: string;
  readonly sheet: string;
  readonly row: number;
}

export class IdRegister {
  /**
   * Valid ID numbers by their numeric key (the check character follows from the 17 digits): with
   * a string key per member this register took 0.72 of the in-file rules' 1.24 s at 100,000
   * households (now 0.53 s), and every key was a string kept to the end of the import (the CSV
   * import of 1,000,000 members peaked at 1,330 MB, now 840 MB). Anything else (a typo, a wrong
   * check character, an impossible date) goes by its text.
   */
  private readonly byKey = new IdIndex(1 << 16);
  private readonly index = new Map<string, number>();
  private readonly households: string[] = [];
  private readonly householdIndex = new Map<string, number>();
  private readonly sheets: string[] = [];
  private readonly placeHousehold: number[] = [];
  private readonly placeSheet: number[] = [];
  private readonly placeRow: number[] = [];

  get size(): number {
    return this.byKey.size + this.index.size;
  }

  // A household's members are registered one after another: its number is looked up once.
  private lastHousehold = '';
  private lastHouseholdIndex = -1;

  private internHousehold(no: string): number {
    if (this.lastHouseholdIndex < 0 || no !== this.lastHousehold) {
      this.lastHouseholdIndex = this.intern(this.households, this.householdIndex, no);
      this.lastHousehold = this.households[this.lastHouseholdIndex] ?? '';
    }
    return this.lastHouseholdIndex;
  }

  private intern(list: string[], lookup: Map<string, number> | null, value: string): number {
    if (lookup) {
      const known = lookup.get(value);
      if (known !== undefined) return known;
      lookup.set(ownCopy(value), list.length);
    } else {
      const known = list.indexOf(value);
      if (known >= 0) return known;
    }
    list.push(ownCopy(value));
    return list.length - 1;
  }

  /** The first place `id` was seen, or null after recording this one as the first. */
  firstOrAdd(id: string, place: FirstPlace): FirstPlace | null {
    const key = hasRightCheckChar(id) ? idKey(id) : -1;
    const at = key > 0 ? this.byKey.setIfAbsent(key, this.placeRow.length) : (this.index.get(id) ?? -1);
    if (at >= 0) {
      return { no: this.households[this.placeHousehold[at] ?? 0] ?? '', sheet: this.sheets[this.placeSheet[at] ?? 0] ?? '', row: this.placeRow[at] ?? 0 };
    }
    if (key <= 0) this.index.set(ownCopy(id), this.placeRow.length);
    this.placeHousehold.push(this.internHousehold(place.no));
    this.placeSheet.push(this.intern(this.sheets, null, place.sheet));
    this.placeRow.push(place.row);
    return null;
  }
}
