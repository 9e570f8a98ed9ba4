// Synthetic registry: plausible households over real villages, deterministic for a seed.
// Distributions are rough but shaped like the registries the seeds describe: mostly illness,
// disability and lack of skills or capital; most households identified in 2014; exits climbing
// towards 2019; a few relapses and natural reductions.
import { checkDigit } from '../id-number.js';
import { zeroIncome } from '../income.js';
import type { HouseholdInput, IncomeComponents, MemberInput, StatusEventType } from '../registry.js';
import { createRandom, type Random } from './random.js';
import { femaleChars, maleChars, surnames } from './names.js';
import { synthCodes as C } from './codes.js';

export interface SynthOptions {
  readonly seed: number;
  readonly households: number;
  /** 12-digit village codes to spread the households over. */
  readonly villages: readonly string[];
  /** The registry's current year: events and incomes run up to it. */
  readonly year: number;
  readonly withErrors: boolean;
  /** Share of households given one realistic error when withErrors is set. */
  readonly errorShare: number;
  /** ID numbers already registered (other towns of the same counties): never made again. */
  readonly taken?: ReadonlySet<string>;
  /** Only the last this many years of each household's income (a year's registry load); default every year. */
  readonly incomeYears?: number;
}

export interface SynthVillagePlan {
  readonly code: string;
  readonly households: number;
  readonly isPoorVillage: boolean;
  readonly isDeepPoverty: boolean;
  readonly incidence2014: number;
  readonly flags: {
    hasPavedRoad: boolean;
    hasPower: boolean;
    hasTelecom: boolean;
    hasBroadband: boolean;
    hasClinic: boolean;
    hasCulturalVenue: boolean;
    hasCooperative: boolean;
  };
  readonly collectiveIncomeFen: number;
}

export interface SynthEvent {
  readonly type: StatusEventType;
  readonly date: string;
  readonly reason: string | null;
}

export interface SynthHousehold {
  readonly household: HouseholdInput;
  readonly members: MemberInput[];
  readonly events: SynthEvent[];
  readonly incomes: { year: number; income: IncomeComponents }[];
  readonly status: 'poor' | 'exited' | 'relapsed' | 'removed';
  readonly exitYear: number | null;
  readonly errorKind: SynthErrorKind | null;
}

/** Realistic mistakes that the write rules allow but the quality checks must find. */
export const synthErrorKinds = [
  'adultInSchool', // a 40-year-old recorded as a primary pupil
  'childLabour', // a child recorded as an ordinary labourer
  'exitedBelowLine', // exited although the income of the exit year is under the line
  'missingHousingGrade', // a poor household without a housing safety grade
  'uninsuredMember', // a member without any medical insurance
  'personTwice', // the same person (name, birth date) again under a mistyped ID in another household
] as const;
export type SynthErrorKind = (typeof synthErrorKinds)[number];

/** Poverty lines per year in fen; 2016–2019 are the commonly cited figures (REFERENCE §4). */
export const synthPovertyLine: Readonly<Record<number, number>> = {
  2013: 273600, 2014: 280000, 2015: 285500, 2016: 295200, 2017: 295200, 2018: 299500, 2019: 321800, 2020: 400000,
};

export function planVillages(villages: readonly string[], households: number, seed: number): SynthVillagePlan[] {
  const rnd = createRandom(seed ^ 0x5eed);
  const raw = villages.map((code) => {
    const isPoorVillage = rnd.chance(0.32);
    const isDeepPoverty = isPoorVillage && rnd.chance(0.25);
    const weight = (isDeepPoverty ? 4 : isPoorVillage ? 2.6 : 1) * (0.6 + rnd.next() * 0.8);
    return { code, isPoorVillage, isDeepPoverty, weight };
  });
  const total = raw.reduce((s, v) => s + v.weight, 0);
  let assigned = 0;
  const plans = raw.map((v, i) => {
    const exact = (households * v.weight) / total;
    const count = i === raw.length - 1 ? households - assigned : Math.floor(exact + rnd.next());
    const n = Math.max(0, Math.min(count, households - assigned));
    assigned += n;
    const good = v.isPoorVillage ? 0.55 : 0.85;
    return {
      code: v.code,
      households: n,
      isPoorVillage: v.isPoorVillage,
      isDeepPoverty: v.isDeepPoverty,
      incidence2014: v.isDeepPoverty ? 0.25 + rnd.next() * 0.2 : v.isPoorVillage ? 0.15 + rnd.next() * 0.15 : 0.04 + rnd.next() * 0.08,
      flags: {
        hasPavedRoad: rnd.chance(good + 0.1),
        hasPower: rnd.chance(0.98),
        hasTelecom: rnd.chance(good + 0.1),
        hasBroadband: rnd.chance(good - 0.1),
        hasClinic: rnd.chance(good),
        hasCulturalVenue: rnd.chance(good - 0.05),
        hasCooperative: rnd.chance(good - 0.1),
      },
      collectiveIncomeFen: rnd.chance(good) ? rnd.int(10, 300) * 100_000 : 0,
    };
  });
  return plans;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Dates are made millions of times for a province; a Date and its ISO text each time were a fifth
// of the generator's time. Each (year, day) is made once.
const isoDates = new Map<number, string>();

function isoDate(year: number, dayOfYear: number): string {
  const key = year * 1000 + dayOfYear;
  let date = isoDates.get(key);
  if (date === undefined) {
    date = new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
    isoDates.set(key, date);
  }
  return date;
}

/** The date as an ID number writes it (YYYYMMDD), also made once. */
const idDates = new Map<number, string>();

function idDate(year: number, dayOfYear: number): string {
  const key = year * 1000 + dayOfYear;
  let date = idDates.get(key);
  if (date === undefined) {
    date = isoDate(year, dayOfYear).replaceAll('-', '');
    idDates.set(key, date);
  }
  return date;
}

class IdFactory {
  // Next sequence by address, then by birth date: keyed by the strings as made (no text joined per person).
  private readonly used = new Map<string, Map<string, number>>();
  constructor(private readonly taken: ReadonlySet<string> = new Set()) {}

  make(address: string, birth: string, male: boolean): string {
    let byBirth = this.used.get(address);
    if (byBirth === undefined) {
      byBirth = new Map();
      this.used.set(address, byBirth);
    }
    let seq = byBirth.get(birth) ?? (male ? 1 : 0);
    // Sequence parity carries sex: odd for men, even for women.
    if (seq % 2 !== (male ? 1 : 0)) seq += 1;
    for (;;) {
      byBirth.set(birth, seq + 2);
      const first17 = `${address}${birth}${pad(seq % 1000, 3)}`;
      const id = first17 + checkDigit(first17);
      // A county's other towns may already hold people born that day; 500 sequences per sex cannot all be taken.
      if (!this.taken.has(id) || seq >= 2000) return id;
      seq += 2;
    }
  }
}

// Split once: spreading the string for every pick was a quarter of the generator's time.
const maleGiven = [...maleChars];
const femaleGiven = [...femaleChars];

function personName(rnd: Random, surname: string, male: boolean): string {
  const chars = male ? maleGiven : femaleGiven;
  const given = rnd.chance(0.75) ? rnd.pick(chars) + rnd.pick(chars) : rnd.pick(chars);
  return surname + given;
}

export function* generateHouseholds(options: SynthOptions, plans: readonly SynthVillagePlan[]): Generator<SynthHousehold> {
  const rnd = createRandom(options.seed);
  const ids = new IdFactory(options.taken);
  const errorEvery = options.withErrors && options.errorShare > 0 ? Math.round(1 / options.errorShare) : 0;
  let index = 0;
  let previous: MemberInput | null = null;
  for (const plan of plans) {
    for (let n = 1; n <= plan.households; n++) {
      index += 1;
      const errorKind = errorEvery > 0 && index % errorEvery === 0 ? synthErrorKinds[(index / errorEvery) % synthErrorKinds.length] ?? null : null;
      const generated = oneHousehold(rnd, ids, options.year, plan, `${plan.code}${pad(n, 4)}`, errorKind, previous);
      previous = generated.members[0] ?? previous;
      // Made whole and cut after, so that the rest of a household is the same either way.
      yield options.incomeYears === undefined ? generated : { ...generated, incomes: generated.incomes.slice(-options.incomeYears) };
    }
  }
}

function oneHousehold(
  rnd: Random,
  ids: IdFactory,
  year: number,
  plan: SynthVillagePlan,
  householdNo: string,
  errorKind: SynthErrorKind | null,
  previous: MemberInput | null,
): SynthHousehold {
  const address = plan.code.slice(0, 6);
  const size = rnd.weighted<number>([[1, 15], [2, 22], [3, 24], [4, 22], [5, 12], [6, 5]]);
  const surname = rnd.weighted(surnames);
  const headMale = rnd.chance(0.86);
  const headAge = size === 1 ? rnd.int(45, 88) : rnd.int(28, 78);
  const people: { relation: string; age: number; male: boolean; surname: string }[] = [
    { relation: C.relation.head, age: headAge, male: headMale, surname },
  ];
  if (size >= 2 && headAge < 80 && rnd.chance(0.82)) {
    people.push({ relation: C.relation.spouse, age: Math.max(20, headAge + rnd.int(-6, 4)), male: !headMale, surname: rnd.weighted(surnames) });
  }
  if (people.length < size && headAge < 50 && rnd.chance(0.4)) {
    const male = rnd.chance(0.45);
    people.push({ relation: male ? C.relation.father : C.relation.mother, age: headAge + rnd.int(22, 32), male, surname });
  }
  while (people.length < size) {
    const male = rnd.chance(0.52);
    const age = Math.max(0, headAge - rnd.int(20, 36));
    if (age >= 0 && headAge >= 38 || people.length > 2) {
      people.push({ relation: male ? C.relation.son : C.relation.daughter, age: Math.min(age, 60), male, surname });
    } else {
      people.push({ relation: male ? C.relation.grandson : C.relation.granddaughter, age: rnd.int(0, 12), male, surname });
    }
  }

  const mainCause = rnd.weighted<string>(C.causeWeights);
  const members = people.map((p, i) => member(rnd, ids, address, year, p, mainCause, i === 0));
  const identifiedYear = rnd.weighted<number>([[2014, 70], [2015, 10], [2016, 8], [2017, 6], [2018, 4], [2019, 2]].filter(([y]) => (y ?? 0) <= year) as [number, number][]);
  const attribute = rnd.weighted<string>([[C.attribute.ordinary, 70], [C.attribute.minimumLiving, 24], [C.attribute.extremePoverty, size === 1 ? 20 : 3]]);
  const otherCauses = rnd.chance(0.45) ? [rnd.weighted<string>(C.causeWeights)].filter((c) => c !== mainCause) : [];

  // Status history: exits grow year by year; a few relapse; some single elderly die.
  const events: SynthEvent[] = [{ type: 'identified', date: isoDate(identifiedYear, rnd.int(60, 300)), reason: null }];
  let status: SynthHousehold['status'] = 'poor';
  let exitYear: number | null = null;
  const exitChance: Record<number, number> = { 2015: 0.1, 2016: 0.2, 2017: 0.25, 2018: 0.35, 2019: 0.4, 2020: 0.9 };
  for (let y = identifiedYear + 1; y <= year; y++) {
    const eventsBefore = events.length;
    if ((status === 'poor' || status === 'relapsed') && rnd.chance((exitChance[y] ?? 0.3) * (attribute === C.attribute.extremePoverty ? 0.5 : 1))) {
      status = 'exited';
      exitYear = y;
      events.push({ type: 'exited', date: isoDate(y, rnd.int(300, 350)), reason: null });
    } else if (status === 'exited' && rnd.chance(0.015)) {
      status = 'relapsed';
      exitYear = null;
      events.push({ type: 'relapsed', date: isoDate(y, rnd.int(30, 280)), reason: null });
    }
    // A death is only recorded in a year without another event, so the history stays in order.
    if (events.length === eventsBefore && size === 1 && headAge + (y - year) > 75 && rnd.chance(0.04)) {
      status = 'removed';
      events.push({ type: 'removed', date: isoDate(y, rnd.int(1, 355)), reason: 'death' });
      break;
    }
  }

  const incomes: { year: number; income: IncomeComponents }[] = [];
  for (let y = identifiedYear - 1; y <= year; y++) {
    const above = exitYear !== null && y >= exitYear;
    const line = synthPovertyLine[y] ?? 300000;
    let perCapita = above ? line * (1.15 + rnd.next() * 1.2) : line * (0.45 + rnd.next() * 0.45);
    if (errorKind === 'exitedBelowLine' && exitYear === y) perCapita = line * 0.8;
    incomes.push({ year: y, income: income(rnd, Math.round(perCapita) * size, attribute, members) });
  }

  const grade = plan.isPoorVillage ? rnd.weighted<string>([['A', 30], ['B', 40], ['C', 20], ['D', 10]]) : rnd.weighted<string>([['A', 50], ['B', 38], ['C', 9], ['D', 3]]);
  const exitedSafe = status === 'exited' && (grade === 'C' || grade === 'D') ? 'B' : grade;
  const household: HouseholdInput = {
    householdNo,
    villageCode: plan.code,
    identificationStandard: rnd.chance(0.92) ? C.identificationStandard.national : C.identificationStandard.provincial,
    identifiedYear,
    attribute,
    mainCause,
    otherCauses,
    phone: rnd.chance(0.8) ? `1${rnd.pick(['3', '5', '8', '9'])}${pad(rnd.int(0, 999_999_999), 9)}` : null,
    housingSafetyGrade: errorKind === 'missingHousingGrade' ? null : exitedSafe,
    housingArea: Math.max(20, Math.round(rnd.normal(85, 25))),
    houseStructure: rnd.weighted<string>(C.houseStructureWeights),
    renovationYear: grade !== exitedSafe ? (exitYear ?? year) : null,
    safeDrinkingWater: status === 'exited' ? true : rnd.chance(0.75),
    drinkingWaterDifficulty: rnd.chance(0.08),
    roadType: rnd.weighted<string>(C.roadTypeWeights),
    distanceToMainRoadKm: Math.round(rnd.next() * 60) / 10,
    hasProductionPower: rnd.chance(0.8),
    hasDomesticPower: rnd.chance(0.99),
    hasRadioTv: rnd.chance(0.93),
    hasSanitaryToilet: rnd.chance(0.45),
    fuelType: rnd.weighted<string>(C.fuelWeights),
    joinedCooperative: rnd.chance(plan.flags.hasCooperative ? 0.45 : 0.05),
    arableLandMu: Math.round(rnd.next() * 80) / 10,
    irrigatedLandMu: Math.round(rnd.next() * 20) / 10,
    forestLandMu: Math.round(rnd.next() * 150) / 10,
    relocationPending: status === 'poor' && rnd.chance(0.04),
    renovationInProgress: status === 'poor' && (grade === 'C' || grade === 'D') && rnd.chance(0.3),
    industryProjectPending: status === 'poor' && rnd.chance(0.05),
  };

  const memberError = errorKind === 'exitedBelowLine' || errorKind === 'missingHousingGrade' ? false : applyMemberError(errorKind, members, previous, ids, address);
  const applied = errorKind === 'exitedBelowLine' ? exitYear !== null : errorKind === 'missingHousingGrade' ? true : memberError;
  return { household, members, events, incomes, status, exitYear, errorKind: applied ? errorKind : null };
}

function member(
  rnd: Random,
  ids: IdFactory,
  address: string,
  year: number,
  p: { relation: string; age: number; male: boolean; surname: string },
  mainCause: string,
  isHead: boolean,
): MemberInput {
  const birthYear = year - p.age;
  const day = rnd.int(0, 364);
  const birth = isoDate(birthYear, day);
  const idNumber = ids.make(address, idDate(birthYear, day), p.male);
  const age = p.age;
  const school = schoolFor(rnd, age);
  const ill = isHead && mainCause === C.cause.illness;
  const disabled = isHead && mainCause === C.cause.disability;
  const health = disabled ? C.health.disabled : ill ? rnd.pick([C.health.chronicIllness, C.health.seriousIllness]) : age > 65 && rnd.chance(0.35) ? C.health.chronicIllness : C.health.healthy;
  const labour =
    age < 16 || school !== C.school.notInSchool ? C.labour.none : age > 70 ? C.labour.lost : disabled || health === C.health.seriousIllness ? C.labour.weak : age > 60 ? C.labour.weak : rnd.chance(0.15) ? C.labour.skilled : C.labour.ordinary;
  const working = (labour === C.labour.ordinary || labour === C.labour.skilled) && rnd.chance(0.55);
  return {
    name: personName(rnd, p.surname, p.male),
    idNumber,
    relation: p.relation,
    sex: p.male ? 'male' : 'female',
    birthDate: birth,
    ethnicity: rnd.chance(0.97) ? C.ethnicity.han : rnd.pick(C.ethnicity.minorities),
    education: school === C.school.notInSchool ? educationFor(rnd, age) : null,
    schoolStatus: school,
    health,
    disabilityType: health === C.health.disabled ? rnd.pick(C.disabilityTypes) : null,
    labourAbility: labour,
    workStatus: working ? rnd.pick(C.workPlaces) : C.notWorking,
    workMonths: working ? rnd.int(3, 12) : 0,
    politicalStatus: age >= 18 && rnd.chance(0.05) ? C.politicalStatus.member : age >= 14 && age < 28 && rnd.chance(0.3) ? C.politicalStatus.league : C.politicalStatus.masses,
    speaksMandarin: rnd.chance(0.9),
    hasResidentMedicalInsurance: true,
    hasEmployeeMedicalInsurance: false,
    hasSeriousIllnessInsurance: rnd.chance(0.92),
    hasResidentPension: age >= 16 && rnd.chance(0.85),
    receivesMinimumLiving: false,
    isExtremePoverty: false,
  };
}

function schoolFor(rnd: Random, age: number): string {
  if (age < 3) return C.school.preschoolChild;
  if (age < 6) return rnd.chance(0.8) ? C.school.preschool : C.school.preschoolChild;
  if (age < 12) return C.school.primary;
  if (age <= 14) return C.school.grades[age - 12] ?? C.school.primary;
  if (age <= 17) return rnd.chance(0.8) ? rnd.pick(C.school.highSchool) : C.school.notInSchool;
  if (age <= 21) return rnd.chance(0.3) ? rnd.pick(C.school.college) : C.school.notInSchool;
  return C.school.notInSchool;
}

function educationFor(rnd: Random, age: number): string {
  if (age > 60) return rnd.weighted<string>([[C.education.illiterate, 45], [C.education.primary, 45], [C.education.junior, 10]]);
  if (age > 40) return rnd.weighted<string>([[C.education.illiterate, 12], [C.education.primary, 48], [C.education.junior, 35], [C.education.senior, 5]]);
  return rnd.weighted<string>([[C.education.primary, 20], [C.education.junior, 55], [C.education.senior, 17], [C.education.college, 8]]);
}

function income(rnd: Random, netTarget: number, attribute: string, members: readonly MemberInput[]): IncomeComponents {
  const workers = members.filter((m) => m.workMonths > 0).length;
  const minimumLiving = attribute === C.attribute.minimumLiving ? Math.round(members.length * rnd.int(1800, 3000)) * 100 : 0;
  const extreme = attribute === C.attribute.extremePoverty ? rnd.int(4000, 6000) * 100 : 0;
  const pension = members.filter((m) => m.birthDate < '1955').length * 12 * 8000;
  const eco = rnd.chance(0.4) ? rnd.int(100, 800) * 100 : 0;
  const fixed = minimumLiving + extreme + pension + eco;
  const rest = Math.max(0, netTarget - fixed);
  const wageShare = workers > 0 ? 0.55 + rnd.next() * 0.3 : 0;
  const wage = Math.round(rest * wageShare);
  const productionNet = rest - wage;
  const cost = Math.round(productionNet * (0.2 + rnd.next() * 0.3));
  const dividend = rnd.chance(0.3) ? rnd.int(100, 1000) * 100 : 0;
  const productionIncome = Math.max(0, productionNet + cost - dividend);
  return {
    ...zeroIncome,
    wageIncome: wage,
    productionIncome,
    productionCost: cost,
    assetDividendIncome: Math.min(dividend, productionNet + cost),
    minimumLivingAllowance: minimumLiving,
    extremePovertyAllowance: extreme,
    pensionIncome: pension,
    ecoCompensation: eco,
    expectedIncome: rnd.chance(0.05) ? rnd.int(500, 3000) * 100 : 0,
  };
}

/** Applies a member-level error in place; false when this household has nobody it fits. */
function applyMemberError(kind: SynthErrorKind | null, members: MemberInput[], previous: MemberInput | null, ids: IdFactory, address: string): boolean {
  const replace = (i: number, changes: Partial<MemberInput>): boolean => {
    const m = members[i];
    if (!m) return false;
    members[i] = { ...m, ...changes };
    return true;
  };
  if (kind === 'adultInSchool') {
    return replace(members.findIndex((m) => m.schoolStatus === C.school.notInSchool && m.birthDate < '1990'), { schoolStatus: C.school.primary, education: null });
  }
  if (kind === 'childLabour') {
    return replace(members.findIndex((m) => m.labourAbility === C.labour.none && m.schoolStatus !== C.school.notInSchool), { labourAbility: C.labour.ordinary });
  }
  if (kind === 'uninsuredMember') {
    return replace(members.length - 1, { hasResidentMedicalInsurance: false, hasEmployeeMedicalInsurance: false });
  }
  if (kind === 'personTwice' && previous) {
    // Same name and birth date as someone in the previous household, under another (valid) ID number.
    const male = previous.sex === 'male';
    members.push({
      ...previous,
      relation: male ? C.relation.son : C.relation.daughter,
      idNumber: ids.make(address, previous.birthDate.replaceAll('-', ''), male),
    });
    return true;
  }
  return false;
}
