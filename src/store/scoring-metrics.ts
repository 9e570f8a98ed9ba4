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
