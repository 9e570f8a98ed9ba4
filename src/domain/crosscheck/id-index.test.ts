import { describe, expect, it } from 'vitest';
import { checkDigit } from '../id-number.js';
import { DatasetTable } from './table.js';
import { IdIndex, idKey, idOfKey } from './id-index.js';

const id = (first17: string): string => first17 + checkDigit(first17);

describe('ID index', () => {
  it('gives distinct exact keys and refuses non-canonical numbers', () => {
    const a = idKey(id('99999920991231999'));
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(idKey(id('61090219700315001'))).not.toBe(idKey(id('61090219700315002')));
    expect(idKey(id('61090219700315001'))).not.toBe(idKey(id('61090219700316001')));
    expect(idKey('6109021970031500')).toBe(-1);
    expect(idKey('61090219700315A01X')).toBe(-1);
    // An impossible month or day would share a key with another date: such numbers get none.
    expect(idKey(id('61090219701315001'))).toBe(-1);
    expect(idKey(id('61090219700100001'))).toBe(-1);
  });
  it('tells the 17 characters back from a key', () => {
    for (const first17 of ['61090219700315001', '00000000010101000', '99999999991231999', '11010120001231123', '11010120000101007']) expect(idOfKey(idKey(id(first17)))).toBe(first17);
  });
  it('moves a department table through its parts unchanged', () => {
    const t = DatasetTable.of({ idNumber: 'idNumber', name: 'text', insured: 'bool', amount: 'yuan', grade: 'code' }, [
      { row: 2, idNumber: id('61090219700315001'), name: '张伟', values: { insured: true, amount: 1250, grade: 'C' } },
      { row: 3, idNumber: id('61090219750620002'), name: '阿依·古丽', values: { insured: null, amount: null, grade: null } },
    ]);
    const { parts, transfer } = t.parts();
    const copy = DatasetTable.fromParts(structuredClone(parts, { transfer }));
    expect(copy.size).toBe(2);
    expect([copy.record(0), copy.record(1)]).toEqual([
      { row: 2, idNumber: id('61090219700315001'), name: '张伟', values: { idNumber: id('61090219700315001'), name: '张伟', insured: true, amount: 1250, grade: 'C' } },
      { row: 3, idNumber: id('61090219750620002'), name: '阿依·古丽', values: { idNumber: id('61090219750620002'), name: '阿依·古丽', insured: null, amount: null, grade: null } },
    ]);
    expect(copy.find(id('61090219750620002'))).toBe(1);
    expect(copy.find(id('61090219750620003'))).toBeUndefined();
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
