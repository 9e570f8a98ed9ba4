// The check seed 000 asks for: every problem has a plan (tasks), a ledger line (its per-unit
// record) and a result, and the three agree. Pure: the store hands in one line per record.

export interface LedgerLine {
  readonly rectificationId: number;
  readonly problemNo: string;
  readonly unitRegion: string;
  readonly status: string;
  readonly deadline: string;
  readonly result: string | null;
  readonly evidenceCount: number;
  readonly closedAt: string | null;
  readonly tasks: readonly { readonly deadline: string; readonly doneAt: string | null }[];
}

export type LedgerIssueCode = 'noPlan' | 'planAfterDeadline' | 'noResult' | 'noEvidence' | 'openTasksButClosed' | 'taskDoneAfterClose' | 'resultNotReported';

export interface LedgerIssue {
  readonly rectificationId: number;
  readonly problemNo: string;
  readonly unitRegion: string;
  readonly code: LedgerIssueCode;
  readonly message: string;
  readonly messageEn: string;
}

const texts: Record<LedgerIssueCode, [string, string]> = {
  noPlan: ['没有整改方案：问题未列出任何整改任务', 'no plan: the problem has no tasks'],
  planAfterDeadline: ['方案与台账不符：有任务时限晚于问题整改时限', 'plan and ledger disagree: a task ends after the deadline'],
  noResult: ['台账已报结或销号，但没有整改结果', 'reported or closed without a result'],
  noEvidence: ['台账已报结或销号，但没有佐证材料', 'reported or closed without evidence'],
  openTasksButClosed: ['结果与方案不符：已报结或销号，但仍有任务未完成', 'result and plan disagree: closed with unfinished tasks'],
  taskDoneAfterClose: ['结果与台账不符：任务完成日期晚于销号日期', 'result and ledger disagree: a task was done after the close'],
  resultNotReported: ['结果与台账不符：任务均已完成并写了结果，但台账仍未报结', 'result and ledger disagree: done but not reported'],
};

export function checkLedger(lines: readonly LedgerLine[]): LedgerIssue[] {
  const issues: LedgerIssue[] = [];
  for (const l of lines) {
    const add = (code: LedgerIssueCode) => {
      const [message, messageEn] = texts[code];
      issues.push({ rectificationId: l.rectificationId, problemNo: l.problemNo, unitRegion: l.unitRegion, code, message, messageEn });
    };
    const reported = l.status === 'submitted' || l.status === 'closed';
    const hasResult = l.result !== null && l.result.trim() !== '';
    const openTasks = l.tasks.filter((t) => t.doneAt === null).length;
    if (l.tasks.length === 0) add('noPlan');
    if (l.tasks.some((t) => t.deadline > l.deadline)) add('planAfterDeadline');
    if (reported && !hasResult) add('noResult');
    if (reported && l.evidenceCount === 0) add('noEvidence');
    if (reported && openTasks > 0) add('openTasksButClosed');
    const closedDay = l.closedAt?.slice(0, 10) ?? null;
    if (l.status === 'closed' && closedDay !== null && l.tasks.some((t) => t.doneAt !== null && t.doneAt.slice(0, 10) > closedDay)) add('taskDoneAfterClose');
    if (!reported && l.tasks.length > 0 && openTasks === 0 && hasResult) add('resultNotReported');
  }
  return issues;
}
