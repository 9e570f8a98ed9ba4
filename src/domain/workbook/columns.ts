// The columns of the registry workbooks (户表, 成员表, 收入表): one spec per glossary field, with the
// header officials print and the other names the same column goes by in county and national sheets.
import type { CodeListId } from '../code-lists.js';

export type ColumnKind = 'text' | 'int' | 'decimal' | 'yuan' | 'bool' | 'date' | 'idNumber' | 'code' | 'codes' | 'regionCode';

export interface ColumnSpec {
  /** The glossary identifier (camelCase), or a key of a column that is not a registry field, such as `villageName`. */
  readonly key: string;
  /** The header written on export and in the template. */
  readonly zh: string;
  readonly aliases: readonly string[];
  readonly kind: ColumnKind;
  readonly list?: CodeListId;
  /** Not a registry field: written on export, never stored; the place names are read to find or check the village (place-names.ts). */
  readonly display?: boolean;
  readonly width: number;
}

const c = (key: string, zh: string, kind: ColumnKind, width: number, aliases: readonly string[] = [], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  key,
  zh,
  kind,
  width,
  aliases,
  ...extra,
});

const householdNo = c('householdNo', '户编号', 'text', 22, ['户编码', '贫困户编号', '户号', '家庭编号', '户主编号']);

export const householdColumns: readonly ColumnSpec[] = [
  householdNo,
  c('countyName', '县（区）', 'text', 10, ['县', '区县', '县区', '县市区'], { display: true }),
  c('townName', '乡镇（街道）', 'text', 12, ['乡镇', '乡', '镇', '乡镇街道', '所在乡镇'], { display: true }),
  c('villageName', '村（社区）', 'text', 14, ['村', '行政村', '村社区', '村名称', '所在村'], { display: true }),
  c('villageCode', '村代码', 'regionCode', 15, ['村级区划代码', '行政区划代码', '区划代码', '所在村代码', '村编码']),
  c('headName', '户主姓名', 'text', 10, ['户主'], { display: true }),
  c('memberCount', '家庭人口', 'int', 8, ['家庭人口数', '人口数', '家庭人数'], { display: true }),
  c('identificationStandard', '识别标准', 'code', 10, [], { list: 'identificationStandard' }),
  c('identifiedYear', '识别年度', 'int', 8, ['首次识别年度', '识别年份', '建档年度']),
  c('attribute', '贫困户属性', 'code', 16, ['户属性', '贫困户类型'], { list: 'attribute' }),
  c('mainCause', '主要致贫原因', 'code', 12, ['致贫原因', '主要原因'], { list: 'cause' }),
  c('otherCauses', '其他致贫原因', 'codes', 16, ['次要致贫原因', '其他原因'], { list: 'cause' }),
  c('status', '脱贫状态', 'code', 10, ['贫困户状态', '状态', '脱贫标志'], { list: 'householdStatus' }),
  c('exitYear', '脱贫年度', 'int', 8, ['脱贫年份', '脱贫时间']),
  c('phone', '联系电话', 'text', 13, ['手机号码', '联系方式', '电话号码', '户主电话']),
  c('housingSafetyGrade', '危房级别', 'code', 8, ['危房等级'], { list: 'housingSafetyGrade' }),
  c('housingArea', '住房面积', 'decimal', 9, ['住房面积平方米']),
  c('houseStructure', '房屋结构', 'code', 10, [], { list: 'houseStructure' }),
  c('renovationYear', '危改年度', 'int', 8, ['危房改造年度']),
  c('safeDrinkingWater', '饮水是否安全', 'bool', 8, ['饮水安全', '是否饮水安全']),
  c('drinkingWaterDifficulty', '饮水是否困难', 'bool', 8, ['饮水困难', '是否饮水困难']),
  c('roadType', '入户路类型', 'code', 10, [], { list: 'roadType' }),
  c('distanceToMainRoadKm', '与村主干路距离', 'decimal', 9, ['距村主干路距离', '与村主干道距离']),
  c('hasProductionPower', '是否通生产用电', 'bool', 8, ['通生产用电']),
  c('hasDomesticPower', '是否通生活用电', 'bool', 8, ['通生活用电']),
  c('hasRadioTv', '是否通广播电视', 'bool', 8, ['通广播电视']),
  c('hasSanitaryToilet', '有无卫生厕所', 'bool', 8, ['是否有卫生厕所', '卫生厕所']),
  c('fuelType', '主要燃料类型', 'code', 10, ['燃料类型'], { list: 'fuelType' }),
  c('joinedCooperative', '是否加入农民专业合作社', 'bool', 10, ['加入农民专业合作社', '是否加入合作社']),
  c('arableLandMu', '耕地面积', 'decimal', 8, ['耕地面积亩']),
  c('irrigatedLandMu', '有效灌溉面积', 'decimal', 8, ['有效灌溉面积亩']),
  c('forestLandMu', '林地面积', 'decimal', 8, ['林地面积亩']),
  c('relocationPending', '搬迁新房尚未入住', 'bool', 8, []),
  c('renovationInProgress', '危房改造未完工', 'bool', 8, []),
  c('industryProjectPending', '产业项目尚未见效', 'bool', 8, []),
];

export const memberColumns: readonly ColumnSpec[] = [
  householdNo,
  c('name', '姓名', 'text', 10, ['成员姓名', '人员姓名']),
  c('idNumber', '身份证号', 'idNumber', 21, ['证件号码', '公民身份号码', '身份证号码', '身份证件号码', '证件号', '居民身份证号']),
  c('relation', '与户主关系', 'code', 10, ['与户主的关系', '家庭关系'], { list: 'relation' }),
  c('sex', '性别', 'code', 5, [], { list: 'sex' }),
  c('birthDate', '出生日期', 'date', 11, ['出生年月', '出生年月日']),
  c('ethnicity', '民族', 'code', 8, [], { list: 'ethnicity' }),
  c('education', '文化程度', 'code', 10, ['学历'], { list: 'education' }),
  c('schoolStatus', '在校生状况', 'code', 12, ['在校生情况', '在校情况'], { list: 'schoolStatus' }),
  c('health', '健康状况', 'code', 10, [], { list: 'health' }),
  c('disabilityType', '残疾类别', 'code', 8, ['残疾类型'], { list: 'disabilityType' }),
  c('labourAbility', '劳动技能', 'code', 12, ['劳动能力'], { list: 'labourAbility' }),
  c('workStatus', '务工状况', 'code', 14, ['务工情况'], { list: 'workStatus' }),
  c('workMonths', '务工时间', 'int', 8, ['务工时间月', '务工月数']),
  c('politicalStatus', '政治面貌', 'code', 10, [], { list: 'politicalStatus' }),
  c('speaksMandarin', '是否会讲普通话', 'bool', 8, ['会讲普通话']),
  c('hasResidentMedicalInsurance', '是否参加城乡居民基本医疗保险', 'bool', 10, ['是否参加新农合', '新农合', '城乡居民基本医疗保险', '是否参加城乡居民医疗保险']),
  c('hasEmployeeMedicalInsurance', '是否参加城镇职工基本医疗保险', 'bool', 10, ['城镇职工基本医疗保险']),
  c('hasSeriousIllnessInsurance', '是否参加大病保险', 'bool', 8, ['大病保险']),
  c('hasResidentPension', '是否参加城乡居民基本养老保险', 'bool', 10, ['城乡居民基本养老保险', '是否参加城乡居民养老保险']),
  c('receivesMinimumLiving', '是否享受低保', 'bool', 8, ['享受低保']),
  c('isExtremePoverty', '是否特困供养人员', 'bool', 8, ['特困供养人员', '是否特困供养']),
];

export const incomeColumns: readonly ColumnSpec[] = [
  householdNo,
  c('year', '收入年度', 'int', 8, ['年度', '年份', '收入年份', '统计年度']),
  c('wageIncome', '工资性收入', 'yuan', 11, ['工资性收入元', '工资收入', '务工收入']),
  c('productionIncome', '生产经营性收入', 'yuan', 11, ['生产经营收入', '经营性收入', '家庭经营性收入', '家庭经营收入']),
  c('productionCost', '生产经营性支出', 'yuan', 11, ['生产经营支出', '经营性支出', '生产经营性费用支出', '家庭经营费用支出']),
  c('assetDividendIncome', '资产收益扶贫分红收入', 'yuan', 11, ['资产收益分红收入', '资产收益扶贫分红', '资产收益分红']),
  c('otherPropertyIncome', '其他财产性收入', 'yuan', 11, []),
  c('familyPlanningAllowance', '计划生育金', 'yuan', 10, ['计划生育金收入', '计划生育奖励扶助金']),
  c('minimumLivingAllowance', '低保金', 'yuan', 10, ['低保金收入', '低保收入', '最低生活保障金']),
  c('extremePovertyAllowance', '特困供养金', 'yuan', 10, ['五保金', '五保供养金', '特困供养金收入']),
  c('pensionIncome', '养老保险金', 'yuan', 10, ['养老金', '养老金收入', '养老保险金收入']),
  c('ecoCompensation', '生态补偿金', 'yuan', 10, ['生态补偿金收入', '生态补偿收入', '生态补偿']),
  c('otherTransferIncome', '其他转移性收入', 'yuan', 11, ['其他转移收入']),
  c('expectedIncome', '预期收入', 'yuan', 10, ['预计收入']),
];

export type SheetKind = 'household' | 'member' | 'income' | 'flat';

export const sheetTitles: Record<Exclude<SheetKind, 'flat'>, string> = { household: '户表', member: '成员表', income: '收入表' };

/** Header text as compared: half-width, no spaces, stars, colons or bracketed units. */
export function headerKey(text: string): string {
  return toHalfWidth(text)
    .replace(/[(（【[][^)）】\]]*[)）】\]]/g, '')
    .replace(/[\s*＊:：#№]/g, '')
    .toLowerCase();
}

export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const aliasIndex = new Map<string, ColumnSpec>();
for (const spec of [...householdColumns, ...memberColumns, ...incomeColumns]) {
  for (const name of [spec.zh, ...spec.aliases, spec.key]) {
    const key = headerKey(name);
    if (!aliasIndex.has(key)) aliasIndex.set(key, spec);
  }
}

/** The column a header names, by its printed name or any alias. */
export function matchHeader(text: string): ColumnSpec | undefined {
  const key = headerKey(text);
  return key === '' ? undefined : aliasIndex.get(key);
}

const memberKeys = new Set(['name', 'idNumber', 'relation']);
const householdOnlyKeys = new Set(['attribute', 'mainCause', 'villageCode', 'villageName', 'identificationStandard', 'identifiedYear']);
const incomeKeys = new Set(incomeColumns.filter((s) => s.kind === 'yuan').map((s) => s.key));

/** What a sheet holds, from the columns its header names. */
export function classifySheet(keys: ReadonlySet<string>): SheetKind | null {
  const has = (set: ReadonlySet<string>) => [...set].filter((k) => keys.has(k)).length;
  if (!keys.has('householdNo')) return null;
  if (has(memberKeys) >= 2) return has(householdOnlyKeys) >= 2 ? 'flat' : 'member';
  if (keys.has('year') && has(incomeKeys) >= 2) return 'income';
  if (has(householdOnlyKeys) >= 2) return 'household';
  // A year and one amount (户编号, 收入年度, 工资性收入: a town's wage survey) is an income sheet too;
  // it was skipped as unrecognised, its amounts silently not imported.
  if (keys.has('year') && has(incomeKeys) === 1) return 'income';
  return null;
}

/**
 * Columns that only registry data has: a year of income, an amount, an ID number, a relation to the
 * head, a household-only column. A name or a phone beside 户编号 may be a cadre's (a 帮扶责任人 list).
 */
export function namesRegistryData(keys: ReadonlySet<string>): boolean {
  for (const k of keys) if (k === 'year' || k === 'idNumber' || k === 'relation' || incomeKeys.has(k) || householdOnlyKeys.has(k)) return true;
  return false;
}

/** The specs a sheet of a kind may carry. */
export function specsFor(kind: SheetKind): readonly ColumnSpec[] {
  if (kind === 'household') return householdColumns;
  if (kind === 'member') return memberColumns;
  if (kind === 'income') return incomeColumns;
  return [...householdColumns, ...memberColumns.slice(1)];
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = letters.charAt(r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
