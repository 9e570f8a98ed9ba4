// Scoring input problems as the validation errors every other feature answers with: a field that
// names the line, unit and component, the Chinese message first, and what to do about it.
import type { IssueCode, ScoringIssue } from '../domain/scoring/issues.js';
import { ScoringInputError } from '../domain/scoring/issues.js';
import type { FieldError } from '../domain/validate.js';
import { ValidationFailed } from './errors.js';

const fixes: Record<IssueCode, string> = {
  syntax: '请检查文件格式（另存为 xlsx 或 UTF-8 CSV 后重试）',
  field: '请补齐或更正该字段',
  duplicateId: '每个标识和名称只能用一次',
  unknownReference: '请改为方案中已有的标识',
  weights: '调整权重使其之和为 1',
  period: '按方案的考核周期填写期间，如 2017-Q3',
  schemeMismatch: '请选择得分表对应的考核方案',
  noScores: '请检查期间列或所选期间',
  missingUnit: '补上该单位本期的得分行',
  unknownUnit: '删除该行，或先在方案的考核单位名单中加入该单位',
  duplicateUnit: '每个单位每期只填一行',
  missingScore: '填写该考核项的得分',
  invalidNumber: '填写数字，最多两位小数',
  aboveMax: '改为不超过满分的分值',
  negative: '得分不能为负；扣分项也填正数',
  aboveCap: '改为不超过上限的分值',
  unknownItem: '删除该列或该值，或改为方案中的考核项名称',
};

const fixesEn: Record<IssueCode, string> = {
  syntax: 'Check the file format (save as xlsx or UTF-8 CSV and try again)',
  field: 'Fill in or correct the field',
  duplicateId: 'Use each id and name only once',
  unknownReference: 'Use an id that exists in the scheme',
  weights: 'Adjust the weights so they add up to 1',
  period: "Enter the period by the scheme's cycle, e.g. 2017-Q3",
  schemeMismatch: 'Choose the scheme the score sheet belongs to',
  noScores: 'Check the period column or the chosen period',
  missingUnit: "Add the unit's score row for this period",
  unknownUnit: "Delete the row, or add the unit to the scheme's list of units first",
  duplicateUnit: 'One row per unit per period',
  missingScore: 'Enter the score of this item',
  invalidNumber: 'Enter a number with at most two decimals',
  aboveMax: 'Enter a score no higher than the full mark',
  negative: 'Scores cannot be negative; enter deductions as positive numbers too',
  aboveCap: 'Enter a score no higher than the cap',
  unknownItem: 'Delete the column or value, or use an item name from the scheme',
};

export type ScoringFieldError = FieldError & Pick<ScoringIssue, 'code' | 'line' | 'unitId' | 'unitName' | 'component'>;

export function issueToFieldError(issue: ScoringIssue): ScoringFieldError {
  const where = [issue.line === undefined ? null : `第 ${issue.line} 行`, issue.unitId ?? null, issue.component ?? null].filter((x): x is string => x !== null && x !== '');
  return {
    field: where.length > 0 ? where.join(' / ') : issue.path ?? issue.file ?? 'file',
    message: issue.message,
    messageEn: issue.messageEn,
    fix: fixes[issue.code],
    fixEn: fixesEn[issue.code],
    code: issue.code,
    ...(issue.line === undefined ? {} : { line: issue.line }),
    ...(issue.unitId === undefined ? {} : { unitId: issue.unitId }),
    ...(issue.unitName === undefined ? {} : { unitName: issue.unitName }),
    ...(issue.component === undefined ? {} : { component: issue.component }),
  };
}

export function failWith(issues: readonly ScoringIssue[]): never {
  throw new ValidationFailed(issues.map(issueToFieldError));
}

/** Runs `fn`, turning scoring input errors into ValidationFailed (HTTP 422, CLI exit 1). */
export async function asValidation<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ScoringInputError) failWith(error.issues);
    throw error;
  }
}
