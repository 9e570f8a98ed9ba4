// Table types for Kysely: one interface per table, collected in `DB`.
// Booleans are stored as 0/1 integers in both dialects so that one code path reads them.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AssistanceTables } from './assistance-schema.js';

export interface RegionTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
}

export interface VillageTable {
  region_code: string;
  is_poor_village: number;
  is_deep_poverty: number;
  exit_year: number | null;
  has_paved_road: number;
  has_power: number;
  has_telecom: number;
  has_broadband: number;
  has_clinic: number;
  has_cultural_venue: number;
  has_cooperative: number;
}

export interface VillageYearTable {
  region_code: string;
  year: number;
  rural_households: number;
  rural_population: number;
  collective_income: number;
}

export interface HouseholdTable {
  id: Generated<number>;
  household_no: string;
  village_code: string;
  identification_standard: string;
  identified_year: number;
  attribute: string;
  main_cause: string;
  other_causes: string; // comma-separated codes
  phone: string | null;
  housing_safety_grade: string | null;
  housing_area: number | null;
  house_structure: string | null;
  renovation_year: number | null;
  safe_drinking_water: number;
  drinking_water_difficulty: number;
  road_type: string | null;
  distance_to_main_road_km: number | null;
  has_production_power: number;
  has_domestic_power: number;
  has_radio_tv: number;
  has_sanitary_toilet: number;
  fuel_type: string | null;
  joined_cooperative: number;
  arable_land_mu: number | null;
  irrigated_land_mu: number | null;
  forest_land_mu: number | null;
  relocation_pending: number;
  renovation_in_progress: number;
  industry_project_pending: number;
  status: string;
  exit_year: number | null;
  member_count: number;
  version: number;
  updated_at: string;
}

export interface MemberTable {
  id: Generated<number>;
  household_id: number;
  name: string;
  id_number: string;
  relation: string;
  sex: string;
  birth_date: string;
  ethnicity: string;
  education: string | null;
  school_status: string;
  health: string;
  disability_type: string | null;
  labour_ability: string;
  work_status: string;
  work_months: number;
  political_status: string | null;
  speaks_mandarin: number;
  has_resident_medical_insurance: number;
  has_employee_medical_insurance: number;
  has_serious_illness_insurance: number;
  has_resident_pension: number;
  receives_minimum_living: number;
  is_extreme_poverty: number;
}

export interface HouseholdIncomeTable {
  household_id: number;
  year: number;
  wage_income: number;
  production_income: number;
  production_cost: number;
  asset_dividend_income: number;
  other_property_income: number;
  family_planning_allowance: number;
  minimum_living_allowance: number;
  extreme_poverty_allowance: number;
  pension_income: number;
  eco_compensation: number;
  other_transfer_income: number;
  expected_income: number;
}

export interface StatusEventTable {
  id: Generated<number>;
  household_id: number;
  type: string;
  date: string;
  reason: string | null;
  basis: string | null;
  actor: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The one row naming the audit chain's newest entry, moved in the same transaction as every
 * append, so that deleting entries from the end of the log no longer leaves a chain that checks.
 */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface RegistryYearTable {
  year: number;
  closed: number;
  closed_at: string | null;
  closed_by: string | null;
  /** The audit entry that recorded the (latest) close, kept through a reopen: an anchor verify checks. */
  audit_seq: number | null;
  audit_hash: string | null;
}

/** Pre-aggregated counts per village, kept exact in the same transaction as every registry write. */
export interface VillageStatTable {
  region_code: string;
  households: number;
  people: number;
  poor_households: number;
  poor_people: number;
  exited_households: number;
  exited_people: number;
  relapsed_households: number;
  relapsed_people: number;
  removed_households: number;
  removed_people: number;
}

export interface VillageBreakdownTable {
  region_code: string;
  dimension: string; // mainCause | attribute | exitYear
  key: string;
  households: number;
  people: number;
}

/** Frozen per-village figures of a closed registry year. */
/** Per village and year, the change of the village's year-end counts (store/year-stats.ts). */
export interface VillageYearStatTable extends Omit<VillageStatTable, 'region_code'> {
  region_code: string;
  year: number;
}

export interface YearSnapshotTable extends VillageStatTable {
  year: number;
  rural_population: number;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string;
  department: string | null;
  failed_attempts: number;
  locked_until: string | null;
  must_change_password: number;
  created_at: string;
}

/** Rectification (整改, issue 6): a batch of problems from one inspection, assigned by one unit. */
export interface RectificationBatchTable {
  id: Generated<number>;
  name: string;
  source: string;
  assigning_region: string;
  assigning_department: string | null;
  final_deadline: string;
  recheck_days: number;
  created_at: string;
  created_by: string;
}

/** A problem-list workbook imported into a batch (migration 095); its bytes in `import_file`. */
export interface RectificationProblemFileTable {
  id: Generated<number>;
  batch_id: number;
  file_name: string;
  sha256: string;
  problems: number;
  imported_by: string;
  imported_at: string;
}

export interface RectificationProblemTable {
  id: Generated<number>;
  batch_id: number;
  problem_no: string;
  scope: string; // common | specific
  unit_region: string;
  unit_department: string | null;
  applies_level: number | null;
  category: string;
  description: string;
  deadline: string;
  created_at: string;
}

/** One responsible unit's record of a problem (a common problem has one per inheriting unit). */
export interface RectificationTable {
  id: Generated<number>;
  problem_id: number;
  batch_id: number;
  unit_region: string;
  unit_department: string | null;
  inherited: number;
  status: string;
  deadline: string;
  result: string | null;
  submitted_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  recheck_due: string | null;
  escalated_at: string | null;
  version: number;
  updated_at: string;
}

export interface RectificationTaskTable {
  id: Generated<number>;
  rectification_id: number;
  seq: number;
  measure: string;
  lead_unit: string;
  responsible_leader: string;
  responsible_person: string;
  cooperating_units: string;
  deadline: string;
  done_at: string | null;
}

export interface RectificationEvidenceTable {
  id: Generated<number>;
  rectification_id: number;
  task_id: number | null;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: string;
}

export interface RectificationEventTable {
  id: Generated<number>;
  rectification_id: number;
  batch_id: number;
  at: string;
  actor: string;
  actor_unit: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export interface AppSessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** Workbook imports (issue 4): one row per import, counts and the first issues as JSON. */
export interface ImportBatchTable {
  id: Generated<number>;
  name: string;
  file_name: string;
  file_sha256: string;
  mode: string; // dryRun | all | acceptValid
  status: string; // running | validated | invalid | imported | unchanged | failed
  actor: string;
  scope: string;
  counts_json: string;
  issues_json: string;
  issue_count: number;
  created_at: string;
  finished_at: string | null;
}

/** A household an import rejected, kept to be fixed and imported again. */
export interface ImportQuarantineTable {
  id: Generated<number>;
  batch_id: number;
  household_no: string;
  sheet: string;
  row_number: number | null;
  data_json: string;
  issues_json: string;
  /** The later import that found the household valid (and when): resolved even if it wrote nothing. */
  resolved_batch_id: number | null;
  resolved_at: string | null;
}

/** A file given to an import, once per content (migration 093); its bytes in `import_file_part`. */
export interface ImportFileTable {
  sha256: string;
  size: number;
  parts: number;
  stored_at: string;
}

export interface ImportFilePartTable {
  sha256: string;
  seq: number;
  content: Buffer;
}

/** The files of one import batch, in the order given, under the names they were given. */
export interface ImportBatchFileTable {
  batch_id: number;
  position: number;
  name: string;
  sha256: string;
}

/** A household an import batch created or changed, and which parts (migration 094). */
export interface ImportBatchHouseholdTable {
  household_id: number;
  batch_id: number;
  kind: string; // created | updated
  parts: string; // comma-separated: household, members, income:YEAR (empty for created: all of it)
  detail_json: string; // domain/workbook/import-detail.ts for an update; '{}' for a household created
}

/** Scoring (考核排名, issue 8): one row per scheme version; `source` is the scheme file as given. */
export interface ScoringSchemeTable {
  id: Generated<number>;
  scheme_id: string;
  version: string;
  name: string;
  period_type: string;
  unit_type: string;
  /** The region that publishes the ranking: its province/city admins import; everyone inside reads. */
  owner_region: string;
  source: string;
  created_at: string;
  created_by: string;
}

export interface ScoringImportTable {
  id: Generated<number>;
  scheme_key: number;
  period: string;
  /** import (a workbook), entry (typed in the workbench), metrics (computed from the system's data). */
  kind: string;
  file_name: string | null;
  sha256: string | null;
  rows: number;
  imported_by: string;
  imported_at: string;
}

export interface ScoringScoreTable {
  id: Generated<number>;
  scheme_key: number;
  period: string;
  unit_id: string;
  unit_name: string;
  /** The unit's 12-digit region code when the unit is a region (city, county), else null. */
  region_code: string | null;
  peer_groups: string; // JSON string[]
  components: string; // JSON {id: decimal}
  bonuses: string;
  deductions: string;
  vetoes: string; // JSON string[]
  import_id: number;
  updated_at: string;
}

export interface ScoringResultTable {
  id: Generated<number>;
  scheme_key: number;
  scheme_id: string;
  period: string;
  unit_id: string;
  unit_name: string;
  region_code: string | null;
  /** Hundredths of a point. */
  total: number;
  rank: number;
  tied: number;
  vetoed: number;
  peer_ranks: string; // JSON PeerRank[]
  previous_rank: number | null;
  rank_change: number | null;
  total_change: number | null;
  computed_at: string;
}

/** Exit assessment (issue 5): one run of a rule set over the units of a region for a year. */
export interface ExitRunTable {
  id: Generated<number>;
  unit: string; // household | village | county
  region_code: string;
  year: number;
  scope: string; // candidates | all
  rule_set_id: string;
  rule_set_version: string;
  rule_set_hash: string;
  rule_set_json: string;
  fact_names_json: string;
  data_time: string | null;
  created_at: string;
  created_by: string;
  units: number;
  ready: number;
  blocked: number;
  no_data: number;
  flagged: number;
}

/** One unit's result: a P/F/N character per criterion, and the facts read (in the run's fact order). */
export interface ExitResultTable {
  run_id: number;
  unit_code: string;
  household_id: number | null;
  area_code: string;
  status: string;
  codes: string;
  facts_json: string;
}

/** Counts per area of a run: ready | blocked | noData | flagged | fail:<criterion> | noData:<criterion>. */
export interface ExitSummaryTable {
  run_id: number;
  area_code: string;
  key: string;
  count: number;
}

/** County facts from outside the registry (sampling rates, the national assessment), per year. */
export interface ExitRecordedFactTable {
  region_code: string;
  year: number;
  fact: string;
  value: number;
  source: string;
  recorded_at: string;
  recorded_by: string;
}

/** Data truth (issue 9): one comparison of a department file with the registry under a region. */
export interface CrosscheckRunTable {
  id: Generated<number>;
  kind: string;
  department: string;
  under_code: string;
  file_name: string;
  file_sha256: string;
  status: string; // compared | rejected
  actor: string;
  counts_json: string;
  issues_json: string;
  issue_count: number;
  /** The rectification batch its discrepancies become problems in, made on the first one. */
  batch_id: number | null;
  created_at: string;
}

/** A discrepancy on the review list: both records as JSON, resolved with a note or turned into a problem. */
export interface CrosscheckDiscrepancyTable {
  id: Generated<number>;
  run_id: number;
  kind: string;
  type: string;
  status: string; // open | resolved | problem
  village_code: string;
  household_id: number | null;
  member_id: number | null;
  registry_json: string | null;
  department_json: string | null;
  facts_json: string | null;
  note: string | null;
  problem_id: number | null;
  resolved_by: string | null;
  resolved_at: string | null;
  version: number;
}

export interface QualityRunTable {
  id: Generated<number>;
  under_code: string;
  checked_on: string;
  actor: string;
  households: number;
  findings: number;
  score: number;
  created_at: string;
}

/** The score of one region in one quality run: its trend is the series over runs. */
export interface QualitySnapshotTable {
  run_id: number;
  region_code: string;
  level: number;
  households: number;
  households_with_findings: number;
  findings: number;
  score: number;
  by_rule_json: string;
}

export interface QualityFindingTable {
  id: Generated<number>;
  run_id: number;
  rule: string;
  household_id: number;
  household_no: string;
  village_code: string;
  member_name: string | null;
  detail: string;
  /** Null for findings stored before English details were kept. */
  detail_en: string | null;
}

export interface DB {
  region: RegionTable;
  village: VillageTable;
  village_year: VillageYearTable;
  household: HouseholdTable;
  member: MemberTable;
  household_income: HouseholdIncomeTable;
  status_event: StatusEventTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  registry_year: RegistryYearTable;
  village_stat: VillageStatTable;
  village_breakdown: VillageBreakdownTable;
  year_snapshot: YearSnapshotTable;
  village_year_stat: VillageYearStatTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  rectification_batch: RectificationBatchTable;
  rectification_problem: RectificationProblemTable;
  rectification: RectificationTable;
  rectification_task: RectificationTaskTable;
  rectification_evidence: RectificationEvidenceTable;
  rectification_event: RectificationEventTable;
  import_batch: ImportBatchTable;
  import_quarantine: ImportQuarantineTable;
  import_file: ImportFileTable;
  import_file_part: ImportFilePartTable;
  import_batch_file: ImportBatchFileTable;
  import_batch_household: ImportBatchHouseholdTable;
  rectification_problem_file: RectificationProblemFileTable;
  exit_case: ExitCaseTable;
  exit_signature: ExitSignatureTable;
  exit_objection: ExitObjectionTable;
  exit_attachment: ExitAttachmentTable;
  sample_plan: SamplePlanTable;
  sample_item: SampleItemTable;
  sample_finding: SampleFindingTable;
  scoring_scheme: ScoringSchemeTable;
  scoring_import: ScoringImportTable;
  scoring_score: ScoringScoreTable;
  scoring_result: ScoringResultTable;
  exit_run: ExitRunTable;
  exit_result: ExitResultTable;
  exit_summary: ExitSummaryTable;
  exit_recorded_fact: ExitRecordedFactTable;
  crosscheck_run: CrosscheckRunTable;
  crosscheck_discrepancy: CrosscheckDiscrepancyTable;
  quality_run: QualityRunTable;
  quality_snapshot: QualitySnapshotTable;
  quality_finding: QualityFindingTable;
}

/** Assistance tables (issue 7) join the database interface by declaration merging. */
export interface DB extends AssistanceTables {}

export type HouseholdRow = Selectable<HouseholdTable>;
export type NewHouseholdRow = Insertable<HouseholdTable>;
export type HouseholdUpdate = Updateable<HouseholdTable>;
export type MemberRow = Selectable<MemberTable>;
export type NewMemberRow = Insertable<MemberTable>;
export type IncomeRow = Selectable<HouseholdIncomeTable>;
export type StatusEventRow = Selectable<StatusEventTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type VillageStatRow = Selectable<VillageStatTable>;

/** Exit procedures (issue 5 part 3): one case per unit leaving poverty, its signatures, objections and attachments. */
export interface ExitCaseTable {
  id: Generated<number>;
  kind: string; // household | village | county
  region_code: string; // the household's village, the village, or the county
  household_id: number | null;
  year: number;
  notice_days: number;
  round: number; // 1, then +1 each time an objection sends the case back
  status: string; // open | closed
  current_step: string | null;
  open_unit_key: string | null; // kind:unit while open, so one unit has one open case
  opened_by: string;
  opened_at: string;
  closed_at: string | null;
  version: number;
  updated_at: string;
}

export interface ExitSignatureTable {
  id: Generated<number>;
  case_id: number;
  round: number;
  step: string;
  slot: string;
  actor: string;
  actor_role: string;
  actor_region: string;
  signatory_name: string;
  date: string;
  note: string | null;
  details_json: string | null;
  signed_at: string;
  voided_at: string | null; // set when an objection sends the case back past this step
}

export interface ExitObjectionTable {
  id: Generated<number>;
  case_id: number;
  round: number;
  date: string;
  content: string;
  objector: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface ExitAttachmentTable {
  id: Generated<number>;
  case_id: number;
  round: number;
  step: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: string;
}

/** Verification sampling (issue 5 part 4): a plan with its seed and method, its drawn items and their findings. */
export interface SamplePlanTable {
  id: Generated<number>;
  name: string;
  county_code: string;
  year: number;
  seed: number; // 0 … 2^31 − 1
  method: string;
  method_version: string;
  params_json: string;
  counts_json: string;
  created_by: string;
  created_at: string;
}

export interface SampleItemTable {
  id: Generated<number>;
  plan_id: number;
  town_code: string;
  village_code: string;
  stratum: string; // exited | poor | unregistered
  household_id: number | null;
  slot_no: number;
  weight: number;
  people: number | null;
}

export interface SampleFindingTable {
  item_id: number;
  plan_id: number;
  people: number;
  wrongly_exited: number;
  missed_poor: number;
  recognises: number | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}
