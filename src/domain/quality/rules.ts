// Registry quality rules (数据质量): completeness of what each status requires, consistency between
// fields, ID checksums. One household at a time, pure; duplicates across households are in
// duplicates.ts. Ages are taken at the check date the caller passes (the domain has no clock).
import { checkIdNumber } from '../id-number.js';
import type { Household, IncomeComponents, Member } from '../registry.js';

export const qualityRules = {
  noMembers: { group: 'completeness', zh: '户内没有成员', en: 'Household has no members' },
  headCount: { group: 'completeness', zh: '户主不是恰好一人', en: 'Not exactly one head' },
  exitYearMissing: { group: 'completeness', zh: '已脱贫户缺少脱贫年度', en: 'Exited household lacks an exit year' },
  incomeMissing: { group: 'completeness', zh: '缺少收入记录', en: 'No income record' },
  educationMissing: { group: 'completeness', zh: '非在校生缺少文化程度', en: 'Out of school without education level' },
  disabilityTypeMissing: { group: 'completeness', zh: '残疾人缺少残疾类别', en: 'Disabled without disability type' },
  ageSchool: { group: 'consistency', zh: '年龄与在校生状况不符', en: 'Age does not fit school status' },
  ageLabour: { group: 'consistency', zh: '年龄与劳动技能不符', en: 'Age does not fit labour ability' },
  incomeComponents: { group: 'consistency', zh: '收入构成与户属性或合计不符', en: 'Income components do not fit attribute or totals' },
  exitBeforeIdentified: { group: 'consistency', zh: '脱贫年度早于或等于识别年度', en: 'Exit year not after identification year' },
  exitYearOnPoor: { group: 'consistency', zh: '未脱贫户填有脱贫年度', en: 'Poor household has an exit year' },
  idChecksum: { group: 'idNumber', zh: '身份证号校验不通过', en: 'ID number fails the checksum' },
  idBirthSex: { group: 'idNumber', zh: '出生日期或性别与身份证号不符', en: 'Birth date or sex differs from the ID number' },
  duplicatePerson: { group: 'duplicates', zh: '同一人在两户中', en: 'One person in two households' },
  duplicateHousehold: { group: 'duplicates', zh: '同一户重复建档', en: 'One household registered twice' },
} as const;
export type QualityRule = keyof typeof qualityRules;

export interface QualityFinding {
  readonly rule: QualityRule;
  readonly householdId: number;
  readonly householdNo: string;
  readonly villageCode: string;
  /** The member concerned, by position in the household (never by ID number). */
  readonly memberName: string | null;
  readonly detail: string;
  readonly detailEn: string;
}

export interface HouseholdView {
  readonly household: Household;
  readonly members: readonly Member[];
  /** The latest income year, or null. */
  readonly income: (IncomeComponents & { year: number }) | null;
}

/** Whole years between a birth date and the check date (both YYYY-MM-DD). */
export function ageAt(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5, 10) < birthDate.slice(5, 10) ? years - 1 : years;
}

const compulsoryAge = { from: 7, to: 15 };
const inSchool = (s: string): boolean => s !== 'notInSchool' && s !== 'preschoolChild';
const workingAbilities = new Set(['ordinary', 'skilled']);
/** Above this age an "ordinary" or "skilled" labourer is a data error more often than a fact. */
export const labourAgeLimit = 65;

type Add = (rule: QualityRule, detail: string, detailEn: string, name: string | null) => void;

function memberFindings(m: Member, date: string, add: Add): void {
  const age = ageAt(m.birthDate, date);
  if (m.schoolStatus === 'notInSchool' && !m.education) add('educationMissing', '非在校生应填文化程度', 'A member not in school needs an education level', m.name);
  if (m.health === 'disabled' && !m.disabilityType) add('disabilityTypeMissing', '健康状况为残疾，应填残疾类别', 'Health is disabled: the disability type is needed', m.name);
  if (m.schoolStatus === 'notInSchool' && age >= compulsoryAge.from && age <= compulsoryAge.to) add('ageSchool', `${age} 岁为义务教育年龄，记为非在校生`, `Aged ${age}, of compulsory-education age, recorded as not in school`, m.name);
  else if (m.schoolStatus === 'preschoolChild' && age >= compulsoryAge.from) add('ageSchool', `${age} 岁记为学龄前儿童`, `Aged ${age}, recorded as a preschool child`, m.name);
  else if (inSchool(m.schoolStatus) && (age < 3 || age > 35)) add('ageSchool', `${age} 岁记为在校生`, `Aged ${age}, recorded as in school`, m.name);
  if (age < 16 && m.labourAbility !== 'none') add('ageLabour', `${age} 岁未满 16 岁，劳动技能应为无劳动力`, `Aged ${age}, under 16: labour ability should be none`, m.name);
  else if (age > labourAgeLimit && workingAbilities.has(m.labourAbility)) add('ageLabour', `${age} 岁记为普通或技能劳动力`, `Aged ${age}, recorded as an ordinary or skilled labourer`, m.name);
  const id = checkIdNumber(m.idNumber);
  if (!id.valid) add('idChecksum', id.reason, id.reasonEn, m.name);
  else if (id.birthDate !== m.birthDate || id.sex !== m.sex) add('idBirthSex', '出生日期或性别应与身份证号第 7–14、17 位一致', 'Birth date or sex should agree with characters 7–14 and 17 of the ID number', m.name);
}

function incomeFindings(v: HouseholdView, add: Add): void {
  const h = v.household;
  const i = v.income;
  if (!i) {
    if (h.status !== 'removed') add('incomeMissing', '在册户应有年度收入记录', 'A registered household needs the year’s income record', null);
    return;
  }
  const negatives = Object.entries(i).filter(([k, n]) => k !== 'year' && typeof n === 'number' && n < 0);
  if (negatives.length > 0) add('incomeComponents', `收入项不能为负：${negatives.map(([k]) => k).join('、')}`, `Income items cannot be negative: ${negatives.map(([k]) => k).join(', ')}`, null);
  const onMinimumLiving = h.attribute === 'minimumLiving' || v.members.some((m) => m.receivesMinimumLiving);
  if (i.minimumLivingAllowance > 0 && !onMinimumLiving) add('incomeComponents', '有低保金收入，但户属性和成员均未记录享受低保', 'Minimum-living allowance received, but neither the household nor a member is recorded on minimum living', null);
  if (i.minimumLivingAllowance === 0 && h.attribute === 'minimumLiving') add('incomeComponents', '低保贫困户的低保金为 0', 'A minimum-living household with no minimum-living allowance', null);
  const onExtreme = h.attribute === 'extremePoverty' || v.members.some((m) => m.isExtremePoverty);
  if (i.extremePovertyAllowance > 0 && !onExtreme) add('incomeComponents', '有特困供养金，但未记录特困供养', 'Extreme-poverty support received, but extreme poverty is not recorded', null);
  if (i.productionCost > 0 && i.productionIncome === 0) add('incomeComponents', '有生产经营性支出而无生产经营性收入', 'Production costs without production income', null);
}

/** The findings of one household (duplicates excepted). */
export function checkHousehold(v: HouseholdView, date: string): QualityFinding[] {
  const h = v.household;
  const out: QualityFinding[] = [];
  const add: Add = (rule, detail, detailEn, memberName) => {
    out.push({ rule, householdId: h.id, householdNo: h.householdNo, villageCode: h.villageCode, memberName, detail, detailEn });
  };
  if (v.members.length === 0) add('noMembers', '每户至少一名成员', 'A household needs at least one member', null);
  else {
    const heads = v.members.filter((m) => m.relation === 'head').length;
    if (heads !== 1) add('headCount', `户主 ${heads} 人，应为 1 人`, `${heads} heads of household; there should be 1`, null);
  }
  if (h.status === 'exited' && h.exitYear === null) add('exitYearMissing', '已脱贫户应填脱贫年度', 'An exited household needs its exit year', null);
  if (h.exitYear !== null && h.status === 'poor') add('exitYearOnPoor', '未脱贫户不应有脱贫年度', 'A poor household should have no exit year', null);
  if (h.exitYear !== null && h.exitYear <= h.identifiedYear) add('exitBeforeIdentified', `识别 ${h.identifiedYear} 年，脱贫 ${h.exitYear} 年：不得当年识别当年脱贫`, `Identified in ${h.identifiedYear}, exited in ${h.exitYear}: a household cannot exit in the year it is identified`, null);
  for (const m of v.members) memberFindings(m, date, add);
  incomeFindings(v, add);
  return out;
}
