// From registry data to the facts the household standard reads. One definition: the store's
// batch query computes the same member counts in SQL (a test holds the two together).
import { netIncome } from '../income.js';
import type { IncomeComponents, MemberInput } from '../registry.js';
import type { Facts } from './facts.js';

/** Member counts a household's facts need; computed per household by SQL in batch runs. */
export interface MemberCounts {
  readonly schoolAgeDropouts: number;
  readonly membersWithoutMedicalInsurance: number;
  readonly membersWithoutSeriousIllnessInsurance: number;
  readonly ableBodiedMembers: number;
  readonly unskilledAbleBodiedMembers: number;
}

export interface HouseholdFactInput extends MemberCounts {
  readonly identifiedYear: number;
  readonly memberCount: number;
  /** The assessed year's income; null when none was recorded (the income criteria then say "no data"). */
  readonly income: IncomeComponents | null;
  readonly housingSafetyGrade: string | null;
  readonly safeDrinkingWater: boolean;
  readonly hasDomesticPower: boolean;
  readonly relocationPending: boolean;
  readonly renovationInProgress: boolean;
  readonly industryProjectPending: boolean;
}

export const ableBodied: readonly string[] = ['ordinary', 'skilled'];
export const outOfSchool: readonly string[] = ['notInSchool', 'preschoolChild'];

/**
 * Compulsory-education age (义务教育阶段): 7 to 15 on 1 September of the year. Born after the first
 * bound and on or before the second (ISO dates compare as text).
 */
export function schoolAgeBounds(year: number): readonly [string, string] {
  return [`${year - 16}-09-01`, `${year - 7}-09-01`];
}

export function countMembers(members: readonly MemberInput[], year: number): MemberCounts {
  const [after, until] = schoolAgeBounds(year);
  let schoolAgeDropouts = 0;
  let membersWithoutMedicalInsurance = 0;
  let membersWithoutSeriousIllnessInsurance = 0;
  let ableBodiedMembers = 0;
  let unskilledAbleBodiedMembers = 0;
  for (const m of members) {
    if (m.birthDate > after && m.birthDate <= until && outOfSchool.includes(m.schoolStatus)) schoolAgeDropouts++;
    if (!m.hasResidentMedicalInsurance && !m.hasEmployeeMedicalInsurance) membersWithoutMedicalInsurance++;
    if (!m.hasSeriousIllnessInsurance) membersWithoutSeriousIllnessInsurance++;
    if (ableBodied.includes(m.labourAbility)) ableBodiedMembers++;
    if (m.labourAbility === 'ordinary') unskilledAbleBodiedMembers++;
  }
  return { schoolAgeDropouts, membersWithoutMedicalInsurance, membersWithoutSeriousIllnessInsurance, ableBodiedMembers, unskilledAbleBodiedMembers };
}

/** Yuan per person, to the fen; null without members or without the year's income. */
function perCapita(fen: number, members: number): number {
  return Math.round(fen / members) / 100;
}

export function householdFacts(h: HouseholdFactInput, year: number): Facts {
  const i = h.income;
  const counted = i !== null && h.memberCount > 0;
  return {
    assessmentYear: year,
    identifiedYear: h.identifiedYear,
    memberCount: h.memberCount,
    netIncomePerCapita: counted ? perCapita(netIncome(i), h.memberCount) : null,
    minimumLivingAllowancePerCapita: counted ? perCapita(i.minimumLivingAllowance, h.memberCount) : null,
    extremePovertyAllowancePerCapita: counted ? perCapita(i.extremePovertyAllowance, h.memberCount) : null,
    expectedIncomePerCapita: counted ? perCapita(i.expectedIncome, h.memberCount) : null,
    schoolAgeDropouts: h.schoolAgeDropouts,
    membersWithoutMedicalInsurance: h.membersWithoutMedicalInsurance,
    membersWithoutSeriousIllnessInsurance: h.membersWithoutSeriousIllnessInsurance,
    ableBodiedMembers: h.ableBodiedMembers,
    unskilledAbleBodiedMembers: h.unskilledAbleBodiedMembers,
    housingSafetyGrade: h.housingSafetyGrade,
    safeDrinkingWater: h.safeDrinkingWater,
    hasDomesticPower: h.hasDomesticPower,
    relocationPending: h.relocationPending,
    renovationInProgress: h.renovationInProgress,
    industryProjectPending: h.industryProjectPending,
  };
}
