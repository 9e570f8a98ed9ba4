import { describe, expect, it } from 'vitest';
import type { IssueCode } from '../domain/scoring/issues.js';
import { issueToFieldError } from './scoring-issues.js';

// Every code listed, so that a new code fails to compile here until it is added.
const codes: Record<IssueCode, true> = {
  syntax: true, field: true, duplicateId: true, unknownReference: true, weights: true, period: true, schemeMismatch: true, noScores: true, missingUnit: true,
  unknownUnit: true, duplicateUnit: true, missingScore: true, invalidNumber: true, aboveMax: true, negative: true, aboveCap: true, unknownItem: true,
};

describe('scoring issues as field errors', () => {
  it('give every code a Chinese fix and a plain English one', () => {
    for (const code of Object.keys(codes) as IssueCode[]) {
      const e = issueToFieldError({ code, message: '问题', messageEn: 'problem', line: 3 });
      expect(e.fix, code).not.toBe('');
      expect(e.fixEn, code).not.toBe('');
      expect(e.fixEn, code).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(issueToFieldError({ code: 'weights', message: '权重之和不为 1', messageEn: 'weights do not add up to 1' })).toEqual({ field: 'file', message: '权重之和不为 1', messageEn: 'weights do not add up to 1', fix: '调整权重使其之和为 1', fixEn: 'Adjust the weights so they add up to 1', code: 'weights' });
  });
});
