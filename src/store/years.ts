// Registry years (动态调整): closing a year freezes its figures as a per-village snapshot.
import { sql } from 'kysely';
import type { ChainPoint } from '../domain/audit-chain.js';
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

/** The closed years with the anchor each keeps (null for a year whose close entry the log no longer held at migration 080). */
export async function closedYearAnchors(db: Executor): Promise<{ year: number; anchor: ChainPoint | null }[]> {
  const rows = await db.selectFrom('registry_year').select(['year', 'audit_seq', 'audit_hash']).where('closed', '=', 1).orderBy('year').execute();
  return rows.map((r) => ({ year: r.year, anchor: r.audit_seq === null || r.audit_hash === null ? null : { seq: r.audit_seq, hash: r.audit_hash } }));
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

/** Copies the live per-village counts and that year's rural population into the year's snapshot. */
export async function snapshotYear(db: Executor, year: number): Promise<void> {
  await db.deleteFrom('year_snapshot').where('year', '=', year).execute();
  await sql`insert into year_snapshot (year, region_code, rural_population, households, people,
      poor_households, poor_people, exited_households, exited_people,
      relapsed_households, relapsed_people, removed_households, removed_people)
    select ${year}, s.region_code, coalesce(y.rural_population, 0), s.households, s.people,
      s.poor_households, s.poor_people, s.exited_households, s.exited_people,
      s.relapsed_households, s.relapsed_people, s.removed_households, s.removed_people
    from village_stat s left join village_year y on y.region_code = s.region_code and y.year = ${year}`.execute(db);
}
