// Rectification views: the status board, counts per unit with inherited common problems, the
// overdue list, reminders, burn-down, the plan/ledger/result check and the special report (专题报告).
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { isInSubtree } from '../domain/region-code.js';
import { checkLedger, type LedgerIssue } from '../domain/rectification/ledger-check.js';
import { burnDown, isOverdue, reminderWindow } from '../domain/rectification/schedule.js';
import { rectificationStatuses } from '../domain/rectification/workflow.js';
import * as rs from '../store/rectification.js';
import * as views from '../store/rectification-views.js';
import type { Store } from '../store/store.js';
import { type Clock, today } from './clock.js';
import { NotFound } from './errors.js';

export interface Board {
  readonly under: string;
  readonly today: string;
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly overdue: number;
  readonly escalated: number;
  /** Closed records due for their recheck (回头看) today or earlier. */
  readonly recheckDue: number;
  readonly batches: { batchId: number; name: string; total: number; closed: number; overdue: number; byStatus: Record<string, number> }[];
}

function emptyStatuses(): Record<string, number> {
  return Object.fromEntries(rectificationStatuses.map((s) => [s, 0]));
}

export function createRectificationViews(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  /** The batch as this account may read it: the whole batch for the assigner and above, else its own subtree. */
  async function batchFor(p: Principal, batchId: number): Promise<{ batch: rs.BatchRow; under: string }> {
    const batch = await rs.getBatch(store.db, batchId);
    if (!batch) throw new NotFound('rectificationBatch', String(batchId));
    if (inScope(p, batch.assigning_region)) return { batch, under: batch.assigning_region };
    if (isInSubtree(p.regionCode, batch.assigning_region)) return { batch, under: p.regionCode };
    throw new NotFound('rectificationBatch', String(batchId));
  }

  async function board(under: string, batchId: number | null = null): Promise<Board> {
    const t = today(clock);
    const counts = await views.boardCounts(store.db, under, t, batchId);
    const byStatus = emptyStatuses();
    const perBatch = new Map<number, { total: number; closed: number; overdue: number; byStatus: Record<string, number> }>();
    let overdue = 0;
    let escalated = 0;
    let recheckDue = 0;
    for (const c of counts) {
      byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
      overdue += c.overdue;
      escalated += c.escalated;
      recheckDue += c.recheckDue;
      const b = perBatch.get(c.batchId) ?? { total: 0, closed: 0, overdue: 0, byStatus: emptyStatuses() };
      b.total += c.n;
      b.overdue += c.overdue;
      if (c.status === 'closed') b.closed += c.n;
      b.byStatus[c.status] = (b.byStatus[c.status] ?? 0) + c.n;
      perBatch.set(c.batchId, b);
    }
    const names = new Map<number, string>();
    for (const id of perBatch.keys()) names.set(id, (await rs.getBatch(store.db, id))?.name ?? String(id));
    return {
      under,
      today: t,
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      overdue,
      escalated,
      recheckDue,
      batches: [...perBatch.entries()].sort((a, b) => b[0] - a[0]).map(([batchId, b]) => ({ batchId, name: names.get(batchId) ?? '', ...b })),
    };
  }

  /** Problems per unit of a level, inherited common ones included; most and least for seed 003. */
  async function unitCounts(under: string, level: number, batchIds: readonly number[] | null = null) {
    const units = await views.unitCounts(store.db, under, level, today(clock), batchIds);
    const totals = units.map((u) => u.total);
    return { under, level, units, most: totals.length > 0 ? Math.max(...totals) : 0, least: totals.length > 0 ? Math.min(...totals) : 0 };
  }

  async function ledgerIssues(batchId: number, under: string): Promise<LedgerIssue[]> {
    const [records, tasks, evidence] = await Promise.all([views.batchRecords(store.db, batchId), views.batchTasks(store.db, batchId), views.batchEvidenceCounts(store.db, batchId)]);
    const tasksBy = groupTasks(tasks);
    return checkLedger(
      records
        .filter((r) => isInSubtree(r.unitRegion, under))
        .map((r) => ({ rectificationId: r.id, problemNo: r.problemNo, unitRegion: r.unitRegion, status: r.status, deadline: r.deadline, result: r.result, evidenceCount: evidence.get(r.id) ?? 0, closedAt: r.closedAt, tasks: (tasksBy.get(r.id) ?? []).map((t) => ({ deadline: t.deadline, doneAt: t.doneAt })) })),
    );
  }

  /** Everything the special report of a batch shows; the xlsx and the printable page both render it. */
  async function report(p: Principal, batchId: number) {
    const { batch, under } = await batchFor(p, batchId);
    const t = today(clock);
    const [all, tasks, evidence, burnEvents, chases] = await Promise.all([views.batchRecords(store.db, batchId), views.batchTasks(store.db, batchId), views.batchEvidenceCounts(store.db, batchId), views.batchBurnEvents(store.db, batchId, under), views.batchChases(store.db, batchId)]);
    const records = all.filter((r) => isInSubtree(r.unitRegion, under));
    const ids = new Set(records.map((r) => r.id));
    const tasksBy = groupTasks(tasks.filter((x) => ids.has(x.rectificationId)));
    const names = await views.regionNames(store.db, [batch.assigning_region, ...records.map((r) => r.unitRegion)]);
    const byStatus = emptyStatuses();
    const byCategory: Record<string, number> = {};
    const byUnit = new Map<string, { unitRegion: string; name: string; total: number; inherited: number; closed: number; overdue: number }>();
    const problems = new Set<number>();
    for (const r of records) {
      problems.add(r.problemId);
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
      const u = byUnit.get(r.unitRegion) ?? { unitRegion: r.unitRegion, name: names.get(r.unitRegion) ?? r.unitRegion, total: 0, inherited: 0, closed: 0, overdue: 0 };
      u.total += 1;
      if (r.inherited) u.inherited += 1;
      if (r.status === 'closed') u.closed += 1;
      if (isOverdue({ status: r.status, deadline: r.deadline, escalatedAt: r.escalatedAt }, t)) u.overdue += 1;
      byUnit.set(r.unitRegion, u);
    }
    const lines = records.map((r) => ({ ...r, unitName: names.get(r.unitRegion) ?? r.unitRegion, overdue: isOverdue({ status: r.status, deadline: r.deadline, escalatedAt: r.escalatedAt }, t), evidenceCount: evidence.get(r.id) ?? 0, tasks: tasksBy.get(r.id) ?? [] }));
    const issues = checkLedger(lines.map((r) => ({ rectificationId: r.id, problemNo: r.problemNo, unitRegion: r.unitRegion, status: r.status, deadline: r.deadline, result: r.result, evidenceCount: r.evidenceCount, closedAt: r.closedAt, tasks: r.tasks.map((x) => ({ deadline: x.deadline, doneAt: x.doneAt })) })));
    return {
      batch: { id: batch.id, name: batch.name, source: batch.source, assigningRegion: batch.assigning_region, assigningName: names.get(batch.assigning_region) ?? batch.assigning_region, assigningDepartment: batch.assigning_department, finalDeadline: batch.final_deadline, createdAt: batch.created_at },
      under,
      today: t,
      summary: {
        problems: problems.size,
        rectifications: records.length,
        closed: byStatus['closed'] ?? 0,
        closedRate: records.length === 0 ? 0 : (byStatus['closed'] ?? 0) / records.length,
        overdue: lines.filter((l) => l.overdue).length,
        escalated: records.filter((r) => r.escalatedAt !== null).length,
        ledgerIssues: issues.length,
      },
      byStatus,
      byCategory,
      units: [...byUnit.values()].sort((a, b) => (a.unitRegion < b.unitRegion ? -1 : 1)),
      burnDown: burnDown(records.length, batch.created_at.slice(0, 10), t, burnEvents, 7),
      lines,
      overdue: lines.filter((l) => l.overdue).map((l) => ({ id: l.id, problemNo: l.problemNo, unitRegion: l.unitRegion, unitName: l.unitName, deadline: l.deadline, status: l.status, escalatedAt: l.escalatedAt })),
      chases: chases.filter((c) => ids.has(c.rectificationId)),
      ledgerIssues: issues,
    };
  }

  return {
    today: () => today(clock),
    batchFor,
    board,
    unitCounts,
    ledgerIssues,
    report,
    list: (f: views.RecordFilter) => views.listRecords(store.db, f),
    regionNames: (codes: readonly string[]) => views.regionNames(store.db, codes),
    /** A page of the list as the web shows it: unit and batch names, and whether each line is overdue today. */
    async listNamed(f: views.RecordFilter) {
      const t = today(clock);
      const lines = await views.listRecords(store.db, f);
      const [units, batches] = await Promise.all([views.regionNames(store.db, lines.map((l) => l.unitRegion)), views.batchNames(store.db, lines.map((l) => l.batchId))]);
      return lines.map((l) => ({ ...l, unitName: units.get(l.unitRegion) ?? l.unitRegion, batchName: batches.get(l.batchId) ?? String(l.batchId), overdue: isOverdue({ status: l.status, deadline: l.deadline, escalatedAt: l.escalatedAt }, t) }));
    },
    overdue: (under: string, limit: number, afterId: number) => views.listRecords(store.db, { under, batchId: null, status: null, overdueOn: today(clock), limit, afterId }),
    async reminders(under: string, days: number) {
      const [from, to] = reminderWindow(today(clock), days);
      return { from, to, items: await views.dueBetween(store.db, under, from, to) };
    },
    async burnDown(p: Principal, batchId: number) {
      const { batch, under } = await batchFor(p, batchId);
      const b = await board(under, batchId);
      return { batchId, points: burnDown(b.total, batch.created_at.slice(0, 10), today(clock), await views.batchBurnEvents(store.db, batchId, under), 7) };
    },
  };
}

function groupTasks(tasks: readonly views.TaskLine[]): Map<number, views.TaskLine[]> {
  const by = new Map<number, views.TaskLine[]>();
  for (const x of tasks) {
    const list = by.get(x.rectificationId);
    if (list) list.push(x);
    else by.set(x.rectificationId, [x]);
  }
  return by;
}

export type RectificationViews = ReturnType<typeof createRectificationViews>;
export type BatchReport = Awaited<ReturnType<RectificationViews['report']>>;
