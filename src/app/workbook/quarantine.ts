// Whether each household an import set aside (隔离户) has since been registered. The rule, kept to
// what the registry records: a set-aside household is resolved (已登记) when the registry now holds a
// household with its number (household numbers are unique) that was written after the batch
// finished, i.e. its `updated_at` is later than the batch's `finished_at`. Every write of a household
// moves `updated_at`: an import that creates or changes it, an edit in the workbench, a status event.
// So a new household is resolved once a later import (or a form) adds it; a household that was
// already registered, whose change the batch refused, is resolved only once it has changed since.
// Otherwise it is outstanding (待修正). Which write it was: the import whose run (created_at to
// finished_at) holds that instant, else an edit outside imports.
import type { ImportIssue } from '../../domain/workbook/assemble.js';
import { readStoredIssues } from '../../domain/stored-issues.js';
import type { Executor } from '../../store/store.js';
import { quarantineOf } from '../../store/workbook.js';

export interface QuarantineItem {
  readonly householdNo: string;
  readonly sheet: string;
  readonly row: number | null;
  readonly issues: ImportIssue[];
  /** Registered since the batch finished (已登记); false: outstanding (待修正). */
  readonly resolved: boolean;
  /** When the registry last wrote the household, if after the batch. */
  readonly resolvedAt: string | null;
  /** By an import (named in `resolvedBatch`) or by an edit outside imports. */
  readonly resolvedBy: 'import' | 'edit' | null;
  readonly resolvedBatch: { readonly id: number; readonly name: string } | null;
}

export interface QuarantineCounts {
  /** Households the batch set aside. */
  readonly total: number;
  readonly resolved: number;
  readonly outstanding: number;
}

export interface QuarantineList extends QuarantineCounts {
  readonly items: readonly QuarantineItem[];
}

/** The rule above, for one household: `finishedAt` null (the batch still running) resolves nothing. */
export function resolvedSince(registeredAt: string | null, finishedAt: string | null): boolean {
  return registeredAt !== null && finishedAt !== null && registeredAt > finishedAt;
}

/** The batch's set-aside households with their state, and the counts over all of them; `open`: only the outstanding ones are listed. */
export async function quarantineList(db: Executor, batch: { readonly id: number; readonly finished_at: string | null }, open = false): Promise<QuarantineList> {
  const rows = await quarantineOf(db, batch.id);
  const all: QuarantineItem[] = [];
  let last = -1;
  for (const r of rows) {
    // Rows come by set-aside row, the latest import first when two were running: that one is kept.
    if (r.id === last) continue;
    last = r.id;
    const resolved = resolvedSince(r.registered_at, batch.finished_at);
    all.push({
      householdNo: r.household_no,
      sheet: r.sheet,
      row: r.row_number,
      issues: readStoredIssues(r.issues_json) as ImportIssue[],
      resolved,
      resolvedAt: resolved ? r.registered_at : null,
      resolvedBy: resolved ? (r.later_id === null ? 'edit' : 'import') : null,
      resolvedBatch: resolved && r.later_id !== null ? { id: r.later_id, name: r.later_name ?? '' } : null,
    });
  }
  const resolved = all.filter((i) => i.resolved).length;
  return { total: all.length, resolved, outstanding: all.length - resolved, items: open ? all.filter((i) => !i.resolved) : all };
}

/** The list as the CLI's `--json` and the API send it. */
export function quarantineView(list: QuarantineList & { readonly batch: { readonly id: number; readonly name: string; readonly finished_at: string | null }; readonly open: boolean }) {
  return {
    batchId: list.batch.id,
    batchName: list.batch.name,
    finishedAt: list.batch.finished_at,
    /** Households the batch set aside, and of them how many are registered since and how many are still to fix. */
    households: list.total,
    resolved: list.resolved,
    outstanding: list.outstanding,
    /** Only the outstanding households are listed. */
    open: list.open,
    items: [...list.items],
  };
}
