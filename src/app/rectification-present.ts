// Store rows of rectification → API shapes (camelCase glossary identifiers).
import type { BatchRow, EventRow, EvidenceMeta, ProblemFileRow, ProblemRow, RectificationRow, TaskRow } from '../store/rectification.js';

export const presentBatch = (b: BatchRow) => ({
  id: b.id,
  name: b.name,
  source: b.source,
  assigningRegion: b.assigning_region,
  assigningDepartment: b.assigning_department,
  finalDeadline: b.final_deadline,
  recheckDays: b.recheck_days,
  createdAt: b.created_at,
  createdBy: b.created_by,
});

/** A problem-list workbook imported into a batch; its bytes from `GET /rectification/problem-files/:id`. */
export const presentProblemFile = (f: ProblemFileRow) => ({
  id: f.id,
  fileName: f.file_name,
  sha256: f.sha256,
  problems: f.problems,
  importedBy: f.imported_by,
  importedAt: f.imported_at,
});

export const presentProblem = (p: ProblemRow) => ({
  id: p.id,
  batchId: p.batch_id,
  problemNo: p.problem_no,
  scope: p.scope,
  unitRegion: p.unit_region,
  unitDepartment: p.unit_department,
  appliesLevel: p.applies_level,
  category: p.category,
  description: p.description,
  deadline: p.deadline,
  createdAt: p.created_at,
});

export const presentRectification = (r: RectificationRow) => ({
  id: r.id,
  problemId: r.problem_id,
  batchId: r.batch_id,
  unitRegion: r.unit_region,
  unitDepartment: r.unit_department,
  inherited: r.inherited === 1,
  status: r.status,
  deadline: r.deadline,
  result: r.result,
  submittedAt: r.submitted_at,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  recheckDue: r.recheck_due,
  escalatedAt: r.escalated_at,
  version: r.version,
  updatedAt: r.updated_at,
});

export const presentTask = (t: TaskRow) => ({
  id: t.id,
  rectificationId: t.rectification_id,
  measure: t.measure,
  leadUnit: t.lead_unit,
  responsibleLeader: t.responsible_leader,
  responsiblePerson: t.responsible_person,
  cooperatingUnits: t.cooperating_units,
  deadline: t.deadline,
  doneAt: t.done_at,
});

export const presentEvidence = (e: EvidenceMeta) => ({
  id: e.id,
  taskId: e.task_id,
  fileName: e.file_name,
  mediaType: e.media_type,
  size: e.size,
  sha256: e.sha256,
  uploadedBy: e.uploaded_by,
  uploadedAt: e.uploaded_at,
});

export const presentEvent = (e: EventRow) => ({
  at: e.at,
  actor: e.actor,
  actorUnit: e.actor_unit,
  action: e.action,
  fromStatus: e.from_status,
  toStatus: e.to_status,
  note: e.note,
});
