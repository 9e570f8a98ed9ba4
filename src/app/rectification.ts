// Rectification use cases (三单制 → 销号 → 回头看): batches, problems and their per-unit records,
// tasks, evidence, the workflow, chases and the escalation sweep. Each write is one transaction
// with its audit entry; time comes from the clock.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { isInSubtree } from '../domain/region-code.js';
import { addDays, isOverdue, needsEscalation } from '../domain/rectification/schedule.js';
import { resolveTaskDeadlines, validateBatch, validateProblem, validateTask, type BatchInput, type ProblemInput, type TaskInput } from '../domain/rectification/validate.js';
import { isRectificationStatus, nextStatus, transitionErrors, unitOf, type Unit, type WorkflowAction } from '../domain/rectification/workflow.js';
import { parseProblemRows } from '../domain/rectification/workbook-rows.js';
import type { FieldError } from '../domain/validate.js';
import { appendAudit } from '../store/audit.js';
import * as rs from '../store/rectification.js';
import { regionNames } from '../store/rectification-views.js';
import type { Executor, Store } from '../store/store.js';
import { type Clock, isoNow, today } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';
import { keepFile, keptContent } from './workbook/kept-files.js';

export const maxEvidenceBytes = 5 * 1024 * 1024;

const unitText = (u: Unit): string => (u.department ? `${u.region}/${u.department}` : u.region);

function refuse(field: string, message: string, messageEn: string, fix: string, fixEn: string): never {
  throw new ValidationFailed([{ field, message, messageEn, fix, fixEn }]);
}

/** Units a common problem falls on, or the one unit of a specific problem. */
async function unitsOf(db: Executor, p: ProblemInput & { unitRegion: string }): Promise<{ region: string; inherited: boolean }[]> {
  if (p.scope === 'specific') return [{ region: p.unitRegion, inherited: false }];
  const codes = await rs.regionsAtLevel(db, p.unitRegion, p.appliesLevel ?? 3);
  return codes.map((region) => ({ region, inherited: true }));
}

export function createRectificationService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  async function mustGet(db: Executor, id: number): Promise<rs.RectificationDetail> {
    const d = await rs.getRectification(db, id);
    if (!d) throw new NotFound('rectification', String(id));
    return d;
  }

  /** Who may see a record: the responsible subtree, and the assigning unit and those above it. */
  function visible(p: Principal, d: rs.RectificationDetail): boolean {
    return inScope(p, d.rectification.unit_region) || inScope(p, d.batch.assigning_region);
  }

  /** `source`: the workbook the problems were read from, named with its hash in the audit entry. */
  async function addProblemsIn(trx: Executor, actor: string, batch: rs.BatchRow, problems: readonly ProblemInput[], fieldOf: (i: number, f: string) => string, source?: { fileName: string; sha256: string }): Promise<{ problems: number; rectifications: number }> {
    const now = isoNow(clock);
    const batchInput: BatchInput = { name: batch.name, source: batch.source, assigningRegion: batch.assigning_region, assigningDepartment: batch.assigning_department, finalDeadline: batch.final_deadline, recheckDays: batch.recheck_days };
    const errors: FieldError[] = [];
    const regions = await rs.existingRegions(trx, problems.flatMap((p) => (p.unitRegion ? [p.unitRegion] : [])));
    const taken = await rs.problemNosTaken(trx, batch.id, problems.map((p) => p.problemNo));
    const seen = new Set<string>();
    problems.forEach((p, i) => {
      if (p.unitRegion && /^\d{12}$/.test(p.unitRegion) && !regions.has(p.unitRegion)) errors.push({ field: fieldOf(i, 'unitRegion'), message: `责任单位 ${p.unitRegion} 不存在`, messageEn: `region ${p.unitRegion} not found`, fix: '请核对区划代码，或先载入该地区的区划', fixEn: 'Check the region code, or load the regions of that area first' });
      if (taken.has(p.problemNo) || seen.has(p.problemNo)) errors.push({ field: fieldOf(i, 'problemNo'), message: `问题编号“${p.problemNo}”在本批次中重复`, messageEn: `problemNo ${p.problemNo} repeats in the batch`, fix: '每个问题使用唯一编号', fixEn: 'Give each problem its own number' });
      seen.add(p.problemNo);
    });
    if (errors.length > 0) throw new ValidationFailed(errors);
    const ids = await rs.insertProblems(trx, batch.id, problems.map((p) => ({ batch_id: batch.id, problem_no: p.problemNo, scope: p.scope, unit_region: p.unitRegion ?? '', unit_department: p.unitDepartment, applies_level: p.scope === 'common' ? (p.appliesLevel ?? 3) : null, category: p.category, description: p.description, deadline: p.deadline ?? batch.final_deadline, created_at: now })));
    const records: Parameters<typeof rs.insertRectifications>[1][number][] = [];
    const problemIds: number[] = [];
    for (const p of problems) {
      const problemId = ids.get(p.problemNo);
      if (problemId === undefined || p.unitRegion === null) continue;
      problemIds.push(problemId);
      for (const u of await unitsOf(trx, { ...p, unitRegion: p.unitRegion })) {
        records.push({ problem_id: problemId, batch_id: batch.id, unit_region: u.region, unit_department: p.unitDepartment, inherited: u.inherited ? 1 : 0, status: 'open', deadline: p.deadline ?? batch.final_deadline, result: null, submitted_at: null, closed_at: null, closed_by: null, recheck_due: null, escalated_at: null, version: 1, updated_at: now });
      }
    }
    await rs.insertRectifications(trx, records);
    // The assigner's measures are copied to every unit's record; units add their own later.
    const byProblem = new Map(problems.map((p) => [ids.get(p.problemNo), p]));
    const tasks: Parameters<typeof rs.insertTasks>[1][number][] = [];
    for (const k of await rs.rectificationKeys(trx, problemIds)) {
      const p = byProblem.get(k.problem_id);
      if (!p || p.tasks.length === 0) continue;
      const deadlines = resolveTaskDeadlines(p.deadline ?? batch.final_deadline, p.tasks);
      p.tasks.forEach((t, seq) => tasks.push({ rectification_id: k.id, seq, measure: t.measure, lead_unit: t.leadUnit, responsible_leader: t.responsibleLeader, responsible_person: t.responsiblePerson, cooperating_units: t.cooperatingUnits, deadline: deadlines[seq] ?? batch.final_deadline, done_at: null }));
    }
    await rs.insertTasks(trx, tasks);
    const digest = createHash('sha256').update(JSON.stringify(problems)).digest('hex');
    await appendAudit(trx, store.dialect, [{ actor, action: 'rectification.assign', entityType: 'rectificationBatch', entityId: String(batch.id), before: null, after: { problems: problems.length, rectifications: records.length, tasks: tasks.length, digest, ...(source ? { file: source } : {}) } }], now);
    return { problems: problems.length, rectifications: records.length };
  }

  function assertAssigner(actor: Unit | null, batch: rs.BatchRow): void {
    const assigner: Unit = { region: batch.assigning_region, department: batch.assigning_department };
    if (actor === null || actor.region !== assigner.region || actor.department !== assigner.department) {
      refuse('actor', `只有交办单位（${unitText(assigner)}）才能向本批次添加问题`, 'only the assigning unit may add problems to the batch', '请由创建批次的单位操作', 'The unit that created the batch must do this');
    }
  }

  return {
    unitOf,

    async createBatch(actor: string, input: BatchInput): Promise<rs.BatchRow> {
      const errors = validateBatch(input, today(clock));
      if (errors.length > 0) throw new ValidationFailed(errors);
      return store.db.transaction().execute(async (trx) => {
        if ((await rs.existingRegions(trx, [input.assigningRegion])).size === 0) refuse('assigningRegion', `交办单位 ${input.assigningRegion} 不存在`, 'assigning region not found', '请先载入区划', 'Load the regions first');
        const now = isoNow(clock);
        const id = await rs.insertBatch(trx, { name: input.name.trim(), source: input.source, assigning_region: input.assigningRegion, assigning_department: input.assigningDepartment, final_deadline: input.finalDeadline, recheck_days: input.recheckDays, created_at: now, created_by: actor });
        const batch = await rs.getBatch(trx, id);
        if (!batch) throw new NotFound('rectificationBatch', String(id));
        await appendAudit(trx, store.dialect, [{ actor, action: 'create', entityType: 'rectificationBatch', entityId: String(id), before: null, after: batch }], now);
        return batch;
      });
    },

    async getBatch(id: number): Promise<rs.BatchRow> {
      const b = await rs.getBatch(store.db, id);
      if (!b) throw new NotFound('rectificationBatch', String(id), `没有编号为 ${id} 的整改批次`, `there is no rectification batch ${id}`);
      return b;
    },

    listBatches: (under: string) => rs.listBatches(store.db, under),

    /** Problems as typed in a form or an API call; `by` null is the CLI acting as the assigner. */
    async addProblems(actor: string, by: Unit | null | 'system', batchId: number, problems: readonly ProblemInput[]) {
      const t = today(clock);
      return store.db.transaction().execute(async (trx) => {
        const batch = await rs.getBatch(trx, batchId);
        if (!batch) throw new NotFound('rectificationBatch', String(batchId));
        if (by !== 'system') assertAssigner(by, batch);
        const ctx = { today: t, batch: { name: batch.name, source: batch.source, assigningRegion: batch.assigning_region, assigningDepartment: batch.assigning_department, finalDeadline: batch.final_deadline, recheckDays: batch.recheck_days } };
        const errors = problems.flatMap((p, i) => validateProblem(p, ctx, `problems[${i}].`));
        if (errors.length > 0) throw new ValidationFailed(errors);
        return addProblemsIn(trx, actor, batch, problems, (i, f) => `problems[${i}].${f}`);
      });
    },

    /**
     * A problem list from a workbook, all or nothing, with errors named by spreadsheet row. `file`:
     * the workbook the rows were read from, kept with the batch in the same transaction (under its
     * SHA-256, in the import files' store), so that each problem can be traced to the inspection's
     * list it came from.
     */
    async importRows(actor: string, by: Unit | null | 'system', batchId: number, rows: readonly (readonly string[])[], file?: { readonly name: string; readonly data: Buffer }) {
      const t = today(clock);
      return store.db.transaction().execute(async (trx) => {
        const batch = await rs.getBatch(trx, batchId);
        if (!batch) throw new NotFound('rectificationBatch', String(batchId));
        if (by !== 'system') assertAssigner(by, batch);
        const ctx = { today: t, batch: { name: batch.name, source: batch.source, assigningRegion: batch.assigning_region, assigningDepartment: batch.assigning_department, finalDeadline: batch.final_deadline, recheckDays: batch.recheck_days } };
        const parsed = parseProblemRows(rows, ctx);
        if (parsed.errors.length > 0) throw new ValidationFailed(parsed.errors);
        if (parsed.problems.length === 0) refuse('rows', '工作簿中没有问题行', 'the workbook has no problem rows', '请在表头下逐行填写问题', 'Fill in one problem per row below the header');
        const sha256 = file ? createHash('sha256').update(file.data).digest('hex') : '';
        const added = await addProblemsIn(trx, actor, batch, parsed.problems.map((p) => p.input), (i, f) => `rows[${parsed.problems[i]?.row ?? i}].${f}`, file ? { fileName: file.name, sha256 } : undefined);
        if (!file) return added;
        const now = isoNow(clock);
        await keepFile(trx, file, sha256, now);
        const fileId = await rs.insertProblemFile(trx, { batch_id: batch.id, file_name: file.name, sha256, problems: added.problems, imported_by: actor, imported_at: now });
        return { ...added, fileId, fileSha256: sha256 };
      });
    },

    /** The problem-list workbooks imported into a batch (the caller has checked the batch is visible). */
    problemFiles: (batchId: number) => rs.problemFilesOf(store.db, batchId),

    /** One imported problem list's row, to check its batch's visibility before `problemFileContent`. */
    problemFile: (id: number) => rs.getProblemFile(store.db, id),

    async problemFileContent(row: rs.ProblemFileRow): Promise<{ name: string; size: number; stream: Readable }> {
      const kept = await keptContent(store.db, row.sha256);
      if (!kept) throw new NotFound('rectificationProblemFile', String(row.id));
      return { name: row.file_name, ...kept };
    },

    async detail(p: Principal, id: number) {
      const d = await mustGet(store.db, id);
      if (!visible(p, d)) throw new NotFound('rectification', String(id));
      const [tasks, evidence, events] = await Promise.all([rs.tasksOf(store.db, id), rs.evidenceOf(store.db, id), rs.eventsOf(store.db, id)]);
      const actor = unitOf(p);
      const assigner: Unit = { region: d.batch.assigning_region, department: d.batch.assigning_department };
      const responsible: Unit = { region: d.rectification.unit_region, department: d.rectification.unit_department };
      const t = today(clock);
      const names = await regionNames(store.db, [d.rectification.unit_region, d.batch.assigning_region]);
      // A unit above the responsible one may chase it (督办), as chase() checks.
      const chase = actor !== null && actor.region !== responsible.region && isInSubtree(responsible.region, actor.region);
      return {
        ...d,
        tasks,
        evidence,
        events,
        today: t,
        overdue: isOverdue({ status: d.rectification.status, deadline: d.rectification.deadline, escalatedAt: d.rectification.escalated_at }, t),
        names: { unit: names.get(responsible.region) ?? responsible.region, assigning: names.get(assigner.region) ?? assigner.region },
        canAct: { responsible: sameUnitOrNull(actor, responsible), assigner: sameUnitOrNull(actor, assigner), chase },
      };
    },

    async transition(p: Principal, id: number, version: number, action: WorkflowAction, args: { result: string | null; note: string | null }) {
      return store.db.transaction().execute(async (trx) => {
        const d = await mustGet(trx, id);
        if (!visible(p, d)) throw new NotFound('rectification', String(id));
        const status = d.rectification.status;
        if (!isRectificationStatus(status)) throw new Error(`unknown status ${status}`);
        const [tasks, evidence] = await Promise.all([rs.tasksOf(trx, id), rs.evidenceOf(trx, id)]);
        const result = action === 'submit' ? args.result : d.rectification.result;
        const errors = transitionErrors({ action, status, actor: unitOf(p), responsible: { region: d.rectification.unit_region, department: d.rectification.unit_department }, assigner: { region: d.batch.assigning_region, department: d.batch.assigning_department }, evidenceCount: evidence.length, openTasks: tasks.filter((t) => t.done_at === null).length, result, note: args.note });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const now = isoNow(clock);
        const to = nextStatus(action);
        const changes =
          action === 'submit' ? { result, submitted_at: now }
          : action === 'close' ? { closed_at: now, closed_by: p.username, recheck_due: addDays(today(clock), d.batch.recheck_days) }
          : action === 'recheckPass' ? { recheck_due: null }
          : action === 'recheckFail' ? { closed_at: null, closed_by: null, recheck_due: null, escalated_at: null }
          : {};
        await rs.updateRectification(trx, id, version, { ...changes, status: to, updated_at: now });
        await rs.insertEvents(trx, [{ rectification_id: id, batch_id: d.batch.id, at: now, actor: p.username, actor_unit: unitTextOrNull(unitOf(p)), action, from_status: status, to_status: to, note: args.note }]);
        const after = await mustGet(trx, id);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: `rectification.${action}`, entityType: 'rectification', entityId: String(id), before: d.rectification, after: after.rectification }], now);
        return after.rectification;
      });
    },

    /** A task added by the responsible unit (its own measures) or by the assigner. */
    async addTask(p: Principal, id: number, task: TaskInput) {
      return store.db.transaction().execute(async (trx) => {
        const d = await mustGet(trx, id);
        if (!visible(p, d)) throw new NotFound('rectification', String(id));
        assertActor(p, d, 'either');
        if (d.rectification.status === 'closed' || d.rectification.status === 'submitted') refuse('status', '已报结或已销号的问题不能再添加任务', 'cannot add tasks after submission', '如需补充整改，请交办单位退回或回头看重新打开', 'To add more, the assigning unit must send it back or reopen it at review');
        const errors = validateTask(task, d.rectification.deadline, today(clock));
        if (errors.length > 0) throw new ValidationFailed(errors);
        const existing = await rs.tasksOf(trx, id);
        const deadline = resolveTaskDeadlines(d.rectification.deadline, [task])[0] ?? d.rectification.deadline;
        await rs.insertTasks(trx, [{ rectification_id: id, seq: existing.length, measure: task.measure, lead_unit: task.leadUnit, responsible_leader: task.responsibleLeader, responsible_person: task.responsiblePerson, cooperating_units: task.cooperatingUnits, deadline, done_at: null }]);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'rectification.task', entityType: 'rectification', entityId: String(id), before: null, after: task }], isoNow(clock));
        return rs.tasksOf(trx, id);
      });
    },

    async setTaskDone(p: Principal, taskId: number, done: boolean) {
      return store.db.transaction().execute(async (trx) => {
        const task = await rs.getTask(trx, taskId);
        if (!task) throw new NotFound('rectificationTask', String(taskId));
        const d = await mustGet(trx, task.rectification_id);
        if (!visible(p, d)) throw new NotFound('rectificationTask', String(taskId));
        assertActor(p, d, 'responsible');
        if (d.rectification.status !== 'rectifying') refuse('status', '只有“整改中”的问题才能更新任务进度', 'tasks change only while rectifying', '请先“开始整改”', 'Start rectifying first');
        const now = isoNow(clock);
        await rs.setTaskDone(trx, taskId, done ? now : null);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: done ? 'rectification.taskDone' : 'rectification.taskUndone', entityType: 'rectification', entityId: String(d.rectification.id), before: task, after: { ...task, done_at: done ? now : null } }], now);
        return rs.tasksOf(trx, d.rectification.id);
      });
    },

    /** Evidence is stored as bytes beside its metadata, in the same transaction as its audit entry. */
    async addEvidence(p: Principal, id: number, file: { fileName: string; mediaType: string; content: Buffer; taskId: number | null }) {
      if (file.content.length === 0) refuse('content', '佐证材料是空文件', 'the evidence file is empty', '请重新选择文件', 'Choose the file again');
      if (file.content.length > maxEvidenceBytes) refuse('content', `佐证材料超过 ${maxEvidenceBytes / 1024 / 1024} MB`, 'the evidence file is too large', '请压缩图片或拆分文件后上传', 'Compress the image or split the file, then upload');
      if (file.fileName.trim() === '' || file.fileName.length > 200) refuse('fileName', '文件名不能为空（最多 200 字）', 'The file name is required (at most 200 characters)', '请填写文件名', 'Enter the file name');
      return store.db.transaction().execute(async (trx) => {
        const d = await mustGet(trx, id);
        if (!visible(p, d)) throw new NotFound('rectification', String(id));
        assertActor(p, d, 'responsible');
        if (d.rectification.status === 'closed') refuse('status', '已销号的问题不能再上传佐证', 'closed: no more evidence', '如需补充，请由交办单位回头看重新打开', 'To add more, the assigning unit must reopen it at review');
        if (file.taskId !== null && !(await rs.tasksOf(trx, id)).some((t) => t.id === file.taskId)) refuse('taskId', '所选任务不属于该问题', 'task not in this rectification', '请重新选择任务', 'Choose the task again');
        const now = isoNow(clock);
        const sha256 = createHash('sha256').update(file.content).digest('hex');
        const evidenceId = await rs.insertEvidence(trx, { rectification_id: id, task_id: file.taskId, file_name: file.fileName.trim(), media_type: file.mediaType, size: file.content.length, sha256, content: file.content, uploaded_by: p.username, uploaded_at: now });
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'rectification.evidence', entityType: 'rectification', entityId: String(id), before: null, after: { evidenceId, fileName: file.fileName, size: file.content.length, sha256 } }], now);
        return { id: evidenceId, sha256, size: file.content.length };
      });
    },

    async evidenceFile(p: Principal, evidenceId: number) {
      const e = await rs.evidenceContent(store.db, evidenceId);
      if (!e) throw new NotFound('evidence', String(evidenceId));
      const d = await mustGet(store.db, e.rectification_id);
      if (!visible(p, d)) throw new NotFound('evidence', String(evidenceId));
      return e;
    },

    /** A supervisor (the assigner or any unit above the responsible one) chases a record: 督办. */
    async chase(p: Principal, id: number, note: string) {
      return store.db.transaction().execute(async (trx) => {
        const d = await mustGet(trx, id);
        if (!visible(p, d)) throw new NotFound('rectification', String(id));
        const actor = unitOf(p);
        const above = actor !== null && actor.region !== d.rectification.unit_region && isInSubtree(d.rectification.unit_region, actor.region);
        if (!above) refuse('actor', '只有上级或交办单位才能督办', 'only a unit above may chase', '请由上级单位督办', 'A unit above must chase');
        if (note.trim() === '') refuse('note', '督办须写明要求', 'a chase needs a note', '例如“限 3 日内报送整改进展”', 'For example "report progress within 3 days"');
        const now = isoNow(clock);
        await rs.insertEvents(trx, [{ rectification_id: id, batch_id: d.batch.id, at: now, actor: p.username, actor_unit: unitTextOrNull(actor), action: 'chase', from_status: d.rectification.status, to_status: d.rectification.status, note: `${unitTextOrNull(actor) ?? ''} → ${d.rectification.unit_region}：${note.trim()}` }]);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'rectification.chase', entityType: 'rectification', entityId: String(id), before: null, after: { note } }], now);
      });
    },

    /** The sweep: every overdue, not yet escalated record goes on the supervision list of its assigner. */
    async escalateOverdue(actor: string): Promise<{ escalated: number }> {
      const t = today(clock);
      return store.db.transaction().execute(async (trx) => {
        const now = isoNow(clock);
        let total = 0;
        for (;;) {
          const due = (await rs.escalationCandidates(trx, t, 2000)).filter((r) => needsEscalation({ status: r.status, deadline: r.deadline, escalatedAt: r.escalated_at }, t));
          if (due.length === 0) break;
          const batches = new Map<number, rs.BatchRow | undefined>();
          for (const r of due) if (!batches.has(r.batch_id)) batches.set(r.batch_id, await rs.getBatch(trx, r.batch_id));
          await rs.markEscalated(trx, due.map((r) => r.id), now);
          await rs.insertEvents(trx, due.map((r) => {
            const b = batches.get(r.batch_id);
            const by = b ? unitText({ region: b.assigning_region, department: b.assigning_department }) : null;
            return { rectification_id: r.id, batch_id: r.batch_id, at: now, actor, actor_unit: by, action: 'escalate', from_status: r.status, to_status: r.status, note: `逾期挂单督办：${by ?? ''} 督办 ${unitText({ region: r.unit_region, department: r.unit_department })}，时限 ${r.deadline}` };
          }));
          await appendAudit(trx, store.dialect, due.map((r) => ({ actor, action: 'rectification.escalate', entityType: 'rectification', entityId: String(r.id), before: { escalatedAt: null }, after: { escalatedAt: now } })), now);
          total += due.length;
        }
        return { escalated: total };
      });
    },
  };

  function assertActor(p: Principal, d: rs.RectificationDetail, who: 'responsible' | 'either'): void {
    const actor = unitOf(p);
    const responsible = sameUnitOrNull(actor, { region: d.rectification.unit_region, department: d.rectification.unit_department });
    const assigner = sameUnitOrNull(actor, { region: d.batch.assigning_region, department: d.batch.assigning_department });
    if (responsible || (who === 'either' && assigner)) return;
    refuse('actor', who === 'responsible' ? '只有责任单位才能操作本问题的任务和佐证' : '只有责任单位或交办单位才能添加任务', 'not the responsible unit', '请由责任单位的账号操作', 'Use an account of the responsible unit');
  }
}

function sameUnitOrNull(a: Unit | null, b: Unit): boolean {
  return a !== null && a.region === b.region && a.department === b.department;
}

function unitTextOrNull(u: Unit | null): string | null {
  return u === null ? null : unitText(u);
}

export type RectificationService = ReturnType<typeof createRectificationService>;
