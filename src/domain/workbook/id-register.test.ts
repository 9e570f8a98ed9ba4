import { describe, expect, it } from 'vitest';
import { checkDigit } from '../id-number.js';
import { IdRegister, type FirstPlace } from './id-register.js';

const id = (first17: string): string => first17 + checkDigit(first17);
const place = (no: string, row: number, sheet = '成员表'): FirstPlace => ({ no, sheet, row });

describe('ID register of an import', () => {
  it('gives the first place of an ID number seen again, valid or not', () => {
    const seen = new IdRegister();
    expect(seen.firstOrAdd(id('61090219700315001'), place('H1', 2))).toBeNull();
    expect(seen.firstOrAdd('61090219700315001', place('H1', 3))).toBeNull(); // 17 digits
    expect(seen.firstOrAdd('6109021970031500A1', place('H2', 4, '成员表2'))).toBeNull();
    expect(seen.firstOrAdd(id('61090219700315001'), place('H9', 40))).toEqual(place('H1', 2));
    expect(seen.firstOrAdd('61090219700315001', place('H9', 41))).toEqual(place('H1', 3));
    expect(seen.firstOrAdd('6109021970031500A1', place('H9', 42))).toEqual(place('H2', 4, '成员表2'));
    expect(seen.size).toBe(3);
  });

  it('keeps a number with a wrong check character apart from the valid one with the same 17 digits', () => {
    const seen = new IdRegister();
    const valid = id('61090219851203002');
    const wrong = `${valid.slice(0, 17)}${valid.endsWith('1') ? '2' : '1'}`;
    expect(seen.firstOrAdd(valid, place('H1', 2))).toBeNull();
    expect(seen.firstOrAdd(wrong, place('H2', 3))).toBeNull();
    // An impossible date has no numeric key either: it goes by its text.
    const badDate = id('61090219851303002');
    expect(seen.firstOrAdd(badDate, place('H3', 4))).toBeNull();
    expect(seen.firstOrAdd(wrong, place('H4', 5))).toEqual(place('H2', 3));
    expect(seen.firstOrAdd(valid, place('H4', 6))).toEqual(place('H1', 2));
    expect(seen.firstOrAdd(badDate, place('H4', 7))).toEqual(place('H3', 4));
  });

  it('agrees with a plain map over many numbers, repeats and typos among them', () => {
    const seen = new IdRegister();
    const model = new Map<string, FirstPlace>();
    let state = 7;
    const next = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let row = 2; row < 200_000; row++) {
      const first17 = `6109${String(10 + next(30)).padStart(2, '0')}${1930 + next(80)}${String(1 + next(12)).padStart(2, '0')}${String(1 + next(28)).padStart(2, '0')}${String(next(40)).padStart(3, '0')}`;
      const kind = next(20);
      const text = kind === 0 ? `${first17}${next(10)}` : kind === 1 ? first17 : id(first17);
      const p = place(`H${next(70_000)}`, row);
      const expected = model.get(text) ?? null;
      if (!expected) model.set(text, p);
      expect(seen.firstOrAdd(text, p)).toEqual(expected);
    }
    expect(seen.size).toBe(model.size);
  });
});
