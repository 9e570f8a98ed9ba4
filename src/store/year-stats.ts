// The dated pre-aggregate (village_year_stat): per village and year, the change of the village's
// year-end counts, so that the counts at the end of a year are a sum over the years up to it. Kept
// exact by every write, like village_stat (store/stats.ts), from each household's village, member
// count and status events (`yearEndChanges`).
import { sql } from 'kysely';
import type { HouseholdStatus, StatusEvent } from '../domain/registry.js';
import { forEachYearEndChange } from '../domain/year-end.js';
import { statCountColumns } from './stat-columns.js';
import type { Executor, Store } from './store.js';

/** What a household adds to the dated pre-aggregate. */
export interface DatedSummary {
  readonly villageCode: string;
  readonly memberCount: number;
  /** In recording order. */
  readonly events: readonly Pick<StatusEvent, 'type' | 'date'>[];
}

const countColumns = statCountColumns;
type CountColumn = (typeof countColumns)[number];

// Offsets into a row's counts (countColumns order) of each status's households; people follow.
const statusOffset: Record<HouseholdStatus, number> = { poor: 2, exited: 4, relapsed: 6, removed: 8 };

interface YearRow {
  readonly regionCode: string;
  readonly year: number;
  readonly counts: number[];
}

/** Sums of households' dated contributions, in memory: per village, per year, counts in countColumns order. */
export class YearTally {
  private readonly villages = new Map<string, Map<number, number[]>>();
  // Bulk writes bring households village by village; most lookups are the previous village again.
  private lastCode = '';
  private last: Map<number, number[]> | null = null;

  /** See ContributionTally.revive. */
  static revive(cloned: YearTally): YearTally {
    const tally = Object.setPrototypeOf(cloned, YearTally.prototype) as YearTally;
    tally.lastCode = '';
    tally.last = null;
    return tally;
  }

  /** Adds a household's contribution (`sign` -1 takes it away). */
  add(h: DatedSummary, sign: 1 | -1 = 1): void {
    const people = sign * h.memberCount;
    forEachYearEndChange(h.events, (year, from, to) => {
      const counts = this.counts(h.villageCode, year);
      if (from === null) {
        counts[0] = (counts[0] as number) + sign;
        counts[1] = (counts[1] as number) + people;
      } else {
        const f = statusOffset[from];
        counts[f] = (counts[f] as number) - sign;
        counts[f + 1] = (counts[f + 1] as number) - people;
      }
      const t = statusOffset[to];
      counts[t] = (counts[t] as number) + sign;
      counts[t + 1] = (counts[t + 1] as number) + people;
    });
  }

  /** Adds counts (in countColumns order) to one village's year. */
  addCounts(regionCode: string, year: number, add: readonly number[]): void {
    const counts = this.counts(regionCode, year);
    add.forEach((c, i) => (counts[i] = (counts[i] as number) + c));
  }

  private counts(regionCode: string, year: number): number[] {
    let years = this.last;
    if (years === null || this.lastCode !== regionCode) {
      years = this.villages.get(regionCode) ?? null;
      if (years === null) {
        years = new Map();
        this.villages.set(regionCode, years);
      }
      this.last = years;
      this.lastCode = regionCode;
    }
    let counts = years.get(year);
    if (!counts) {
      counts = countColumns.map(() => 0);
      years.set(year, counts);
    }
    return counts;
  }

  /** The rows in key order (village, then year); rows that sum to nothing left out. */
  ordered(): YearRow[] {
    const rows: YearRow[] = [];
    for (const regionCode of [...this.villages.keys()].sort()) {
      const years = this.villages.get(regionCode) as Map<number, number[]>;
      for (const year of [...years.keys()].sort((a, b) => a - b)) {
        const counts = years.get(year) as number[];
        if (counts.some((c) => c !== 0)) rows.push({ regionCode, year, counts });
      }
    }
    return rows;
  }
}

/** A household's status events in recording order, as `DatedSummary` takes them. */
export async function householdEvents(db: Executor, householdId: number): Promise<DatedSummary['events']> {
  const rows = await db.selectFrom('status_event').select(['type', 'date']).where('household_id', '=', householdId).orderBy('id').execute();
  return rows.map((r) => ({ type: r.type as StatusEvent['type'], date: r.date }));
}

/**
 * For a write that leaves a household's events as they are: moves its dated contribution when its
 * village or member count changed (`after` null: the household is deleted; call this before its
 * events are).
 */
export async function moveHouseholdYears(
  db: Executor,
  householdId: number,
  before: Omit<DatedSummary, 'events'>,
  after: Omit<DatedSummary, 'events'> | null,
): Promise<void> {
  if (after && after.villageCode === before.villageCode && after.memberCount === before.memberCount) return;
  const events = await householdEvents(db, householdId);
  await moveYearContribution(db, { villageCode: before.villageCode, memberCount: before.memberCount, events }, after && { villageCode: after.villageCode, memberCount: after.memberCount, events });
}

/** Moves the dated pre-aggregate from a household's old summary to its new one (null for none). */
export async function moveYearContribution(db: Executor, before: DatedSummary | null, after: DatedSummary | null): Promise<void> {
  const tally = new YearTally();
  if (before) tally.add(before, -1);
  if (after) tally.add(after, 1);
  for (const row of tally.ordered()) {
    const values = { region_code: row.regionCode, year: row.year, ...columnValues(row.counts) };
    await db
      .insertInto('village_year_stat')
      .values(values)
      .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet(Object.fromEntries(countColumns.map((c, i) => [c, sql<number>`village_year_stat.${sql.ref(c)} + ${row.counts[i] as number}`]))))
      .execute();
  }
}

function columnValues(counts: readonly number[]): Record<CountColumn, number> {
  return Object.fromEntries(countColumns.map((c, i) => [c, counts[i] as number])) as Record<CountColumn, number>;
}

/**
 * Adds a tally to the stored rows: the rows of the tally's code range are read, merged in memory
 * and written back in key order in bulk (as `applyTally` does for village_stat).
 */
export async function applyYearTally(store: Store, db: Executor, tally: YearTally): Promise<void> {
  const own = tally.ordered();
  const lo = own[0]?.regionCode;
  const hi = own.at(-1)?.regionCode;
  if (lo === undefined || hi === undefined) return;
  const merged = new YearTally();
  for (const row of own) merged.addCounts(row.regionCode, row.year, row.counts);
  for (const row of await db.selectFrom('village_year_stat').selectAll().where('region_code', '>=', lo).where('region_code', '<=', hi).execute()) {
    merged.addCounts(row.region_code, row.year, countColumns.map((c) => Number(row[c])));
  }
  await db.deleteFrom('village_year_stat').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  await store.bulkInsert(db, 'village_year_stat', bulkColumns, merged.ordered().map((r) => [r.regionCode, r.year, ...r.counts]));
}

const bulkColumns = [{ name: 'region_code', type: 'text' }, { name: 'year', type: 'int' }, ...countColumns.map((name) => ({ name, type: 'int' as const }))] as const;

/**
 * Recomputes the dated pre-aggregate of the villages in [lo, hi] from their households and their status events, a
 * page of households at a time (migration 090 fills the table this way).
 */
export async function rebuildVillageYearStats(db: Executor, [lo, hi]: readonly [string, string]): Promise<void> {
  await db.deleteFrom('village_year_stat').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  const tally = new YearTally();
  const page = 5000;
  let after = 0;
  for (;;) {
    const households = await db
      .selectFrom('household')
      .select(['id', 'village_code', 'member_count'])
      .where('village_code', '>=', lo)
      .where('village_code', '<=', hi)
      .where('id', '>', after)
      .orderBy('id')
      .limit(page)
      .execute();
    const first = households[0];
    const last = households.at(-1);
    if (!first || !last) break;
    const events = new Map<number, { type: StatusEvent['type']; date: string }[]>();
    for (const h of households) events.set(h.id, []);
    const rows = await db
      .selectFrom('status_event')
      .select(['household_id', 'type', 'date'])
      .where('household_id', '>=', first.id)
      .where('household_id', '<=', last.id)
      .orderBy('household_id')
      .orderBy('id')
      .execute();
    for (const e of rows) events.get(e.household_id)?.push({ type: e.type as StatusEvent['type'], date: e.date });
    for (const h of households) tally.add({ villageCode: h.village_code, memberCount: Number(h.member_count), events: events.get(h.id) ?? [] });
    after = last.id;
  }
  const rows = tally.ordered().map((r) => ({ region_code: r.regionCode, year: r.year, ...columnValues(r.counts) }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('village_year_stat').values(rows.slice(i, i + 500)).execute();
}
