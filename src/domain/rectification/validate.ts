// Validation of batches, problems and tasks (三单: problem, task, responsibility). Every error
// names the field and the fix, Chinese first; the caller prefixes fields with the row.
import { isCode } from '../code-lists.js';
import { isInSubtree, levelOf } from '../region-code.js';
import type { FieldError } from '../validate.js';
import { isRectificationCode } from './code-lists.js';
import { backwardSchedule, isDate } from './schedule.js';

export interface BatchInput {
  readonly name: string;
  readonly source: string;
  readonly assigningRegion: string;
  readonly assigningDepartment: string | null;
  readonly finalDeadline: string;
  /** Days after a close when the recheck (回头看) falls due. */
  readonly recheckDays: number;
}

export interface TaskInput {
  readonly measure: string;
  readonly leadUnit: string;
  readonly responsibleLeader: string;
  readonly responsiblePerson: string;
  readonly cooperatingUnits: string;
  /** Either a deadline, or a duration for backward scheduling from the problem's deadline. */
  readonly deadline: string | null;
  readonly durationDays: number | null;
}

export interface ProblemInput {
  readonly problemNo: string;
  readonly scope: 'common' | 'specific';
  readonly unitRegion: string | null;
  readonly unitDepartment: string | null;
  /** For a common problem: the level of the units that inherit it (3 county by default). */
  readonly appliesLevel: number | null;
  readonly category: string;
  readonly description: string;
  readonly deadline: string | null;
  readonly tasks: readonly TaskInput[];
}

const e = (field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError => ({ field, message, messageEn, fix, fixEn });

export function validateBatch(b: BatchInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (b.name.trim() === '' || b.name.length > 200) errors.push(e('name', '批次名称不能为空（最多 200 字）', 'name is required (≤ 200 characters)', '例如“2017 年第三季度省级交叉检查反馈问题”', 'For example "2017 Q3 provincial cross-check findings"'));
  if (!isRectificationCode('problemSource', b.source)) errors.push(e('source', `问题来源“${b.source}”不在代码表中`, 'unknown source', '请从“问题来源”代码表中选择，如交叉检查、审计、暗访', 'Choose from the problemSource code list, e.g. cross-check, audit, unannounced visit'));
  if (!/^\d{12}$/.test(b.assigningRegion)) errors.push(e('assigningRegion', '交办单位必须是 12 位区划代码', 'The assigning region must be a 12-digit region code', '请选择交办问题的地区', 'Choose the region that assigns the problems'));
  if (b.assigningDepartment !== null && !isCode('department', b.assigningDepartment)) errors.push(e('assigningDepartment', `部门“${b.assigningDepartment}”不在代码表中`, 'unknown department', '请从“行业部门”代码表中选择', 'Choose from the department code list'));
  if (!isDate(b.finalDeadline)) errors.push(e('finalDeadline', '整改总时限不是有效日期', 'The final deadline is not a date', '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD'));
  else if (b.finalDeadline < today) errors.push(e('finalDeadline', `整改总时限 ${b.finalDeadline} 早于今天（${today}）`, 'The final deadline is before today', '时限不能早于交办日期，请填写今后的日期', 'The deadline cannot be before the assignment date: enter a future date'));
  if (!Number.isInteger(b.recheckDays) || b.recheckDays < 1 || b.recheckDays > 730) errors.push(e('recheckDays', '回头看间隔应为 1–730 天', 'Days to recheck must be 1–730', '常用 90 天', 'Usually 90 days'));
  return errors;
}

export interface ProblemContext {
  readonly today: string;
  readonly batch: BatchInput;
}

/** Checks one problem with its tasks; `p` prefixes the field names (`rows[3].`, `problems[0].`). */
export function validateProblem(input: ProblemInput, ctx: ProblemContext, p = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (!/^[0-9A-Za-z._\-/（）()\u4e00-\u9fa5]{1,40}$/.test(input.problemNo)) errors.push(e(`${p}problemNo`, '问题编号为空或含有非法字符（最多 40 字）', 'The problem number is required (at most 40 characters)', '请填写问题编号，如“省-01”“HB-12”', 'Enter the problem number, e.g. 省-01 or HB-12'));
  if (input.scope !== 'common' && input.scope !== 'specific') errors.push(e(`${p}scope`, '问题范围只能是共性问题或个性问题', 'scope must be common or specific', '请填写“共性”或“个性”', 'Enter 共性 (common) or 个性 (specific)'));
  if (input.unitRegion === null || input.unitRegion === '') {
    errors.push(e(`${p}unitRegion`, '没有责任单位：每个问题都必须明确责任单位', 'no responsible unit', '请填写责任单位的区划代码（共性问题填省或市的代码）', 'Enter the region code of the responsible unit (a province or city code for common problems)'));
  } else if (!/^\d{12}$/.test(input.unitRegion)) {
    errors.push(e(`${p}unitRegion`, `责任单位代码“${input.unitRegion}”不是有效的区划代码`, 'The responsible unit\'s region is not a region code', '请填写 2、4、6、9 或 12 位区划代码', 'Enter a 2, 4, 6, 9 or 12-digit region code'));
  } else if (!isInSubtree(input.unitRegion, ctx.batch.assigningRegion)) {
    errors.push(e(`${p}unitRegion`, `责任单位 ${input.unitRegion} 不在交办单位 ${ctx.batch.assigningRegion} 的管辖范围内`, 'The responsible unit\'s region is outside the assigning region', '只能向本级及下级单位交办问题', 'Problems can be assigned only to this level and below'));
  } else if (input.scope === 'common') {
    const level = levelOf(input.unitRegion);
    const applies = input.appliesLevel ?? 3;
    if (level > 2) errors.push(e(`${p}unitRegion`, '共性问题的范围必须是省或市', 'a common problem belongs to a province or city', '县以下的问题请作为个性问题交办给具体单位', 'Assign problems below county level as specific problems to the unit concerned'));
    else if (!Number.isInteger(applies) || applies <= level || applies > 5) errors.push(e(`${p}appliesLevel`, '共性问题的适用层级必须低于其所属地区', 'The level it applies to must be below the problem’s region', '通常为 3（适用于每个县区）', 'Usually 3 (each county)'));
  }
  if (input.scope === 'specific' && input.appliesLevel !== null) errors.push(e(`${p}appliesLevel`, '个性问题不设适用层级', 'a specific problem has no appliesLevel', '请清空适用层级，或改为共性问题', 'Clear the applies level, or make it a common problem'));
  if (input.unitDepartment !== null && !isCode('department', input.unitDepartment)) errors.push(e(`${p}unitDepartment`, `责任部门“${input.unitDepartment}”不在代码表中`, 'unknown department', '请从“行业部门”代码表中选择，或留空表示地区本身', 'Choose from the department code list, or leave blank for the region itself'));
  if (!isRectificationCode('problemCategory', input.category)) errors.push(e(`${p}category`, `问题类别“${input.category}”不在代码表中`, 'unknown category', '请从“问题类别”代码表中选择', 'Choose from the problemCategory code list'));
  if (input.description.trim() === '' || input.description.length > 2000) errors.push(e(`${p}description`, '问题描述不能为空（最多 2000 字）', 'description is required (≤ 2000 characters)', '请写明问题的具体表现', 'Describe the problem as found'));
  const deadline = input.deadline ?? ctx.batch.finalDeadline;
  if (!isDate(deadline)) errors.push(e(`${p}deadline`, '整改时限不是有效日期', 'deadline is not a date', '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD'));
  else if (deadline < ctx.today) errors.push(e(`${p}deadline`, `整改时限 ${deadline} 早于问题交办日期 ${ctx.today}`, 'the deadline is before the problem was created', '时限必须在交办日期之后', 'The deadline must be after the assignment date'));
  input.tasks.forEach((t, i) => errors.push(...validateTask(t, deadline, ctx.today, `${p}tasks[${i}].`)));
  return errors;
}

export function validateTask(t: TaskInput, problemDeadline: string, today: string, p = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (t.measure.trim() === '' || t.measure.length > 2000) errors.push(e(`${p}measure`, '整改措施不能为空（最多 2000 字）', 'measure is required', '请写明整改措施', 'Describe the rectification measure'));
  if (t.leadUnit.trim() === '') errors.push(e(`${p}leadUnit`, '任务没有牵头单位', 'no lead unit', '请填写牵头单位（责任清单）', 'Enter the lead unit (responsibility list)'));
  if (t.responsiblePerson.trim() === '') errors.push(e(`${p}responsiblePerson`, '任务没有责任人', 'no responsible person', '请填写具体责任人', 'Enter the person responsible'));
  if (t.deadline !== null) {
    if (!isDate(t.deadline)) errors.push(e(`${p}deadline`, '任务时限不是有效日期', 'deadline is not a date', '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD'));
    else if (t.deadline < today) errors.push(e(`${p}deadline`, `任务时限 ${t.deadline} 早于交办日期 ${today}`, 'the task deadline is before its creation', '时限必须在交办日期之后', 'The deadline must be after the assignment date'));
    else if (isDate(problemDeadline) && t.deadline > problemDeadline) errors.push(e(`${p}deadline`, `任务时限 ${t.deadline} 晚于问题整改时限 ${problemDeadline}`, 'the task ends after its problem', '请把任务时限提前，或延长问题时限', 'Bring the task deadline forward, or extend the problem deadline'));
  }
  if (t.durationDays !== null && (!Number.isInteger(t.durationDays) || t.durationDays < 0 || t.durationDays > 730)) errors.push(e(`${p}durationDays`, '工期应为 0–730 天', 'Days to complete must be 0–730', '请填写完成该任务需要的天数', 'Enter the days the task needs'));
  return errors;
}

/** Deadlines of a problem's tasks: explicit ones stay, the others are scheduled backwards (倒排工期). */
export function resolveTaskDeadlines(problemDeadline: string, tasks: readonly TaskInput[]): string[] {
  const plan = backwardSchedule(problemDeadline, tasks.map((t, i) => ({ name: String(i), days: t.durationDays ?? 0 })));
  return tasks.map((t, i) => t.deadline ?? plan.deadlines[i] ?? problemDeadline);
}
