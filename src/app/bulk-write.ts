// Writes many households in one transaction: validated by the same domain rules as single writes,
// all or nothing, with one audit entry for the batch carrying a digest of every row written.
import { createHash } from 'node:crypto';
import type { HouseholdInput, HouseholdStatus, IncomeComponents, MemberInput } from '../domain/registry.js';
import { validateHousehold, type FieldError } from '../domain/validate.js';
import { subtreeRange } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import { householdColumns, incomeColumns, memberColumns } from '../store/mappers.js';
import { maxIds } from '../store/households.js';
import { syncIdSequences, writeRegistryRows, type RegistryRows } from '../store/registry-bulk.js';
import { ContributionTally, applyTally } from '../store/stats.js';
import type { Executor, Store } from '../store/store.js';
import { type Clock, isoNow, today } from './clock.js';
import { ValidationFailed } from './errors.js';

export interface BulkHousehold {
  readonly household: HouseholdInput;
  readonly members: readonly MemberInput[];
  readonly events: readonly { type: string; date: string; reason: string | null }[];
  readonly incomes: readonly { year: number; income: IncomeComponents }[];
  readonly status: HouseholdStatus;
  readonly exitYear: number | null;
}

export interface BulkMeta {
  readonly actor: string;
  readonly action: string; // synth | import
  readonly region: string; // the subtree whose village counts are rebuilt
  readonly description: Record<string, unknown>;
}

export interface BulkResult {
  households: number;
  members: number;
  digest: string;
}

/**
 * Streams chunks of households into the store inside `trx`. Throws ValidationFailed (first 100
 * errors, each prefixed with the household number) before anything is committed.
 */
export class BulkWriter {
  private nextHousehold = 0;
  private nextMember = 0;
  private readonly hash = createHash('sha256');
  private readonly seenIds = new Set<string>();
  private households = 0;
  private members = 0;
  private readonly tally = new ContributionTally();

  private constructor(
    private readonly store: Store,
    private readonly trx: Executor,
    private readonly clock: Clock,
  ) {}

  static async open(store: Store, trx: Executor, clock: Clock): Promise<BulkWriter> {
    const writer = new BulkWriter(store, trx, clock);
    const ids = await maxIds(trx);
    writer.nextHousehold = ids.household;
    writer.nextMember = ids.member;
    return writer;
  }

  async write(chunk: readonly BulkHousehold[]): Promise<void> {
    const ctx = { today: today(this.clock) };
    const now = isoNow(this.clock);
    const rows: RegistryRows = { households: [], members: [], incomes: [], events: [] };
    const errors: FieldError[] = [];
    for (const h of chunk) {
      const problems = validateHousehold(h.household, h.members, ctx);
      for (const [i, m] of h.members.entries()) {
        if (this.seenIds.has(m.idNumber)) {
          problems.push({ field: `members[${i}].idNumber`, message: '同一身份证号在本批数据中出现两次', messageEn: 'ID number appears twice in this batch', fix: '同一人只能登记在一户中' });
        }
        this.seenIds.add(m.idNumber);
      }
      if (problems.length > 0) {
        errors.push(...problems.map((p) => ({ ...p, field: `${h.household.householdNo}.${p.field}` })));
        continue;
      }
      const id = ++this.nextHousehold;
      const hc = householdColumns(h.household);
      rows.households.push([
        id, hc.household_no, hc.village_code, hc.identification_standard, hc.identified_year, hc.attribute, hc.main_cause,
        hc.other_causes, hc.phone, hc.housing_safety_grade, hc.housing_area, hc.house_structure, hc.renovation_year,
        hc.safe_drinking_water, hc.drinking_water_difficulty, hc.road_type, hc.distance_to_main_road_km,
        hc.has_production_power, hc.has_domestic_power, hc.has_radio_tv, hc.has_sanitary_toilet, hc.fuel_type,
        hc.joined_cooperative, hc.arable_land_mu, hc.irrigated_land_mu, hc.forest_land_mu, hc.relocation_pending,
        hc.renovation_in_progress, hc.industry_project_pending, h.status, h.exitYear, h.members.length, 1, now,
      ]);
      this.hash.update(`${hc.household_no}|${h.household.villageCode}|${h.status}|${h.members.length}\n`);
      for (const m of h.members) {
        const mc = memberColumns(m);
        rows.members.push([
          ++this.nextMember, id, mc.name, mc.id_number, mc.relation, mc.sex, mc.birth_date, mc.ethnicity, mc.education,
          mc.school_status, mc.health, mc.disability_type, mc.labour_ability, mc.work_status, mc.work_months,
          mc.political_status, mc.speaks_mandarin, mc.has_resident_medical_insurance, mc.has_employee_medical_insurance,
          mc.has_serious_illness_insurance, mc.has_resident_pension, mc.receives_minimum_living, mc.is_extreme_poverty,
        ]);
        this.hash.update(`${mc.id_number}|${mc.name}|${mc.relation}\n`);
      }
      for (const { year, income } of h.incomes) {
        const ic = incomeColumns(income);
        rows.incomes.push([
          id, year, ic.wage_income, ic.production_income, ic.production_cost, ic.asset_dividend_income, ic.other_property_income,
          ic.family_planning_allowance, ic.minimum_living_allowance, ic.extreme_poverty_allowance, ic.pension_income,
          ic.eco_compensation, ic.other_transfer_income, ic.expected_income,
        ]);
      }
      for (const e of h.events) rows.events.push([id, e.type, e.date, e.reason, null, 'synth']);
      this.tally.add({ villageCode: h.household.villageCode, status: h.status, memberCount: h.members.length, mainCause: h.household.mainCause, attribute: h.household.attribute, exitYear: h.exitYear });
      this.households += 1;
      this.members += h.members.length;
    }
    if (errors.length > 0) throw new ValidationFailed(errors.slice(0, 100));
    await writeRegistryRows(this.store, this.trx, rows);
  }

  async finish(meta: BulkMeta): Promise<BulkResult> {
    await syncIdSequences(this.store, this.trx);
    await applyTally(this.store, this.trx, this.tally);
    const digest = this.hash.digest('hex');
    const result = { households: this.households, members: this.members, digest };
    await appendAudit(this.trx, this.store.dialect, [
      { actor: meta.actor, action: meta.action, entityType: 'batch', entityId: meta.region, before: null, after: { ...meta.description, ...result } },
    ], isoNow(this.clock));
    return result;
  }
}

export function regionBounds(code: string): readonly [string, string] {
  return subtreeRange(code);
}
