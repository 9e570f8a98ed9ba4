// Whether each household an import set aside (隔离户) has since been registered. A set-aside
// household is resolved (已登记) when either
// - a later import (not a dry run, not rolled back) found a household with its number valid: new,
//   changed or unchanged. The import records that on the entry (`resolved_batch_id`, `resolved_at`),
//   since an unchanged household writes nothing: a refused change corrected back to the values the
//   registry already holds is resolved too; or
// - the registry holds a household with its number (household numbers are unique) written after
//   the batch finished, i.e. its `updated_at` is later than the batch's `finished_at`: an edit in the
//   workbench or a status event, and imports made before imports recorded the entry.
// Otherwise it is outstanding (待修正). By what: the import recorded on the entry, else the import
// whose run (created_at to finished_at) holds the registry's last write, else an edit outside imports.
import type { ImportIssue } from '../../domain/workbook/assemble.js';
import { readStoredIssues } from '../../domain/stored-issues.js';
import type { Executor } from '../../store/store.js';
import { quarantineOf } from '../../store/workbook.js';

export interface QuarantineItem {
  readonly householdNo: string;
  /** Where to fix it: the sheet and row of its first problem (the household's own row if none says). */
  readonly sheet: string;
  readonly row: number | null;
  /** How many problems set it aside (`issues.length`). */
  readonly issueCount: number;
  readonly issues: ImportIssue[];
  /** Registered since the batch finished (已登记); false: outstanding (待修正). */
  readonly resolved: boolean;
  /** When the later import found it valid, else when the registry last wrote it, if after the batch. */
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

/**
 * Where a set-aside household's problems are: the first problem that names a sheet, else `own`
 * (its row in the household sheet, or its first member's). Its problems may all be in the member
 * or income sheet, which the household sheet's row would not point to.
 */
export function firstProblemAt(issues: readonly ImportIssue[], own: { readonly sheet: string; readonly row: number | null }): { sheet: string; row: number | null } {
  const first = issues.find((i) => i.sheet !== '');
  return first ? { sheet: first.sheet, row: first.row } : { sheet: own.sheet, row: own.row };
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
    const issues = readStoredIssues(r.issues_json) as ImportIssue[];
    // Entries set aside before the import kept the first problem's place still name the household's row.
    const at = firstProblemAt(issues, { sheet: r.sheet, row: r.row_number });
    const place = { householdNo: r.household_no, ...at, issueCount: issues.length, issues };
    if (r.resolved_batch_id !== null) {
      all.push({ ...place, resolved: true, resolvedAt: r.resolved_at, resolvedBy: 'import', resolvedBatch: { id: r.resolved_batch_id, name: r.resolved_batch_name ?? '' } });
      continue;
    }
    const resolved = resolvedSince(r.registered_at, batch.finished_at);
    all.push({
      ...place,
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
