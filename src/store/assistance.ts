// Assistance organisation, catalogue and plans: units, cadres, dated assignments (work-team
// members, village leads, pairings), the measure catalogue and yearly household plans.
import type { Insertable, Selectable } from 'kysely';
import type { Measure } from '../domain/assistance/catalogue.js';
import { subtreeRange } from '../domain/region-code.js';
import type { AssistingUnitTable, CadrePairingTable, CadreTable, VillageLeadTable, WorkTeamMemberTable, WorkTeamTable } from './assistance-schema.js';
import type { Executor } from './store.js';

export type UnitRow = Selectable<AssistingUnitTable>;
export type CadreRow = Selectable<CadreTable>;
export type PairingRow = Selectable<CadrePairingTable>;
export type TeamRow = Selectable<WorkTeamTable>;
export type MemberRow = Selectable<WorkTeamMemberTable>;
export type LeadRow = Selectable<VillageLeadTable>;

const chunk = 400;

export async function insertUnit(db: Executor, row: Insertable<AssistingUnitTable>): Promise<number> {
  return (await db.insertInto('assisting_unit').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const getUnit = (db: Executor, id: number) => db.selectFrom('assisting_unit').selectAll().where('id', '=', id).executeTakeFirst();

export async function listUnits(db: Executor, under: string): Promise<UnitRow[]> {
  const [lo, hi] = subtreeRange(under);
  return db.selectFrom('assisting_unit').selectAll().where('region_code', '>=', lo).where('region_code', '<=', hi).orderBy('name').execute();
}

export async function insertCadre(db: Executor, row: Insertable<CadreTable>): Promise<number> {
  return (await db.insertInto('cadre').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const getCadre = (db: Executor, id: number) => db.selectFrom('cadre').selectAll().where('id', '=', id).executeTakeFirst();
export const cadreByUsername = (db: Executor, username: string) => db.selectFrom('cadre').selectAll().where('username', '=', username).executeTakeFirst();

export interface CadreListRow extends CadreRow {
  unitName: string;
  households: number;
}

export async function listCadres(db: Executor, under: string): Promise<CadreListRow[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('cadre as c')
    .innerJoin('assisting_unit as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select('u.name as unitName')
    .select((eb) => eb.selectFrom('cadre_pairing as p').whereRef('p.cadre_id', '=', 'c.id').where('p.to_date', 'is', null).select(eb.fn.countAll<number>().as('n')).as('households'))
    .where('c.region_code', '>=', lo)
    .where('c.region_code', '<=', hi)
    .orderBy('c.name')
    .limit(5000)
    .execute();
  return rows.map((r) => ({ ...r, households: Number(r.households ?? 0) }));
}

export async function updateCadreCap(db: Executor, id: number, cap: number): Promise<void> {
  await db.updateTable('cadre').set({ cap }).where('id', '=', id).execute();
}

/** Open pairings of a cadre (the households they are responsible for now). */
export async function openPairingCount(db: Executor, cadreId: number): Promise<number> {
  const r = await db.selectFrom('cadre_pairing').select((eb) => eb.fn.countAll<number>().as('n')).where('cadre_id', '=', cadreId).where('to_date', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function pairingsOf(db: Executor, cadreId: number, householdId: number): Promise<PairingRow[]> {
  return db.selectFrom('cadre_pairing').selectAll().where('cadre_id', '=', cadreId).where('household_id', '=', householdId).orderBy('from_date').execute();
}

export async function insertPairing(db: Executor, row: Insertable<CadrePairingTable>): Promise<number> {
  return (await db.insertInto('cadre_pairing').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const getPairing = (db: Executor, id: number) => db.selectFrom('cadre_pairing').selectAll().where('id', '=', id).executeTakeFirst();

export async function endAssignment(db: Executor, table: 'cadre_pairing' | 'work_team_member' | 'village_lead' | 'work_team', id: number, to: string): Promise<void> {
  await db.updateTable(table).set({ to_date: to }).where('id', '=', id).where('to_date', 'is', null).execute();
}

export interface PairingHistoryRow extends PairingRow {
  cadreName: string;
  unitName: string;
  phone: string | null;
}

/** Every pairing of a household, current and past, newest first. */
export async function householdPairings(db: Executor, householdId: number): Promise<PairingHistoryRow[]> {
  return db
    .selectFrom('cadre_pairing as p')
    .innerJoin('cadre as c', 'c.id', 'p.cadre_id')
    .innerJoin('assisting_unit as u', 'u.id', 'c.unit_id')
    .selectAll('p')
    .select(['c.name as cadreName', 'u.name as unitName', 'c.phone'])
    .where('p.household_id', '=', householdId)
    .orderBy('p.from_date', 'desc')
    .execute();
}

export async function insertTeam(db: Executor, row: Insertable<WorkTeamTable>): Promise<number> {
  return (await db.insertInto('work_team').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const getTeam = (db: Executor, id: number) => db.selectFrom('work_team').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertMember(db: Executor, row: Insertable<WorkTeamMemberTable>): Promise<number> {
  return (await db.insertInto('work_team_member').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertLead(db: Executor, row: Insertable<VillageLeadTable>): Promise<number> {
  return (await db.insertInto('village_lead').values(row).returning('id').executeTakeFirst().then((r) => r ?? { id: 0 })).id;
}

export const getMember = (db: Executor, id: number) => db.selectFrom('work_team_member').selectAll().where('id', '=', id).executeTakeFirst();
export const getLead = (db: Executor, id: number) => db.selectFrom('village_lead').selectAll().where('id', '=', id).executeTakeFirst();

/** A village's organisation with its history: teams, members, leads and pairings (all dates). */
export async function villageOrganisation(db: Executor, village: string) {
  const teams = await db.selectFrom('work_team as t').innerJoin('assisting_unit as u', 'u.id', 't.unit_id').selectAll('t').select('u.name as unitName').where('t.village_code', '=', village).orderBy('t.from_date', 'desc').execute();
  const members = await db
    .selectFrom('work_team_member as m')
    .innerJoin('cadre as c', 'c.id', 'm.cadre_id')
    .selectAll('m')
    .select(['c.name as cadreName', 'c.phone'])
    .where('m.village_code', '=', village)
    .orderBy('m.from_date', 'desc')
    .execute();
  const leads = await db.selectFrom('village_lead as l').innerJoin('cadre as c', 'c.id', 'l.cadre_id').selectAll('l').select(['c.name as cadreName', 'c.phone', 'c.position']).where('l.village_code', '=', village).orderBy('l.from_date', 'desc').execute();
  const pairings = await db
    .selectFrom('cadre_pairing as p')
    .innerJoin('cadre as c', 'c.id', 'p.cadre_id')
    .selectAll('p')
    .select(['c.name as cadreName'])
    .where('p.village_code', '=', village)
    .orderBy('p.from_date', 'desc')
    .execute();
  return { teams, members, leads, pairings };
}

export async function loadCatalogue(db: Executor): Promise<Map<string, Measure>> {
  const rows = await db.selectFrom('assistance_measure').selectAll().orderBy('code').execute();
  return new Map(rows.map((r) => [r.code, { code: r.code, zh: r.zh, en: r.en, category: r.category, fiveBatch: r.five_batch, causes: r.causes === '' ? [] : r.causes.split(','), active: r.active === 1 }]));
}

const measureRow = (m: Measure) => ({ zh: m.zh, en: m.en, category: m.category, five_batch: m.fiveBatch, causes: m.causes.join(','), active: m.active ? 1 : 0 });

export async function upsertMeasure(db: Executor, m: Measure): Promise<void> {
  const row = measureRow(m);
  await db.insertInto('assistance_measure').values({ code: m.code, ...row }).onConflict((oc) => oc.column('code').doUpdateSet(row)).execute();
}

/** A new measure; the caller has checked that neither its code nor its name is taken. */
export async function insertMeasure(db: Executor, m: Measure): Promise<void> {
  await db.insertInto('assistance_measure').values({ code: m.code, ...measureRow(m) }).execute();
}

/** Rewrites an existing measure (names, mapping, active); the code stays, saved plans refer to it. */
export async function updateMeasure(db: Executor, m: Measure): Promise<void> {
  await db.updateTable('assistance_measure').set(measureRow(m)).where('code', '=', m.code).execute();
}

export interface PlanMeasureRow {
  measure_code: string;
  amount_fen: number;
  status: string;
  note: string;
}

export async function getPlan(db: Executor, householdId: number, year: number) {
  const plan = await db.selectFrom('household_plan').selectAll().where('household_id', '=', householdId).where('year', '=', year).executeTakeFirst();
  if (!plan) return undefined;
  const measures = await db.selectFrom('household_plan_measure').select(['measure_code', 'amount_fen', 'status', 'note']).where('plan_id', '=', plan.id).orderBy('measure_code').execute();
  return { ...plan, measures: measures.map((m) => ({ ...m, amount_fen: Number(m.amount_fen) })) };
}

export async function plansOfHousehold(db: Executor, householdId: number): Promise<number[]> {
  return (await db.selectFrom('household_plan').select('year').where('household_id', '=', householdId).orderBy('year', 'desc').execute()).map((r) => r.year);
}

/** Replaces a plan's measures; creates the plan on first write. Returns the new version. */
export async function savePlan(db: Executor, p: { householdId: number; villageCode: string; year: number; expectedVersion: number | null; actor: string; at: string; measures: readonly PlanMeasureRow[] }): Promise<{ id: number; version: number } | 'stale'> {
  const current = await db.selectFrom('household_plan').select(['id', 'version']).where('household_id', '=', p.householdId).where('year', '=', p.year).executeTakeFirst();
  let id: number;
  let version: number;
  if (!current) {
    if (p.expectedVersion !== null && p.expectedVersion !== 0) return 'stale';
    id = (await db.insertInto('household_plan').values({ household_id: p.householdId, village_code: p.villageCode, year: p.year, version: 1, updated_at: p.at, updated_by: p.actor }).returning('id').executeTakeFirstOrThrow()).id;
    version = 1;
  } else {
    if (p.expectedVersion !== null && p.expectedVersion !== current.version) return 'stale';
    id = current.id;
    version = current.version + 1;
    await db.updateTable('household_plan').set({ version, updated_at: p.at, updated_by: p.actor, village_code: p.villageCode }).where('id', '=', id).execute();
    await db.deleteFrom('household_plan_measure').where('plan_id', '=', id).execute();
  }
  if (p.measures.length > 0) await db.insertInto('household_plan_measure').values(p.measures.map((m) => ({ plan_id: id, ...m }))).execute();
  return { id, version };
}

export interface PlanFindingRow {
  householdId: number;
  householdNo: string;
  villageCode: string;
  mainCause: string;
  otherCauses: string;
  cadreId: number | null;
  measures: string[];
}

/** Plans of a year under a region with the household's causes and current cadre. */
export async function plansUnder(db: Executor, under: string, year: number): Promise<PlanFindingRow[]> {
  const [lo, hi] = subtreeRange(under);
  const rows = await db
    .selectFrom('household_plan as p')
    .innerJoin('household as h', 'h.id', 'p.household_id')
    .leftJoin('household_plan_measure as m', 'm.plan_id', 'p.id')
    .select(['p.household_id', 'h.household_no', 'p.village_code', 'h.main_cause', 'h.other_causes', 'm.measure_code'])
    .select((eb) => eb.selectFrom('cadre_pairing as cp').select('cp.cadre_id').whereRef('cp.household_id', '=', 'p.household_id').where('cp.to_date', 'is', null).orderBy('cp.from_date', 'desc').limit(1).as('cadre_id'))
    .where('p.village_code', '>=', lo)
    .where('p.village_code', '<=', hi)
    .where('p.year', '=', year)
    .orderBy('p.household_id')
    .execute();
  const byHousehold = new Map<number, PlanFindingRow>();
  for (const r of rows) {
    let p = byHousehold.get(r.household_id);
    if (!p) {
      p = { householdId: r.household_id, householdNo: r.household_no, villageCode: r.village_code, mainCause: r.main_cause, otherCauses: r.other_causes, cadreId: r.cadre_id ?? null, measures: [] };
      byHousehold.set(r.household_id, p);
    }
    if (r.measure_code) p.measures.push(r.measure_code);
  }
  return [...byHousehold.values()];
}

export async function existingVillages(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += chunk) {
    const rows = await db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'in', codes.slice(i, i + chunk)).execute();
    for (const r of rows) found.add(r.code);
  }
  return found;
}

export async function cadreNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += chunk) {
    const rows = await db.selectFrom('cadre').select(['id', 'name']).where('id', 'in', ids.slice(i, i + chunk)).execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  return names;
}
