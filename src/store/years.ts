// Registry years (动态调整): closing a year freezes its figures as a per-village snapshot.
import type { ChainPoint } from '../domain/audit-chain.js';
import { countsAsOf, emptyCounts } from './stats.js';
import type { Executor } from './store.js';
import { ClosedYearError } from './errors.js';

export async function isYearClosed(db: Executor, year: number): Promise<boolean> {
  const row = await db.selectFrom('registry_year').select('closed').where('year', '=', year).executeTakeFirst();
  return row?.closed === 1;
}

export async function assertYearOpen(db: Executor, year: number): Promise<void> {
  if (await isYearClosed(db, year)) throw new ClosedYearError(year);
}

export async function closedYears(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('registry_year').select('year').where('closed', '=', 1).orderBy('year').execute();
  return rows.map((r) => r.year);
}

/** A closed year as the year list shows it: who closed it, when, and the anchor its row keeps. */
export interface ClosedYear {
  year: number;
  /** Null for a year whose close entry the log no longer held at migration 080. */
  anchor: ChainPoint | null;
  closedAt: string | null;
  closedBy: string | null;
}

export async function closedYearAnchors(db: Executor): Promise<ClosedYear[]> {
  const rows = await db.selectFrom('registry_year').select(['year', 'audit_seq', 'audit_hash', 'closed_at', 'closed_by']).where('closed', '=', 1).orderBy('year').execute();
  return rows.map((r) => ({
    year: r.year,
    anchor: r.audit_seq === null || r.audit_hash === null ? null : { seq: r.audit_seq, hash: r.audit_hash },
    closedAt: r.closed_at,
    closedBy: r.closed_by,
  }));
}

export async function markYear(db: Executor, year: number, closed: boolean, actor: string, now: string): Promise<void> {
  const values = { year, closed: closed ? 1 : 0, closed_at: closed ? now : null, closed_by: closed ? actor : null };
  await db
    .insertInto('registry_year')
    .values(values)
    .onConflict((oc) => oc.column('year').doUpdateSet({ closed: values.closed, closed_at: values.closed_at, closed_by: values.closed_by }))
    .execute();
}

/** Records, in the year's row, the audit entry that recorded its close: an anchor `audit verify` checks. */
export async function anchorYear(db: Executor, year: number, anchor: ChainPoint): Promise<void> {
  await db.updateTable('registry_year').set({ audit_seq: anchor.seq, audit_hash: anchor.hash }).where('year', '=', year).execute();
}

/** Every year's anchor, closed or reopened since (a reopen does not undo what the log held then). */
export async function yearAnchors(db: Executor): Promise<{ year: number; anchor: ChainPoint }[]> {
  const rows = await db.selectFrom('registry_year').select(['year', 'audit_seq', 'audit_hash']).where('audit_seq', 'is not', null).orderBy('year').execute();
  return rows.flatMap((r) => (r.audit_seq === null || r.audit_hash === null ? [] : [{ year: r.year, anchor: { seq: r.audit_seq, hash: r.audit_hash } }]));
}

/**
 * Freezes the year's per-village figures: the counts as of 31 December of that year from the status
 * events (`countsAsOf`, what statistics of a past open year show), and that year's rural population
 * of every village that has one. Not a copy of today's counts: a year closed after later events were
 * recorded (an exit or a new identification of the next year) keeps its own year-end, and a village
 * with a population but no registered household still counts in the denominator.
 */
export async function snapshotYear(db: Executor, year: number): Promise<void> {
  await db.deleteFrom('year_snapshot').where('year', '=', year).execute();
  const counts = await countsAsOf(db, '000000000000', '999999999999', 12, year);
  const population = new Map<string, number>();
  for (const r of await db.selectFrom('village_year').select(['region_code', 'rural_population']).where('year', '=', year).execute()) population.set(r.region_code, Number(r.rural_population));
  const codes = [...new Set([...counts.keys(), ...population.keys()])].sort();
  const rows = codes.map((code) => {
    const c = counts.get(code) ?? emptyCounts();
    return {
      year,
      region_code: code,
      rural_population: population.get(code) ?? 0,
      households: c.households,
      people: c.people,
      poor_households: c.poor,
      poor_people: c.poorPeople,
      exited_households: c.exited,
      exited_people: c.exitedPeople,
      relapsed_households: c.relapsed,
      relapsed_people: c.relapsedPeople,
      removed_households: c.removed,
      removed_people: c.removedPeople,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('year_snapshot').values(rows.slice(i, i + 500)).execute();
}
