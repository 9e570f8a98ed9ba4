// The exit procedures (脱贫退出程序) as data: for each kind of unit, its steps in order, and for
// each step the signatures it needs — who may give each one (role and the level of the account's
// region) and what must come with it. The workflow (workflow.ts) reads only this table, so a
// locality with a different procedure changes data, not code.
import type { Role } from '../access.js';

export const unitKinds = ['household', 'village', 'county'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const stepIds = [
  'proposal',
  'democraticAppraisal',
  'verification',
  'householdConfirmation',
  'publicNotice',
  'townReview',
  'cityReview',
  'countyDecision',
  'provinceDecision',
  'closeOut',
] as const;
export type StepId = (typeof stepIds)[number];

/** Region levels: 1 province, 2 city, 3 county, 4 town, 5 village. */
export type Level = 1 | 2 | 3 | 4 | 5;

export interface Slot {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  /** Accounts that may give this signature: one of these roles, bound to a region of one of these levels. */
  readonly roles: readonly Role[];
  readonly levels: readonly Level[];
  /** The person who signed on paper must be named (the household head, the county leader in charge). */
  readonly named: boolean;
}

export interface StepDef {
  readonly id: StepId;
  readonly zh: string;
  readonly en: string;
  readonly slots: readonly Slot[];
  /** At least one attachment (meeting record, signed form, notice photo) before it can be signed. */
  readonly needsAttachment: boolean;
}

const slot = (id: string, zh: string, en: string, roles: readonly Role[], levels: readonly Level[], named = false): Slot => ({ id, zh, en, roles, levels, named });

const labels: Record<StepId, { zh: string; en: string }> = {
  proposal: { zh: '提出退出申请', en: 'Proposal' },
  democraticAppraisal: { zh: '民主评议', en: 'Democratic appraisal' },
  verification: { zh: '村两委和驻村工作队核实', en: 'Verification' },
  householdConfirmation: { zh: '贫困户认可签字', en: 'Household confirmation' },
  publicNotice: { zh: '公示', en: 'Public notice' },
  townReview: { zh: '乡镇审核', en: 'Town review' },
  cityReview: { zh: '市级核查', en: 'City review' },
  countyDecision: { zh: '县级审定', en: 'County decision' },
  provinceDecision: { zh: '省级审定公告', en: 'Province decision' },
  closeOut: { zh: '销号', en: 'Close-out' },
};

const step = (id: StepId, slots: readonly Slot[], needsAttachment: boolean): StepDef => ({ id, ...labels[id], slots, needsAttachment });

const villageCadre = (id: string, zh: string, en: string, named = false) => slot(id, zh, en, ['villageCadre'], [5], named);
const workTeam = slot('workTeam', '驻村工作队队长', 'Work-team leader', ['workTeam'], [4, 5]);
const admin = (id: string, zh: string, en: string, level: Level, named = false) => slot(id, zh, en, ['regionAdmin'], [level], named);
// Seed 002: every village exit form lacked the signature of the county leader in charge (包片县级领导).
const countyLeader = admin('countyLeader', '包片县级领导', 'County leader in charge', 3, true);

/** Household (REFERENCE §5): 村两委 proposes and appraises → 村两委 and work team verify → the household agrees → notice → town → county → close-out. */
const household: readonly StepDef[] = [
  step('proposal', [villageCadre('villageCommittee', '村两委（提出）', 'Village committee (proposes)')], false),
  step('democraticAppraisal', [villageCadre('villageCommittee', '村两委（评议会议主持）', 'Village committee (chairs the meeting)')], true),
  step('verification', [villageCadre('villageCommittee', '村两委负责人', 'Village committee head'), workTeam], true),
  step('householdConfirmation', [slot('householdHead', '户主（签字按手印）', 'Household head (signature and thumbprint)', ['villageCadre', 'workTeam'], [4, 5], true)], true),
  step('publicNotice', [villageCadre('villageCommittee', '村两委（张贴公示）', 'Village committee (posts the notice)')], true),
  step('townReview', [admin('town', '乡镇人民政府', 'Town government', 4)], false),
  step('countyDecision', [admin('county', '县扶贫开发领导小组', 'County poverty-alleviation group', 3), countyLeader], false),
  step('closeOut', [admin('county', '县扶贫办（销号）', 'County poverty office (closes out)', 3)], false),
];

/** Village: the village applies and appraises, town and work team verify, the county posts the notice and decides. */
const village: readonly StepDef[] = [
  step('proposal', [admin('town', '乡镇人民政府（提出）', 'Town government (proposes)', 4)], false),
  step('democraticAppraisal', [villageCadre('villageCommittee', '村民代表大会（村两委主持）', 'Villagers\u2019 assembly (village committee)')], true),
  step('verification', [admin('town', '乡镇核实', 'Town verification', 4), workTeam], true),
  step('publicNotice', [admin('county', '县扶贫开发领导小组（公示）', 'County group (posts the notice)', 3)], true),
  step('countyDecision', [admin('county', '县扶贫开发领导小组', 'County poverty-alleviation group', 3), countyLeader], false),
  step('closeOut', [admin('county', '县扶贫办（销号）', 'County poverty office (closes out)', 3)], false),
];

/** County (REFERENCE §5): the county applies, the city checks, the province verifies, posts and announces. */
const county: readonly StepDef[] = [
  step('proposal', [admin('county', '县人民政府（申请）', 'County government (applies)', 3)], true),
  step('cityReview', [admin('city', '市级扶贫开发领导小组', 'City poverty-alleviation group', 2)], true),
  step('publicNotice', [admin('province', '省扶贫开发领导小组（公示）', 'Province group (posts the notice)', 1)], true),
  step('provinceDecision', [admin('province', '省人民政府（批准退出并公告）', 'Province government (approves and announces)', 1)], false),
  step('closeOut', [admin('province', '省扶贫办（销号）', 'Province poverty office (closes out)', 1)], false),
];

export const procedures: Record<UnitKind, readonly StepDef[]> = { household, village, county };

/** Where an objection during the notice sends the case back to: the first check of the facts. */
export const returnTo: Record<UnitKind, StepId> = { household: 'verification', village: 'verification', county: 'cityReview' };

/** The level of the region a case is about. */
export const unitLevel: Record<UnitKind, Level> = { household: 5, village: 5, county: 3 };

export const unitKindLabels: Record<UnitKind, { zh: string; en: string }> = {
  household: { zh: '贫困户', en: 'Household' },
  village: { zh: '贫困村', en: 'Village' },
  county: { zh: '贫困县', en: 'County' },
};

export function isUnitKind(value: string): value is UnitKind {
  return (unitKinds as readonly string[]).includes(value);
}

export function isStepId(value: string): value is StepId {
  return (stepIds as readonly string[]).includes(value);
}

/** The public notice lasts at least this many days unless configured otherwise (REFERENCE §5: ≥ 7). */
export const defaultNoticeDays = 7;
export const minNoticeDays = 5;
export const maxNoticeDays = 60;
