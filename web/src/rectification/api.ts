// Types and calls of the rectification API (整改) as the pages use them.
import { useEffect, useState } from 'react';
import { api, type CodeLists } from '../api';

export interface Batch {
  id: number;
  name: string;
  source: string;
  assigningRegion: string;
  assigningDepartment: string | null;
  finalDeadline: string;
  recheckDays: number;
  createdAt: string;
  createdBy: string;
  /** Present in the batch list. */
  assigningName?: string;
}

export interface Board {
  under: string;
  today: string;
  total: number;
  byStatus: Record<string, number>;
  overdue: number;
  escalated: number;
  recheckDue: number;
  batches: { batchId: number; name: string; total: number; closed: number; overdue: number; byStatus: Record<string, number> }[];
}

export interface UnitCount {
  unitRegion: string;
  name: string;
  total: number;
  inherited: number;
  closed: number;
  overdue: number;
}

export interface Counts {
  under: string;
  level: number;
  units: UnitCount[];
  most: number;
  least: number;
}

export interface RecordLine {
  id: number;
  batchId: number;
  batchName: string;
  problemId: number;
  problemNo: string;
  scope: string;
  category: string;
  description: string;
  unitRegion: string;
  unitName: string;
  unitDepartment: string | null;
  inherited: boolean;
  status: string;
  deadline: string;
  result: string | null;
  closedAt: string | null;
  recheckDue: string | null;
  escalatedAt: string | null;
  overdue: boolean;
  version: number;
}

export interface Task {
  id: number;
  rectificationId: number;
  measure: string;
  leadUnit: string;
  responsibleLeader: string;
  responsiblePerson: string;
  cooperatingUnits: string;
  deadline: string;
  doneAt: string | null;
}

export interface Evidence {
  id: number;
  taskId: number | null;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface RecordEvent {
  at: string;
  actor: string;
  actorUnit: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
}

export interface RecordDetail {
  rectification: { id: number; problemId: number; batchId: number; unitRegion: string; unitDepartment: string | null; inherited: boolean; status: string; deadline: string; result: string | null; submittedAt: string | null; closedAt: string | null; closedBy: string | null; recheckDue: string | null; escalatedAt: string | null; version: number; updatedAt: string };
  problem: { id: number; batchId: number; problemNo: string; scope: string; unitRegion: string; unitDepartment: string | null; appliesLevel: number | null; category: string; description: string; deadline: string; createdAt: string };
  batch: Batch;
  tasks: Task[];
  evidence: Evidence[];
  events: RecordEvent[];
  today: string;
  overdue: boolean;
  names: { unit: string; assigning: string };
  canAct: { responsible: boolean; assigner: boolean; chase: boolean };
}

export interface TaskInput {
  measure: string;
  leadUnit: string;
  responsibleLeader: string;
  responsiblePerson: string;
  cooperatingUnits: string;
  deadline: string | null;
  durationDays: number | null;
}

/** The report of a batch (专题报告), as the printable page renders it. */
export interface BatchReport {
  batch: { id: number; name: string; source: string; assigningRegion: string; assigningName: string; assigningDepartment: string | null; finalDeadline: string; createdAt: string };
  under: string;
  today: string;
  summary: { problems: number; rectifications: number; closed: number; closedRate: number; overdue: number; escalated: number; ledgerIssues: number };
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  units: UnitCount[];
  burnDown: { date: string; remaining: number }[];
  lines: (Omit<RecordLine, 'batchName'> & { tasks: { measure: string; leadUnit: string; responsiblePerson: string; deadline: string; doneAt: string | null }[]; evidenceCount: number })[];
  overdue: { id: number; problemNo: string; unitRegion: string; unitName: string; deadline: string; status: string; escalatedAt: string | null }[];
  chases: { rectificationId: number; at: string; actor: string; actorUnit: string | null; action: string; note: string | null }[];
  ledgerIssues: { rectificationId: number; problemNo: string; unitRegion: string; message: string; messageEn: string }[];
}

/** Roles that act for a unit (see unitOf on the server): they may assign and work problems. */
export const unitRoles = new Set(['regionAdmin', 'villageCadre', 'department']);

let codeListsPromise: Promise<CodeLists> | null = null;

/** The four rectification code lists, fetched once per page load. */
export function useRectificationCodeLists(): CodeLists | null {
  const [lists, setLists] = useState<CodeLists | null>(null);
  useEffect(() => {
    codeListsPromise ??= api<CodeLists>('GET', '/rectification/code-lists');
    let live = true;
    codeListsPromise.then((l) => live && setLists(l), () => (codeListsPromise = null));
    return () => {
      live = false;
    };
  }, []);
  return lists;
}

/** A file as base64, for the JSON upload endpoints (they share the CSRF-protected JSON path). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const text = String(reader.result);
      resolve(text.slice(text.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Days past the deadline as of the server's today (both ISO dates). */
export function daysLate(deadline: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(today) - Date.parse(deadline)) / 86400000));
}

export const statusColor: Record<string, string> = { open: 'default', rectifying: 'processing', submitted: 'gold', returned: 'orange', closed: 'green', reopened: 'red' };

/** The level of a 12-digit region code: 1 province … 5 village. */
export function regionLevel(code: string): number {
  if (/^\d{2}0{10}$/.test(code)) return 1;
  if (/^\d{4}0{8}$/.test(code)) return 2;
  if (/^\d{6}0{6}$/.test(code)) return 3;
  if (/^\d{9}0{3}$/.test(code)) return 4;
  return 5;
}

/** The level whose units a region's counts list: counties for a province or city (seed 003), else the next level down. */
export function countsLevel(code: string): number | null {
  const level = regionLevel(code);
  return level <= 2 ? 3 : level < 5 ? level + 1 : null;
}

/** A problem-list workbook imported into a batch (`GET /rectification/batches/:id` → `problemFiles`). */
export interface ProblemFile {
  id: number;
  fileName: string;
  sha256: string;
  problems: number;
  importedBy: string;
  importedAt: string;
}
