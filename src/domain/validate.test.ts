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

describe('a code field left blank or filled with something else', () => {
  it('a short list is spelled out in the fix, by its labels', () => {
    const [e] = validateMembers([{ ...person('011', 'head', 'male'), health: '不太好' }], ctx);
    expect(e).toMatchObject({ field: 'members[0].health', message: '健康状况“不太好”不在代码表中', fix: '请填写以下之一：健康、长期慢性病、患有大病、残疾' });
    expect(e?.fixEn).toBe('Enter one of: Healthy, Long-term chronic illness, Serious illness, Disability');
  });

  it('a long list points to the drop-down and the template, never to its identifier, and says what people not in school write', () => {
    const [e] = validateMembers([{ ...person('011', 'head', 'male'), schoolStatus: '' }], ctx);
    expect(e?.message).toBe('在校生状况不能为空');
    expect(e?.fix).toMatch(/^请从下拉列表中选择在校生状况（共 \d+ 项，导入模板的“代码表”工作表列出全部）；不在校的填“非在校生”$/);
    expect(e?.fixEn).toContain('"Not in school" for people not in school');
    const [other] = validateMembers([{ ...person('011', 'head', 'male'), ethnicity: '火星族' }], ctx);
    expect(other?.fix).not.toMatch(/ethnicity|[a-z]{4}/);
  });

  it('work status names 未务工 for people not in paid work', () => {
    const [e] = validateMembers([{ ...person('011', 'head', 'male'), workStatus: '' }], ctx);
    expect(e?.fix).toMatch(/^请填写以下之一：.*未务工；没有务工的填“未务工”$/);
  });
});
