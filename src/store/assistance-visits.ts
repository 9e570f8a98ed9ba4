// Visits, follow-ups, coverage per cadre, households not visited and the cadre's worklist.
// Coverage per village is in assistance-coverage.ts.
import { type Insertable, sql } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { VisitFollowUpTable, VisitTable } from './assistance-schema.js';
import type { Executor } from './store.js';

export async function insertVisit(db: Executor, row: Insertable<VisitTable>): Promise<number> {
  return (await db.insertInto('visit').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertFollowUps(db: Executor, rows: readonly Insertable<VisitFollowUpTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('visit_follow_up').values([...rows]).execute();
}

export const getFollowUp = (db: Executor, id: number) => db.selectFrom('visit_follow_up').selectAll().where('id', '=', id).executeTakeFirst();

export async function completeFollowUp(db: Executor, id: number, date: string, note: string, by: string): Promise<boolean> {
  const r = await db.updateTable('visit_follow_up').set({ done_date: date, done_note: note, done_by: by }).where('id', '=', id).where('done_date', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function householdVisits(db: Executor, householdId: number, limit = 100) {
  const visits = await db
    .selectFrom('visit as v')
    .innerJoin('cadre as c', 'c.id', 'v.cadre_id')
    .select(['v.id', 'v.visit_date', 'v.purpose', 'v.findings', 'v.latitude', 'v.longitude', 'v.cadre_id', 'c.name as cadreName', 'v.created_at', 'v.created_by'])
    .where('v.household_id', '=', householdId)
    .orderBy('v.visit_date', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
  const followUps = await db.selectFrom('visit_follow_up').selectAll().where('household_id', '=', householdId).orderBy('due_date', 'desc').execute();
  return { visits, followUps };
}

export interface CadreCoverageRow {
  cadreId: number;
  name: string;
  households: number;
  visited: number;
}

/**
 * Per cadre: households they were responsible for during the period and visited themselves.
 * `visitedIn` gives the visited counts from the pre-aggregate for a calendar period.
 */
export async function coverageByCadre(db: Executor, under: string, from: string, to: string, visitedIn: Map<number, number> | null): Promise<CadreCoverageRow[]> {
  const [lo, hi] = subtreeRange(under);
  const visitedSql = visitedIn ? sql`0` : sql`count(distinct case when exists (select 1 from visit v where v.household_id = p.household_id and v.visit_date >= ${from} and v.visit_date <= ${to} and v.cadre_id = p.cadre_id) then p.household_id end)`;
  const r = await sql<{ cadre_id: number; name: string; households: number | string; visited: number | string }>`
    select p.cadre_id, c.name,
           count(distinct p.household_id) as households,
           ${visitedSql} as visited
      from cadre_pairing p
      join cadre c on c.id = p.cadre_id
     where p.village_code >= ${lo} and p.village_code <= ${hi}
       and p.from_date <= ${to} and (p.to_date is null or p.to_date >= ${from})
     group by p.cadre_id, c.name
     order by c.name, p.cadre_id`.execute(db);
  return r.rows.map((x) => ({ cadreId: x.cadre_id, name: x.name, households: Number(x.households), visited: visitedIn ? (visitedIn.get(x.cadre_id) ?? 0) : Number(x.visited ?? 0) }));
}

export interface NotVisitedRow {
  householdId: number;
  householdNo: string;
  villageCode: string;
  headName: string | null;
  lastVisit: string | null;
  cadreName: string | null;
}

/** Households with no visit since `since`, in village and household-number order (the index's, so a page stops early). */
export async function notVisitedSince(db: Executor, under: string, since: string, limit: number): Promise<{ total: number; items: NotVisitedRow[] }> {
  const [lo, hi] = subtreeRange(under);
  const base = db
    .selectFrom('household as h')
    .where('h.village_code', '>=', lo)
    .where('h.village_code', '<=', hi)
    .where('h.status', '<>', 'removed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('visit as v').select(sql.lit(1).as('one')).whereRef('v.household_id', '=', 'h.id').where('v.visit_date', '>=', since))));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await base
    .select(['h.id', 'h.household_no', 'h.village_code'])
    .select((eb) => [
      eb.selectFrom('visit as v').select((e) => e.fn.max('v.visit_date').as('d')).whereRef('v.household_id', '=', 'h.id').as('last_visit'),
      eb.selectFrom('member as m').select('m.name').whereRef('m.household_id', '=', 'h.id').where('m.relation', '=', 'head').limit(1).as('head_name'),
      eb.selectFrom('cadre_pairing as p').innerJoin('cadre as c', 'c.id', 'p.cadre_id').select('c.name').whereRef('p.household_id', '=', 'h.id').where('p.to_date', 'is', null).limit(1).as('cadre_name'),
    ])
    .orderBy('h.village_code')
    .orderBy('h.household_no')
    .limit(limit)
    .execute();
  return { total, items: rows.map((r) => ({ householdId: r.id, householdNo: r.household_no, villageCode: r.village_code, headName: r.head_name ?? null, lastVisit: r.last_visit ?? null, cadreName: r.cadre_name ?? null })) };
}

export interface WorklistHousehold {
  pairingId: number;
  householdId: number;
  householdNo: string;
  villageCode: string;
  headName: string | null;
  phone: string | null;
  mainCause: string;
  status: string;
  pairedFrom: string;
  lastVisit: string | null;
}

/** The households a cadre is responsible for now, with the last visit to each. */
export async function cadreHouseholds(db: Executor, cadreId: number): Promise<WorklistHousehold[]> {
  const rows = await db
    .selectFrom('cadre_pairing as p')
    .innerJoin('household as h', 'h.id', 'p.household_id')
    .select(['p.id as pairing_id', 'h.id', 'h.household_no', 'h.village_code', 'h.phone', 'h.main_cause', 'h.status', 'p.from_date'])
    .select((eb) => [
      eb.selectFrom('visit as v').select((e) => e.fn.max('v.visit_date').as('d')).whereRef('v.household_id', '=', 'h.id').as('last_visit'),
      eb.selectFrom('member as m').select('m.name').whereRef('m.household_id', '=', 'h.id').where('m.relation', '=', 'head').limit(1).as('head_name'),
    ])
    .where('p.cadre_id', '=', cadreId)
    .where('p.to_date', 'is', null)
    .orderBy('h.household_no')
    .execute();
  return rows.map((r) => ({ pairingId: r.pairing_id, householdId: r.id, householdNo: r.household_no, villageCode: r.village_code, headName: r.head_name ?? null, phone: r.phone, mainCause: r.main_cause, status: r.status, pairedFrom: r.from_date, lastVisit: r.last_visit ?? null }));
}

export async function openFollowUpsOfCadre(db: Executor, cadreId: number) {
  return db
    .selectFrom('visit_follow_up as f')
    .innerJoin('household as h', 'h.id', 'f.household_id')
    .select(['f.id', 'f.household_id', 'h.household_no', 'f.text', 'f.due_date', 'f.visit_id'])
    .where('f.cadre_id', '=', cadreId)
    .where('f.done_date', 'is', null)
    .orderBy('f.due_date')
    .execute();
}

/** Open follow-ups per village and how many are overdue on `today`. */
export async function followUpsByVillage(db: Executor, under: string, today: string): Promise<Map<string, { open: number; overdue: number }>> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('visit_follow_up')
    .select(['village_code'])
    .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.sum<number>(eb.case().when('due_date', '<', today).then(1).else(0).end()).as('overdue')])
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .where('done_date', 'is', null)
    .groupBy('village_code')
    .execute();
  return new Map(rows.map((r) => [r.village_code, { open: Number(r.open), overdue: Number(r.overdue ?? 0) }]));
}
