// Test data factories: valid by default, override what a test is about.
import { checkDigit } from '../../src/domain/id-number.js';
import type { HouseholdInput, MemberInput } from '../../src/domain/registry.js';
import { zeroIncome } from '../../src/domain/income.js';

let sequence = 100;

/** A valid ID number for a birth date and sex, unique within the test run. */
export function idFor(birth: string, sex: 'male' | 'female', address = '610902'): string {
  sequence += 2;
  const base = sequence % 1000;
  // The 17th digit carries sex: odd for men, even for women.
  const seq = base % 2 === (sex === 'male' ? 1 : 0) ? base : (base + 1) % 1000;
  const first17 = `${address}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export function memberInput(overrides: Partial<MemberInput> = {}): MemberInput {
  const birthDate = overrides.birthDate ?? '1970-03-15';
  const sex = overrides.sex === 'female' ? 'female' : 'male';
  return {
    name: '张伟',
    idNumber: idFor(birthDate, sex),
    relation: 'head',
    sex,
    birthDate,
    ethnicity: 'han',
    education: 'primary',
    schoolStatus: 'notInSchool',
    health: 'healthy',
    disabilityType: null,
    labourAbility: 'ordinary',
    workStatus: 'notWorking',
    workMonths: 0,
    politicalStatus: 'masses',
    speaksMandarin: true,
    hasResidentMedicalInsurance: true,
    hasEmployeeMedicalInsurance: false,
    hasSeriousIllnessInsurance: true,
    hasResidentPension: true,
    receivesMinimumLiving: false,
    isExtremePoverty: false,
    ...overrides,
  };
}

export function householdInput(villageCode: string, overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  sequence += 1;
  return {
    householdNo: `${villageCode}${String(sequence).padStart(4, '0')}`,
    villageCode,
    identificationStandard: 'national',
    identifiedYear: 2016,
    attribute: 'ordinary',
    mainCause: 'illness',
    otherCauses: [],
    phone: null,
    housingSafetyGrade: 'B',
    housingArea: 80,
    houseStructure: null,
    renovationYear: null,
    safeDrinkingWater: true,
    drinkingWaterDifficulty: false,
    roadType: null,
    distanceToMainRoadKm: null,
    hasProductionPower: true,
    hasDomesticPower: true,
    hasRadioTv: true,
    hasSanitaryToilet: false,
    fuelType: null,
    joinedCooperative: false,
    arableLandMu: 3,
    irrigatedLandMu: null,
    forestLandMu: null,
    relocationPending: false,
    renovationInProgress: false,
    industryProjectPending: false,
    ...overrides,
  };
}

export const income = (overrides: Partial<typeof zeroIncome> = {}) => ({ ...zeroIncome, ...overrides });
