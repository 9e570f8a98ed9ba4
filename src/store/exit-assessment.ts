// Exit assessment storage: facts read in pages for batch runs, runs with their results and
// counts per area, and county facts recorded from outside the registry.
import { sql } from 'kysely';
import type { MemberCounts } from '../domain/exit-rules/household-facts.js';
import { ableBodied, outOfSchool, schoolAgeBounds } from '../domain/exit-rules/household-facts.js';
import type { IncomeComponents, Village, VillageYear } from '../domain/registry.js';
import { subtreeRange } from '../domain/region-code.js';
import { toIncome } from './mappers.js';
import type { ExitRunTable } from './schema.js';
import type { Executor } from './store.js';
import type { Insertable, Selectable } from 'kysely';

export type ExitRunRow = Selectable<ExitRunTable>;

export interface HouseholdFactRow {
  readonly id: number;
  readonly householdNo: string;
  readonly villageCode: string;
  readonly identifiedYear: number;
  readonly memberCount: number;
  readonly housingSafetyGrade: string | null;
  readonly safeDrinkingWater: boolean;
  readonly hasDomesticPower: boolean;
  readonly relocationPending: boolean;
  readonly renovationInProgress: boolean;
  readonly industryProjectPending: boolean;
  readonly updatedAt: string;
}

/**
 * Households a year's assessment covers: registered by that year and still poor (or relapsed), or
 * exited in that year or later (so this year's exit decisions can be checked again); with `all`,
 * every household registered by then (to re-check earlier exits for 错退).
 */
/** Households per village from the pre-aggregates, to cut a region into chunks of similar size. */
export async function villageSizes(db: Executor, lo: string, hi: string): Promise<{ code: string; households: number }[]> {
  const rows = await db.selectFrom('village_stat').select(['region_code', 'households']).where('region_code', '>=', lo).where('region_code', '<=', hi).where('households', '>', 0).orderBy('region_code').execute();
  return rows.map((r) => ({ code: r.region_code, households: Number(r.households) }));
}

export interface HouseholdFactChunkRow extends HouseholdFactRow, MemberCounts {
  readonly income: IncomeComponents | null;
}

/**
 * One chunk of a run in one query: the households of a range of village codes with the year's
 * income and their member counts (the SQL twin of `countMembers`). One round trip, one row each.
 */
export async function householdFactChunk(db: Executor, lo: string, hi: string, year: number, all: boolean): Promise<HouseholdFactChunkRow[]> {
  const [after, until] = schoolAgeBounds(year);
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
  const candidates = all ? sql`` : sql`and (h.status in ('poor', 'relapsed') or (h.status = 'exited' and h.exit_year >= ${year}))`;
  const r = await sql<Record<string, unknown>>`
    select h.id, h.household_no, h.village_code, h.identified_year, h.member_count, h.housing_safety_grade, h.safe_drinking_water,
           h.has_domestic_power, h.relocation_pending, h.renovation_in_progress, h.industry_project_pending, h.updated_at,
           i.household_id as income_of, i.wage_income, i.production_income, i.production_cost, i.asset_dividend_income, i.other_property_income,
           i.family_planning_allowance, i.minimum_living_allowance, i.extreme_poverty_allowance, i.pension_income, i.eco_compensation,
           i.other_transfer_income, i.expected_income
    from household h
    left join household_income i on i.household_id = h.id and i.year = ${year}
    where h.village_code >= ${lo} and h.village_code <= ${hi} and h.identified_year <= ${year} ${candidates}
    order by h.village_code, h.household_no`.execute(db);
  // Members in a second query: a grouped subquery joined to the first makes SQLite build a temporary
  // index each time. When the chunk's households hold a dense run of ids (the usual case: registries
  // are loaded village by village) the members are read by id range, in index order, with no join.
  let minId = Number.MAX_SAFE_INTEGER;
  let maxId = 0;
  for (const x of r.rows) {
    const id = Number(x['id']);
    if (id < minId) minId = id;
    if (id > maxId) maxId = id;
  }
  const dense = r.rows.length > 0 && maxId - minId < 2 * r.rows.length;
  const where = dense ? sql`mm.household_id >= ${minId} and mm.household_id <= ${maxId}` : sql`mm.household_id in (select hh.id from household hh where hh.village_code >= ${lo} and hh.village_code <= ${hi})`;
  const m = await sql<Record<string, unknown>>`
    select mm.household_id,
           sum(case when mm.birth_date > ${after} and mm.birth_date <= ${until} and mm.school_status in (${list(outOfSchool)}) then 1 else 0 end) as dropouts,
           sum(case when mm.has_resident_medical_insurance = 0 and mm.has_employee_medical_insurance = 0 then 1 else 0 end) as uninsured,
           sum(case when mm.has_serious_illness_insurance = 0 then 1 else 0 end) as no_serious,
           sum(case when mm.labour_ability in (${list(ableBodied)}) then 1 else 0 end) as able,
           sum(case when mm.labour_ability = 'ordinary' then 1 else 0 end) as unskilled
    from member mm
    where ${where}
    group by mm.household_id`.execute(db);
  const counts = new Map(m.rows.map((x) => [Number(x['household_id']), x]));
  const n = (v: unknown): number => Number(v ?? 0);
  return r.rows.map((x) => ({
    id: n(x['id']),
    householdNo: String(x['household_no']),
    villageCode: String(x['village_code']),
    identifiedYear: n(x['identified_year']),
    memberCount: n(x['member_count']),
    housingSafetyGrade: x['housing_safety_grade'] === null ? null : String(x['housing_safety_grade']),
    safeDrinkingWater: n(x['safe_drinking_water']) === 1,
    hasDomesticPower: n(x['has_domestic_power']) === 1,
    relocationPending: n(x['relocation_pending']) === 1,
    renovationInProgress: n(x['renovation_in_progress']) === 1,
    industryProjectPending: n(x['industry_project_pending']) === 1,
    updatedAt: String(x['updated_at']),
    income: x['income_of'] === null ? null : {
      wageIncome: n(x['wage_income']), productionIncome: n(x['production_income']), productionCost: n(x['production_cost']),
      assetDividendIncome: n(x['asset_dividend_income']), otherPropertyIncome: n(x['other_property_income']),
      familyPlanningAllowance: n(x['family_planning_allowance']), minimumLivingAllowance: n(x['minimum_living_allowance']),
      extremePovertyAllowance: n(x['extreme_poverty_allowance']), pensionIncome: n(x['pension_income']), ecoCompensation: n(x['eco_compensation']),
      otherTransferIncome: n(x['other_transfer_income']), expectedIncome: n(x['expected_income']),
    },
    ...memberCountsOf(counts.get(n(x['id']))),
  }));
}

function memberCountsOf(x: Record<string, unknown> | undefined): MemberCounts {
  const n = (v: unknown): number => Number(v ?? 0);
  return {
    schoolAgeDropouts: n(x?.['dropouts']),
    membersWithoutMedicalInsurance: n(x?.['uninsured']),
    membersWithoutSeriousIllnessInsurance: n(x?.['no_serious']),
    ableBodiedMembers: n(x?.['able']),
    unskilledAbleBodiedMembers: n(x?.['unskilled']),
  };
}

export async function householdPage(db: Executor, lo: string, hi: string, year: number, afterId: number, limit: number, all = false): Promise<HouseholdFactRow[]> {
  let q = db
    .selectFrom('household')
    .select(['id', 'household_no', 'village_code', 'identified_year', 'member_count', 'housing_safety_grade', 'safe_drinking_water', 'has_domestic_power', 'relocation_pending', 'renovation_in_progress', 'industry_project_pending', 'updated_at'])
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .where('id', '>', afterId)
    .where('identified_year', '<=', year);
  if (!all) q = q.where((eb) => eb.or([eb('status', 'in', ['poor', 'relapsed']), eb.and([eb('status', '=', 'exited'), eb('exit_year', '>=', year)])]));
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    householdNo: r.household_no,
    villageCode: r.village_code,
    identifiedYear: r.identified_year,
    memberCount: r.member_count,
    housingSafetyGrade: r.housing_safety_grade,
    safeDrinkingWater: r.safe_drinking_water === 1,
    hasDomesticPower: r.has_domestic_power === 1,
    relocationPending: r.relocation_pending === 1,
    renovationInProgress: r.renovation_in_progress === 1,
    industryProjectPending: r.industry_project_pending === 1,
    updatedAt: r.updated_at,
  }));
}

export async function incomesBetween(db: Executor, fromId: number, toId: number, year: number): Promise<Map<number, IncomeComponents>> {
  const rows = await db.selectFrom('household_income').selectAll().where('household_id', '>=', fromId).where('household_id', '<=', toId).where('year', '=', year).execute();
  return new Map(rows.map((r) => [r.household_id, toIncome(r)]));
}

/** The member counts of domain/exit-rules/household-facts.ts `countMembers`, in SQL for whole pages. */
export async function memberCountsBetween(db: Executor, fromId: number, toId: number, year: number): Promise<Map<number, MemberCounts>> {
  const [after, until] = schoolAgeBounds(year);
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
  const rows = await db
    .selectFrom('member')
    .select([
      'household_id',
      sql<number>`sum(case when birth_date > ${after} and birth_date <= ${until} and school_status in (${list(outOfSchool)}) then 1 else 0 end)`.as('dropouts'),
      sql<number>`sum(case when has_resident_medical_insurance = 0 and has_employee_medical_insurance = 0 then 1 else 0 end)`.as('uninsured'),
      sql<number>`sum(case when has_serious_illness_insurance = 0 then 1 else 0 end)`.as('no_serious'),
      sql<number>`sum(case when labour_ability in (${list(ableBodied)}) then 1 else 0 end)`.as('able'),
      sql<number>`sum(case when labour_ability = 'ordinary' then 1 else 0 end)`.as('unskilled'),
    ])
    .where('household_id', '>=', fromId)
    .where('household_id', '<=', toId)
    .groupBy('household_id')
    .execute();
  return new Map(rows.map((r) => [r.household_id, {
    schoolAgeDropouts: Number(r.dropouts),
    membersWithoutMedicalInsurance: Number(r.uninsured),
    membersWithoutSeriousIllnessInsurance: Number(r.no_serious),
    ableBodiedMembers: Number(r.able),
    unskilledAbleBodiedMembers: Number(r.unskilled),
  }]));
}

export interface VillageFactRow {
  readonly code: string;
  readonly village: Village | null;
  readonly figures: VillageYear | null;
  readonly poorPeople: number;
}

/** Poor villages of the subtree not exited before the year, with the year's figures and remaining poor people. */
export async function villageFactRows(db: Executor, lo: string, hi: string, year: number): Promise<VillageFactRow[]> {
  const rows = await db
    .selectFrom('village as v')
    .leftJoin('village_year as y', (j) => j.onRef('y.region_code', '=', 'v.region_code').on('y.year', '=', year))
    .leftJoin('village_stat as s', 's.region_code', 'v.region_code')
    .select(['v.region_code', 'v.is_poor_village', 'v.is_deep_poverty', 'v.exit_year', 'v.has_paved_road', 'v.has_power', 'v.has_telecom', 'v.has_broadband', 'v.has_clinic', 'v.has_cultural_venue', 'v.has_cooperative', 'y.rural_households', 'y.rural_population', 'y.collective_income', 's.poor_people', 's.relapsed_people'])
    .where('v.region_code', '>=', lo)
    .where('v.region_code', '<=', hi)
    .where('v.is_poor_village', '=', 1)
    .where((eb) => eb.or([eb('v.exit_year', 'is', null), eb('v.exit_year', '>=', year)]))
    .orderBy('v.region_code')
    .execute();
  return rows.map((r) => ({
    code: r.region_code,
    village: {
      regionCode: r.region_code, isPoorVillage: r.is_poor_village === 1, isDeepPoverty: r.is_deep_poverty === 1, exitYear: r.exit_year,
      hasPavedRoad: r.has_paved_road === 1, hasPower: r.has_power === 1, hasTelecom: r.has_telecom === 1, hasBroadband: r.has_broadband === 1,
      hasClinic: r.has_clinic === 1, hasCulturalVenue: r.has_cultural_venue === 1, hasCooperative: r.has_cooperative === 1,
    },
    figures: r.rural_population === null ? null : { regionCode: r.region_code, year, ruralHouseholds: Number(r.rural_households ?? 0), ruralPopulation: Number(r.rural_population), collectiveIncome: Number(r.collective_income ?? 0) },
    poorPeople: Number(r.poor_people ?? 0) + Number(r.relapsed_people ?? 0),
  }));
}

export interface CountyFactRow {
  readonly code: string;
  readonly ruralPopulation: number | null;
  readonly poorPeople: number;
  readonly recorded: Record<string, number>;
}

/** Counties of the subtree with registry data: rural population of the year and remaining poor people. */
export async function countyFactRows(db: Executor, lo: string, hi: string, year: number): Promise<CountyFactRow[]> {
  const county = sql<string>`substr(s.region_code, 1, 6)`;
  const stats = await db
    .selectFrom('village_stat as s')
    .leftJoin('village_year as y', (j) => j.onRef('y.region_code', '=', 's.region_code').on('y.year', '=', year))
    .select([county.as('county'), sql<number>`sum(s.poor_people + s.relapsed_people)`.as('poor'), sql<number | null>`sum(y.rural_population)`.as('rural'), sql<number>`count(y.rural_population)`.as('with_rural')])
    .where('s.region_code', '>=', lo)
    .where('s.region_code', '<=', hi)
    .where('s.households', '>', 0)
    .groupBy(county)
    .orderBy(county)
    .execute();
  const recorded = await db.selectFrom('exit_recorded_fact').select(['region_code', 'fact', 'value']).where('region_code', '>=', lo).where('region_code', '<=', hi).where('year', '=', year).execute();
  return stats.map((r) => {
    const code = `${r.county}000000`;
    return {
      code,
      ruralPopulation: Number(r.with_rural) > 0 ? Number(r.rural) : null,
      poorPeople: Number(r.poor),
      recorded: Object.fromEntries(recorded.filter((f) => f.region_code === code).map((f) => [f.fact, Number(f.value)])),
    };
  });
}

export async function insertRun(db: Executor, row: Insertable<ExitRunTable>): Promise<number> {
  const r = await db.insertInto('exit_run').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function setRunCounts(db: Executor, id: number, c: { units: number; ready: number; blocked: number; noData: number; flagged: number; dataTime: string | null }): Promise<void> {
  await db.updateTable('exit_run').set({ units: c.units, ready: c.ready, blocked: c.blocked, no_data: c.noData, flagged: c.flagged, data_time: c.dataTime }).where('id', '=', id).execute();
}

export async function getRun(db: Executor, id: number): Promise<ExitRunRow | undefined> {
  return db.selectFrom('exit_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Runs over, inside, or above a region (a town sees the county's runs, read for its own villages). */
export async function listRuns(db: Executor, region: string, ancestors: readonly string[], filter: { unit?: string; year?: number }, limit: number): Promise<ExitRunRow[]> {
  // By the code's level: trimming trailing zeros would widen a village ending in 0 to its neighbours.
  const [lo, hi] = subtreeRange(region);
  let q = db.selectFrom('exit_run').selectAll().where((eb) => eb.or([eb.and([eb('region_code', '>=', lo), eb('region_code', '<=', hi)]), ...(ancestors.length > 0 ? [eb('region_code', 'in', ancestors)] : [])]));
  if (filter.unit) q = q.where('unit', '=', filter.unit);
  if (filter.year) q = q.where('year', '=', filter.year);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export interface ResultFilter {
  readonly lo: string;
  readonly hi: string;
  readonly status?: string;
  /** 1-based position of a criterion whose result must be `code`. */
  readonly criterion?: { readonly position: number; readonly code: string };
  readonly limit: number;
  readonly offset: number;
}

export async function resultRows(db: Executor, runId: number, f: ResultFilter) {
  let q = db.selectFrom('exit_result').selectAll().where('run_id', '=', runId).where('area_code', '>=', f.lo).where('area_code', '<=', f.hi);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.criterion) q = q.where(sql<string>`substr(codes, ${f.criterion.position}, 1)`, '=', f.criterion.code);
  const [rows, total] = await Promise.all([
    q.orderBy('area_code').orderBy('unit_code').limit(f.limit).offset(f.offset).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** All results of a run in key order, a page after the given key (keyset: no OFFSET scans on a million rows). */
export async function resultRowsAfter(db: Executor, runId: number, after: { area: string; unit: string } | null, limit: number) {
  let q = db.selectFrom('exit_result').selectAll().where('run_id', '=', runId);
  if (after) q = q.where((eb) => eb.or([eb('area_code', '>', after.area), eb.and([eb('area_code', '=', after.area), eb('unit_code', '>', after.unit)])]));
  return q.orderBy('area_code').orderBy('unit_code').limit(limit).execute();
}

export async function summaryRows(db: Executor, runId: number, lo: string, hi: string): Promise<{ area_code: string; key: string; count: number }[]> {
  const rows = await db.selectFrom('exit_summary').select(['area_code', 'key', 'count']).where('run_id', '=', runId).where('area_code', '>=', lo).where('area_code', '<=', hi).execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function resultsOfHousehold(db: Executor, householdId: number, limit: number) {
  return db
    .selectFrom('exit_result as r')
    .innerJoin('exit_run as run', 'run.id', 'r.run_id')
    .select(['r.run_id', 'r.status', 'r.codes', 'r.facts_json', 'r.unit_code', 'r.area_code', 'run.year', 'run.created_at', 'run.rule_set_id', 'run.rule_set_version'])
    .where('r.household_id', '=', householdId)
    .orderBy('r.run_id', 'desc')
    .limit(limit)
    .execute();
}

export async function resultOfUnit(db: Executor, runId: number, unitCode: string) {
  return db.selectFrom('exit_result').selectAll().where('run_id', '=', runId).where('unit_code', '=', unitCode).executeTakeFirst();
}

export async function upsertRecordedFact(db: Executor, row: { region_code: string; year: number; fact: string; value: number; source: string; recorded_at: string; recorded_by: string }): Promise<void> {
  await db.deleteFrom('exit_recorded_fact').where('region_code', '=', row.region_code).where('year', '=', row.year).where('fact', '=', row.fact).execute();
  await db.insertInto('exit_recorded_fact').values(row).execute();
}

export async function recordedFactsOf(db: Executor, region: string, year: number) {
  return db.selectFrom('exit_recorded_fact').selectAll().where('region_code', '=', region).where('year', '=', year).orderBy('fact').execute();
}
