// Visit coverage (入户率) reads and the pre-aggregate behind them. Households come from the
// registry's own pre-aggregate (village_stat), pairings from their village index, and visited
// households either from village_visit_period (a calendar month, quarter or year: ~one row per
// village) or, for any other period, from one probe per household of visit(household_id, visit_date).
import { sql } from 'kysely';
import { periodsOf } from '../domain/assistance/schedule.js';
import { subtreeRange } from '../domain/region-code.js';
import type { DialectName } from './dialect.js';
import type { Executor } from './store.js';

export interface CoverageRow {
  villageCode: string;
  households: number;
  paired: number;
  visited: number;
}

async function householdsAndPaired(db: Executor, lo: string, hi: string): Promise<Map<string, { households: number; paired: number }>> {
  const stats = await db.selectFrom('village_stat').select(['region_code', 'households', 'removed_households']).where('region_code', '>=', lo).where('region_code', '<=', hi).where('households', '>', 0).execute();
  const paired = await db
    .selectFrom('cadre_pairing')
    .select(['village_code'])
    .select((eb) => eb.fn.count<number>('household_id').distinct().as('n'))
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .where('to_date', 'is', null)
    .groupBy('village_code')
    .execute();
  const result = new Map(stats.map((s) => [s.region_code, { households: Number(s.households) - Number(s.removed_households), paired: 0 }]));
  for (const p of paired) {
    const row = result.get(p.village_code);
    if (row) row.paired = Number(p.n);
  }
  return result;
}

async function visitedFromPeriods(db: Executor, lo: string, hi: string, period: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('village_visit_period').select(['village_code', 'visited']).where('period', '=', period).where('village_code', '>=', lo).where('village_code', '<=', hi).execute();
  return new Map(rows.map((r) => [r.village_code, Number(r.visited)]));
}

async function visitedByProbe(db: Executor, lo: string, hi: string, from: string, to: string): Promise<Map<string, number>> {
  // EXISTS in the WHERE clause lets PostgreSQL plan a semi-join (one index-only probe per
  // household) instead of a per-row subplan in the select list, which cost it 3–4 times more.
  const r = await sql<{ village_code: string; visited: number | string }>`
    select h.village_code, count(*) as visited
      from household h
     where h.village_code >= ${lo} and h.village_code <= ${hi}
       and exists (select 1 from visit v where v.household_id = h.id and v.visit_date >= ${from} and v.visit_date <= ${to})
     group by h.village_code`.execute(db);
  return new Map(r.rows.map((x) => [x.village_code, Number(x.visited ?? 0)]));
}

/**
 * Per village: households on the registry (not removed), those with a cadre now, and the distinct
 * households visited in [from, to] (`period` names it when it is a calendar month, quarter or year).
 */
export async function coverageByVillage(db: Executor, under: string, from: string, to: string, period: string | null): Promise<CoverageRow[]> {
  const [lo, hi] = subtreeRange(under);
  const base = await householdsAndPaired(db, lo, hi);
  const visited = period ? await visitedFromPeriods(db, lo, hi, period) : await visitedByProbe(db, lo, hi, from, to);
  return [...base.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([villageCode, x]) => ({ villageCode, ...x, visited: visited.get(villageCode) ?? 0 }));
}

/** After one visit is written: count its household once in each calendar period it is the first visit of. */
export async function countVisitInPeriods(db: Executor, dialect: DialectName, v: { id: number; householdId: number; cadreId: number; villageCode: string; date: string }): Promise<void> {
  // Two visits to one household at once must not both count as the first: serialise on the household.
  if (dialect === 'postgres') await sql`select id from household where id = ${v.householdId} for update`.execute(db);
  const year = v.date.slice(0, 4);
  const others = await db.selectFrom('visit').select(['visit_date', 'cadre_id']).where('household_id', '=', v.householdId).where('id', '<>', v.id).where('visit_date', '>=', `${year}-01-01`).where('visit_date', '<=', `${year}-12-31`).execute();
  const seen = new Set(others.flatMap((o) => periodsOf(o.visit_date)));
  const seenByCadre = new Set(others.filter((o) => o.cadre_id === v.cadreId).flatMap((o) => periodsOf(o.visit_date)));
  for (const period of periodsOf(v.date)) {
    if (!seen.has(period)) {
      await db
        .insertInto('village_visit_period')
        .values({ period, village_code: v.villageCode, visited: 1 })
        .onConflict((oc) => oc.columns(['period', 'village_code']).doUpdateSet({ visited: sql`village_visit_period.visited + 1` }))
        .execute();
    }
    if (!seenByCadre.has(period)) {
      await db
        .insertInto('cadre_visit_period')
        .values({ period, village_code: v.villageCode, cadre_id: v.cadreId, visited: 1 })
        .onConflict((oc) => oc.columns(['period', 'village_code', 'cadre_id']).doUpdateSet({ visited: sql`cadre_visit_period.visited + 1` }))
        .execute();
    }
  }
}

/** Distinct households each cadre visited in a calendar period, under a region. */
export async function cadreVisitedInPeriod(db: Executor, under: string, period: string): Promise<Map<number, number>> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('cadre_visit_period')
    .select(['cadre_id'])
    .select((eb) => eb.fn.sum<number>('visited').as('n'))
    .where('period', '=', period)
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .groupBy('cadre_id')
    .execute();
  return new Map(rows.map((r) => [r.cadre_id, Number(r.n ?? 0)]));
}

/** Recounts the pre-aggregate of a subtree from the visits (after bulk loads). */
export async function rebuildVisitPeriods(db: Executor, under: string): Promise<void> {
  const [lo, hi] = subtreeRange(under);
  await db.deleteFrom('village_visit_period').where('village_code', '>=', lo).where('village_code', '<=', hi).execute();
  await db.deleteFrom('cadre_visit_period').where('village_code', '>=', lo).where('village_code', '<=', hi).execute();
  const keys = {
    year: sql<string>`substr(visit_date, 1, 4)`,
    quarter: sql<string>`substr(visit_date, 1, 4) || '-Q' || cast((cast(substr(visit_date, 6, 2) as integer) + 2) / 3 as text)`,
    month: sql<string>`substr(visit_date, 1, 7)`,
  };
  for (const key of Object.values(keys)) {
    await sql`insert into village_visit_period (period, village_code, visited)
              select ${key} as period, village_code, count(distinct household_id)
                from visit
               where village_code >= ${lo} and village_code <= ${hi}
               group by ${key}, village_code`.execute(db);
    await sql`insert into cadre_visit_period (period, village_code, cadre_id, visited)
              select ${key} as period, village_code, cadre_id, count(distinct household_id)
                from visit
               where village_code >= ${lo} and village_code <= ${hi}
               group by ${key}, village_code, cadre_id`.execute(db);
  }
}
