// A problem list as officials keep it in a workbook: one row per task, problem columns repeated
// or left blank on the continuation rows of the same problem number. Pure: cells in, problems out.
import { resolveCode } from '../code-lists.js';
import { normalizeRegionCode } from '../region-code.js';
import type { FieldError } from '../validate.js';
import { resolveRectificationCode } from './code-lists.js';
import { validateProblem, validateTask, type ProblemContext, type ProblemInput, type TaskInput } from './validate.js';

type Column = 'problemNo' | 'scope' | 'unitRegion' | 'unitDepartment' | 'appliesLevel' | 'category' | 'description' | 'deadline' | 'measure' | 'leadUnit' | 'responsibleLeader' | 'responsiblePerson' | 'cooperatingUnits' | 'taskDeadline' | 'durationDays';

/** Headers in the order of the template; each column also accepts its identifier as header. */
export const workbookColumns: readonly (readonly [Column, string])[] = [
  ['problemNo', '问题编号'],
  ['scope', '问题范围'],
  ['unitRegion', '责任单位代码'],
  ['unitDepartment', '责任部门'],
  ['appliesLevel', '适用层级'],
  ['category', '问题类别'],
  ['description', '问题描述'],
  ['deadline', '整改时限'],
  ['measure', '整改措施'],
  ['leadUnit', '牵头单位'],
  ['responsibleLeader', '责任领导'],
  ['responsiblePerson', '责任人'],
  ['cooperatingUnits', '配合单位'],
  ['taskDeadline', '任务时限'],
  ['durationDays', '工期天数'],
];

const required: readonly Column[] = ['problemNo', 'unitRegion', 'category', 'description'];

export interface ParsedProblem {
  readonly row: number;
  readonly input: ProblemInput;
}

/** Normalises the date forms people type (2017/9/30, 2017.9.30, 2017年9月30日) to YYYY-MM-DD. */
export function normalizeDateText(text: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!m) return text.trim();
  return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
}

function at(field: string, row: number, err: FieldError): FieldError {
  return { ...err, field: `rows[${row}].${field}`, message: `第 ${row} 行：${err.message}`, messageEn: `row ${row}: ${err.messageEn}` };
}

/**
 * Rows → problems, all or nothing: returns every row-level error, or the problems. `rows[0]` is
 * the header; row numbers in errors are the spreadsheet's (the header is row 1).
 */
export function parseProblemRows(rows: readonly (readonly string[])[], ctx: ProblemContext): { problems: ParsedProblem[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const header = (rows[0] ?? []).map((h) => h.trim());
  const index = new Map<Column, number>();
  for (const [key, zh] of workbookColumns) {
    const i = header.findIndex((h) => h === zh || h === key);
    if (i >= 0) index.set(key, i);
  }
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const names = missing.map((c) => workbookColumns.find(([k]) => k === c)?.[1] ?? c);
    return { problems: [], errors: [{ field: 'header', message: `第 1 行（表头）缺少列：${names.join('、')}`, messageEn: `missing columns: ${missing.join(', ')}`, fix: `请使用模板表头：${workbookColumns.map(([, zh]) => zh).join('、')}`, fixEn: `Use the template headers: ${workbookColumns.map(([, zh]) => zh).join(', ')}` }] };
  }
  const cell = (r: readonly string[], c: Column): string => {
    const i = index.get(c);
    return i === undefined ? '' : (r[i] ?? '').trim();
  };
  const byNo = new Map<string, { row: number; base: Omit<ProblemInput, 'tasks'>; tasks: { row: number; task: TaskInput }[] }>();
  rows.slice(1).forEach((r, k) => {
    const row = k + 2;
    if (r.every((v) => v.trim() === '')) return;
    const no = cell(r, 'problemNo');
    if (no === '') {
      errors.push(at('problemNo', row, { field: '', message: '问题编号为空', messageEn: 'The problem number is empty', fix: '同一问题的多项任务请重复填写问题编号', fixEn: "Repeat the problem number on each row of the same problem's tasks" }));
      return;
    }
    let entry = byNo.get(no);
    if (!entry) {
      const scopeText = cell(r, 'scope');
      const scope = scopeText === '' || scopeText === '个性' ? 'specific' : scopeText === '共性' ? 'common' : resolveRectificationCode('problemScope', scopeText);
      const unitText = cell(r, 'unitRegion');
      const deptText = cell(r, 'unitDepartment');
      const dept = deptText === '' ? null : (resolveCode('department', deptText) ?? deptText);
      const levelText = cell(r, 'appliesLevel');
      const categoryText = cell(r, 'category');
      const deadlineText = cell(r, 'deadline');
      if (scope !== 'common' && scope !== 'specific') {
        errors.push(at('scope', row, { field: '', message: `问题范围“${scopeText}”无法识别`, messageEn: 'unknown scope', fix: '请填写“共性”或“个性”', fixEn: 'Enter 共性 (common) or 个性 (specific)' }));
        return;
      }
      entry = {
        row,
        base: {
          problemNo: no,
          scope,
          unitRegion: unitText === '' ? null : (normalizeRegionCode(unitText) ?? unitText),
          unitDepartment: dept,
          appliesLevel: scope === 'common' ? (levelText === '' ? 3 : Number(levelText)) : null,
          category: resolveRectificationCode('problemCategory', categoryText) ?? categoryText,
          description: cell(r, 'description'),
          deadline: deadlineText === '' ? null : normalizeDateText(deadlineText),
        },
        tasks: [],
      };
      byNo.set(no, entry);
    } else if (cell(r, 'description') !== '' && cell(r, 'description') !== entry.base.description) {
      errors.push(at('problemNo', row, { field: '', message: `问题编号“${no}”与第 ${entry.row} 行重复，但问题描述不同`, messageEn: `problemNo ${no} repeats row ${entry.row} with another description`, fix: '同一问题的续行请保持描述一致或留空；不同问题请用不同编号', fixEn: 'Keep the description the same or blank on continuation rows; use different numbers for different problems' }));
      return;
    }
    const measure = cell(r, 'measure');
    if (measure !== '') {
      const daysText = cell(r, 'durationDays');
      const taskDeadline = cell(r, 'taskDeadline');
      entry.tasks.push({
        row,
        task: {
          measure,
          leadUnit: cell(r, 'leadUnit'),
          responsibleLeader: cell(r, 'responsibleLeader'),
          responsiblePerson: cell(r, 'responsiblePerson'),
          cooperatingUnits: cell(r, 'cooperatingUnits'),
          deadline: taskDeadline === '' ? null : normalizeDateText(taskDeadline),
          durationDays: daysText === '' ? null : Number(daysText),
        },
      });
    }
  });
  const problems: ParsedProblem[] = [];
  for (const { row, base, tasks } of byNo.values()) {
    const input: ProblemInput = { ...base, tasks: tasks.map((t) => t.task) };
    for (const err of validateProblem({ ...input, tasks: [] }, ctx)) errors.push(at(err.field, row, err));
    const deadline = input.deadline ?? ctx.batch.finalDeadline;
    for (const t of tasks) for (const err of validateTask(t.task, deadline, ctx.today)) errors.push(at(err.field, t.row, err));
    problems.push({ row, input });
  }
  return { problems, errors };
}
