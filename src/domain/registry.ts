// The registry (建档立卡) model: plain data, shared by every layer.
// Amounts are integer fen (1 yuan = 100 fen) so that sums are exact.

export type RegionLevel = 1 | 2 | 3 | 4 | 5; // province, city, county, town, village

export interface Region {
  readonly code: string; // 12 digits
  readonly name: string;
  readonly level: RegionLevel;
  readonly parentCode: string | null;
}

export interface Village {
  readonly regionCode: string;
  readonly isPoorVillage: boolean;
  readonly isDeepPoverty: boolean;
  readonly exitYear: number | null;
  readonly hasPavedRoad: boolean;
  readonly hasPower: boolean;
  readonly hasTelecom: boolean;
  readonly hasBroadband: boolean;
  readonly hasClinic: boolean;
  readonly hasCulturalVenue: boolean;
  readonly hasCooperative: boolean;
}

/** Per-year village figures: the rural population is the denominator of poverty incidence. */
export interface VillageYear {
  readonly regionCode: string;
  readonly year: number;
  readonly ruralHouseholds: number;
  readonly ruralPopulation: number;
  readonly collectiveIncome: number; // fen
}

export type HouseholdStatus = 'poor' | 'exited' | 'relapsed' | 'removed';
export type StatusEventType = 'identified' | 'exited' | 'relapsed' | 'removed';

export interface LivingConditions {
  readonly housingSafetyGrade: string | null; // housingSafetyGrade code A–D
  readonly housingArea: number | null; // m²
  readonly houseStructure: string | null;
  readonly renovationYear: number | null; // 危改年度
  readonly safeDrinkingWater: boolean;
  readonly drinkingWaterDifficulty: boolean;
  readonly roadType: string | null;
  readonly distanceToMainRoadKm: number | null;
  readonly hasProductionPower: boolean;
  readonly hasDomesticPower: boolean;
  readonly hasRadioTv: boolean;
  readonly hasSanitaryToilet: boolean;
  readonly fuelType: string | null;
  readonly joinedCooperative: boolean;
  readonly arableLandMu: number | null;
  readonly irrigatedLandMu: number | null;
  readonly forestLandMu: number | null;
}

export interface HouseholdInput extends LivingConditions {
  readonly householdNo: string;
  readonly villageCode: string;
  readonly identificationStandard: string;
  readonly identifiedYear: number;
  readonly attribute: string;
  readonly mainCause: string;
  readonly otherCauses: string[]; // up to two
  readonly phone: string | null;
  // Facts the exit guards (四个不得) read; recorded by cadres.
  readonly relocationPending: boolean; // 搬迁新房尚未入住
  readonly renovationInProgress: boolean; // 危房改造未完工
  readonly industryProjectPending: boolean; // 产业项目尚未见效
}

export interface Household extends HouseholdInput {
  readonly id: number;
  readonly status: HouseholdStatus;
  readonly exitYear: number | null;
  /** Derived from the members; stored so that counts need no join. */
  readonly memberCount: number;
  readonly version: number;
}

export interface MemberInput {
  readonly name: string;
  readonly idNumber: string;
  readonly relation: string;
  readonly sex: string;
  readonly birthDate: string; // YYYY-MM-DD
  readonly ethnicity: string;
  readonly education: string | null; // for those not in school
  readonly schoolStatus: string; // 'notInSchool' for those not in school
  readonly health: string;
  readonly disabilityType: string | null;
  readonly labourAbility: string;
  readonly workStatus: string;
  readonly workMonths: number;
  readonly politicalStatus: string | null;
  readonly speaksMandarin: boolean;
  readonly hasResidentMedicalInsurance: boolean; // 城乡居民基本医疗保险
  readonly hasEmployeeMedicalInsurance: boolean;
  readonly hasSeriousIllnessInsurance: boolean; // 大病保险
  readonly hasResidentPension: boolean;
  readonly receivesMinimumLiving: boolean;
  readonly isExtremePoverty: boolean;
}

export interface Member extends MemberInput {
  readonly id: number;
  readonly householdId: number;
}

/** Income components of one household in one year, in fen. */
export interface IncomeComponents {
  readonly wageIncome: number;
  readonly productionIncome: number;
  readonly productionCost: number;
  readonly assetDividendIncome: number; // 资产收益扶贫分红
  readonly otherPropertyIncome: number;
  readonly familyPlanningAllowance: number;
  readonly minimumLivingAllowance: number;
  readonly extremePovertyAllowance: number;
  readonly pensionIncome: number;
  readonly ecoCompensation: number;
  readonly otherTransferIncome: number;
  /** Income promised but not yet received; recorded so that the exit test can refuse to count it. */
  readonly expectedIncome: number;
}

export interface HouseholdIncome extends IncomeComponents {
  readonly householdId: number;
  readonly year: number;
}

export interface StatusEvent {
  readonly householdId: number;
  readonly type: StatusEventType;
  readonly date: string; // YYYY-MM-DD
  readonly reason: string | null; // removalReason for 'removed'
  readonly basis: string | null; // the document or decision it rests on
  readonly actor: string;
}

export const incomeComponentKeys = [
  'wageIncome',
  'productionIncome',
  'productionCost',
  'assetDividendIncome',
  'otherPropertyIncome',
  'familyPlanningAllowance',
  'minimumLivingAllowance',
  'extremePovertyAllowance',
  'pensionIncome',
  'ecoCompensation',
  'otherTransferIncome',
  'expectedIncome',
] as const satisfies readonly (keyof IncomeComponents)[];
