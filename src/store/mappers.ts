// Row ↔ domain mapping. Column names are the snake_case of the glossary identifiers.
import type { Household, HouseholdInput, HouseholdStatus, IncomeComponents, Member, MemberInput, StatusEvent, StatusEventType } from '../domain/registry.js';
import type { HouseholdRow, IncomeRow, MemberRow, StatusEventRow } from './schema.js';

const b = (v: number): boolean => v === 1;
const n = (v: boolean): number => (v ? 1 : 0);

export function householdColumns(h: HouseholdInput) {
  return {
    household_no: h.householdNo,
    village_code: h.villageCode,
    identification_standard: h.identificationStandard,
    identified_year: h.identifiedYear,
    attribute: h.attribute,
    main_cause: h.mainCause,
    other_causes: h.otherCauses.join(','),
    phone: h.phone,
    housing_safety_grade: h.housingSafetyGrade,
    housing_area: h.housingArea,
    house_structure: h.houseStructure,
    renovation_year: h.renovationYear,
    safe_drinking_water: n(h.safeDrinkingWater),
    drinking_water_difficulty: n(h.drinkingWaterDifficulty),
    road_type: h.roadType,
    distance_to_main_road_km: h.distanceToMainRoadKm,
    has_production_power: n(h.hasProductionPower),
    has_domestic_power: n(h.hasDomesticPower),
    has_radio_tv: n(h.hasRadioTv),
    has_sanitary_toilet: n(h.hasSanitaryToilet),
    fuel_type: h.fuelType,
    joined_cooperative: n(h.joinedCooperative),
    arable_land_mu: h.arableLandMu,
    irrigated_land_mu: h.irrigatedLandMu,
    forest_land_mu: h.forestLandMu,
    relocation_pending: n(h.relocationPending),
    renovation_in_progress: n(h.renovationInProgress),
    industry_project_pending: n(h.industryProjectPending),
  };
}

export function toHousehold(r: HouseholdRow): Household {
  return {
    id: r.id,
    householdNo: r.household_no,
    villageCode: r.village_code,
    identificationStandard: r.identification_standard,
    identifiedYear: r.identified_year,
    attribute: r.attribute,
    mainCause: r.main_cause,
    otherCauses: r.other_causes === '' ? [] : r.other_causes.split(','),
    phone: r.phone,
    housingSafetyGrade: r.housing_safety_grade,
    housingArea: r.housing_area,
    houseStructure: r.house_structure,
    renovationYear: r.renovation_year,
    safeDrinkingWater: b(r.safe_drinking_water),
    drinkingWaterDifficulty: b(r.drinking_water_difficulty),
    roadType: r.road_type,
    distanceToMainRoadKm: r.distance_to_main_road_km,
    hasProductionPower: b(r.has_production_power),
    hasDomesticPower: b(r.has_domestic_power),
    hasRadioTv: b(r.has_radio_tv),
    hasSanitaryToilet: b(r.has_sanitary_toilet),
    fuelType: r.fuel_type,
    joinedCooperative: b(r.joined_cooperative),
    arableLandMu: r.arable_land_mu,
    irrigatedLandMu: r.irrigated_land_mu,
    forestLandMu: r.forest_land_mu,
    relocationPending: b(r.relocation_pending),
    renovationInProgress: b(r.renovation_in_progress),
    industryProjectPending: b(r.industry_project_pending),
    status: toStatus(r.status),
    exitYear: r.exit_year,
    memberCount: r.member_count,
    version: r.version,
  };
}

function toStatus(s: string): HouseholdStatus {
  return s === 'exited' || s === 'relapsed' || s === 'removed' ? s : 'poor';
}

function toEventType(s: string): StatusEventType {
  return s === 'exited' || s === 'relapsed' || s === 'removed' ? s : 'identified';
}

export function memberColumns(m: MemberInput) {
  return {
    name: m.name,
    id_number: m.idNumber,
    relation: m.relation,
    sex: m.sex,
    birth_date: m.birthDate,
    ethnicity: m.ethnicity,
    education: m.education,
    school_status: m.schoolStatus,
    health: m.health,
    disability_type: m.disabilityType,
    labour_ability: m.labourAbility,
    work_status: m.workStatus,
    work_months: m.workMonths,
    political_status: m.politicalStatus,
    speaks_mandarin: n(m.speaksMandarin),
    has_resident_medical_insurance: n(m.hasResidentMedicalInsurance),
    has_employee_medical_insurance: n(m.hasEmployeeMedicalInsurance),
    has_serious_illness_insurance: n(m.hasSeriousIllnessInsurance),
    has_resident_pension: n(m.hasResidentPension),
    receives_minimum_living: n(m.receivesMinimumLiving),
    is_extreme_poverty: n(m.isExtremePoverty),
  };
}

export function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    householdId: r.household_id,
    name: r.name,
    idNumber: r.id_number,
    relation: r.relation,
    sex: r.sex,
    birthDate: r.birth_date,
    ethnicity: r.ethnicity,
    education: r.education,
    schoolStatus: r.school_status,
    health: r.health,
    disabilityType: r.disability_type,
    labourAbility: r.labour_ability,
    workStatus: r.work_status,
    workMonths: r.work_months,
    politicalStatus: r.political_status,
    speaksMandarin: b(r.speaks_mandarin),
    hasResidentMedicalInsurance: b(r.has_resident_medical_insurance),
    hasEmployeeMedicalInsurance: b(r.has_employee_medical_insurance),
    hasSeriousIllnessInsurance: b(r.has_serious_illness_insurance),
    hasResidentPension: b(r.has_resident_pension),
    receivesMinimumLiving: b(r.receives_minimum_living),
    isExtremePoverty: b(r.is_extreme_poverty),
  };
}

export function incomeColumns(c: IncomeComponents) {
  return {
    wage_income: c.wageIncome,
    production_income: c.productionIncome,
    production_cost: c.productionCost,
    asset_dividend_income: c.assetDividendIncome,
    other_property_income: c.otherPropertyIncome,
    family_planning_allowance: c.familyPlanningAllowance,
    minimum_living_allowance: c.minimumLivingAllowance,
    extreme_poverty_allowance: c.extremePovertyAllowance,
    pension_income: c.pensionIncome,
    eco_compensation: c.ecoCompensation,
    other_transfer_income: c.otherTransferIncome,
    expected_income: c.expectedIncome,
  };
}

export function toIncome(r: IncomeRow): IncomeComponents & { year: number } {
  return {
    year: r.year,
    wageIncome: Number(r.wage_income),
    productionIncome: Number(r.production_income),
    productionCost: Number(r.production_cost),
    assetDividendIncome: Number(r.asset_dividend_income),
    otherPropertyIncome: Number(r.other_property_income),
    familyPlanningAllowance: Number(r.family_planning_allowance),
    minimumLivingAllowance: Number(r.minimum_living_allowance),
    extremePovertyAllowance: Number(r.extreme_poverty_allowance),
    pensionIncome: Number(r.pension_income),
    ecoCompensation: Number(r.eco_compensation),
    otherTransferIncome: Number(r.other_transfer_income),
    expectedIncome: Number(r.expected_income),
  };
}

export function toStatusEvent(r: StatusEventRow): StatusEvent {
  return {
    householdId: r.household_id,
    type: toEventType(r.type),
    date: r.date,
    reason: r.reason,
    basis: r.basis,
    actor: r.actor,
  };
}
