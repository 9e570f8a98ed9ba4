import { describe, expect, it } from 'vitest';
import { checkDigit } from './id-number.js';
import type { MemberInput } from './registry.js';
import { validateMembers } from './validate.js';

const person = (seq: string, relation: string, sex: 'male' | 'female'): MemberInput => {
  const first17 = `61090219700315${seq}`;
  return { name: '王建国', idNumber: first17 + checkDigit(first17), relation, sex, birthDate: '1970-03-15', ethnicity: 'han', education: null, schoolStatus: 'notInSchool', health: 'healthy', disabilityType: null, labourAbility: 'ordinary', workStatus: 'notWorking', workMonths: 0, politicalStatus: null, speaksMandarin: true, hasResidentMedicalInsurance: true, hasEmployeeMedicalInsurance: false, hasSeriousIllnessInsurance: false, hasResidentPension: true, receivesMinimumLiving: false, isExtremePoverty: false };
};
const ctx = { today: '2020-06-30' };

describe('the head of household', () => {
  it('two heads: the fix says to keep one, not to make someone head', () => {
    const [e] = validateMembers([person('011', 'head', 'male'), person('022', 'head', 'female')], ctx).filter((x) => x.field === 'members');
    expect(e?.message).toBe('有 2 名户主：每户只能有一名户主');
    expect(e?.fix).toContain('只保留一名户主');
    expect(e?.fixEn).toContain('Keep one head');
  });

  it('no head: the fix says to make one member head', () => {
    const [e] = validateMembers([person('022', 'spouse', 'female')], ctx).filter((x) => x.field === 'members');
    expect(e?.message).toContain('缺少户主');
    expect(e?.fix).toMatch(/^请将一名成员的“与户主关系”设为“户主”；若户主那一行的户编号填错/);
  });

  it('a person twice in one household: the first is named, not only numbered', () => {
    const twice = person('011', 'spouse', 'male');
    const [e] = validateMembers([{ ...person('033', 'head', 'male'), name: '马九' }, { ...twice, name: '马十' }, { ...twice, idNumber: person('033', 'head', 'male').idNumber }], ctx).filter((x) => x.field.endsWith('idNumber'));
    expect(e?.field).toBe('members[2].idNumber');
    expect(e?.message).toBe('与第 1 名成员（马九）的身份证号重复');
  });
});
