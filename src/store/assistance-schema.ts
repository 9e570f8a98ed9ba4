// Table types of assistance (issue 7): organisation, measures and plans, visits, surveys.
// Every assignment row carries from/to dates: ending one sets `to_date`, a new one is a new row,
// so the rows are the history.
import type { ColumnType, Generated } from 'kysely';

export interface AssistingUnitTable {
  id: Generated<number>;
  name: string;
  region_code: string; // the region that manages the unit (scope)
  created_at: string;
}

export interface CadreTable {
  id: Generated<number>;
  name: string;
  unit_id: number;
  phone: string | null;
  position: string | null;
  region_code: string; // the county or town that manages the cadre (scope)
  cap: number; // most households the cadre may be responsible for at once
  username: string | null; // the work-team account that signs in as this cadre
  created_at: string;
}

export interface WorkTeamTable {
  id: Generated<number>;
  village_code: string;
  unit_id: number;
  from_date: string;
  to_date: string | null;
}

export interface WorkTeamMemberTable {
  id: Generated<number>;
  team_id: number;
  village_code: string;
  cadre_id: number;
  role: string; // firstSecretary | leader | member
  from_date: string;
  to_date: string | null;
}

export interface VillageLeadTable {
  id: Generated<number>;
  village_code: string;
  cadre_id: number;
  level: string; // county | town
  from_date: string;
  to_date: string | null;
}

export interface CadrePairingTable {
  id: Generated<number>;
  cadre_id: number;
  household_id: number;
  village_code: string;
  from_date: string;
  to_date: string | null;
}

export interface AssistanceMeasureTable {
  code: string;
  zh: string;
  en: string;
  category: string;
  five_batch: string | null;
  causes: string; // comma-separated cause codes
  active: number;
}

export interface HouseholdPlanTable {
  id: Generated<number>;
  household_id: number;
  village_code: string;
  year: number;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface HouseholdPlanMeasureTable {
  plan_id: number;
  measure_code: string;
  amount_fen: number;
  status: string; // planned | inProgress | done
  note: string;
}

export interface VisitTable {
  id: Generated<number>;
  household_id: number;
  cadre_id: number;
  village_code: string;
  visit_date: string;
  purpose: string;
  findings: string;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
  created_by: string;
}

export interface VisitFollowUpTable {
  id: Generated<number>;
  visit_id: number;
  household_id: number;
  cadre_id: number;
  village_code: string;
  text: string;
  due_date: string;
  done_date: string | null;
  done_note: string | null;
  done_by: string | null;
}

export interface SurveyTable {
  id: Generated<number>;
  kind: string; // satisfaction | awareness
  name: string;
  region_code: string;
  year: number;
  questions_json: string;
  created_at: string;
  created_by: string;
  /** The verification sample whose registered households are the survey's household list (migration 052); null: any household of the region. */
  sample_plan_id: ColumnType<number | null, number | null | undefined, never>;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  survey_id: number;
  household_id: number;
  village_code: string;
  answered_at: string;
  answers_json: string;
  positive: number;
  total: number;
  created_by: string;
}

/** Distinct households visited per village and calendar period (pre-aggregate, migration 051). */
export interface VillageVisitPeriodTable {
  period: string; // 2019 | 2019-Q2 | 2019-06
  village_code: string;
  visited: number;
}

/** Distinct households a cadre visited per village and calendar period (pre-aggregate, migration 051). */
export interface CadreVisitPeriodTable {
  period: string;
  village_code: string;
  cadre_id: number;
  visited: number;
}

export interface AssistanceTables {
  village_visit_period: VillageVisitPeriodTable;
  cadre_visit_period: CadreVisitPeriodTable;
  assisting_unit: AssistingUnitTable;
  cadre: CadreTable;
  work_team: WorkTeamTable;
  work_team_member: WorkTeamMemberTable;
  village_lead: VillageLeadTable;
  cadre_pairing: CadrePairingTable;
  assistance_measure: AssistanceMeasureTable;
  household_plan: HouseholdPlanTable;
  household_plan_measure: HouseholdPlanMeasureTable;
  visit: VisitTable;
  visit_follow_up: VisitFollowUpTable;
  survey: SurveyTable;
  survey_response: SurveyResponseTable;
}
