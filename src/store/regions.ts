// Region queries. Subtrees are index range scans on the 12-digit code, so they stay fast at national size.
import { regionPrefix, subtreeRange } from '../domain/region-code.js';
import type { Region, RegionLevel } from '../domain/registry.js';
import type { Executor, Store } from './store.js';
import type { RegionTable } from './schema.js';

function toRegion(row: RegionTable): Region {
  return { code: row.code, name: row.name, level: toLevel(row.level), parentCode: row.parent_code };
}

function toLevel(n: number): RegionLevel {
  return n === 1 || n === 2 || n === 3 || n === 4 ? n : 5;
}

export async function getRegion(db: Executor, code: string): Promise<Region | undefined> {
  const row = await db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toRegion(row) : undefined;
}

export async function getRegions(db: Executor, codes: readonly string[]): Promise<Region[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('region').selectAll().where('code', 'in', [...codes]).execute();
  return rows.map(toRegion);
}

export async function childRegions(db: Executor, code: string | null): Promise<Region[]> {
  const query = db.selectFrom('region').selectAll().orderBy('code');
  const rows = code === null ? await query.where('level', '=', 1).execute() : await query.where('parent_code', '=', code).execute();
  return rows.map(toRegion);
}

/** Regions whose name contains the text, within a subtree, for pickers. */
export async function searchRegions(db: Executor, under: string, text: string, limit = 20): Promise<Region[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('region')
    .selectAll()
    .where('code', '>=', lo)
    .where('code', '<=', hi)
    .where('name', 'like', `%${text.replace(/[%_]/g, '')}%`)
    .orderBy('level')
    .orderBy('code')
    .limit(limit)
    .execute();
  return rows.map(toRegion);
}

export async function countRegions(db: Executor, under: string | null): Promise<Record<RegionLevel, number>> {
  let query = db.selectFrom('region').select(['level', db.fn.countAll<number>().as('n')]).groupBy('level');
  if (under !== null) {
    const [lo, hi] = subtreeRange(under);
    query = query.where('code', '>=', lo).where('code', '<=', hi);
  }
  const counts: Record<RegionLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const row of await query.execute()) counts[toLevel(row.level)] = Number(row.n);
  return counts;
}

/** Replaces the regions of a subtree (or of all China) in one transaction. */
export async function replaceRegions(store: Store, trx: Executor, under: string | null, regions: readonly Region[]): Promise<void> {
  let del = trx.deleteFrom('region');
  if (under !== null) {
    const prefix = regionPrefix(under);
    del = del.where('code', '>=', prefix.padEnd(12, '0')).where('code', '<=', prefix.padEnd(12, '9'));
  }
  await del.execute();
  const columns = [
    { name: 'code', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'level', type: 'int' },
    { name: 'parent_code', type: 'text' },
  ] as const;
  for (let i = 0; i < regions.length; i += 20000) {
    const rows = regions.slice(i, i + 20000).map((r) => [r.code, r.name, r.level, r.parentCode]);
    await store.bulkInsert(trx, 'region', columns, rows);
  }
}

/** Village-level regions of a subtree with their names, in code order. */
export async function villagesWithNames(db: Executor, under: string): Promise<{ code: string; name: string }[]> {
  const [lo, hi] = subtreeRange(under);
  return db.selectFrom('region').select(['code', 'name']).where('level', '=', 5).where('code', '>=', lo).where('code', '<=', hi).orderBy('code').execute();
}

/** Villages of a subtree, in code order. */
export async function villageCodes(db: Executor, under: string): Promise<string[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('region')
    .select('code')
    .where('level', '=', 5)
    .where('code', '>=', lo)
    .where('code', '<=', hi)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

/**
 * Regions of some levels in a subtree (or in all loaded regions), with their names, for matching
 * names to codes: counties and towns first (tens of thousands nationally), villages only where needed.
 */
export async function namedPlaces(db: Executor, under: string | null, levels: readonly number[]): Promise<{ code: string; name: string; level: number }[]> {
  let query = db.selectFrom('region').select(['code', 'name', 'level']).where('level', 'in', [...levels]);
  if (under !== null) {
    const [lo, hi] = subtreeRange(under);
    query = query.where('code', '>=', lo).where('code', '<=', hi);
  }
  return query.execute();
}
