// Reads the units of an assessment with their facts, page by page, so a million households never
// sit in memory at once. Used by stored runs and by what-if alike: both see the same facts.
import { countyFacts, villageFacts } from '../domain/exit-rules/area-facts.js';
import type { Facts, RecordedCountyFact, UnitKind } from '../domain/exit-rules/facts.js';
import { countMembers, householdFacts, type MemberCounts } from '../domain/exit-rules/household-facts.js';
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

const noMembers: MemberCounts = { schoolAgeDropouts: 0, membersWithoutMedicalInsurance: 0, membersWithoutSeriousIllnessInsurance: 0, ableBodiedMembers: 0, unskilledAbleBodiedMembers: 0 };

export async function* unitPages(db: Executor, unit: UnitKind, under: string, year: number, pageSize = 20_000): AsyncGenerator<UnitPage> {
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
  let after = 0;
  for (;;) {
    const page = await ex.householdPage(db, lo, hi, year, after, pageSize);
    const first = page[0];
    const last = page[page.length - 1];
    if (!first || !last) return;
    const [incomes, counts] = await Promise.all([ex.incomesBetween(db, first.id, last.id, year), ex.memberCountsBetween(db, first.id, last.id, year)]);
    let dataTime: string | null = null;
    const units = page.map((h) => {
      if (dataTime === null || h.updatedAt > dataTime) dataTime = h.updatedAt;
      const facts = householdFacts({ ...h, ...(counts.get(h.id) ?? noMembers), income: incomes.get(h.id) ?? null }, year);
      return { unitCode: h.householdNo, householdId: h.id, areaCode: h.villageCode, facts };
    });
    yield { units, dataTime };
    after = last.id;
    if (page.length < pageSize) return;
  }
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
