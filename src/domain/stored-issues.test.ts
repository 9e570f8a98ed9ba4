import { describe, expect, it } from 'vitest';
import { readStoredIssues } from './stored-issues.js';

describe('stored issues', () => {
  it('give issues stored without an English fix the Chinese one, and leave the rest as stored', () => {
    const old = { row: 2, field: 'sex', message: '性别不在代码表中', messageEn: 'sex is not in the code list', fix: '请从下拉列表中选择' };
    const current = { ...old, fixEn: 'Choose from the drop-down list' };
    expect(readStoredIssues(JSON.stringify([old, current, 'odd']))).toEqual([{ ...old, fixEn: old.fix }, current, 'odd']);
    expect(readStoredIssues('[]')).toEqual([]);
    expect(readStoredIssues('{}')).toEqual([]);
  });
});
