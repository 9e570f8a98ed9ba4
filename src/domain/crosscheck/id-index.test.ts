import { describe, expect, it } from 'vitest';
import { checkDigit } from '../id-number.js';
import { IdIndex, idKey } from './id-index.js';

const id = (first17: string): string => first17 + checkDigit(first17);

describe('ID index', () => {
  it('gives distinct exact keys and refuses non-canonical numbers', () => {
    const a = idKey(id('99999920991231999'));
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(idKey(id('61090219700315001'))).not.toBe(idKey(id('61090219700315002')));
    expect(idKey(id('61090219700315001'))).not.toBe(idKey(id('61090219700316001')));
    expect(idKey('6109021970031500')).toBe(-1);
    expect(idKey('61090219700315A01X')).toBe(-1);
  });
  it('stores, finds, grows and reports the first holder of a key', () => {
    const index = new IdIndex(4);
    const ids = Array.from({ length: 5000 }, (_, i) => id(`610902${1950 + (i % 60)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`));
    const unique = [...new Set(ids)];
    unique.forEach((x, i) => expect(index.setIfAbsent(idKey(x), i)).toBe(-1));
    expect(index.size).toBe(unique.length);
    unique.forEach((x, i) => expect(index.get(idKey(x))).toBe(i));
    expect(index.setIfAbsent(idKey(unique[3] ?? ''), 99)).toBe(3);
    expect(index.get(idKey(id('11010119900101001')))).toBe(-1);
  });
});
