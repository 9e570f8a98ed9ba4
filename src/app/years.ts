// Closing and reopening registry years, both audited.
import type { ChainPoint } from '../domain/audit-chain.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { anchorYear, isYearClosed, markYear, snapshotYear } from '../store/years.js';
import { type Clock, isoNow } from './clock.js';
import { ValidationFailed } from './errors.js';

interface Deps {
  readonly store: Store;
  readonly clock: Clock;
}

/**
 * Closes a year; returns the audit entry that records the close, which the year's row keeps as an
 * anchor (and which the operator may write down: `audit verify --anchor SEQ:HASH`).
 */
export async function closeYear({ store, clock }: Deps, actor: string, year: number): Promise<ChainPoint> {
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
