// Verification sampling: the frame a plan is drawn from, plans, items and findings.
import type { Insertable, Selectable } from 'kysely';
import { subtreeRange } from '../domain/region-code.js';
import type { FrameHousehold, FrameVillage } from '../domain/sampling/draw.js';
import type { SampleFindingTable, SampleItemTable, SamplePlanTable } from './schema.js';
import type { Executor } from './store.js';

export type PlanRow = Selectable<SamplePlanTable>;
export type ItemRow = Selectable<SampleItemTable>;
export type FindingRow = Selectable<SampleFindingTable>;

const chunk = 500;

/**
 * The frame under a county: every village with registered households, their rural household
 * count for the year when known, households exited in the year and households still poor.
 */
export async function frameOf(db: Executor, county: string, year: number): Promise<{ villages: FrameVillage[]; households: FrameHousehold[] }> {
  const [lo, hi] = subtreeRange(county);
  const rows = await db
    .selectFrom('household')
    .select(['id', 'village_code', 'status', 'exit_year', 'member_count'])
    .where('village_code', '>=', lo)
    .where('village_code', '<=', hi)
    .where((w) => w.or([w.and([w('status', '=', 'exited'), w('exit_year', '=', year)]), w('status', 'in', ['poor', 'relapsed'])]))
    .orderBy('id')
    .execute();
  const households: FrameHousehold[] = rows.map((r) => ({ id: r.id, villageCode: r.village_code, stratum: r.status === 'exited' ? 'exited' : 'poor', people: r.member_count }));
  const codes = [...new Set(households.map((h) => h.villageCode))].sort();
  const rural = new Map<string, number>();
  for (let i = 0; i < codes.length; i += chunk) {
    const part = await db.selectFrom('village_year').select(['region_code', 'rural_households']).where('year', '=', year).where('region_code', 'in', codes.slice(i, i + chunk)).execute();
    for (const r of part) rural.set(r.region_code, r.rural_households);
  }
  return { villages: codes.map((code) => ({ code, ruralHouseholds: rural.get(code) ?? null })), households };
}

export async function insertPlan(db: Executor, row: Insertable<SamplePlanTable>): Promise<number> {
  const r = await db.insertInto('sample_plan').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertItems(db: Executor, rows: readonly Insertable<SampleItemTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('sample_item').values(rows.slice(i, i + chunk)).execute();
}

export async function getPlan(db: Executor, id: number): Promise<PlanRow | undefined> {
  return db.selectFrom('sample_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPlans(db: Executor, under: string): Promise<PlanRow[]> {
  const [lo, hi] = subtreeRange(under);
  return db.selectFrom('sample_plan').selectAll().where('county_code', '>=', lo).where('county_code', '<=', hi).orderBy('id', 'desc').execute();
}

export interface ItemView extends ItemRow {
  readonly household_no: string | null;
  readonly village_name: string | null;
  readonly town_name: string | null;
  readonly finding: FindingRow | null;
}

export async function itemsOf(db: Executor, planId: number): Promise<ItemView[]> {
  const items = await db
    .selectFrom('sample_item')
    .leftJoin('household', 'household.id', 'sample_item.household_id')
    .leftJoin('region as v', 'v.code', 'sample_item.village_code')
    .leftJoin('region as t', 't.code', 'sample_item.town_code')
    .selectAll('sample_item')
    .select(['household.household_no', 'v.name as village_name', 't.name as town_name'])
    .where('sample_item.plan_id', '=', planId)
    .orderBy('sample_item.village_code')
    .orderBy('sample_item.stratum')
    .orderBy('sample_item.slot_no')
    .execute();
  const findings = new Map((await db.selectFrom('sample_finding').selectAll().where('plan_id', '=', planId).execute()).map((f) => [f.item_id, f]));
  return items.map((i) => ({ ...i, finding: findings.get(i.id) ?? null }));
}

export async function upsertFinding(db: Executor, row: Insertable<SampleFindingTable>): Promise<void> {
  const { item_id: _item, plan_id: _plan, ...changes } = row;
  await db.insertInto('sample_finding').values(row).onConflict((oc) => oc.column('item_id').doUpdateSet(changes)).execute();
}

/** Every finding in a county's plans, with the item it belongs to: the frame of known outcomes. */
export async function findingsUnder(db: Executor, county: string): Promise<(FindingRow & { household_id: number | null; village_code: string; stratum: string })[]> {
  const [lo, hi] = subtreeRange(county);
  return db
    .selectFrom('sample_finding')
    .innerJoin('sample_item', 'sample_item.id', 'sample_finding.item_id')
    .selectAll('sample_finding')
    .select(['sample_item.household_id', 'sample_item.village_code', 'sample_item.stratum'])
    .where('sample_item.village_code', '>=', lo)
    .where('sample_item.village_code', '<=', hi)
    .orderBy('sample_finding.recorded_at')
    .orderBy('sample_finding.item_id')
    .execute();
}

export interface SampledHead {
  readonly household_id: number;
  readonly status: string;
  readonly head_name: string | null;
  readonly head_id_number: string | null;
}

/** The sampled households of a plan with their status and head, for the field list. */
export async function sampledHeads(db: Executor, planId: number): Promise<SampledHead[]> {
  return db
    .selectFrom('sample_item')
    .innerJoin('household', 'household.id', 'sample_item.household_id')
    .leftJoin('member as head', (j) => j.onRef('head.household_id', '=', 'household.id').on('head.relation', '=', 'head'))
    .select(['household.id as household_id', 'household.status', 'head.name as head_name', 'head.id_number as head_id_number'])
    .where('sample_item.plan_id', '=', planId)
    .execute();
}
