// Exit procedure use cases: open a case, attach files, sign steps, record objections, close out.
// Each write is one transaction with its audit entry; a household's close-out changes its status
// through the registry service inside the same transaction, so the two commit together.
import { createHash } from 'node:crypto';
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { formLines } from '../domain/exit-procedure/form.js';
import { defaultNoticeDays, isStepId, isUnitKind, maxNoticeDays, minNoticeDays, procedures, returnTo, unitLevel, type UnitKind } from '../domain/exit-procedure/steps.js';
import { caseState, mayGive, mayRecordObjection, objectionErrors, signErrors, stepsReopened, type CaseState, type ObjectionInput, type SignInput } from '../domain/exit-procedure/workflow.js';
import { netIncomePerCapita } from '../domain/income.js';
import { levelOf } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import * as xs from '../store/exit-cases.js';
import * as households from '../store/households.js';
import { getRegion, getRegions } from '../store/regions.js';
import type { Executor, Store } from '../store/store.js';
import { type Clock, isoNow, today } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';
import type { RegistryService } from './registry.js';

export const maxAttachmentBytes = 5 * 1024 * 1024;

export interface OpenCaseInput {
  readonly kind: UnitKind;
  readonly householdId: number | null;
  /** Alternatively the household number (户编号), as officials know it. */
  readonly householdNo?: string | null;
  readonly regionCode: string | null;
  readonly year: number;
  readonly noticeDays: number | null;
}

function refuse(field: string, message: string, messageEn: string, fix: string, fixEn: string): never {
  throw new ValidationFailed([{ field, message, messageEn, fix, fixEn }]);
}

const openers = new Set(['admin', 'regionAdmin', 'villageCadre', 'workTeam']);

/** The stored kind, checked: rows are written only by this service, so anything else is corruption. */
function kindOf(c: xs.CaseRow): UnitKind {
  if (!isUnitKind(c.kind)) throw new Error(`exit case ${c.id} has unknown kind ${c.kind}`);
  return c.kind;
}

function stateOf(c: xs.CaseRow, sigs: readonly xs.SignatureRow[], objections: readonly xs.ObjectionRow[]): CaseState {
  const active = sigs.flatMap((s) => (s.voided_at === null && isStepId(s.step) ? [{ step: s.step, slot: s.slot, date: s.date, actor: s.actor, signatoryName: s.signatory_name }] : []));
  const since = objections.map((o) => o.date).sort().at(-1) ?? null;
  return caseState(kindOf(c), active, c.notice_days, since);
}

async function loadState(db: Executor, c: xs.CaseRow): Promise<CaseState> {
  return stateOf(c, await xs.signaturesOf(db, c.id), await xs.objectionsOf(db, c.id));
}

export function createExitCaseService(deps: { store: Store; clock: Clock; registry: RegistryService }) {
  const { store, clock, registry } = deps;

  async function mustGet(db: Executor, p: Principal, id: number): Promise<xs.CaseRow> {
    const c = await xs.getCase(db, id);
    // Out of scope reads as absent: the case's existence is not disclosed.
    if (!c || !inScope(p, c.region_code)) throw new NotFound('exitCase', String(id));
    return c;
  }

  async function unitOf(db: Executor, input: OpenCaseInput): Promise<{ regionCode: string; householdId: number | null; key: string }> {
    if (input.kind === 'household') {
      const byNo = input.householdNo?.trim() ? await households.getHouseholdByNo(db, input.householdNo.trim()) : undefined;
      if (input.householdId === null && !byNo) refuse('householdNo', input.householdNo ? `户编号 ${input.householdNo} 不存在` : '请指定贫困户', 'household not found', '请填写户编号', 'Enter the household number');
      const h = byNo ?? (input.householdId === null ? undefined : await households.getHousehold(db, input.householdId));
      if (!h) throw new NotFound('household', String(input.householdId));
      if (h.status !== 'poor' && h.status !== 'relapsed') refuse('householdId', `该户当前状态为“${h.status === 'exited' ? '已脱贫' : '自然减少'}”，不能启动退出程序`, `a ${h.status} household cannot start an exit`, '只有贫困或返贫户可以启动退出程序', 'Only poor or returned-to-poverty households can start an exit');
      return { regionCode: h.villageCode, householdId: h.id, key: `household:${h.id}` };
    }
    const code = input.regionCode ?? '';
    const region = /^\d{12}$/.test(code) ? await getRegion(db, code) : undefined;
    if (!region || region.level !== unitLevel[input.kind]) refuse('regionCode', `${code} 不是${input.kind === 'village' ? '村' : '县'}级区划`, `${code} is not a ${input.kind}`, `请填写 12 位${input.kind === 'village' ? '村' : '县'}级区划代码`, `Enter a 12-digit ${input.kind} region code`);
    return { regionCode: code, householdId: null, key: `${input.kind}:${code}` };
  }

  async function audit(db: Executor, actor: string, action: string, id: number, before: unknown, after: unknown): Promise<void> {
    await appendAudit(db, store.dialect, [{ actor, action: `exitCase.${action}`, entityType: 'exitCase', entityId: String(id), before, after }], isoNow(clock));
  }

  return {
    async open(p: Principal, input: OpenCaseInput): Promise<xs.CaseRow> {
      if (!openers.has(p.role)) refuse('actor', '检查人员和行业部门账号不能启动退出程序', 'this role may not open exit cases', '请由村、乡镇或县的工作人员启动', 'A village, town or county worker must start it');
      const noticeDays = input.noticeDays ?? defaultNoticeDays;
      if (!Number.isInteger(noticeDays) || noticeDays < minNoticeDays || noticeDays > maxNoticeDays) refuse('noticeDays', `公示天数须为 ${minNoticeDays}–${maxNoticeDays} 天`, `noticeDays must be ${minNoticeDays}–${maxNoticeDays}`, `一般为 ${defaultNoticeDays} 天`, `Usually ${defaultNoticeDays} days`);
      if (!Number.isInteger(input.year) || input.year < 2014 || input.year > 2035) refuse('year', `年度 ${input.year} 无效`, 'invalid year', '请填写退出年度，如 2019', 'Enter the exit year, e.g. 2019');
      return store.db.transaction().execute(async (trx) => {
        const unit = await unitOf(trx, input);
        if (!inScope(p, unit.regionCode)) throw new NotFound(input.kind, unit.regionCode);
        const existing = await xs.openCaseOf(trx, unit.key);
        if (existing) refuse('unit', `该单位已有进行中的退出事项（编号 ${existing.id}）`, `case ${existing.id} is already open for this unit`, '请继续办理已有的事项', 'Continue with the open case');
        const now = isoNow(clock);
        const first = procedures[input.kind][0]?.id ?? null;
        const id = await xs.insertCase(trx, { kind: input.kind, region_code: unit.regionCode, household_id: unit.householdId, year: input.year, notice_days: noticeDays, round: 1, status: 'open', current_step: first, open_unit_key: unit.key, opened_by: p.username, opened_at: now, closed_at: null, version: 1, updated_at: now });
        const c = await mustGet(trx, p, id);
        await audit(trx, p.username, 'open', id, null, c);
        return c;
      });
    },

    list: (p: Principal, q: { under: string; kind: string | null; status: string | null; year: number | null; householdId?: number | null; limit: number; afterId: number }) => {
      if (!inScope(p, q.under)) throw new NotFound('region', q.under);
      return xs.listCases(store.db, q);
    },

    async detail(p: Principal, id: number) {
      const db = store.db;
      const c = await mustGet(db, p, id);
      const [sigs, objections, attachments] = await Promise.all([xs.signaturesOf(db, id), xs.objectionsOf(db, id), xs.attachmentsOf(db, id)]);
      const state = stateOf(c, sigs, objections);
      const current = state.steps.find((s) => s.status === 'current');
      const signable = c.status === 'open' && current ? current.slots.filter((s) => s.signature === null && mayGive(p, s.slot, c.region_code)).map((s) => s.slot.id) : [];
      const canObject = c.status === 'open' && state.noticeOpen && mayRecordObjection(p, c.region_code);
      return { case: c, unit: await unitInfo(db, c), state, signatures: sigs, objections, attachments, form: formLines(state), signable, canObject, canAttach: signable.length > 0 || (current?.slots.some((s) => mayGive(p, s.slot, c.region_code)) ?? false) };
    },

    async addAttachment(p: Principal, id: number, file: { step: string; fileName: string; mediaType: string; content: Buffer }) {
      if (file.content.length === 0) refuse('content', '附件是空文件', 'the attachment is empty', '请重新选择文件', 'Choose the file again');
      if (file.content.length > maxAttachmentBytes) refuse('content', `附件超过 ${maxAttachmentBytes / 1024 / 1024} MB`, 'the attachment is too large', '请压缩图片或拆分文件后上传', 'Compress the image or split the file, then upload');
      if (file.fileName.trim() === '' || file.fileName.length > 200) refuse('fileName', '文件名不能为空（最多 200 字）', 'The file name is required (at most 200 characters)', '请填写文件名', 'Enter the file name');
      return store.db.transaction().execute(async (trx) => {
        const c = await mustGet(trx, p, id);
        const state = await loadState(trx, c);
        const current = state.steps.find((s) => s.status === 'current');
        if (c.status !== 'open' || !current || current.step.id !== file.step) refuse('step', `附件只能上传到当前步骤${current ? `“${current.step.zh}”` : ''}`, 'attachments go to the current step', '请选择当前正在办理的步骤', 'Choose the step now in progress');
        if (!current.slots.some((s) => mayGive(p, s.slot, c.region_code))) refuse('actor', `您的账号不能办理“${current.step.zh}”`, 'this account does not act in this step', '请由本步骤的签字人上传', 'The signatory of this step must upload it');
        const now = isoNow(clock);
        const sha256 = createHash('sha256').update(file.content).digest('hex');
        const attachmentId = await xs.insertAttachment(trx, { case_id: id, round: c.round, step: file.step, file_name: file.fileName.trim(), media_type: file.mediaType || 'application/octet-stream', size: file.content.length, sha256, content: file.content, uploaded_by: p.username, uploaded_at: now });
        await audit(trx, p.username, 'attachment', id, null, { attachmentId, step: file.step, fileName: file.fileName.trim(), size: file.content.length, sha256 });
        return { id: attachmentId, sha256, size: file.content.length };
      });
    },

    async attachmentFile(p: Principal, attachmentId: number) {
      const a = await xs.attachmentContent(store.db, attachmentId);
      if (!a) throw new NotFound('attachment', String(attachmentId));
      await mustGet(store.db, p, a.case_id);
      return a;
    },

    async sign(p: Principal, id: number, version: number, input: SignInput & { note: string | null }) {
      return store.db.transaction().execute(async (trx) => {
        const c = await mustGet(trx, p, id);
        const state = await loadState(trx, c);
        const attachments = (await xs.attachmentsOf(trx, id)).filter((a) => a.round === c.round && a.step === input.step).length;
        const errors = signErrors(input, { kind: kindOf(c), regionCode: c.region_code, closed: c.status !== 'open', state, actor: p, attachments, today: today(clock) });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const now = isoNow(clock);
        const signatoryName = input.signatoryName?.trim() || ('displayName' in p && typeof p.displayName === 'string' ? p.displayName : p.username);
        await xs.insertSignature(trx, { case_id: id, round: c.round, step: input.step, slot: input.slot, actor: p.username, actor_role: p.role, actor_region: p.regionCode, signatory_name: signatoryName, date: input.date, note: input.note, details_json: input.details ? JSON.stringify(input.details) : null, signed_at: now });
        const after = await loadState(trx, c);
        const closing = after.current === null;
        await xs.updateCase(trx, id, version, { current_step: after.current, updated_at: now, ...(closing ? { status: 'closed', closed_at: now, open_unit_key: null } : {}) });
        if (closing) await closeOut(trx, p, c, input.date);
        await audit(trx, p.username, 'sign', id, { step: state.current }, { step: input.step, slot: input.slot, date: input.date, signatoryName, next: after.current });
        return mustGet(trx, p, id);
      });
    },

    async object(p: Principal, id: number, version: number, input: ObjectionInput & { objector: string | null }) {
      return store.db.transaction().execute(async (trx) => {
        const c = await mustGet(trx, p, id);
        const state = await loadState(trx, c);
        const errors = objectionErrors(input, { kind: kindOf(c), regionCode: c.region_code, closed: c.status !== 'open', state, actor: p, today: today(clock) });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const now = isoNow(clock);
        const kind = kindOf(c);
        await xs.insertObjection(trx, { case_id: id, round: c.round, date: input.date, content: input.content.trim(), objector: input.objector?.trim() || null, recorded_by: p.username, recorded_at: now });
        const voided = await xs.voidSignatures(trx, id, stepsReopened(kind), now);
        await xs.updateCase(trx, id, version, { round: c.round + 1, current_step: returnTo[kind], updated_at: now });
        await audit(trx, p.username, 'objection', id, { round: c.round, step: state.current }, { round: c.round + 1, step: returnTo[kind], voidedSignatures: voided, date: input.date });
        return mustGet(trx, p, id);
      });
    },
  };

  /** 销号: the household leaves the registry's poor list, or the village's exit year is set. */
  async function closeOut(trx: Executor, p: Principal, c: xs.CaseRow, date: string): Promise<void> {
    if (c.kind === 'household' && c.household_id !== null) {
      const h = await households.getHousehold(trx, c.household_id);
      if (!h) throw new NotFound('household', String(c.household_id));
      await registry.addStatusEventIn(trx, p.username, h.id, h.version, { type: 'exited', date, reason: null, basis: `脱贫退出程序 第 ${c.id} 号事项销号` });
    } else if (c.kind === 'village') {
      const before = await xs.setVillageExitYear(trx, c.region_code, c.year);
      if (before !== undefined) await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'village.exit', entityType: 'village', entityId: c.region_code, before: { exitYear: before }, after: { exitYear: c.year } }], isoNow(clock));
    }
  }

  async function unitInfo(db: Executor, c: xs.CaseRow) {
    const codes = [c.region_code];
    for (let l = levelOf(c.region_code) - 1; l >= 1; l--) codes.push(c.region_code.slice(0, [2, 4, 6, 9][l - 1]).padEnd(12, '0'));
    const path = (await getRegions(db, codes)).sort((a, b) => a.level - b.level).map((r) => ({ code: r.code, name: r.name }));
    if (c.household_id === null) return { path, household: null };
    const h = await households.getHousehold(db, c.household_id);
    const members = h ? await households.getMembers(db, h.id) : [];
    const income = h ? (await households.getIncomes(db, h.id)).find((i) => i.year === c.year) : undefined;
    const head = members.find((m) => m.relation === 'head');
    return {
      path,
      household: h ? { id: h.id, householdNo: h.householdNo, headName: head?.name ?? null, memberCount: h.memberCount, status: h.status, attribute: h.attribute, identifiedYear: h.identifiedYear, netIncomePerCapita: income ? netIncomePerCapita(income, h.memberCount) : null } : null,
    };
  }
}

export type ExitCaseService = ReturnType<typeof createExitCaseService>;
