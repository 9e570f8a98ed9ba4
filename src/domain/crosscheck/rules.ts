// Comparison rules: for each dataset kind, what a department record says against the registry,
// and what the registry says that the department file should confirm but does not.
import type { FieldValue } from '../workbook/cells.js';
import type { DatasetKind } from './kinds.js';

/** What the comparison reads of one registry member and their household. Amounts in fen. */
export interface RegistryPerson {
  readonly memberId: number;
  readonly householdId: number;
  readonly householdNo: string;
  readonly villageCode: string;
  readonly name: string;
  readonly idNumber: string;
  readonly relation: string;
  readonly householdStatus: string;
  readonly exitYear: number | null;
  readonly housingSafetyGrade: string | null;
  readonly renovationYear: number | null;
  readonly renovationInProgress: boolean;
  readonly relocationPending: boolean;
  readonly schoolStatus: string;
  readonly health: string;
  readonly hasResidentMedicalInsurance: boolean;
  readonly hasEmployeeMedicalInsurance: boolean;
  readonly receivesMinimumLiving: boolean;
  readonly isExtremePoverty: boolean;
  /** The household's allowances in its latest income year, or null without an income record. */
  readonly minimumLivingAllowance: number | null;
  readonly extremePovertyAllowance: number | null;
}

export const discrepancyTypes = {
  nameTypo: { zh: '姓名疑似笔误', en: 'Name looks mistyped' },
  nameMismatch: { zh: '身份证号相同但姓名不同', en: 'Same ID number, different name' },
  idNumberTypo: { zh: '身份证号疑似笔误', en: 'ID number looks mistyped' },
  deceasedStillMember: { zh: '公安已注销死亡，仍为在册成员', en: 'Dead per public security, still a member' },
  movedOutStillMember: { zh: '户籍已迁出，仍为在册成员', en: 'Registration moved away, still a member' },
  enrolledButOutOfSchool: { zh: '教育部门在校，建档为非在校', en: 'Enrolled per education, recorded out of school' },
  outOfSchoolButInSchool: { zh: '教育部门不在校，建档为在校', en: 'Not enrolled per education, recorded in school' },
  inSchoolNotEnrolled: { zh: '建档为义务教育在校，教育部门无学籍', en: 'Recorded in compulsory school, no enrolment' },
  subsidyButNotInSchool: { zh: '享受教育资助，建档为非在校', en: 'Education subsidy, recorded out of school' },
  minimumLivingNotRecorded: { zh: '民政低保对象，建档未记录享受低保', en: 'Minimum-living recipient not recorded' },
  minimumLivingNotInDepartment: { zh: '建档记录享受低保，民政无此人', en: 'Recorded minimum-living, unknown to civil affairs' },
  minimumLivingAmountDiffers: { zh: '低保金金额不一致', en: 'Minimum-living amount differs' },
  extremePovertyNotRecorded: { zh: '民政特困供养，建档未记录', en: 'Extreme-poverty support not recorded' },
  extremePovertyNotInDepartment: { zh: '建档记录特困供养，民政无此人', en: 'Recorded extreme-poverty support, unknown to civil affairs' },
  disabilityNotRecorded: { zh: '持残疾证，建档健康状况未记残疾', en: 'Disability not recorded' },
  seriousIllnessNotRecorded: { zh: '大病救治对象，建档未记患有大病', en: 'Serious illness not recorded' },
  notMedicallyInsured: { zh: '未参加基本医疗保险', en: 'Not in medical insurance' },
  insuranceNotRecorded: { zh: '已参保，建档未记录参保', en: 'Insured, not recorded' },
  dangerousHousingExited: { zh: '住房鉴定为 C/D 级危房，户已脱贫', en: 'Housing appraised C/D, household exited' },
  dangerousHousingMarkedSafe: { zh: '住房鉴定为 C/D 级危房，建档为安全住房', en: 'Housing appraised C/D, recorded safe' },
  renovationIncompleteExited: { zh: '危房改造未竣工，户已脱贫', en: 'Renovation unfinished, household exited' },
  renovationNotRecorded: { zh: '已实施危房改造，建档未记录危改年度', en: 'Renovation not recorded' },
  relocationNotMovedInExited: { zh: '搬迁新房未入住，户已脱贫', en: 'Relocation home not lived in, household exited' },
  ownsBusiness: { zh: '登记有企业或个体工商户', en: 'Owns a business' },
  ownsVehicle: { zh: '登记有机动车', en: 'Owns a vehicle' },
  publicEmployee: { zh: '财政供养人员', en: 'Public employee' },
} as const;
export type DiscrepancyType = keyof typeof discrepancyTypes;

export interface Finding {
  readonly type: DiscrepancyType;
  /** Facts that explain the finding beyond the two records, e.g. the two amounts. */
  readonly facts?: Readonly<Record<string, FieldValue>>;
}

/** The department record's value of a column (an accessor: ten million records are not built as objects). */
type Values = (key: string) => FieldValue;

export type RegistryField = keyof RegistryPerson;
/** What every comparison reads of a member: who they are and whether the household is live. */
export const baseFields = ['memberId', 'householdId', 'name', 'idNumber', 'householdStatus'] as const satisfies readonly RegistryField[];
type Base = (typeof baseFields)[number];

const live = (p: Pick<RegistryPerson, 'householdStatus'>): boolean => p.householdStatus !== 'removed';
const exited = (p: Pick<RegistryPerson, 'householdStatus'>): boolean => p.householdStatus === 'exited';
const inSchool = (s: string): boolean => s !== 'notInSchool' && s !== 'preschoolChild';
const compulsory = new Set(['primary', 'grade7', 'grade8', 'grade9']);
const none: readonly Finding[] = Object.freeze([]);
const one = (type: DiscrepancyType, when: boolean, facts?: Finding['facts']): readonly Finding[] => (when ? [facts ? { type, facts } : { type }] : none);

interface KindRule {
  /** The registry fields the rules read beyond `baseFields`: only these are read from the store. */
  readonly reads: readonly RegistryField[];
  /** The department lists the person. */
  readonly matched: (p: RegistryPerson, v: Values) => readonly Finding[];
  /** The registry says what the department file should confirm, but the person is not in it. */
  readonly absent?: (p: RegistryPerson) => readonly Finding[];
}

/** A kind's rules, typed so that they can read only the fields they declare. */
function rule<F extends RegistryField>(reads: readonly F[], matched: (p: Pick<RegistryPerson, F | Base>, v: Values) => readonly Finding[], absent?: (p: Pick<RegistryPerson, F | Base>) => readonly Finding[]): KindRule {
  return absent ? { reads, matched, absent } : { reads, matched };
}

export const kindRules: { readonly [K in DatasetKind]: KindRule } = {
  minimumLiving: rule(
    ['receivesMinimumLiving'],
    (p) => one('minimumLivingNotRecorded', live(p) && !p.receivesMinimumLiving),
    (p) => one('minimumLivingNotInDepartment', live(p) && p.receivesMinimumLiving),
  ),
  extremePoverty: rule(
    ['isExtremePoverty'],
    (p) => one('extremePovertyNotRecorded', live(p) && !p.isExtremePoverty),
    (p) => one('extremePovertyNotInDepartment', live(p) && p.isExtremePoverty),
  ),
  disability: rule(['health'], (p) => one('disabilityNotRecorded', live(p) && p.health !== 'disabled')),
  enrolment: rule(
    ['schoolStatus'],
    (p, v) => (v('enrolled') === true ? one('enrolledButOutOfSchool', live(p) && !inSchool(p.schoolStatus)) : one('outOfSchoolButInSchool', live(p) && inSchool(p.schoolStatus))),
    (p) => one('inSchoolNotEnrolled', live(p) && compulsory.has(p.schoolStatus)),
  ),
  educationSubsidy: rule(['schoolStatus'], (p) => one('subsidyButNotInSchool', live(p) && !inSchool(p.schoolStatus))),
  medicalInsurance: rule(
    ['hasResidentMedicalInsurance', 'hasEmployeeMedicalInsurance'],
    (p, v) => (v('insured') === true ? one('insuranceNotRecorded', live(p) && !p.hasResidentMedicalInsurance && !p.hasEmployeeMedicalInsurance) : one('notMedicallyInsured', live(p))),
    (p) => one('notMedicallyInsured', live(p)),
  ),
  seriousIllness: rule(['health'], (p) => one('seriousIllnessNotRecorded', live(p) && p.health !== 'seriousIllness')),
  housingAppraisal: rule(['renovationInProgress', 'housingSafetyGrade'], (p, v) => {
    const grade = v('housingSafetyGrade');
    if (!live(p) || (grade !== 'C' && grade !== 'D')) return none;
    return [...one('dangerousHousingExited', exited(p) && !p.renovationInProgress), ...one('dangerousHousingMarkedSafe', p.housingSafetyGrade !== 'C' && p.housingSafetyGrade !== 'D')];
  }),
  housingRenovation: rule(['renovationYear'], (p, v) => (v('completed') === false ? one('renovationIncompleteExited', live(p) && exited(p)) : one('renovationNotRecorded', live(p) && p.renovationYear === null))),
  death: rule([], (p) => one('deceasedStillMember', live(p))),
  householdMove: rule([], (p) => one('movedOutStillMember', live(p))),
  relocation: rule([], (p, v) => one('relocationNotMovedInExited', live(p) && v('movedIn') === false && exited(p))),
  businessOwnership: rule([], (p) => one('ownsBusiness', live(p))),
  vehicleRegistration: rule([], (p) => one('ownsVehicle', live(p))),
  publicEmployment: rule([], (p) => one('publicEmployee', live(p))),
};

/** Kinds whose household rule compares the registry's allowance amounts with the department's. */
export const amountKinds: ReadonlySet<DatasetKind> = new Set(['minimumLiving', 'extremePoverty']);
/** What the household rule reads: the head, and the household's allowances. */
const amountFields = ['relation', 'minimumLivingAllowance', 'extremePovertyAllowance'] as const satisfies readonly RegistryField[];

/** The registry fields a comparison of this kind reads. */
export function fieldsRead(kind: DatasetKind): readonly RegistryField[] {
  return [...new Set<RegistryField>([...baseFields, ...kindRules[kind].reads, ...(amountKinds.has(kind) ? amountFields : [])])];
}

/** Differences below one yuan are rounding of monthly amounts, not a discrepancy. */
export const amountTolerance = 100;

/**
 * Household-level rule: the civil-affairs amounts of a household's members against the allowance
 * the registry records for the household. Only for kinds that carry an annual amount.
 */
export function householdAmountFinding(kind: DatasetKind, first: Pick<RegistryPerson, 'householdStatus' | (typeof amountFields)[number]>, departmentTotal: number): readonly Finding[] {
  if (!live(first)) return none;
  const recorded = kind === 'minimumLiving' ? first.minimumLivingAllowance : kind === 'extremePoverty' ? first.extremePovertyAllowance : undefined;
  if (recorded === undefined || kind !== 'minimumLiving') return none;
  const registry = recorded ?? 0;
  return one('minimumLivingAmountDiffers', Math.abs(registry - departmentTotal) >= amountTolerance, { registryAmount: registry, departmentAmount: departmentTotal });
}
