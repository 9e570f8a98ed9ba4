// Registry statistics of a region and its children: live, as of a closed year, or as of the end of a past year.
import { normalizeRegionCode } from '../domain/region-code.js';
import { childRegions } from '../store/regions.js';
import { povertyIncidence, subtreeCounts, subtreeCountsAtYearEnd, type Counts } from '../store/stats.js';
import type { Executor } from '../store/store.js';
import { isYearClosed } from '../store/years.js';
import { ValidationFailed } from './errors.js';
import { requireRegion } from './regions.js';

export interface RegionStats {
  code: string;
  name: string;
  level: number;
  households: number;
  people: number;
  poor: number;
  exited: number;
  relapsed: number;
  removed: number;
  poorPeople: number;
  exitedPeople: number;
  relapsedPeople: number;
  removedPeople: number;
  ruralPopulation: number;
  /** (poor + relapsed people) / rural population, a fraction; null when the population is unknown. */
  povertyIncidence: number | null;
}

/**
 * Where the figures come from: `snapshot` the frozen snapshot of a closed year; `events` the status
 * events up to 31 December of a past year that is not closed (people: current member counts);
 * `live` today's statuses (no year, or the current year or later).
 */
export type StatsSource = 'snapshot' | 'events' | 'live';

export interface StatsResult extends RegionStats {
  year: number | null;
  /** True when the figures come from the frozen snapshot of a closed year (`source` is `snapshot`). */
  frozen: boolean;
  source: StatsSource;
  children: RegionStats[];
}

function shape(code: string, name: string, level: number, c: Counts): RegionStats {
  return {
    code,
    name,
    level,
    households: c.households,
    people: c.people,
    poor: c.poor,
    exited: c.exited,
    relapsed: c.relapsed,
    removed: c.removed,
    poorPeople: c.poorPeople,
    exitedPeople: c.exitedPeople,
    relapsedPeople: c.relapsedPeople,
    removedPeople: c.removedPeople,
    ruralPopulation: c.ruralPopulation,
    povertyIncidence: povertyIncidence(c),
  };
}

export function parseRegionArg(input: string): string {
  const code = normalizeRegionCode(input);
  if (!code) {
    throw new ValidationFailed([
      { field: 'under', message: `区划代码“${input}”格式不对：应为 2、4、6、9 或 12 位数字`, messageEn: 'a region code has 2, 4, 6, 9 or 12 digits', fix: '例如 6109（安康市）', fixEn: 'For example 6109 (Ankang)' },
    ]);
  }
  return code;
}

/** A `--under` argument: a well-formed code (`parseRegionArg`) of a region the store has (`requireRegion`). */
export async function loadedRegionArg(db: Executor, input: string): Promise<string> {
  const code = parseRegionArg(input);
  await requireRegion(db, code);
  return code;
}

/** Which figures a year asks for: a closed year its snapshot; an earlier year its events; else today's. */
export async function statsSource(db: Executor, year: number | null, currentYear: number): Promise<StatsSource> {
  if (year === null) return 'live';
  if (await isYearClosed(db, year)) return 'snapshot';
  return year < currentYear ? 'events' : 'live';
}

/**
 * Statistics of a region and its children. `year` null: today's statuses over the latest rural
 * population; otherwise as `statsSource` says, over that year's rural population. `currentYear` is
 * this year in Beijing (`thisYear(clock)`).
 */
export async function regionStats(db: Executor, code: string, year: number | null, currentYear: number): Promise<StatsResult> {
  const region = await requireRegion(db, code);
  const source = await statsSource(db, year, currentYear);
  const counts = source === 'events' && year !== null ? subtreeCountsAtYearEnd(db, code, year) : subtreeCounts(db, code, { year, snapshot: source === 'snapshot' });
  const [grouped, children] = await Promise.all([counts, childRegions(db, code)]);
  const empty = { households: 0, people: 0, poor: 0, poorPeople: 0, exited: 0, exitedPeople: 0, relapsed: 0, relapsedPeople: 0, removed: 0, removedPeople: 0, ruralPopulation: 0 };
  return {
    ...shape(region.code, region.name, region.level, grouped.total),
    year,
    frozen: source === 'snapshot',
    source,
    children: children.map((c) => shape(c.code, c.name, c.level, grouped.byChild.get(c.code) ?? empty)),
  };
}
