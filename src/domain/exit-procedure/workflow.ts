// The exit procedure's rules: where a case stands given its valid signatures, and why a
// signature or an objection is refused. Pure: the caller passes the case, the signatures, the
// actor and today.
import type { Principal } from '../access.js';
import { inScope } from '../access.js';
import { addDays, isDate } from '../dates.js';
import { levelOf } from '../region-code.js';
import type { FieldError } from '../validate.js';
import { procedures, returnTo, type Slot, type StepDef, type StepId, type UnitKind } from './steps.js';

export interface Signature {
  readonly step: StepId;
  readonly slot: string;
  readonly date: string; // YYYY-MM-DD, the day it was signed on paper or in the system
  readonly actor: string;
  readonly signatoryName: string;
}

export interface SlotState {
  readonly slot: Slot;
  readonly signature: Signature | null;
}

export interface StepState {
  readonly step: StepDef;
  readonly status: 'done' | 'current' | 'pending';
  readonly slots: readonly SlotState[];
}

export interface Notice {
  readonly start: string;
  /** The first day the next step may be signed: start + notice days. */
  readonly end: string;
}

export interface CaseState {
  readonly steps: readonly StepState[];
  readonly current: StepId | null; // null: every step signed
  readonly lastDate: string | null;
  readonly notice: Notice | null;
  /** The notice is up and the next step is not signed yet: objections may be recorded. */
  readonly noticeOpen: boolean;
}

/**
 * The state of a case from its valid (not voided) signatures. `since` is the date of the last
 * objection, if any: what is signed again after it cannot be dated before it.
 */
export function caseState(kind: UnitKind, signatures: readonly Signature[], noticeDays: number, since: string | null = null): CaseState {
  let current: StepId | null = null;
  let lastDate: string | null = since;
  let notice: Notice | null = null;
  const steps: StepState[] = [];
  for (const def of procedures[kind]) {
    const slots = def.slots.map((s) => ({ slot: s, signature: signatures.find((g) => g.step === def.id && g.slot === s.id) ?? null }));
    for (const s of slots) if (s.signature && (lastDate === null || s.signature.date > lastDate)) lastDate = s.signature.date;
    const complete = slots.every((s) => s.signature !== null);
    if (def.id === 'publicNotice' && complete) {
      const start = slots.map((s) => s.signature?.date ?? '').sort().at(-1) ?? '';
      notice = { start, end: addDays(start, noticeDays) };
    }
    const status = current !== null ? 'pending' : complete ? 'done' : 'current';
    if (status === 'current') current = def.id;
    steps.push({ step: def, status, slots });
  }
  return { steps, current, lastDate, notice, noticeOpen: notice !== null && stepAfter(kind, 'publicNotice') === current };
}

export function stepAfter(kind: UnitKind, id: StepId): StepId | null {
  const list = procedures[kind];
  const i = list.findIndex((s) => s.id === id);
  return i >= 0 ? (list[i + 1]?.id ?? null) : null;
}

/** May this account give this signature on a case about this region? Role, level and scope. */
export function mayGive(p: Principal, slot: Slot, caseRegion: string): boolean {
  return slot.roles.includes(p.role) && (slot.levels as readonly number[]).includes(levelOf(p.regionCode)) && inScope(p, caseRegion);
}

export interface SignInput {
  readonly step: string;
  readonly slot: string;
  readonly date: string;
  readonly signatoryName: string | null;
  readonly details: { readonly participants?: number | null; readonly inFavour?: number | null } | null;
}

export interface SignContext {
  readonly kind: UnitKind;
  readonly regionCode: string;
  readonly closed: boolean;
  readonly state: CaseState;
  readonly actor: Principal;
  readonly attachments: number; // this step's attachments in the current round
  readonly today: string;
}

const err = (field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError => ({ field, message, messageEn, fix, fixEn });

function signersText(slot: Slot): string {
  const levelZh = ['', '省级', '市级', '县级', '乡镇级', '村级'];
  const roleZh: Record<string, string> = { villageCadre: '村干部', workTeam: '驻村工作队', regionAdmin: '管理员' };
  return slot.levels.map((l) => slot.roles.map((r) => `${levelZh[l] ?? ''}${roleZh[r] ?? r}`).join('或')).join('或');
}

/** Why a signature is refused (empty when it may be given). Order: the case, the step, the actor, then what it needs. */
export function signErrors(input: SignInput, ctx: SignContext): FieldError[] {
  if (ctx.closed || ctx.state.current === null) return [err('step', '该退出事项已销号，不能再签字', 'the case is closed', '如需更正，请另行启动程序', 'To correct it, start a new case')];
  const def = procedures[ctx.kind].find((s) => s.id === input.step);
  const current = procedures[ctx.kind].find((s) => s.id === ctx.state.current);
  if (!def || !current) return [err('step', `“${input.step}”不是${ctx.kind === 'household' ? '贫困户' : ctx.kind === 'village' ? '贫困村' : '贫困县'}退出程序的步骤`, `unknown step ${input.step}`, '请按程序选择步骤', 'Choose a step of the procedure')];
  if (def.id !== current.id) {
    const done = ctx.state.steps.find((s) => s.step.id === def.id)?.status === 'done';
    return [err('step', done ? `“${def.zh}”已完成` : `不能跳过步骤：当前应办理“${current.zh}”，不能先办“${def.zh}”`, done ? `${def.id} is done` : `cannot skip to ${def.id}: ${current.id} comes first`, `请先完成“${current.zh}”`, `Complete ${current.id} first`)];
  }
  const slot = def.slots.find((s) => s.id === input.slot);
  if (!slot) return [err('slot', `“${def.zh}”没有“${input.slot}”这一签字栏`, `no slot ${input.slot} in ${def.id}`, `可签字栏：${def.slots.map((s) => s.zh).join('、')}`, `Signature slots: ${def.slots.map((s) => s.id).join(', ')}`)];
  const already = ctx.state.steps.find((s) => s.step.id === def.id)?.slots.find((s) => s.slot.id === slot.id)?.signature;
  if (already) return [err('slot', `“${def.zh}”的“${slot.zh}”已由 ${already.signatoryName} 签字`, `${def.id}/${slot.id} is already signed`, '同一签字栏不能重复签字', 'A slot can be signed only once')];
  if (!mayGive(ctx.actor, slot, ctx.regionCode)) {
    return [err('actor', `“${slot.zh}”须由${signersText(slot)}签字，您的账号无权签署`, `${slot.id} must be signed by ${slot.roles.join('/')} at level ${slot.levels.join('/')} over this unit`, '请由对应层级和角色的账号签字', 'An account of the right level and role must sign')];
  }
  return [...dateErrors(input.date, ctx), ...needsErrors(input, def, slot, ctx)];
}

function dateErrors(date: string, ctx: SignContext): FieldError[] {
  if (!isDate(date)) return [err('date', `日期“${date}”无效`, 'invalid date', '请填写 YYYY-MM-DD 格式的日期', 'Enter the date as YYYY-MM-DD')];
  const errors: FieldError[] = [];
  if (date > ctx.today) errors.push(err('date', `日期 ${date} 晚于今天`, 'date is in the future', '请填写实际签字日期', 'Enter the actual signing date'));
  if (ctx.state.lastDate !== null && date < ctx.state.lastDate) errors.push(err('date', `日期 ${date} 早于上一步的签字日期 ${ctx.state.lastDate}：程序日期不能倒退`, `date is before the previous signature (${ctx.state.lastDate})`, `请填写 ${ctx.state.lastDate} 或之后的日期`, `Enter ${ctx.state.lastDate} or a later date`));
  const n = ctx.state.notice;
  if (n && ctx.state.noticeOpen && (date < n.end || ctx.today < n.end)) {
    errors.push(err('date', `公示期未满：公示自 ${n.start} 起，${n.end} 起方可进入下一步`, `the public notice runs until ${n.end}`, `请在 ${n.end} 或之后签字；公示期内如有异议请登记异议`, `Sign on or after ${n.end}; record any objection during the notice`));
  }
  return errors;
}

function needsErrors(input: SignInput, def: StepDef, slot: Slot, ctx: SignContext): FieldError[] {
  const errors: FieldError[] = [];
  if (slot.named && (input.signatoryName === null || input.signatoryName.trim() === '')) errors.push(err('signatoryName', `“${slot.zh}”须填写签字人姓名`, `${slot.id} needs the signatory's name`, '请填写纸质表上签字的人的姓名', 'Enter the name of the person who signed the paper form'));
  if (def.needsAttachment && ctx.attachments === 0) errors.push(err('attachments', `“${def.zh}”须先上传附件（会议记录、签字表或公示照片）`, `${def.id} needs an attachment first`, '请先上传本步骤的附件，再签字', 'Upload the attachment of this step first, then sign'));
  if (def.id === 'democraticAppraisal') errors.push(...appraisalErrors(input.details));
  return errors;
}

/** 民主评议 keeps the meeting's numbers: who attended and how many agreed; a majority must agree. */
function appraisalErrors(details: SignInput['details']): FieldError[] {
  const participants = details?.participants;
  const inFavour = details?.inFavour;
  if (typeof participants !== 'number' || !Number.isInteger(participants) || participants < 1) return [err('details.participants', '民主评议须填写参会人数', 'the appraisal needs the number of participants', '请按会议记录填写参会人数（正整数）', 'Enter the number of participants from the minutes (a positive whole number)')];
  if (typeof inFavour !== 'number' || !Number.isInteger(inFavour) || inFavour < 0 || inFavour > participants) return [err('details.inFavour', '同意人数须为 0 至参会人数之间的整数', 'Votes in favour must be between 0 and the number of participants', '请按会议记录填写同意人数', 'Enter the number in favour from the minutes')];
  if (inFavour * 2 <= participants) return [err('details.inFavour', `同意 ${inFavour} 人，未超过参会 ${participants} 人的半数：评议未通过`, 'no majority: the appraisal did not pass', '评议未通过的不能退出；请继续帮扶，下次重新评议', 'A failed appraisal cannot exit; continue assistance and appraise again next time')];
  return [];
}

export interface ObjectionInput {
  readonly date: string;
  readonly content: string;
}

/** Those who act for the unit record the villagers' objections; inspectors and departments do not. */
export function mayRecordObjection(p: Principal, regionCode: string): boolean {
  return (p.role === 'villageCadre' || p.role === 'workTeam' || p.role === 'regionAdmin') && inScope(p, regionCode);
}

/** An objection may be recorded while the notice is up, by those who act for the unit (never inspectors). */
export function objectionErrors(input: ObjectionInput, ctx: Omit<SignContext, 'attachments'>): FieldError[] {
  const n = ctx.state.notice;
  if (ctx.closed || !ctx.state.noticeOpen || n === null) return [err('step', '只有在公示期间（公示后、下一步签字前）才能登记异议', 'objections are recorded only while the notice is up', '请在公示期间登记', 'Record it during the notice period')];
  if (!mayRecordObjection(ctx.actor, ctx.regionCode)) return [err('actor', '您的账号无权为该单位登记异议', 'this account may not record objections here', '请由村、乡镇、县的工作人员登记群众异议', 'A village, town or county worker must record objections')];
  const errors: FieldError[] = [];
  if (!isDate(input.date)) errors.push(err('date', `日期“${input.date}”无效`, 'invalid date', '请填写 YYYY-MM-DD 格式的日期', 'Enter the date as YYYY-MM-DD'));
  else if (input.date < n.start || input.date > ctx.today) errors.push(err('date', `异议日期须在公示开始 ${n.start} 至今天之间`, `the objection date must be between ${n.start} and today`, '请填写群众提出异议的日期', 'Enter the date the objection was raised'));
  if (input.content.trim() === '') errors.push(err('content', '异议内容不能为空', 'the objection needs its content', '请写明异议的内容', 'State what the objection is'));
  return errors;
}

/** The steps an objection reopens: the return step and everything after it. */
export function stepsReopened(kind: UnitKind): StepId[] {
  const list = procedures[kind].map((s) => s.id);
  return list.slice(list.indexOf(returnTo[kind]));
}
