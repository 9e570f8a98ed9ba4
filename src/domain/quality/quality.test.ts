import { describe, expect, it } from 'vitest';
import { checkDigit } from '../id-number.js';
import { zeroIncome } from '../income.js';
import type { Household, Member } from '../registry.js';
import { DuplicateFinder } from './duplicates.js';
import { ageAt, checkHousehold, type HouseholdView } from './rules.js';
import { aggregate, scoreOf } from './score.js';

let seq = 1;
const idOf = (birth: string, male: boolean): string => {
  seq += 2;
  const s = String((male ? seq : seq + 1) % 1000).padStart(3, '0');
  const first17 = `610902${birth.replaceAll('-', '')}${s}`;
  return first17 + checkDigit(first17);
};
function member(over: Partial<Member> = {}): Member {
  const birthDate = over.birthDate ?? '1970-03-15';
  return { id: seq, householdId: 1, name: '张伟', idNumber: idOf(birthDate, over.sex !== 'female'), relation: 'head', sex: 'male', birthDate, ethnicity: 'han', education: 'primary', schoolStatus: 'notInSchool', health: 'healthy', disabilityType: null, labourAbility: 'ordinary', workStatus: 'notWorking', workMonths: 0, politicalStatus: null, speaksMandarin: true, hasResidentMedicalInsurance: true, hasEmployeeMedicalInsurance: false, hasSeriousIllnessInsurance: true, hasResidentPension: true, receivesMinimumLiving: false, isExtremePoverty: false, ...over };
}
function household(over: Partial<Household> = {}): Household {
  return { id: 1, householdNo: 'H1', villageCode: '610902001001', identificationStandard: 'national', identifiedYear: 2015, attribute: 'ordinary', mainCause: 'illness', otherCauses: [], phone: null, housingSafetyGrade: 'A', housingArea: 80, houseStructure: null, renovationYear: null, safeDrinkingWater: true, drinkingWaterDifficulty: false, roadType: null, distanceToMainRoadKm: null, hasProductionPower: true, hasDomesticPower: true, hasRadioTv: true, hasSanitaryToilet: true, fuelType: null, joinedCooperative: false, arableLandMu: null, irrigatedLandMu: null, forestLandMu: null, relocationPending: false, renovationInProgress: false, industryProjectPending: false, status: 'poor', exitYear: null, memberCount: 1, version: 1, ...over };
}
const view = (h: Partial<Household>, members: Member[], income: HouseholdView['income'] = { ...zeroIncome, year: 2017 }): HouseholdView => ({ household: household(h), members, income });
const rules = (v: HouseholdView) => checkHousehold(v, '2017-10-01').map((f) => f.rule);

describe('quality rules', () => {
  it('passes a clean household', () => {
    expect(rules(view({}, [member()]))).toEqual([]);
  });
  it('computes ages on the check date', () => {
    expect(ageAt('2010-10-02', '2017-10-01')).toBe(6);
    expect(ageAt('2010-10-01', '2017-10-01')).toBe(7);
  });
  it('checks completeness per status', () => {
    expect(rules(view({ status: 'exited' }, [member()]))).toEqual(['exitYearMissing']);
    expect(rules(view({}, []))).toEqual(['noMembers']);
    expect(rules(view({}, [member({ relation: 'spouse' })]))).toEqual(['headCount']);
    expect(rules(view({}, [member()], null))).toEqual(['incomeMissing']);
    expect(rules(view({}, [member({ education: null })]))).toEqual(['educationMissing']);
  });
  it('checks age against school status and labour ability', () => {
    const child = member({ relation: 'son', birthDate: '2008-05-01', schoolStatus: 'notInSchool', education: 'primary', labourAbility: 'none' });
    expect(rules(view({}, [member(), child]))).toEqual(['ageSchool']);
    // The detail in both languages: the English workbench does not show the Chinese text.
    expect(checkHousehold(view({}, [member(), child]), '2017-10-01')[0]).toMatchObject({ detail: '9 岁为义务教育年龄，记为非在校生', detailEn: 'Aged 9, of compulsory-education age, recorded as not in school' });
    const worker = member({ relation: 'son', birthDate: '2005-05-01', schoolStatus: 'grade7', education: null, labourAbility: 'ordinary' });
    expect(rules(view({}, [member(), worker]))).toEqual(['ageLabour']);
    expect(rules(view({}, [member({ birthDate: '1940-01-01' })]))).toEqual(['ageLabour']);
  });
  it('checks income components against the attribute and exit against identification years', () => {
    expect(rules(view({}, [member()], { ...zeroIncome, year: 2017, minimumLivingAllowance: 100000 }))).toEqual(['incomeComponents']);
    expect(rules(view({ attribute: 'minimumLiving' }, [member()]))).toEqual(['incomeComponents']);
    expect(rules(view({ status: 'exited', exitYear: 2015 }, [member()]))).toEqual(['exitBeforeIdentified']);
    expect(rules(view({ exitYear: 2017 }, [member()]))).toEqual(['exitYearOnPoor']);
  });
  it('checks ID numbers against checksum, birth date and sex', () => {
    const m = member();
    expect(rules(view({}, [{ ...m, idNumber: m.idNumber.slice(0, 17) + (m.idNumber.endsWith('0') ? '1' : '0') }]))).toEqual(['idChecksum']);
    expect(rules(view({}, [{ ...m, birthDate: '1970-03-16' }]))).toEqual(['idBirthSex']);
  });
});

describe('duplicates', () => {
  it('finds one person in two households and one household twice', () => {
    const d = new DuplicateFinder();
    d.add(view({ id: 1, householdNo: 'H1' }, [member({ name: '王强', birthDate: '1960-01-01' })]));
    d.add(view({ id: 2, householdNo: 'H2' }, [member({ name: '王强', birthDate: '1960-01-01' })]));
    d.add(view({ id: 3, householdNo: 'H3' }, [member({ name: '李明', birthDate: '1961-01-01' }), member({ name: '赵兰', birthDate: '1962-01-01', relation: 'spouse' })]));
    d.add(view({ id: 4, householdNo: 'H4' }, [member({ name: '赵兰', birthDate: '1962-01-01' }), member({ name: '钱七', birthDate: '1990-01-01', relation: 'son' })]));
    const found = d.findings().map((f) => [f.rule, f.householdNo]);
    expect(found).toEqual([['duplicateHousehold', 'H1'], ['duplicateHousehold', 'H2'], ['duplicatePerson', 'H3'], ['duplicatePerson', 'H4']]);
  });
});

describe('score', () => {
  it('is the share of clean households, rolled up by households', () => {
    expect(scoreOf(0, 0)).toBe(100);
    expect(scoreOf(3, 1)).toBe(66.7);
    const regions = aggregate('610902000000', new Map([['610902001001', 4], ['610902001002', 6]]), [
      { rule: 'ageSchool', householdId: 1, householdNo: 'H1', villageCode: '610902001001', memberName: null, detail: '', detailEn: '' },
      { rule: 'ageLabour', householdId: 1, householdNo: 'H1', villageCode: '610902001001', memberName: null, detail: '', detailEn: '' },
      { rule: 'ageLabour', householdId: 9, householdNo: 'H9', villageCode: '610902001002', memberName: null, detail: '', detailEn: '' },
    ]);
    expect(regions.map((r) => [r.regionCode, r.households, r.householdsWithFindings, r.score])).toEqual([
      ['610902000000', 10, 2, 80],
      ['610902001000', 10, 2, 80],
      ['610902001001', 4, 1, 75],
      ['610902001002', 6, 1, 83.3],
    ]);
    expect(regions[0]?.byRule).toEqual({ ageSchool: 1, ageLabour: 2 });
  });
});
