// Registry validation: every error names the field and the fix, Chinese first.
import type { CodeListId } from './code-lists.js';
import { codeLists, isCode } from './code-lists.js';
import { checkIdNumber, normalizeIdInput } from './id-number.js';
import type { HouseholdInput, IncomeComponents, MemberInput } from './registry.js';
import { incomeComponentKeys } from './registry.js';
import { levelOf } from './region-code.js';

export interface FieldError {
  /** e.g. `mainCause`, `members[2].idNumber`, `income.wageIncome` */
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
  readonly fix: string;
  /** The fix in English, for the English UI; plain words, code values and field names as they are. */
  readonly fixEn: string;
}

export interface ValidationContext {
  readonly today: string; // YYYY-MM-DD
}

const firstYear = 2013; // 建档立卡 began in 2013–2014

function error(field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError {
  return { field, message, messageEn, fix, fixEn };
}

/** checkCode for a member's field; the field's path is spelled out only when there is an error. */
function checkMemberCode(errors: FieldError[], index: number, key: string, list: CodeListId, value: string | null, required: boolean): void {
  if (value === null || value === '' ? !required : isCode(list, value)) return;
  checkCode(errors, `members[${index}].${key}`, list, value, required);
}

function checkCode(errors: FieldError[], field: string, list: CodeListId, value: string | null, required: boolean): void {
  if (value === null || value === '') {
    if (required) {
      const { fix, fixEn } = codeFix(field, list);
      errors.push(error(field, `${fieldZh(field)}不能为空`, `${fieldEn(field)} is required`, fix, fixEn));
    }
    return;
  }
  if (!isCode(list, value)) {
    const { fix, fixEn } = codeFix(field, list);
    errors.push(error(field, `${fieldZh(field)}“${value}”不在代码表中`, `${fieldEn(field)} "${value}" is not in the code list`, fix, fixEn));
  }
}

// The value most often left blank: people not in school, or not in paid work, still have a status.
const blankMeans: Partial<Record<CodeListId, { code: string; who: string; whoEn: string }>> = {
  schoolStatus: { code: 'notInSchool', who: '不在校的', whoEn: 'people not in school' },
  workStatus: { code: 'notWorking', who: '没有务工的', whoEn: 'people not in paid work' },
};

/** What people a required code field seems not to concern write (不在校的填“非在校生”), if the list says. */
export function blankHint(list: CodeListId): { zh: string; en: string } | null {
  const blank = blankMeans[list];
  const none = blank && codeLists[list].items.find((i) => i.code === blank.code);
  return blank && none ? { zh: `${blank.who}填“${none.zh}”`, en: `"${none.en}" for ${blank.whoEn}` } : null;
}

/**
 * What to write instead: a short list spelled out, a long one pointed to (the form's drop-down, the
 * import template's 代码表 sheet), and the value for people the field seems not to concern. The
 * list's own name reaches the user, never its identifier.
 */
export function codeFix(field: string, list: CodeListId): { fix: string; fixEn: string } {
  const { items } = codeLists[list];
  const hint = blankHint(list);
  const noneZh = hint ? `；${hint.zh}` : '';
  const noneEn = hint ? `; ${hint.en}` : '';
  if (items.length <= 8) {
    return { fix: `请填写以下之一：${items.map((i) => i.zh).join('、')}${noneZh}`, fixEn: `Enter one of: ${items.map((i) => i.en).join(', ')}${noneEn}` };
  }
  return {
    fix: `请从下拉列表中选择${fieldZh(field)}（共 ${items.length} 项，导入模板的“代码表”工作表列出全部）${noneZh}`,
    fixEn: `Choose the ${fieldEn(field).toLowerCase()} from the drop-down list (${items.length} choices, all on the import template's 代码表 sheet)${noneEn}`,
  };
}

const areaKeys = ['housingArea', 'distanceToMainRoadKm', 'arableLandMu', 'irrigatedLandMu', 'forestLandMu'] as const;

export function validateHouseholdFields(h: HouseholdInput, ctx: ValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  if (!/^[0-9A-Za-z-]{1,32}$/.test(h.householdNo)) {
    errors.push(error('householdNo', '户编号为空或含有非法字符', 'The household number must be 1–32 letters, digits or dashes', '请填写户编号（数字、字母或短横线）', 'Enter the household number (digits, letters or dashes)'));
  }
  if (!/^\d{12}$/.test(h.villageCode) || levelOf(h.villageCode) !== 5) {
    errors.push(error('villageCode', '所在地必须是村级（12 位统计用区划代码，末三位不为 000）', 'The village must be a 12-digit village code', '请选择户籍所在的行政村', 'Choose the administrative village of the household registration'));
  }
  checkCode(errors, 'identificationStandard', 'identificationStandard', h.identificationStandard, true);
  const thisYear = Number(ctx.today.slice(0, 4));
  if (!Number.isInteger(h.identifiedYear) || h.identifiedYear < firstYear || h.identifiedYear > thisYear) {
    errors.push(error('identifiedYear', `识别年度必须在 ${firstYear}–${thisYear} 之间`, `The year identified must be between ${firstYear} and ${thisYear}`, '请填写首次识别的年份', 'Enter the year first identified'));
  }
  checkCode(errors, 'attribute', 'attribute', h.attribute, true);
  checkCode(errors, 'mainCause', 'cause', h.mainCause, true);
  if (h.otherCauses.length > 2) {
    errors.push(error('otherCauses', '次要致贫原因最多两项', 'at most two other causes', '请保留最主要的两项次要原因', 'Keep the two most important other causes'));
  }
  h.otherCauses.forEach((cause, i) => checkCode(errors, `otherCauses[${i}]`, 'cause', cause, true));
  if (h.otherCauses.includes(h.mainCause)) {
    errors.push(error('otherCauses', '次要致贫原因不能与主要致贫原因相同', 'other causes repeat the main cause', '请删除重复的原因', 'Delete the repeated cause'));
  }
  checkCode(errors, 'housingSafetyGrade', 'housingSafetyGrade', h.housingSafetyGrade, false);
  checkCode(errors, 'houseStructure', 'houseStructure', h.houseStructure, false);
  checkCode(errors, 'roadType', 'roadType', h.roadType, false);
  checkCode(errors, 'fuelType', 'fuelType', h.fuelType, false);
  for (const key of areaKeys) {
    const value = h[key];
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      errors.push(error(key, `${fieldZh(key)}不能为负数`, `${fieldEn(key)} must not be negative`, '请填写 0 或正数', 'Enter 0 or a positive number'));
    }
  }
  if (h.phone !== null && h.phone !== '' && !/^1\d{10}$/.test(h.phone)) {
    errors.push(error('phone', '联系电话应为 11 位手机号', 'The phone must be an 11-digit mobile number', '请核对联系电话', 'Check the phone number'));
  }
  return errors;
}

export function validateMember(m: MemberInput, index: number, ctx: ValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  validateMemberInto(errors, m, index, ctx);
  return errors;
}

// Bulk writes validate millions of members: field paths are built only for errors.
function validateMemberInto(errors: FieldError[], m: MemberInput, index: number, ctx: ValidationContext): void {
  const p = (key: string): string => `members[${index}].${key}`;
  if (m.name.trim() === '') errors.push(error(p('name'), '姓名不能为空', 'The name is required', '请填写姓名', 'Enter the name'));
  const id = checkIdNumber(m.idNumber, { today: ctx.today });
  if (!id.valid) {
    errors.push(error(p('idNumber'), `身份证号无效：${id.reason}`, `invalid ID number: ${id.reasonEn}`, id.fix, id.fixEn));
  } else {
    if (m.birthDate !== id.birthDate) {
      errors.push(error(p('birthDate'), '出生日期与身份证号不一致', 'The birth date does not match the ID number', '请按身份证号中的出生日期更正', 'Correct it to the birth date in the ID number'));
    }
    if (m.sex !== id.sex) {
      errors.push(error(p('sex'), '性别与身份证号不一致（第 17 位奇数为男、偶数为女）', 'The sex does not match the ID number', '请按身份证号更正性别', 'Correct the sex to match the ID number'));
    }
  }
  checkMemberCode(errors, index, 'relation', 'relation', m.relation, true);
  checkMemberCode(errors, index, 'sex', 'sex', m.sex, true);
  checkMemberCode(errors, index, 'ethnicity', 'ethnicity', m.ethnicity, true);
  checkMemberCode(errors, index, 'education', 'education', m.education, false);
  checkMemberCode(errors, index, 'schoolStatus', 'schoolStatus', m.schoolStatus, true);
  checkMemberCode(errors, index, 'health', 'health', m.health, true);
  checkMemberCode(errors, index, 'disabilityType', 'disabilityType', m.disabilityType, false);
  checkMemberCode(errors, index, 'labourAbility', 'labourAbility', m.labourAbility, true);
  checkMemberCode(errors, index, 'workStatus', 'workStatus', m.workStatus, true);
  checkMemberCode(errors, index, 'politicalStatus', 'politicalStatus', m.politicalStatus, false);
  if (!Number.isInteger(m.workMonths) || m.workMonths < 0 || m.workMonths > 12) {
    errors.push(error(p('workMonths'), '务工时间应为 0–12 个月', 'Months worked must be 0–12', '请填写本年务工月数', 'Enter the months worked this year'));
  }
}

/** Rules over the whole household: exactly one head, at most one spouse, no ID twice. */
export function validateMembers(members: readonly MemberInput[], ctx: ValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  validateMembersInto(errors, members, ctx);
  return errors;
}

function validateMembersInto(errors: FieldError[], members: readonly MemberInput[], ctx: ValidationContext): void {
  let heads = 0;
  let spouses = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as MemberInput;
    validateMemberInto(errors, m, i, ctx);
    if (m.relation === 'head') heads += 1;
    else if (m.relation === 'spouse') spouses += 1;
  }
  if (members.length === 0) {
    errors.push(error('members', '家庭成员不能为空', 'a household needs members', '请至少登记户主', 'Register at least the head of household'));
    return;
  }
  if (heads !== 1) {
    errors.push(
      heads === 0
        ? error('members', '缺少户主：每户必须有且只有一名户主', 'a household needs exactly one head (has 0)', '请将一名成员的“与户主关系”设为“户主”；若户主那一行的户编号填错（如被 Excel 改成了数字），请先改正该行', "Set one member's relation to head of household; if the head's row has a wrong household number (Excel may have turned it into a number), correct that row first")
        : error('members', `有 ${heads} 名户主：每户只能有一名户主`, `a household needs exactly one head (has ${heads})`, '请只保留一名户主，把其他人的“与户主关系”改为实际关系（如配偶、之子）', "Keep one head of household and change the others' relation to what they are (e.g. spouse, son)"),
    );
  }
  if (spouses > 1) {
    errors.push(error('members', '配偶不能超过一名', 'at most one spouse', '请核对与户主关系', 'Check the relations to the head of household'));
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < members.length; i++) {
    const id = normalizeIdInput((members[i] as MemberInput).idNumber);
    const first = seen.get(id);
    if (first !== undefined) {
      // Named as well as numbered: in a workbook "member 1" is no row the officer can find.
      const name = (members[first] as MemberInput).name.trim();
      errors.push(error(`members[${i}].idNumber`, `与第 ${first + 1} 名成员${name ? `（${name}）` : ''}的身份证号重复`, `duplicates member ${first + 1}'s${name ? ` (${name})` : ''} ID number`, '同一人只能登记一次', 'Register each person only once'));
    } else seen.set(id, i);
  }
}

export function validateHousehold(h: HouseholdInput, members: readonly MemberInput[], ctx: ValidationContext): FieldError[] {
  const errors = validateHouseholdFields(h, ctx);
  validateMembersInto(errors, members, ctx);
  return errors;
}

export function validateIncome(year: number, c: IncomeComponents, ctx: ValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  const thisYear = Number(ctx.today.slice(0, 4));
  if (!Number.isInteger(year) || year < firstYear || year > thisYear) {
    errors.push(error('income.year', `收入年度必须在 ${firstYear}–${thisYear} 之间`, `income year must be ${firstYear}–${thisYear}`, '请填写收入所属年度', 'Enter the year of the income'));
  }
  for (const key of incomeComponentKeys) {
    const value = c[key];
    if (!Number.isInteger(value) || value < 0) {
      errors.push(error(`income.${key}`, `${fieldZh(key)}不能为负数或非整数分`, `${fieldEn(key)} must be a non-negative amount`, '请填写 0 或正数金额（元，最多两位小数）', 'Enter 0 or a positive amount (yuan, at most two decimals)'));
    }
  }
  return errors;
}

const zh = {
  identificationStandard: '识别标准',
  attribute: '贫困户属性',
  mainCause: '主要致贫原因',
  housingSafetyGrade: '危房级别',
  houseStructure: '房屋结构',
  roadType: '入户路类型',
  fuelType: '主要燃料类型',
  housingArea: '住房面积',
  distanceToMainRoadKm: '与村主干路距离',
  arableLandMu: '耕地面积',
  irrigatedLandMu: '有效灌溉面积',
  forestLandMu: '林地面积',
  relation: '与户主关系',
  sex: '性别',
  ethnicity: '民族',
  education: '文化程度',
  schoolStatus: '在校生状况',
  health: '健康状况',
  disabilityType: '残疾类别',
  labourAbility: '劳动技能',
  workStatus: '务工状况',
  politicalStatus: '政治面貌',
  wageIncome: '工资性收入',
  productionIncome: '生产经营性收入',
  productionCost: '生产经营性支出',
  assetDividendIncome: '资产收益分红收入',
  otherPropertyIncome: '其他财产性收入',
  familyPlanningAllowance: '计划生育金',
  minimumLivingAllowance: '低保金',
  extremePovertyAllowance: '特困供养金',
  pensionIncome: '养老保险金',
  ecoCompensation: '生态补偿金',
  otherTransferIncome: '其他转移性收入',
  expectedIncome: '预期收入',
};

/** English labels of the same fields, as the workbench's English pages name them. */
const en: Record<keyof typeof zh, string> = {
  identificationStandard: 'Identification standard',
  attribute: 'Household attribute',
  mainCause: 'Main cause of poverty',
  housingSafetyGrade: 'Housing safety grade',
  houseStructure: 'House structure',
  roadType: 'Road to the house',
  fuelType: 'Main fuel',
  housingArea: 'Housing area',
  distanceToMainRoadKm: 'Distance to the village main road',
  arableLandMu: 'Arable land',
  irrigatedLandMu: 'Irrigated land',
  forestLandMu: 'Forest land',
  relation: 'Relation to the head',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  education: 'Education',
  schoolStatus: 'School status',
  health: 'Health',
  disabilityType: 'Disability type',
  labourAbility: 'Labour ability',
  workStatus: 'Work status',
  politicalStatus: 'Political status',
  wageIncome: 'Wage income',
  productionIncome: 'Production income',
  productionCost: 'Production cost',
  assetDividendIncome: 'Asset dividend income',
  otherPropertyIncome: 'Other property income',
  familyPlanningAllowance: 'Family planning allowance',
  minimumLivingAllowance: 'Minimum living allowance (低保金)',
  extremePovertyAllowance: 'Extreme poverty support (特困供养金)',
  pensionIncome: 'Pension income',
  ecoCompensation: 'Ecological compensation',
  otherTransferIncome: 'Other transfer income',
  expectedIncome: 'Expected income',
};

const fieldKey = (field: string): string => field.replace(/^.*\./, '').replace(/\[\d+\]$/, '');

/** The Chinese label of a field path such as `members[1].sex`. */
export function fieldZh(field: string): string {
  const key = fieldKey(field);
  return (zh as Record<string, string>)[key] ?? key;
}

/** The English label of a field path such as `members[1].sex`. */
export function fieldEn(field: string): string {
  const key = fieldKey(field);
  return (en as Record<string, string>)[key] ?? key;
}
