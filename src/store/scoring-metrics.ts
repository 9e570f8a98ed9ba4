// Counts behind the scoring metrics, grouped by region prefix (a county is the first 6 digits of a
// 12-digit code, a city the first 4), over one index range of the subtree.
import { sql } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { Executor } from './store.js';

/** Rectification records due in [from, to] per unit prefix, and how many were closed by their deadline. */
export async function rectificationDue(db: Executor, under: string, prefixLength: number, from: string, to: string): Promise<{ prefix: string; due: number; onTime: number }[]> {
  const [lo, hi] = subtreeRange(under);
  const prefix = sql<string>`substr(unit_region, 1, ${sql.lit(prefixLength)})`;
  // closed_at is an ISO timestamp; its first ten characters are the day, compared with the deadline day.
  const onTime = sql<number>`sum(case when status = 'closed' and closed_at is not null and substr(closed_at, 1, 10) <= deadline then 1 else 0 end)`;
  const rows = await db
    .selectFrom('rectification')
    .select([prefix.as('prefix'), (e) => e.fn.countAll<string | number>().as('due'), onTime.as('on_time')])
    .where('unit_region', '>=', lo)
    .where('unit_region', '<=', hi)
    .where('deadline', '>=', from)
    .where('deadline', '<=', to)
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({ prefix: r.prefix, due: Number(r.due), onTime: Number(r.on_time) }));
}

/** The household fields registryCompleteness counts (metrics.ts names them for people). */
export const completenessFields = ['phone', 'housing_safety_grade', 'housing_area', 'house_structure', 'road_type', 'fuel_type', 'arable_land_mu'] as const;

/** Households per unit prefix and how many of the listed fields are filled in all. */
export async function registryFilled(db: Executor, under: string, prefixLength: number): Promise<{ prefix: string; households: number; filled: number }[]> {
  const [lo, hi] = subtreeRange(under);
  const prefix = sql<string>`substr(village_code, 1, ${sql.lit(prefixLength)})`;
  const filled = sql.join(
    completenessFields.map((f) => sql`(case when ${sql.ref(f)} is null${f === 'phone' || f.endsWith('_grade') || f.endsWith('structure') || f.endsWith('type') ? sql` or ${sql.ref(f)} = ''` : sql``} then 0 else 1 end)`),
    sql` + `,
  );
  const rows = await db
    .selectFrom('household')
    .select([prefix.as('prefix'), (e) => e.fn.countAll<string | number>().as('n'), sql<number>`sum(${filled})`.as('filled')])
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({ prefix: r.prefix, households: Number(r.n), filled: Number(r.filled) }));
}

/** Regions of one level inside a subtree: the units a metric-computed scheme scores. */
export async function regionsAtLevel(db: Executor, under: string, level: number): Promise<{ code: string; name: string }[]> {
  const [lo, hi] = subtreeRange(under);
  return db.selectFrom('region').select(['code', 'name']).where('level', '=', level).where('code', '>=', lo).where('code', '<=', hi).orderBy('code').execute();
}

/** Households on the registry (not removed) per unit prefix, and those visited in a calendar period. */
export async function visitedInPeriod(db: Executor, under: string, prefixLength: number, period: string): Promise<{ prefix: string; households: number; visited: number }[]> {
  const [lo, hi] = subtreeRange(under);
  const prefix = (column: 'region_code' | 'village_code') => sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(prefixLength)})`;
  const households = await db
    .selectFrom('village_stat')
    .select([prefix('region_code').as('prefix'), sql<number>`sum(households - removed_households)`.as('n')])
    .where('region_code', '>=', lo)
    .where('region_code', '<=', hi)
    .groupBy(prefix('region_code'))
    .execute();
  // The pre-aggregate counts each household once per calendar period; scoring periods are calendar periods.
  const visited = await db
    .selectFrom('village_visit_period')
    .select([prefix('village_code').as('prefix'), sql<number>`sum(visited)`.as('n')])
    .where('period', '=', period)
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .groupBy(prefix('village_code'))
    .execute();
  const byPrefix = new Map(visited.map((v) => [v.prefix, Number(v.n)]));
  return households.map((h) => ({ prefix: h.prefix, households: Number(h.n), visited: byPrefix.get(h.prefix) ?? 0 }));
}

/** Positive answers and answers of satisfaction surveys answered in [from, to], per unit prefix. */
export async function satisfactionAnswers(db: Executor, under: string, prefixLength: number, from: string, to: string): Promise<{ prefix: string; positive: number; total: number }[]> {
  const [lo, hi] = subtreeRange(under);
  const prefix = sql<string>`substr(r.village_code, 1, ${sql.lit(prefixLength)})`;
  const rows = await db
    .selectFrom('survey_response as r')
    .innerJoin('survey as s', 's.id', 'r.survey_id')
    .select([prefix.as('prefix'), sql<number>`sum(r.positive)`.as('positive'), sql<number>`sum(r.total)`.as('total')])
    .where('s.kind', '=', 'satisfaction')
    .where('r.village_code', '>=', lo)
    .where('r.village_code', '<=', hi)
    // answered_at is an ISO timestamp; its first ten characters are the day.
    .where(sql<string>`substr(r.answered_at, 1, 10)`, '>=', from)
    .where(sql<string>`substr(r.answered_at, 1, 10)`, '<=', to)
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({ prefix: r.prefix, positive: Number(r.positive ?? 0), total: Number(r.total ?? 0) }));
}

/** Households whose exit was recorded in [from, to], per unit prefix, and how many of them went through a closed exit case. */
export async function exitsWithProcedure(db: Executor, under: string, prefixLength: number, from: string, to: string): Promise<{ prefix: string; exits: number; withProcedure: number }[]> {
  const [lo, hi] = subtreeRange(under);
  const prefix = sql<string>`substr(h.village_code, 1, ${sql.lit(prefixLength)})`;
  const rows = await db
    .selectFrom('status_event as e')
    .innerJoin('household as h', 'h.id', 'e.household_id')
    .select([
      prefix.as('prefix'),
      sql<number>`count(distinct e.household_id)`.as('exits'),
      sql<number>`count(distinct case when exists (select 1 from exit_case c where c.kind = 'household' and c.household_id = e.household_id and c.status = 'closed') then e.household_id end)`.as('with_procedure'),
    ])
    .where('e.type', '=', 'exited')
    .where('e.date', '>=', from)
    .where('e.date', '<=', to)
    .where('h.village_code', '>=', lo)
    .where('h.village_code', '<=', hi)
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({ prefix: r.prefix, exits: Number(r.exits), withProcedure: Number(r.with_procedure) }));
}
