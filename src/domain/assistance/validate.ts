// Checks on assistance input: each error names the field and the fix, Chinese first. Pure: the
// use case passes what it looked up (the pairing, the cadre's load, the catalogue, today).
import type { FieldError } from '../validate.js';
import { isOneOf, leadLevels, memberRoles, planStatuses, visitPurposes, type Measure } from './catalogue.js';

const err = (field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError => ({ field, message, messageEn, fix, fixEn });
const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function checkDate(errors: FieldError[], field: string, value: string, today: string, zh: string): void {
  if (!isDate(value)) errors.push(err(field, `${zh}“${value}”不是有效日期`, `${field} is not a valid date`, '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD'));
  else if (value > today) errors.push(err(field, `${zh} ${value} 晚于今天（${today}）`, `${field} is in the future`, '请填写已经发生的日期', 'Enter a date that has already passed'));
}

function checkText(errors: FieldError[], field: string, value: string, zh: string, max: number, required = true): void {
  if (required && value.trim() === '') errors.push(err(field, `${zh}不能为空`, `${field} is required`, `请填写${zh}`, `Enter ${field}`));
  if (value.length > max) errors.push(err(field, `${zh}超过 ${max} 个字符`, `${field} is longer than ${max}`, '请精简', 'Shorten it'));
}

export interface CadreInput {
  readonly name: string;
  readonly unitId: number;
  readonly phone: string | null;
  readonly position: string | null;
  readonly regionCode: string;
  readonly cap: number;
  readonly username: string | null;
}

export function validateCadre(c: CadreInput): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'name', c.name, '姓名', 40);
  if (c.phone !== null && !/^[0-9+\- ]{5,20}$/.test(c.phone)) errors.push(err('phone', `联系电话“${c.phone}”无效`, 'invalid phone', '请填写手机号或座机号', 'Enter a mobile or landline number'));
  if (!/^\d{12}$/.test(c.regionCode)) errors.push(err('regionCode', '所属区划代码应为 12 位数字', 'The region code must be 12 digits', '请填写管理该干部的县或乡镇代码', 'Enter the code of the county or town that manages the cadre'));
  if (!Number.isInteger(c.cap) || c.cap < 1 || c.cap > 50) errors.push(err('cap', `包户上限 ${c.cap} 无效`, 'cap must be 1–50', '请填写 1 至 50 之间的整数', 'Enter a whole number from 1 to 50'));
  return errors;
}

export interface PairingCheck {
  readonly from: string;
  readonly today: string;
  /** Households the cadre is responsible for on `from`, not counting this one. */
  readonly currentLoad: number;
  readonly cap: number;
  readonly cadreName: string;
  /** The household already has an open pairing with this cadre. */
  readonly alreadyPaired: boolean;
  readonly householdStatus: string;
}

export function validatePairing(p: PairingCheck): FieldError[] {
  const errors: FieldError[] = [];
  checkDate(errors, 'from', p.from, p.today, '结对开始日期');
  if (p.alreadyPaired) errors.push(err('householdId', '该户已与该干部结对', 'already paired with this cadre', '无需重复结对', 'Already paired; nothing to do'));
  if (p.householdStatus === 'removed') errors.push(err('householdId', '该户已自然减少，不能结对帮扶', 'household was removed', '请选择在册户', 'Choose a registered household'));
  if (p.currentLoad + 1 > p.cap) errors.push(err('cadreId', `${p.cadreName} 已包 ${p.currentLoad} 户，达到上限 ${p.cap} 户`, `cadre is at the cap of ${p.cap} households`, '请先解除其他结对，或调整该干部的包户上限，或改派其他干部', "End other pairings, raise the cadre's household cap, or assign another cadre"));
  return errors;
}

export interface AssignmentInput {
  readonly from: string;
  readonly today: string;
}

export function validateMember(role: string, a: AssignmentInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!isOneOf(memberRoles, role)) errors.push(err('role', `角色“${role}”无效`, 'unknown role', `请选择：${memberRoles.map((r) => `${r.code}（${r.zh}）`).join('、')}`, `Choose one of: ${memberRoles.map((r) => r.code).join(', ')}`));
  checkDate(errors, 'from', a.from, a.today, '开始日期');
  return errors;
}

export function validateLead(level: string, a: AssignmentInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!isOneOf(leadLevels, level)) errors.push(err('level', `包抓层级“${level}”无效`, 'unknown level', '请选择 county（县级）或 town（乡镇）', 'Choose county or town'));
  checkDate(errors, 'from', a.from, a.today, '开始日期');
  return errors;
}

export function validateEnd(from: string, to: string, today: string): FieldError[] {
  const errors: FieldError[] = [];
  checkDate(errors, 'to', to, today, '结束日期');
  if (isDate(to) && to < from) errors.push(err('to', `结束日期 ${to} 早于开始日期 ${from}`, 'end before start', '请核对日期', 'Check the dates'));
  return errors;
}

export interface FollowUpInput {
  readonly text: string;
  readonly due: string;
}

export interface VisitInput {
  readonly householdId: number;
  readonly cadreId: number;
  readonly date: string;
  readonly purpose: string;
  readonly findings: string;
  readonly followUps: readonly FollowUpInput[];
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface VisitContext {
  readonly today: string;
  /** The periods this cadre was responsible for the household; empty when never paired. */
  readonly pairings: readonly { readonly from: string; readonly to: string | null }[];
}

export function validateVisit(v: VisitInput, ctx: VisitContext): FieldError[] {
  const errors: FieldError[] = [];
  checkDate(errors, 'date', v.date, ctx.today, '走访日期');
  if (!isOneOf(visitPurposes, v.purpose)) errors.push(err('purpose', `走访事由“${v.purpose}”无效`, 'unknown purpose', `请选择：${visitPurposes.map((p) => `${p.code}（${p.zh}）`).join('、')}`, `Choose one of: ${visitPurposes.map((p) => p.code).join(', ')}`));
  checkText(errors, 'findings', v.findings, '走访情况', 2000, false);
  if (ctx.pairings.length === 0) errors.push(err('cadreId', '该干部未与该户结对，不能登记走访', 'cadre is not paired with the household', '请先结对，或由该户的帮扶责任人登记', "Pair them first, or have the household's assigned cadre record the visit"));
  else if (isDate(v.date) && !ctx.pairings.some((p) => p.from <= v.date && (p.to === null || v.date <= p.to))) {
    const first = ctx.pairings.map((p) => p.from).sort()[0] ?? '';
    errors.push(err('date', v.date < first ? `走访日期 ${v.date} 早于结对开始日期 ${first}` : `走访日期 ${v.date} 不在结对期间内`, 'visit date outside the pairing', '请核对走访日期', 'Check the visit date'));
  }
  if ((v.latitude === null) !== (v.longitude === null)) errors.push(err('latitude', '位置需同时填写纬度和经度', 'latitude and longitude go together', '请同时填写或都不填', 'Enter both or neither'));
  if (v.latitude !== null && (v.latitude < 3 || v.latitude > 54)) errors.push(err('latitude', `纬度 ${v.latitude} 不在中国境内`, 'latitude out of range', '请检查定位', 'Check the location'));
  if (v.longitude !== null && (v.longitude < 73 || v.longitude > 136)) errors.push(err('longitude', `经度 ${v.longitude} 不在中国境内`, 'longitude out of range', '请检查定位', 'Check the location'));
  v.followUps.forEach((f, i) => {
    checkText(errors, `followUps[${i}].text`, f.text, '待办事项', 500);
    if (!isDate(f.due)) errors.push(err(`followUps[${i}].due`, `办理期限“${f.due}”不是有效日期`, 'invalid due date', '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD'));
    else if (isDate(v.date) && f.due < v.date) errors.push(err(`followUps[${i}].due`, `办理期限 ${f.due} 早于走访日期`, 'due before the visit', '请填写走访之后的日期', 'Enter a date after the visit'));
  });
  return errors;
}

export interface PlanMeasureInput {
  readonly measure: string;
  readonly amountFen: number;
  readonly status: string;
  readonly note: string;
}

export interface PlanInput {
  readonly householdId: number;
  readonly year: number;
  readonly measures: readonly PlanMeasureInput[];
}

/**
 * `kept` holds the measures of the plan as saved before this edit: a measure retired since stays
 * valid there (the help was given), but may not be added to a plan anew.
 */
export function validatePlan(p: PlanInput, catalogue: ReadonlyMap<string, Measure>, currentYear: number, kept: ReadonlySet<string> = new Set()): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isInteger(p.year) || p.year < 2014 || p.year > currentYear + 1) errors.push(err('year', `计划年度 ${p.year} 无效`, 'invalid year', `请填写 2014 至 ${currentYear + 1} 之间的年度`, `Enter a year from 2014 to ${currentYear + 1}`));
  const seen = new Set<string>();
  p.measures.forEach((x, i) => {
    const f = `measures[${i}]`;
    const known = catalogue.get(x.measure);
    if (!known) errors.push(err(`${f}.measure`, `帮扶措施“${x.measure}”不存在`, `measure ${x.measure} does not exist`, '请从帮扶措施目录中选择（jingzhun assistance measures 列出全部）', 'Choose from the measure catalogue (jingzhun assistance measures lists them)'));
    else if (!known.active && !kept.has(x.measure)) errors.push(err(`${f}.measure`, `帮扶措施“${known.zh}”（${x.measure}）已停用，不能新加入计划`, `measure ${x.measure} is retired and cannot be added to a plan`, '请选择目录中未停用的措施；已在计划中的停用措施可以保留', 'Choose an active measure; retired measures already in the plan may stay'));
    if (seen.has(x.measure)) errors.push(err(`${f}.measure`, `帮扶措施“${x.measure}”重复`, 'duplicate measure', '同一措施只填一次，金额合并', 'Give each measure once, with the amounts added together'));
    seen.add(x.measure);
    if (!Number.isInteger(x.amountFen) || x.amountFen < 0 || x.amountFen > 1_000_000_000) errors.push(err(`${f}.amount`, '金额无效', 'invalid amount', '请填写 0 至 1000 万元之间的金额', 'Enter an amount from 0 to 10 million yuan'));
    if (!isOneOf(planStatuses, x.status)) errors.push(err(`${f}.status`, `落实状态“${x.status}”无效`, 'unknown status', '请选择 planned、inProgress 或 done', 'Choose planned, inProgress or done'));
    checkText(errors, `${f}.note`, x.note, '备注', 500, false);
  });
  return errors;
}

export { isDate };
