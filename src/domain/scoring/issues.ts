// Input problems in schemes and score sheets. Every problem is collected, never thrown one at a
// time, so an official fixing a workbook sees the whole list in one pass.

export type IssueCode =
  | 'syntax'
  | 'field'
  | 'duplicateId'
  | 'unknownReference'
  | 'weights'
  | 'period'
  | 'schemeMismatch'
  | 'noScores'
  | 'missingUnit'
  | 'unknownUnit'
  | 'duplicateUnit'
  | 'missingScore'
  | 'invalidNumber'
  | 'aboveMax'
  | 'negative'
  | 'aboveCap'
  | 'unknownItem';

export interface ScoringIssue {
  readonly code: IssueCode;
  /** Chinese first: the people who fix score sheets read Chinese. */
  readonly message: string;
  readonly messageEn: string;
  readonly file?: string;
  /** 1-based line in the file (YAML/JSON line, CSV record line, workbook row). */
  readonly line?: number;
  /** Where in a scheme, e.g. `components[1].weight`. */
  readonly path?: string;
  readonly unitId?: string;
  readonly unitName?: string;
  /** Component, bonus, deduction or veto id the problem is about. */
  readonly component?: string;
}

/** Thrown when input cannot be used at all; carries every issue found. Nothing is ranked or stored. */
export class ScoringInputError extends Error {
  constructor(readonly issues: readonly ScoringIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScoringInputError';
  }
}

/** One line per issue: `file:line 消息 (message)`. */
export function formatIssue(issue: ScoringIssue): string {
  const where = issue.file === undefined ? '' : `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`} `;
  return `${where}${issue.message} (${issue.messageEn})`;
}
