import { describe, expect, it } from 'vitest';
import { importDetail } from './import-detail.js';
import { householdInput, idFor, income, memberInput } from '../../../test/factories/registry.js';

describe('importDetail', () => {
  const head = memberInput({ name: '王芳', idNumber: idFor('1975-03-04', 'female'), relation: 'head', sex: 'female', birthDate: '1975-03-04' });
  const son = memberInput({ name: '李强', idNumber: idFor('2005-07-08', 'male'), relation: 'son', sex: 'male', birthDate: '2005-07-08' });
  const before = { household: householdInput('610902001001', { phone: null }), members: [head, son], incomes: [{ year: 2019, ...income({ wageIncome: 500000 }) }] };

  it('names each changed field, the members by name, and each changed income component with the year', () => {
    const detail = importDetail(before, {
      household: { ...before.household, phone: '13800000000' },
      members: [{ ...head, workMonths: 6 }, memberInput({ name: '李梅', idNumber: idFor('2008-01-02', 'female'), relation: 'daughter', sex: 'female', birthDate: '2008-01-02' })],
      incomes: [{ year: 2019, income: income({ wageIncome: 620000 }) }, { year: 2020, income: income({ pensionIncome: 120000 }) }],
    });
    expect(detail.household).toEqual({ phone: [null, '13800000000'] });
    expect(detail.members).toEqual({ added: ['李梅'], removed: ['李强'], changed: ['王芳'] });
    expect(detail.incomes?.['2019']).toEqual({ wageIncome: [500000, 620000] });
    // A year the registry did not have: every component given, each from nothing.
    expect(detail.incomes?.['2020']?.['pensionIncome']).toEqual([null, 120000]);
    expect(detail.incomes?.['2020']?.['wageIncome']).toEqual([null, 0]);
  });

  it('says nothing of what did not change', () => {
    expect(importDetail(before, { household: { ...before.household }, members: [son, head], incomes: [{ year: 2019, income: income({ wageIncome: 500000 }) }] })).toEqual({});
    expect(importDetail(before, { household: null, members: null, incomes: [] })).toEqual({});
  });
});
