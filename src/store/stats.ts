// Registry statistics from the per-village pre-aggregate (village_stat), kept exact on every write.
import { sql, type RawBuilder } from 'kysely';
import type { HouseholdStatus, StatusEventType } from '../domain/registry.js';
import { levelOf, prefixLength, subtreeRange } from '../domain/region-code.js';
import { endOfYear, statusAfter } from '../domain/status.js';
import { statCountColumns } from './stat-columns.js';
import type { Executor, Store } from './store.js';
import { applyYearTally, rebuildVillageYearStats, YearTally, type DatedSummary } from './year-stats.js';

export interface Counts {
  households: number;
  people: number;
  poor: number;
  poorPeople: number;
  exited: number;
  exitedPeople: number;
  relapsed: number;
  relapsedPeople: number;
  removed: number;
  removedPeople: number;
  ruralPopulation: number;
}

export const emptyCounts = (): Counts => ({
  households: 0,
  people: 0,
  poor: 0,
  poorPeople: 0,
  exited: 0,
  exitedPeople: 0,
  relapsed: 0,
  relapsedPeople: 0,
  removed: 0,
  removedPeople: 0,
  ruralPopulation: 0,
});

const statusColumns = {
  poor: ['poor_households', 'poor_people'],
  exited: ['exited_households', 'exited_people'],
  relapsed: ['relapsed_households', 'relapsed_people'],
  removed: ['removed_households', 'removed_people'],
} as const;

/** What one household adds to the pre-aggregates. */
export interface HouseholdSummary {
  readonly villageCode: string;
  readonly status: HouseholdStatus;
  readonly memberCount: number;
  readonly mainCause: string;
  readonly attribute: string;
  readonly exitYear: number | null;
}

export const breakdownDimensions = ['mainCause', 'attribute', 'exitYear'] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];

function breakdownKey(h: HouseholdSummary, dimension: BreakdownDimension): string | null {
  if (dimension === 'mainCause') return h.mainCause;
  if (dimension === 'attribute') return h.attribute;
  return h.exitYear === null ? null : String(h.exitYear);
}

/**
 * Moves the pre-aggregates from a household's old summary to its new one (null for none), so that
 * every write keeps the village counts exact without recounting.
 */
export async function moveContribution(db: Executor, before: HouseholdSummary | null, after: HouseholdSummary | null): Promise<void> {
  if (before) await applyContribution(db, before, -1);
  if (after) await applyContribution(db, after, 1);
}

async function applyContribution(db: Executor, h: HouseholdSummary, sign: 1 | -1): Promise<void> {
  const [hCol, pCol] = statusColumns[h.status];
  const people = sign * h.memberCount;
  const row = { ...zeroStatRow(h.villageCode), households: sign, people, [hCol]: sign, [pCol]: people };
  await db
    .insertInto('village_stat')
    .values(row)
    .onConflict((oc) =>
      oc.column('region_code').doUpdateSet({
        households: sql`village_stat.households + ${sign}`,
        people: sql`village_stat.people + ${people}`,
        [hCol]: sql`village_stat.${sql.ref(hCol)} + ${sign}`,
        [pCol]: sql`village_stat.${sql.ref(pCol)} + ${people}`,
      }),
    )
    .execute();
  for (const dimension of breakdownDimensions) {
    const key = breakdownKey(h, dimension);
    if (key === null) continue;
    await db
      .insertInto('village_breakdown')
      .values({ region_code: h.villageCode, dimension, key, households: sign, people })
      .onConflict((oc) =>
        oc.columns(['region_code', 'dimension', 'key']).doUpdateSet({
          households: sql`village_breakdown.households + ${sign}`,
          people: sql`village_breakdown.people + ${people}`,
        }),
      )
      .execute();
  }
}

function zeroStatRow(region: string) {
  return {
    region_code: region,
    households: 0,
    people: 0,
    poor_households: 0,
    poor_people: 0,
    exited_households: 0,
    exited_people: 0,
    relapsed_households: 0,
    relapsed_people: 0,
    removed_households: 0,
    removed_people: 0,
  };
}

type StatRow = ReturnType<typeof zeroStatRow>;
interface BreakdownCount {
  households: number;
  people: number;
}

/** One village's sums: its stat row and, per breakdown dimension (in `breakdownDimensions` order), counts by key. */
interface VillageTally {
  readonly stat: StatRow;
  readonly byDimension: readonly Map<string, BreakdownCount>[];
}

function villageTally(code: string): VillageTally {
  return { stat: zeroStatRow(code), byDimension: breakdownDimensions.map(() => new Map<string, BreakdownCount>()) };
}

function count(map: Map<string, BreakdownCount>, key: string, households: number, people: number): void {
  const c = map.get(key);
  if (c) {
    c.households += households;
    c.people += people;
  } else map.set(key, { households, people });
}

/** Sums of many households' contributions, built in memory by bulk writers. */
export class ContributionTally {
  readonly villages = new Map<string, VillageTally>();
  /** The dated part (village_year_stat), from the same households' events. */
  readonly years = new YearTally();
  // Households arrive village by village; most lookups are the previous village again.
  private last: VillageTally | null = null;

  /** A tally made in another thread, as it arrives (its maps structured-cloned, its class lost). */
  static revive(cloned: ContributionTally): ContributionTally {
    const tally = Object.setPrototypeOf(cloned, ContributionTally.prototype) as ContributionTally;
    tally.last = null;
    YearTally.revive(tally.years);
    return tally;
  }

  /** `events` in recording order. */
  add(h: HouseholdSummary, events: DatedSummary['events']): void {
    this.years.add({ villageCode: h.villageCode, memberCount: h.memberCount, events });
    let v = this.last;
    if (v === null || v.stat.region_code !== h.villageCode) {
      v = this.villages.get(h.villageCode) ?? null;
      if (v === null) {
        v = villageTally(h.villageCode);
        this.villages.set(h.villageCode, v);
      }
      this.last = v;
    }
    const [hCol, pCol] = statusColumns[h.status];
    const stat = v.stat;
    stat.households += 1;
    stat.people += h.memberCount;
    stat[hCol] += 1;
    stat[pCol] += h.memberCount;
    for (let d = 0; d < breakdownDimensions.length; d++) {
      const key = breakdownKey(h, breakdownDimensions[d] as BreakdownDimension);
      if (key !== null) count(v.byDimension[d] as Map<string, BreakdownCount>, key, 1, h.memberCount);
    }
  }
}

/**
 * Adds a tally to the stored pre-aggregates: the rows of the tally's code range are read,
 * merged in memory and written back in bulk, which beats one upsert per key by far. Rows go in
 * key order, so that each index of the two tables grows at its end instead of all over.
 */
export async function applyTally(store: Store, db: Executor, tally: ContributionTally): Promise<void> {
  await applyYearTally(store, db, tally.years);
  const codes = [...tally.villages.keys()].sort();
  const lo = codes[0];
  const hi = codes.at(-1);
  if (lo === undefined || hi === undefined) return;
  const villages = new Map<string, VillageTally>();
  const merged = (code: string): VillageTally => {
    let v = villages.get(code);
    if (!v) {
      v = villageTally(code);
      villages.set(code, v);
    }
    return v;
  };
  for (const [code, t] of tally.villages) {
    const v = merged(code);
    addStatRow(v.stat, t.stat);
    t.byDimension.forEach((counts, d) => {
      for (const [key, c] of counts) count(v.byDimension[d] as Map<string, BreakdownCount>, key, c.households, c.people);
    });
  }
  for (const row of await db.selectFrom('village_stat').selectAll().where('region_code', '>=', lo).where('region_code', '<=', hi).execute()) {
    addStatRow(merged(row.region_code).stat, row);
  }
  const others: unknown[][] = [];
  for (const row of await db.selectFrom('village_breakdown').selectAll().where('region_code', '>=', lo).where('region_code', '<=', hi).execute()) {
    const d = breakdownDimensions.indexOf(row.dimension as BreakdownDimension);
    // A dimension this version does not know is kept as it was.
    if (d < 0) others.push([row.region_code, row.dimension, row.key, row.households, row.people]);
    else count(merged(row.region_code).byDimension[d] as Map<string, BreakdownCount>, row.key, row.households, row.people);
  }
  await db.deleteFrom('village_stat').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  await db.deleteFrom('village_breakdown').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  const ordered = [...villages.keys()].sort().map((code) => villages.get(code) as VillageTally);
  await store.bulkInsert(db, 'village_stat', statBulkColumns, ordered.map((v) => statBulkColumns.map((c) => v.stat[c.name])));
  const dimensionOrder = breakdownDimensions.map((name, d) => ({ name, d })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const breakdownRows: unknown[][] = [];
  for (const v of ordered) {
    const code = v.stat.region_code;
    for (const { name, d } of dimensionOrder) {
      const counts = v.byDimension[d] as Map<string, BreakdownCount>;
      for (const key of [...counts.keys()].sort()) {
        const c = counts.get(key) as BreakdownCount;
        breakdownRows.push([code, name, key, c.households, c.people]);
      }
    }
  }
  await store.bulkInsert(db, 'village_breakdown', breakdownBulkColumns, [...breakdownRows, ...others]);
}

const statBulkColumns: readonly { name: keyof StatRow; type: 'text' | 'int' }[] = [
  { name: 'region_code', type: 'text' },
  ...statCountColumns.map((name) => ({ name, type: 'int' as const })),
];
const breakdownBulkColumns = [
  { name: 'region_code', type: 'text' },
  { name: 'dimension', type: 'text' },
  { name: 'key', type: 'text' },
  { name: 'households', type: 'int' },
  { name: 'people', type: 'int' },
] as const;

function addStatRow(into: StatRow, add: StatRow): void {
  for (const c of statBulkColumns) if (c.name !== 'region_code') into[c.name] += add[c.name];
}

/** Recomputes the counts of every village in a subtree (live and dated) from the households themselves. */
export async function rebuildVillageStats(db: Executor, under: string): Promise<void> {
  const [lo, hi] = subtreeRange(under);
  await rebuildVillageYearStats(db, [lo, hi]);
  await db.deleteFrom('village_stat').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  const sum = (status: string, col: 'member_count' | 1) =>
    col === 1
      ? sql<number>`sum(case when status = ${status} then 1 else 0 end)`
      : sql<number>`sum(case when status = ${status} then member_count else 0 end)`;
  await db
    .insertInto('village_stat')
    .columns(['region_code', ...statCountColumns])
    .expression(
      db
        .selectFrom('household')
        .select((eb) => [
          'village_code',
          eb.fn.countAll<number>().as('households'),
          eb.fn.sum<number>('member_count').as('people'),
          sum('poor', 1).as('ph'),
          sum('poor', 'member_count').as('pp'),
          sum('exited', 1).as('eh'),
          sum('exited', 'member_count').as('ep'),
          sum('relapsed', 1).as('rh'),
          sum('relapsed', 'member_count').as('rp'),
          sum('removed', 1).as('xh'),
          sum('removed', 'member_count').as('xp'),
        ])
        .where('village_code', '>=', lo)
        .where('village_code', '<=', hi)
        .groupBy('village_code'),
    )
    .execute();
  await db.deleteFrom('village_breakdown').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  const columns = { mainCause: 'main_cause', attribute: 'attribute', exitYear: 'exit_year' } as const;
  for (const dimension of breakdownDimensions) {
    const column = columns[dimension];
    await sql`insert into village_breakdown (region_code, dimension, key, households, people)
      select village_code, ${dimension}, cast(${sql.ref(column)} as text), count(*), sum(member_count)
      from household where village_code >= ${lo} and village_code <= ${hi} and ${sql.ref(column)} is not null
      group by village_code, ${sql.ref(column)}`.execute(db);
  }
}

/** Households and people of a subtree by one dimension, keyed by code (or year). */
export async function subtreeBreakdown(db: Executor, code: string, dimension: BreakdownDimension): Promise<{ key: string; households: number; people: number }[]> {
  const [lo, hi] = subtreeRange(code);
  const rows = await db
    .selectFrom('village_breakdown')
    .select(['key', sql<number>`sum(households)`.as('households'), sql<number>`sum(people)`.as('people')])
    .where('region_code', '>=', lo)
    .where('region_code', '<=', hi)
    .where('dimension', '=', dimension)
    .groupBy('key')
    .orderBy('key')
    .execute();
  return rows.map((r) => ({ key: r.key, households: Number(r.households), people: Number(r.people) })).filter((r) => r.households !== 0);
}

/** The town under `code` with the most registered households (null when none has any). */
export async function townWithMostHouseholds(db: Executor, code: string): Promise<string | null> {
  const [lo, hi] = subtreeRange(code);
  const row = await db
    .selectFrom('village_stat')
    .select([sql<string>`substr(region_code, 1, 9)`.as('town'), sql<number>`sum(households)`.as('households')])
    .where('region_code', '>=', lo)
    .where('region_code', '<=', hi)
    .groupBy(sql`substr(region_code, 1, 9)`)
    .orderBy(sql`sum(households)`, 'desc')
    .orderBy(sql`substr(region_code, 1, 9)`)
    .limit(1)
    .executeTakeFirst();
  return row && Number(row.households) > 0 ? `${row.town}000` : null;
}

/** The village under `code` with the most registered households (null when none has any). */
export async function villageWithMostHouseholds(db: Executor, code: string): Promise<string | null> {
  const [lo, hi] = subtreeRange(code);
  const row = await db
    .selectFrom('village_stat')
    .select(['region_code', 'households'])
    .where('region_code', '>=', lo)
    .where('region_code', '<=', hi)
    .where('households', '>', 0)
    .orderBy('households', 'desc')
    .orderBy('region_code')
    .limit(1)
    .executeTakeFirst();
  return row?.region_code ?? null;
}

export interface GroupedCounts {
  readonly total: Counts;
  /** Keyed by the 12-digit code of each child region. */
  readonly byChild: Map<string, Counts>;
}

/**
 * Counts of a region and of each of its children. Reads the live pre-aggregate, or the frozen
 * snapshot of a closed year; the rural population is that of `year` (latest known when null).
 */
export async function subtreeCounts(db: Executor, code: string, source: { year: number | null; snapshot: boolean }): Promise<GroupedCounts> {
  const [lo, hi] = subtreeRange(code);
  const childLen = childLength(code);
  const child = sql<string>`substr(region_code, 1, ${sql.lit(childLen)})`;
  const table = source.snapshot ? 'year_snapshot' : 'village_stat';
  let query = db
    .selectFrom(table)
    .select(countSums(child))
    .where('region_code', '>=', lo)
    .where('region_code', '<=', hi)
    .groupBy(child);
  if (source.snapshot && source.year !== null) query = query.where('year', '=', source.year);
  const rows = await query.execute();

  const population = await ruralPopulation(db, lo, hi, childLen, source);
  const byChild = new Map<string, Counts>();
  for (const row of rows) {
    byChild.set(row.child.padEnd(12, '0'), countsOf(row, population.get(row.child) ?? 0));
  }
  return withPopulation(byChild, population);
}

/**
 * Counts of a region and of each of its children as of the end of `year`, from the dated
 * pre-aggregate (store/year-stats.ts): one range query over the subtree's villages summing every
 * year up to `year`. Equal to `subtreeCountsAsOf`, which counts the same from the events (tested).
 */
export async function subtreeCountsAtYearEnd(db: Executor, code: string, year: number): Promise<GroupedCounts> {
  const [lo, hi] = subtreeRange(code);
  const childLen = childLength(code);
  const child = sql<string>`substr(region_code, 1, ${sql.lit(childLen)})`;
  const query = db
    .selectFrom('village_year_stat')
    .select(countSums(child))
    .where('region_code', '>=', lo)
    .where('region_code', '<=', hi)
    .where('year', '<=', year)
    .groupBy(child);
  const [rows, population] = await Promise.all([query.execute(), ruralPopulation(db, lo, hi, childLen, { year, snapshot: false })]);
  const byChild = new Map<string, Counts>();
  for (const row of rows) {
    const counts = countsOf(row, population.get(row.child) ?? 0);
    // A child whose households all came and went (a move, a delete) sums to nothing: not listed, as in the count from the events.
    if (counts.households !== 0) byChild.set(row.child.padEnd(12, '0'), counts);
  }
  return withPopulation(byChild, population);
}

/** The sums of the count columns under `Counts` names, with the child prefix: what `countsOf` reads. */
function countSums(child: RawBuilder<string>) {
  return [
    child.as('child'),
    sql<number>`sum(households)`.as('households'),
    sql<number>`sum(people)`.as('people'),
    sql<number>`sum(poor_households)`.as('poor'),
    sql<number>`sum(poor_people)`.as('poorPeople'),
    sql<number>`sum(exited_households)`.as('exited'),
    sql<number>`sum(exited_people)`.as('exitedPeople'),
    sql<number>`sum(relapsed_households)`.as('relapsed'),
    sql<number>`sum(relapsed_people)`.as('relapsedPeople'),
    sql<number>`sum(removed_households)`.as('removed'),
    sql<number>`sum(removed_people)`.as('removedPeople'),
  ] as const;
}

type CountRow = { [K in Exclude<keyof Counts, 'ruralPopulation'>]: number | string };

function countsOf(row: CountRow, ruralPopulation: number): Counts {
  return {
    households: Number(row.households),
    people: Number(row.people),
    poor: Number(row.poor),
    poorPeople: Number(row.poorPeople),
    exited: Number(row.exited),
    exitedPeople: Number(row.exitedPeople),
    relapsed: Number(row.relapsed),
    relapsedPeople: Number(row.relapsedPeople),
    removed: Number(row.removed),
    removedPeople: Number(row.removedPeople),
    ruralPopulation,
  };
}

/**
 * Counts of a region and of each of its children as of the end of `year`, from the status events:
 * a household counts when it was identified on or before 31 December of that year, with the status
 * its last event up to that day (by date, then recording order) leaves (`statusAsOf` in
 * domain/status.ts, whose replay gives the same for every legal history). People are each
 * household's current member count: member history is not kept. The denominator is that year's
 * rural population.
 *
 * One query over the subtree's household range (the village_code index); each household's last
 * event and its identification are index lookups on status_event (household_id, date). Statistics
 * read `subtreeCountsAtYearEnd` instead; this stays as the definition it is tested against.
 */
export async function subtreeCountsAsOf(db: Executor, code: string, year: number): Promise<GroupedCounts> {
  const [lo, hi] = subtreeRange(code);
  const childLen = childLength(code);
  const [byPrefix, population] = await Promise.all([countsAsOf(db, lo, hi, childLen, year), ruralPopulation(db, lo, hi, childLen, { year, snapshot: false })]);
  const byChild = new Map<string, Counts>();
  for (const [prefix, counts] of byPrefix) byChild.set(prefix.padEnd(12, '0'), { ...counts, ruralPopulation: population.get(prefix) ?? 0 });
  return withPopulation(byChild, population);
}

/**
 * The counts as of 31 December of `year` of the households in [lo, hi], by the first `prefixLen`
 * digits of their village code (`subtreeCountsAsOf` says which households and statuses); the
 * rural population is left at 0.
 */
export async function countsAsOf(db: Executor, lo: string, hi: string, prefixLen: number, year: number): Promise<Map<string, Counts>> {
  const day = endOfYear(year);
  // Both lookups are scalar subqueries, not a join: the planner cannot turn them around to scan every
  // identification of the database (PostgreSQL did, for a county, before ANALYZE had run after a
  // bulk load: 8 s instead of milliseconds at 1,000,000 households). The range drives the query.
  const rows = await sql<{ prefix: string; type: string; households: number | string; people: number | string | null }>`
    select prefix, type, count(*) as households, sum(member_count) as people
    from (
      select substr(h.village_code, 1, ${sql.lit(prefixLen)}) as prefix, h.member_count,
        (select min(i.date) from status_event i where i.household_id = h.id and i.type = 'identified') as identified,
        (select e.type from status_event e
          where e.household_id = h.id and e.date <= ${day}
          order by e.date desc, e.id desc limit 1) as type
      from household h
      where h.village_code >= ${lo} and h.village_code <= ${hi}
    ) asof
    where identified <= ${day}
    group by prefix, type`.execute(db);
  const byPrefix = new Map<string, Counts>();
  for (const row of rows.rows) {
    let counts = byPrefix.get(row.prefix);
    if (!counts) {
      counts = emptyCounts();
      byPrefix.set(row.prefix, counts);
    }
    const households = Number(row.households);
    const people = Number(row.people ?? 0);
    const [hKey, pKey] = countKeys[statusAfter(row.type as StatusEventType)];
    counts.households += households;
    counts.people += people;
    counts[hKey] += households;
    counts[pKey] += people;
  }
  return byPrefix;
}

const countKeys = {
  poor: ['poor', 'poorPeople'],
  exited: ['exited', 'exitedPeople'],
  relapsed: ['relapsed', 'relapsedPeople'],
  removed: ['removed', 'removedPeople'],
} as const satisfies Record<HouseholdStatus, readonly [keyof Counts, keyof Counts]>;

/** The length of the code prefix that names a child of `code` (12 for a village's own row). */
function childLength(code: string): number {
  const level = levelOf(code);
  return level < 5 ? prefixLength((level + 1) as 2 | 3 | 4 | 5) : 12;
}

/** Adds the children that have a population but no households, and sums the total. */
function withPopulation(byChild: Map<string, Counts>, population: Map<string, number>): GroupedCounts {
  for (const [prefix, pop] of population) {
    const key = prefix.padEnd(12, '0');
    if (!byChild.has(key)) byChild.set(key, { ...emptyCounts(), ruralPopulation: pop });
  }
  const total = emptyCounts();
  for (const counts of byChild.values()) addInto(total, counts);
  return { total, byChild };
}

async function ruralPopulation(
  db: Executor,
  lo: string,
  hi: string,
  childLen: number,
  source: { year: number | null; snapshot: boolean },
): Promise<Map<string, number>> {
  const child = sql<string>`substr(region_code, 1, ${sql.lit(childLen)})`;
  const rows = source.snapshot
    ? await db
        .selectFrom('year_snapshot')
        .select([child.as('child'), sql<number>`sum(rural_population)`.as('pop')])
        .where('region_code', '>=', lo)
        .where('region_code', '<=', hi)
        .where('year', '=', source.year ?? 0)
        .groupBy(child)
        .execute()
    : await db
        .selectFrom('village_year')
        .select([child.as('child'), sql<number>`sum(rural_population)`.as('pop')])
        .where('region_code', '>=', lo)
        .where('region_code', '<=', hi)
        .where('year', '=', source.year ?? (await latestYear(db)) ?? 0)
        .groupBy(child)
        .execute();
  return new Map(rows.map((r) => [r.child, Number(r.pop)]));
}

export async function latestYear(db: Executor): Promise<number | null> {
  const row = await db.selectFrom('village_year').select((eb) => eb.fn.max('year').as('y')).executeTakeFirst();
  return row?.y === null || row?.y === undefined ? null : Number(row.y);
}

function addInto(target: Counts, c: Counts): void {
  for (const key of Object.keys(target) as (keyof Counts)[]) target[key] += c[key];
}

/** 贫困发生率: people still poor (poor and relapsed) over the rural population; null when unknown. */
export function povertyIncidence(c: Counts): number | null {
  if (c.ruralPopulation <= 0) return null;
  return Math.round(((c.poorPeople + c.relapsedPeople) / c.ruralPopulation) * 1e6) / 1e6;
}
