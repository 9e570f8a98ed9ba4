// Reads the units of an assessment with their facts, page by page, so a million households never
// sit in memory at once. Used by stored runs and by what-if alike: both see the same facts.
import { countyFacts, villageFacts } from '../domain/exit-rules/area-facts.js';
import type { Facts, RecordedCountyFact, UnitKind } from '../domain/exit-rules/facts.js';
import { countMembers, householdFacts } from '../domain/exit-rules/household-facts.js';
import { subtreeRange } from '../domain/region-code.js';
import * as ex from '../store/exit-assessment.js';
import { getHousehold, getIncomes, getMembers } from '../store/households.js';
import type { Executor } from '../store/store.js';

export interface AssessedUnit {
  /** household number, or the region code of a village or county */
  readonly unitCode: string;
  readonly householdId: number | null;
  /** where the unit is counted: its village (households, villages) or county */
  readonly areaCode: string;
  readonly facts: Facts;
}

export interface UnitPage {
  readonly units: readonly AssessedUnit[];
  /** Latest registry change among the page's households (the run's data time). */
  readonly dataTime: string | null;
}

export async function* unitPages(db: Executor, unit: UnitKind, under: string, year: number, all = false, pageSize = 4_000): AsyncGenerator<UnitPage> {
  const [lo, hi] = subtreeRange(under);
  if (unit === 'village') {
    const rows = await ex.villageFactRows(db, lo, hi, year);
    yield { units: rows.map((v) => ({ unitCode: v.code, householdId: null, areaCode: v.code, facts: villageFacts(v.code, v.village, v.figures, v.poorPeople, year) })), dataTime: null };
    return;
  }
  if (unit === 'county') {
    const rows = await ex.countyFactRows(db, lo, hi, year);
    yield { units: rows.map((c) => ({ unitCode: c.code, householdId: null, areaCode: c.code, facts: countyFacts(c.code, c.ruralPopulation, c.poorPeople, c.recorded as Partial<Record<RecordedCountyFact, number>>, year) })), dataTime: null };
    return;
  }
  for (const [from, to] of await chunks(db, lo, hi, pageSize)) {
    const page = await ex.householdFactChunk(db, from, to, year, all);
    if (page.length === 0) continue;
    let dataTime: string | null = null;
    const units = page.map((h) => {
      if (dataTime === null || h.updatedAt > dataTime) dataTime = h.updatedAt;
      return { unitCode: h.householdNo, householdId: h.id, areaCode: h.villageCode, facts: householdFacts(h, year) };
    });
    yield { units, dataTime };
  }
}

/**
 * Cuts [lo, hi] into ranges of village codes holding about `size` households each (from the village
 * pre-aggregates). The ranges cover the whole span, so a village missing from the aggregates is
 * still read. Each range is one index range scan, whatever the size of the database.
 */
async function chunks(db: Executor, lo: string, hi: string, size: number): Promise<[string, string][]> {
  const result: [string, string][] = [];
  let start = lo;
  let count = 0;
  for (const v of await ex.villageSizes(db, lo, hi)) {
    count += v.households;
    if (count >= size) {
      result.push([start, v.code]);
      start = nextCode(v.code);
      count = 0;
    }
  }
  if (start <= hi) result.push([start, hi]);
  return result;
}

function nextCode(code: string): string {
  return String(Number(code) + 1).padStart(code.length, '0');
}

/** One household's facts now, from its full record (the checklist's "as of today" view). */
export async function householdFactsNow(db: Executor, id: number, year: number): Promise<AssessedUnit | undefined> {
  const h = await getHousehold(db, id);
  if (!h) return undefined;
  const [members, incomes] = await Promise.all([getMembers(db, id), getIncomes(db, id)]);
  const income = incomes.find((i) => i.year === year) ?? null;
  const facts = householdFacts({ ...h, ...countMembers(members, year), income }, year);
  return { unitCode: h.householdNo, householdId: h.id, areaCode: h.villageCode, facts };
}
