// The rectification state machine (整改一项、销号一项): who may move a unit's record from which
// status to which, and what each move needs. Pure: the caller says who the actor is to the record.
import type { Principal } from '../access.js';
import type { FieldError } from '../validate.js';

export const rectificationStatuses = ['open', 'rectifying', 'submitted', 'returned', 'closed', 'reopened'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

export const workflowActions = ['start', 'submit', 'close', 'return', 'recheckPass', 'recheckFail'] as const;
export type WorkflowAction = (typeof workflowActions)[number];

/** A responsible or assigning unit: a region, or a department of a region. */
export interface Unit {
  readonly region: string;
  readonly department: string | null;
}

type Party = 'responsible' | 'assigner';

interface Rule {
  readonly from: readonly RectificationStatus[];
  readonly to: RectificationStatus;
  readonly by: Party;
  readonly zh: string;
}

export const workflowRules: Record<WorkflowAction, Rule> = {
  start: { from: ['open', 'returned', 'reopened'], to: 'rectifying', by: 'responsible', zh: '开始整改' },
  submit: { from: ['rectifying'], to: 'submitted', by: 'responsible', zh: '报结（提交整改结果）' },
  close: { from: ['submitted'], to: 'closed', by: 'assigner', zh: '核验销号' },
  return: { from: ['submitted'], to: 'returned', by: 'assigner', zh: '退回重改' },
  recheckPass: { from: ['closed'], to: 'closed', by: 'assigner', zh: '回头看通过' },
  recheckFail: { from: ['closed'], to: 'reopened', by: 'assigner', zh: '回头看发现反弹，重新打开' },
};

const statusZh: Record<RectificationStatus, string> = {
  open: '待整改',
  rectifying: '整改中',
  submitted: '已报结待核验',
  returned: '已退回',
  closed: '已销号',
  reopened: '回头看重新打开',
};

export function isWorkflowAction(value: string): value is WorkflowAction {
  return (workflowActions as readonly string[]).includes(value);
}

export function isRectificationStatus(value: string): value is RectificationStatus {
  return (rectificationStatuses as readonly string[]).includes(value);
}

/** The unit an account acts for; read-only roles (inspector, work team) and the system admin act for none. */
export function unitOf(p: Principal): Unit | null {
  if (p.role === 'regionAdmin' || p.role === 'villageCadre') return { region: p.regionCode, department: null };
  if (p.role === 'department' && p.department !== null) return { region: p.regionCode, department: p.department };
  return null;
}

export function sameUnit(a: Unit | null, b: Unit): boolean {
  return a !== null && a.region === b.region && (a.department ?? null) === (b.department ?? null);
}

export interface TransitionInput {
  readonly action: WorkflowAction;
  readonly status: RectificationStatus;
  readonly actor: Unit | null;
  readonly responsible: Unit;
  readonly assigner: Unit;
  readonly evidenceCount: number;
  readonly openTasks: number;
  readonly result: string | null;
  readonly note: string | null;
}

function fail(field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError[] {
  return [{ field, message, messageEn, fix, fixEn }];
}

/** Why the move is refused (empty when allowed). Order: the status, then the actor, then what it needs. */
export function transitionErrors(t: TransitionInput): FieldError[] {
  const rule = workflowRules[t.action];
  if (!rule.from.includes(t.status)) {
    const next = workflowActions.filter((a) => workflowRules[a].from.includes(t.status));
    const allowed = next.map((a) => workflowRules[a].zh);
    return fail(
      'status',
      `当前状态为“${statusZh[t.status]}”，不能“${rule.zh}”${allowed.length > 0 ? `；此时可以：${allowed.join('、')}` : ''}`,
      `a rectification that is ${t.status} cannot be moved by ${t.action}`,
      allowed.length > 0 ? `请先完成：${allowed.join('或')}` : '该问题已无后续操作',
      allowed.length > 0 ? `First do: ${next.join(' or ')}` : 'Nothing more can be done with this problem',
    );
  }
  if (rule.by === 'responsible' && !sameUnit(t.actor, t.responsible)) {
    return fail('actor', `只有责任单位才能“${rule.zh}”`, `only the responsible unit may ${t.action}`, '请由责任单位的账号操作', 'Use an account of the responsible unit');
  }
  if (rule.by === 'assigner' && !sameUnit(t.actor, t.assigner)) {
    return fail('actor', `只有交办该问题的单位（${t.assigner.region}${t.assigner.department ? ` ${t.assigner.department}` : ''}）才能“${rule.zh}”`, `only the assigning unit may ${t.action}`, '请由交办单位核验；责任单位不能自己销号', 'The assigning unit must verify it; the responsible unit cannot close its own problem');
  }
  const errors: FieldError[] = [];
  if ((t.action === 'submit' || t.action === 'close') && t.evidenceCount === 0) {
    errors.push(...fail('evidence', '没有整改佐证材料，不能报结或销号', 'no evidence: cannot submit or close', '请先上传整改佐证材料（照片、文件、台账）', 'Upload evidence of the rectification first (photos, documents, ledgers)'));
  }
  if (t.action === 'submit' && (t.result === null || t.result.trim() === '')) {
    errors.push(...fail('result', '报结须填写整改结果', 'a submission needs the result', '请写明整改完成情况', 'Describe what was rectified'));
  }
  if (t.action === 'submit' && t.openTasks > 0) {
    errors.push(...fail('tasks', `还有 ${t.openTasks} 项整改任务未完成`, `${t.openTasks} tasks are not done`, '请先完成全部整改任务，或说明后由交办单位调整', 'Finish all tasks first, or explain and have the assigning unit adjust them'));
  }
  if ((t.action === 'return' || t.action === 'recheckFail') && (t.note === null || t.note.trim() === '')) {
    errors.push(...fail('note', `“${rule.zh}”须写明原因`, `${t.action} needs a reason`, '请说明退回或重新打开的原因', 'Give the reason for sending back or reopening'));
  }
  return errors;
}

export function nextStatus(action: WorkflowAction): RectificationStatus {
  return workflowRules[action].to;
}
