// What the API shows of runs and discrepancies: ID numbers masked for roles that do not match
// people, labels beside codes, both records side by side. Department users see only the kinds
// their department supplies.
import { presentIdNumber } from './present.js';
import { canOpenGivenFile, type Principal } from '../domain/access.js';
import { datasetKinds, datasetSchemas, isDatasetKind, type DatasetKind } from '../domain/crosscheck/kinds.js';
import { discrepancyTypes } from '../domain/crosscheck/rules.js';
import { readStoredIssues } from '../domain/stored-issues.js';
import type { DiscrepancyRow, RunRow } from '../store/crosscheck.js';

/** The kinds a principal may upload and review: a department its own, region roles all. */
export function kindsFor(p: Principal): DatasetKind[] {
  if (p.role === 'department') return datasetKinds.filter((k) => datasetSchemas[k].department === p.department);
  return [...datasetKinds];
}

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return typeof value === 'object' && value !== null ? { ...value } : null;
}

function masked(p: Principal, record: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!record) return null;
  const id = record['idNumber'];
  return typeof id === 'string' ? { ...record, idNumber: presentIdNumber(p, id) } : record;
}

export function presentDiscrepancy(p: Principal, d: DiscrepancyRow) {
  const label = discrepancyTypes[d.type as keyof typeof discrepancyTypes];
  return {
    id: d.id,
    runId: d.run_id,
    kind: d.kind,
    type: d.type,
    typeLabel: label ? { zh: label.zh, en: label.en } : { zh: d.type, en: d.type },
    status: d.status,
    villageCode: d.village_code,
    householdId: d.household_id,
    memberId: d.member_id,
    registry: masked(p, parse(d.registry_json)),
    department: masked(p, parse(d.department_json)),
    facts: parse(d.facts_json),
    note: d.note,
    problemId: d.problem_id,
    resolvedBy: d.resolved_by,
    resolvedAt: d.resolved_at,
    version: d.version,
  };
}

/** `fileOpen`: the department file is kept and this viewer may download it (`GET /crosscheck/runs/:id/file`). */
export function presentRun(viewer: Principal, r: RunRow & { byStatus?: Record<string, number> }) {
  const schema = isDatasetKind(r.kind) ? datasetSchemas[r.kind] : null;
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: schema ? { zh: schema.zh, en: schema.en } : { zh: r.kind, en: r.kind },
    department: r.department,
    under: r.under_code,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    fileKept: r.file_kept,
    fileOpen: r.file_kept && canOpenGivenFile(viewer, r.actor),
    status: r.status,
    actor: r.actor,
    counts: JSON.parse(r.counts_json) as Record<string, number>,
    issueCount: r.issue_count,
    issues: readStoredIssues(r.issues_json),
    batchId: r.batch_id,
    createdAt: r.created_at,
    ...(r.byStatus ? { byStatus: r.byStatus } : {}),
  };
}
