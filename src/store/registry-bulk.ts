// Bulk registry writes for synthetic data and imports: column lists in one place, rows as arrays.
import { sql } from 'kysely';
import type { HouseholdInput, IncomeComponents, MemberInput } from '../domain/registry.js';
import type { BulkAppender, BulkColumn, Executor, Store } from './store.js';
import { packRows, unpackRowsInto, type PackedRows } from './row-transfer.js';

const col = (name: string, type: BulkColumn['type']): BulkColumn => ({ name, type });

export const householdBulkColumns: readonly BulkColumn[] = [
  col('id', 'int'), col('household_no', 'text'), col('village_code', 'text'), col('identification_standard', 'text'),
  col('identified_year', 'int'), col('attribute', 'text'), col('main_cause', 'text'), col('other_causes', 'text'),
  col('phone', 'text'), col('housing_safety_grade', 'text'), col('housing_area', 'real'), col('house_structure', 'text'),
  col('renovation_year', 'int'), col('safe_drinking_water', 'int'), col('drinking_water_difficulty', 'int'),
  col('road_type', 'text'), col('distance_to_main_road_km', 'real'), col('has_production_power', 'int'),
  col('has_domestic_power', 'int'), col('has_radio_tv', 'int'), col('has_sanitary_toilet', 'int'), col('fuel_type', 'text'),
  col('joined_cooperative', 'int'), col('arable_land_mu', 'real'), col('irrigated_land_mu', 'real'), col('forest_land_mu', 'real'),
  col('relocation_pending', 'int'), col('renovation_in_progress', 'int'), col('industry_project_pending', 'int'),
  col('status', 'text'), col('exit_year', 'int'), col('member_count', 'int'), col('version', 'int'), col('updated_at', 'text'),
];

export const memberBulkColumns: readonly BulkColumn[] = [
  col('id', 'int'), col('household_id', 'int'), col('name', 'text'), col('id_number', 'text'), col('relation', 'text'),
  col('sex', 'text'), col('birth_date', 'text'), col('ethnicity', 'text'), col('education', 'text'), col('school_status', 'text'),
  col('health', 'text'), col('disability_type', 'text'), col('labour_ability', 'text'), col('work_status', 'text'),
  col('work_months', 'int'), col('political_status', 'text'), col('speaks_mandarin', 'int'),
  col('has_resident_medical_insurance', 'int'), col('has_employee_medical_insurance', 'int'),
  col('has_serious_illness_insurance', 'int'), col('has_resident_pension', 'int'), col('receives_minimum_living', 'int'),
  col('is_extreme_poverty', 'int'),
];

export const incomeBulkColumns: readonly BulkColumn[] = [
  col('household_id', 'int'), col('year', 'int'), col('wage_income', 'bigint'), col('production_income', 'bigint'),
  col('production_cost', 'bigint'), col('asset_dividend_income', 'bigint'), col('other_property_income', 'bigint'),
  col('family_planning_allowance', 'bigint'), col('minimum_living_allowance', 'bigint'),
  col('extreme_poverty_allowance', 'bigint'), col('pension_income', 'bigint'), col('eco_compensation', 'bigint'),
  col('other_transfer_income', 'bigint'), col('expected_income', 'bigint'),
];

export const statusEventBulkColumns: readonly BulkColumn[] = [
  col('household_id', 'int'), col('type', 'text'), col('date', 'text'), col('reason', 'text'), col('basis', 'text'), col('actor', 'text'),
];

// Row builders in the column order above, handing values straight from the domain objects to
// the store's appenders: a bulk write of a national registry makes millions of rows, and an object
// (mappers.ts) and an array per row cost more than the database's own work. The store test checks
// them against mappers.ts.
const n = (v: boolean): number => (v ? 1 : 0);

export function appendHousehold(to: BulkAppender, id: number, h: HouseholdInput, status: string, exitYear: number | null, memberCount: number, updatedAt: string): void {
  to.values.push(
    id, h.householdNo, h.villageCode, h.identificationStandard, h.identifiedYear, h.attribute, h.mainCause, h.otherCauses.join(','),
    h.phone, h.housingSafetyGrade, h.housingArea, h.houseStructure, h.renovationYear, n(h.safeDrinkingWater),
    n(h.drinkingWaterDifficulty), h.roadType, h.distanceToMainRoadKm, n(h.hasProductionPower), n(h.hasDomesticPower),
    n(h.hasRadioTv), n(h.hasSanitaryToilet), h.fuelType, n(h.joinedCooperative), h.arableLandMu, h.irrigatedLandMu,
    h.forestLandMu, n(h.relocationPending), n(h.renovationInProgress), n(h.industryProjectPending), status, exitYear,
    memberCount, 1, updatedAt,
  );
  to.rowDone();
}

export function appendMember(to: BulkAppender, id: number, householdId: number, m: MemberInput): void {
  to.values.push(
    id, householdId, m.name, m.idNumber, m.relation, m.sex, m.birthDate, m.ethnicity, m.education, m.schoolStatus, m.health,
    m.disabilityType, m.labourAbility, m.workStatus, m.workMonths, m.politicalStatus, n(m.speaksMandarin),
    n(m.hasResidentMedicalInsurance), n(m.hasEmployeeMedicalInsurance), n(m.hasSeriousIllnessInsurance),
    n(m.hasResidentPension), n(m.receivesMinimumLiving), n(m.isExtremePoverty),
  );
  to.rowDone();
}

export function appendIncome(to: BulkAppender, householdId: number, year: number, c: IncomeComponents): void {
  to.values.push(
    householdId, year, c.wageIncome, c.productionIncome, c.productionCost, c.assetDividendIncome, c.otherPropertyIncome,
    c.familyPlanningAllowance, c.minimumLivingAllowance, c.extremePovertyAllowance, c.pensionIncome, c.ecoCompensation,
    c.otherTransferIncome, c.expectedIncome,
  );
  to.rowDone();
}

export function appendStatusEvent(to: BulkAppender, householdId: number, type: string, date: string, reason: string | null, basis: string | null, actor: string): void {
  to.values.push(householdId, type, date, reason, basis, actor);
  to.rowDone();
}

/** One appender per registry table, inside the caller's bulk transaction. */
export interface RegistryAppenders {
  readonly households: BulkAppender;
  readonly members: BulkAppender;
  readonly incomes: BulkAppender;
  readonly events: BulkAppender;
}

export function registryAppenders(store: Store, trx: Executor): RegistryAppenders {
  return {
    households: store.bulkAppender(trx, 'household', householdBulkColumns),
    members: store.bulkAppender(trx, 'member', memberBulkColumns),
    incomes: store.bulkAppender(trx, 'household_income', incomeBulkColumns),
    events: store.bulkAppender(trx, 'status_event', statusEventBulkColumns),
  };
}

/** Appenders that only hold the rows, for a worker thread that makes them (packRegistryRows). */
export function collectingAppenders(): RegistryAppenders {
  const holder = (): BulkAppender => ({ values: [], rowDone: () => undefined, flush: () => Promise.resolve() });
  return { households: holder(), members: holder(), incomes: holder(), events: holder() };
}

/** One chunk's rows of each registry table, packed to cross to the writing thread. */
export interface PackedRegistryRows {
  readonly households: PackedRows;
  readonly members: PackedRows;
  readonly incomes: PackedRows;
  readonly events: PackedRows;
}

/** The rows collecting appenders hold, packed; `transfer`: the buffers to move with them. */
export function packRegistryRows(from: RegistryAppenders): { rows: PackedRegistryRows; transfer: ArrayBuffer[] } {
  const h = packRows(from.households.values, householdBulkColumns);
  const m = packRows(from.members.values, memberBulkColumns);
  const i = packRows(from.incomes.values, incomeBulkColumns);
  const e = packRows(from.events.values, statusEventBulkColumns);
  return { rows: { households: h.packed, members: m.packed, incomes: i.packed, events: e.packed }, transfer: [...h.transfer, ...m.transfer, ...i.transfer, ...e.transfer] };
}

/** Packed rows into the store's appenders, table by table. */
export function unpackRegistryRows(rows: PackedRegistryRows, to: RegistryAppenders): void {
  unpackRowsInto(rows.households, to.households);
  unpackRowsInto(rows.members, to.members);
  unpackRowsInto(rows.incomes, to.incomes);
  unpackRowsInto(rows.events, to.events);
}

/**
 * Writes what the appenders still hold. The rows are taken at once; on PostgreSQL the four COPYs
 * queue on the connection (members, the largest, first) and the promise settles when all are done.
 */
export function flushRegistry(to: RegistryAppenders): Promise<void> {
  return Promise.all([to.members.flush(), to.households.flush(), to.incomes.flush(), to.events.flush()]).then(() => undefined);
}

/** After explicit ids were written, PostgreSQL's identity sequences must continue after them. */
export async function syncIdSequences(store: Store, trx: Executor): Promise<void> {
  if (store.dialect !== 'postgres') return;
  for (const table of ['household', 'member', 'status_event']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}

export async function upsertVillages(trx: Executor, villages: readonly { code: string; isPoorVillage: boolean; isDeepPoverty: boolean; flags: Record<string, boolean> }[]): Promise<void> {
  for (let i = 0; i < villages.length; i += 500) {
    const values = villages.slice(i, i + 500).map((v) => ({
      region_code: v.code,
      is_poor_village: v.isPoorVillage ? 1 : 0,
      is_deep_poverty: v.isDeepPoverty ? 1 : 0,
      exit_year: null,
      has_paved_road: v.flags['hasPavedRoad'] ? 1 : 0,
      has_power: v.flags['hasPower'] ? 1 : 0,
      has_telecom: v.flags['hasTelecom'] ? 1 : 0,
      has_broadband: v.flags['hasBroadband'] ? 1 : 0,
      has_clinic: v.flags['hasClinic'] ? 1 : 0,
      has_cultural_venue: v.flags['hasCulturalVenue'] ? 1 : 0,
      has_cooperative: v.flags['hasCooperative'] ? 1 : 0,
    }));
    await trx
      .insertInto('village')
      .values(values)
      .onConflict((oc) =>
        oc.column('region_code').doUpdateSet((eb) => ({
          is_poor_village: eb.ref('excluded.is_poor_village'),
          is_deep_poverty: eb.ref('excluded.is_deep_poverty'),
          has_paved_road: eb.ref('excluded.has_paved_road'),
          has_power: eb.ref('excluded.has_power'),
          has_telecom: eb.ref('excluded.has_telecom'),
          has_broadband: eb.ref('excluded.has_broadband'),
          has_clinic: eb.ref('excluded.has_clinic'),
          has_cultural_venue: eb.ref('excluded.has_cultural_venue'),
          has_cooperative: eb.ref('excluded.has_cooperative'),
        })),
      )
      .execute();
  }
}

export async function upsertVillageYears(trx: Executor, rows: readonly { code: string; year: number; ruralHouseholds: number; ruralPopulation: number; collectiveIncome: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r) => ({
      region_code: r.code,
      year: r.year,
      rural_households: r.ruralHouseholds,
      rural_population: r.ruralPopulation,
      collective_income: r.collectiveIncome,
    }));
    await trx
      .insertInto('village_year')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['region_code', 'year']).doUpdateSet((eb) => ({
          rural_households: eb.ref('excluded.rural_households'),
          rural_population: eb.ref('excluded.rural_population'),
          collective_income: eb.ref('excluded.collective_income'),
        })),
      )
      .execute();
  }
}

/** The registered ID numbers that begin with one of these address codes (6-digit county codes). */
export async function idNumbersOfCounties(db: Executor, counties: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const county of counties) {
    // A range on the unique index: ID numbers are digits and X, all below 'Y'.
    const rows = await db.selectFrom('member').select('id_number').where('id_number', '>=', county).where('id_number', '<', `${county}Y`).execute();
    for (const r of rows) found.add(r.id_number);
  }
  return found;
}

export async function countHouseholdsUnder(db: Executor, lo: string, hi: string): Promise<number> {
  const row = await db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).where('village_code', '>=', lo).where('village_code', '<=', hi).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Removes all registry data of a subtree (for regenerating synthetic data). */
export async function deleteRegistryUnder(db: Executor, lo: string, hi: string): Promise<void> {
  const ids = db.selectFrom('household').select('id').where('village_code', '>=', lo).where('village_code', '<=', hi);
  await db.deleteFrom('member').where('household_id', 'in', ids).execute();
  await db.deleteFrom('household_income').where('household_id', 'in', ids).execute();
  await db.deleteFrom('status_event').where('household_id', 'in', ids).execute();
  await db.deleteFrom('household').where('village_code', '>=', lo).where('village_code', '<=', hi).execute();
  await db.deleteFrom('village_stat').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  await db.deleteFrom('village_breakdown').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
  await db.deleteFrom('village_year_stat').where('region_code', '>=', lo).where('region_code', '<=', hi).execute();
}
