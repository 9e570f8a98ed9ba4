// Closing and reopening registry years, both audited.
import type { ChainPoint } from '../domain/audit-chain.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { anchorYear, closedYearAnchors, isYearClosed, markYear, snapshotYear, type ClosedYear } from '../store/years.js';
import { type Clock, isoNow, thisYear } from './clock.js';
import { ValidationFailed } from './errors.js';

interface Deps {
  readonly store: Store;
  readonly clock: Clock;
}

/** The registry began in 2014 (建档立卡): no year before it has anything to close. */
export const firstRegistryYear = 2014;

export interface YearList {
  closed: ClosedYear[];
  /** The years that may still be closed, newest first: from 2014 through this year (Beijing time), not closed. */
  open: number[];
  currentYear: number;
}

export async function listYears({ store, clock }: Deps): Promise<YearList> {
  const closed = await closedYearAnchors(store.db);
  const currentYear = thisYear(clock);
  const shut = new Set(closed.map((c) => c.year));
  const open: number[] = [];
  for (let y = currentYear; y >= firstRegistryYear; y--) if (!shut.has(y)) open.push(y);
  return { closed, open, currentYear };
}

/** The year list as `GET /years` answers it and `jingzhun year list --json` prints it: the closed years as numbers, and each with who closed it, when and its anchor. */
export interface YearListView {
  closed: number[];
  anchors: ClosedYear[];
  open: number[];
  currentYear: number;
}

export async function yearListView(deps: Deps): Promise<YearListView> {
  const { closed, open, currentYear } = await listYears(deps);
  return { closed: closed.map((a) => a.year), anchors: closed, open, currentYear };
}

/**
 * Closes a year; returns the audit entry that records the close, which the year's row keeps as an
 * anchor (and which the operator may write down: `audit verify --anchor SEQ:HASH`).
 */
export async function closeYear({ store, clock }: Deps, actor: string, year: number): Promise<ChainPoint> {
  // A year not yet begun has no figures to freeze; closing it would only block its corrections.
  if (year > thisYear(clock)) {
    throw new ValidationFailed([{ field: 'year', message: `${year} 年度尚未开始，不能关账`, messageEn: `${year} has not begun and cannot be closed`, fix: `只能关账 ${thisYear(clock)} 年及以前的年度`, fixEn: `Close ${thisYear(clock)} or an earlier year` }]);
  }
  return store.db.transaction().execute(async (trx) => {
    if (await isYearClosed(trx, year)) {
      throw new ValidationFailed([{ field: 'year', message: `${year} 年度已经关账`, messageEn: `${year} is already closed`, fix: '无需重复关账', fixEn: 'Already closed; nothing to do' }]);
    }
    const now = isoNow(clock);
    await snapshotYear(trx, year);
    await markYear(trx, year, true, actor, now);
    const anchor = await appendAudit(trx, store.dialect, [{ actor, action: 'year-close', entityType: 'registryYear', entityId: String(year), before: null, after: { closed: true } }], now);
    if (!anchor) throw new Error('appendAudit wrote no entry');
    await anchorYear(trx, year, anchor);
    return anchor;
  });
}

export async function reopenYear({ store, clock }: Deps, actor: string, year: number, reason: string): Promise<void> {
  if (reason.trim() === '') {
    throw new ValidationFailed([{ field: 'reason', message: '重新开账必须说明原因', messageEn: 'a reason is required', fix: '请填写更正的原因和依据', fixEn: 'Enter the reason for the correction and its basis' }]);
  }
  await store.db.transaction().execute(async (trx) => {
    if (!(await isYearClosed(trx, year))) {
      throw new ValidationFailed([{ field: 'year', message: `${year} 年度尚未关账`, messageEn: `${year} is not closed`, fix: '未关账的年度可直接更正', fixEn: 'A year that is not closed can be corrected directly' }]);
    }
    const now = isoNow(clock);
    await markYear(trx, year, false, actor, now);
    await appendAudit(trx, store.dialect, [{ actor, action: 'year-reopen', entityType: 'registryYear', entityId: String(year), before: { closed: true }, after: { closed: false, reason } }], now);
  });
}
