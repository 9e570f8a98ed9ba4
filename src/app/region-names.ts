// Region names for list rows: looked up once per code and kept, since codes do not change meaning.
import { getRegions } from '../store/regions.js';
import type { Executor } from '../store/store.js';

export function createRegionNames(db: Executor) {
  const cache = new Map<string, string>();
  return {
    async names(codes: Iterable<string>): Promise<Map<string, string>> {
      const missing = [...new Set(codes)].filter((c) => !cache.has(c));
      for (let i = 0; i < missing.length; i += 500) {
        for (const r of await getRegions(db, missing.slice(i, i + 500))) cache.set(r.code, r.name);
      }
      return cache;
    },
    clear(): void {
      cache.clear();
    },
  };
}
export type RegionNames = ReturnType<typeof createRegionNames>;
