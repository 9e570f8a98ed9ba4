// Department dataset kinds (行业部门数据, 数据比对): each kind is a column schema keyed by the ID
// number, owned by one department. Schemas are data: a county may add header aliases for the
// spellings its departments use (`withAliases`), without touching the rules.
import type { ColumnSpec } from '../workbook/columns.js';

export const datasetKinds = [
  'minimumLiving',
  'extremePoverty',
  'disability',
  'enrolment',
  'educationSubsidy',
  'medicalInsurance',
  'seriousIllness',
  'housingAppraisal',
  'housingRenovation',
  'death',
  'householdMove',
  'relocation',
  'businessOwnership',
  'vehicleRegistration',
  'publicEmployment',
] as const;
export type DatasetKind = (typeof datasetKinds)[number];

export interface DatasetColumn extends ColumnSpec {
  readonly required: boolean;
}

export interface DatasetSchema {
  readonly kind: DatasetKind;
  /** The department that supplies the file: a `department` code, or marketRegulation / finance (not registry readers). */
  readonly department: string;
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly DatasetColumn[];
}

const col = (key: string, zh: string, kind: ColumnSpec['kind'], required: boolean, aliases: readonly string[] = [], list?: ColumnSpec['list']): DatasetColumn => ({ key, zh, kind, required, aliases, width: 16, ...(list ? { list } : {}) });

const idNumber = col('idNumber', '身份证号', 'idNumber', true, ['公民身份号码', '身份证号码', '证件号码', '身份证', '证件号', '户主身份证号']);
const name = col('name', '姓名', 'text', true, ['人员姓名', '户主姓名', '申请人', '学生姓名', '参保人姓名', '业主姓名', '所有人', '车主']);

const schema = (kind: DatasetKind, department: string, zh: string, en: string, columns: readonly DatasetColumn[]): DatasetSchema => ({ kind, department, zh, en, columns: [idNumber, name, ...columns] });

export const datasetSchemas: { readonly [K in DatasetKind]: DatasetSchema } = {
  minimumLiving: schema('minimumLiving', 'civilAffairs', '低保对象', 'Minimum-living recipients', [
    col('annualAmount', '年度低保金', 'yuan', true, ['低保金', '保障金额', '年保障金额', '全年低保金', '发放金额']),
    col('startDate', '纳入时间', 'date', false, ['纳入低保时间', '审批时间']),
  ]),
  extremePoverty: schema('extremePoverty', 'civilAffairs', '特困供养人员', 'Extreme-poverty support recipients', [
    col('annualAmount', '年度供养金', 'yuan', true, ['供养金', '特困供养金', '五保金', '发放金额']),
  ]),
  disability: schema('disability', 'civilAffairs', '残疾人', 'People with disabilities', [
    col('disabilityType', '残疾类别', 'code', true, ['残疾类型'], 'disabilityType'),
    col('disabilityGrade', '残疾等级', 'text', false, ['等级']),
  ]),
  enrolment: schema('enrolment', 'education', '在校学生', 'Enrolled pupils', [
    col('schoolName', '学校名称', 'text', true, ['就读学校', '学校']),
    col('enrolled', '是否在校', 'bool', true, ['在校状态', '学籍状态']),
  ]),
  educationSubsidy: schema('educationSubsidy', 'education', '教育资助', 'Education subsidies', [
    col('subsidyAmount', '资助金额', 'yuan', true, ['补助金额', '金额']),
    col('subsidyType', '资助项目', 'text', false, ['补助类别', '项目']),
  ]),
  medicalInsurance: schema('medicalInsurance', 'health', '医保参保', 'Medical-insurance enrolment', [
    col('insured', '是否参保', 'bool', true, ['参保状态', '参加城乡居民医保', '参合']),
    col('insuranceType', '险种', 'text', false, ['参保类型', '保险类型']),
  ]),
  seriousIllness: schema('seriousIllness', 'health', '大病救治', 'Serious-illness treatment', [
    col('illness', '病种', 'text', true, ['疾病名称', '大病病种']),
  ]),
  housingAppraisal: schema('housingAppraisal', 'housing', '危房鉴定', 'Housing-safety appraisals', [
    col('housingSafetyGrade', '鉴定等级', 'code', true, ['危房等级', '危房级别', '房屋安全等级'], 'housingSafetyGrade'),
    col('appraisalDate', '鉴定日期', 'date', false, ['鉴定时间']),
  ]),
  housingRenovation: schema('housingRenovation', 'housing', '危房改造', 'Housing renovations', [
    col('renovationYear', '改造年度', 'int', true, ['危改年度', '实施年度']),
    col('completed', '是否竣工', 'bool', true, ['竣工', '是否完工', '完工']),
  ]),
  death: schema('death', 'publicSecurity', '死亡注销', 'Deaths', [
    col('deathDate', '死亡日期', 'date', true, ['注销日期', '死亡时间']),
  ]),
  householdMove: schema('householdMove', 'publicSecurity', '户籍迁移', 'Household-registration moves', [
    col('moveDate', '迁出日期', 'date', true, ['迁移日期']),
    col('destination', '迁往地', 'text', true, ['迁入地', '迁往地址']),
  ]),
  relocation: schema('relocation', 'relocation', '易地扶贫搬迁', 'Relocation', [
    col('settlement', '安置点', 'text', true, ['安置地点', '集中安置点']),
    col('movedIn', '是否入住', 'bool', true, ['已入住', '入住']),
  ]),
  businessOwnership: schema('businessOwnership', 'marketRegulation', '工商登记', 'Business ownership', [
    col('businessName', '企业名称', 'text', true, ['市场主体名称', '个体户名称', '字号名称']),
    col('registeredCapital', '注册资本', 'yuan', false, ['注册资金']),
  ]),
  vehicleRegistration: schema('vehicleRegistration', 'publicSecurity', '机动车登记', 'Vehicle registrations', [
    col('plate', '号牌号码', 'text', true, ['车牌号', '车牌号码']),
    col('vehicleType', '车辆类型', 'text', false, ['车型']),
  ]),
  publicEmployment: schema('publicEmployment', 'finance', '财政供养人员', 'Public employment', [
    col('employer', '工作单位', 'text', true, ['单位名称', '所在单位']),
  ]),
};

export function isDatasetKind(value: string): value is DatasetKind {
  return (datasetKinds as readonly string[]).includes(value);
}

/** The schema with extra header aliases per column key, for the spellings of one county's files. */
export function withAliases(base: DatasetSchema, extra: Readonly<Record<string, readonly string[]>>): DatasetSchema {
  return { ...base, columns: base.columns.map((c) => ({ ...c, aliases: [...c.aliases, ...(extra[c.key] ?? [])] })) };
}

export const datasetKindLabels = Object.fromEntries(datasetKinds.map((k) => [k, { zh: datasetSchemas[k].zh, en: datasetSchemas[k].en, department: datasetSchemas[k].department }])) as Record<DatasetKind, { zh: string; en: string; department: string }>;

/** Column key → column kind, for the table that holds a file of this schema. */
export function columnKinds(schema: DatasetSchema): Record<string, string> {
  return Object.fromEntries(schema.columns.map((c) => [c.key, c.kind]));
}
