// The facts a rule set may read, per unit. A rule naming anything else is refused at load.
// A fact may be unknown (null) for a unit: every criterion reading it then says "no data" and the
// unit cannot pass — missing facts never count in a unit's favour.
import type { ValueType } from './expr.js';

export type UnitKind = 'household' | 'village' | 'county';
export const unitKinds: readonly UnitKind[] = ['household', 'village', 'county'];

export interface FactSpec {
  readonly type: ValueType;
  readonly zh: string;
  readonly en: string;
  readonly unit?: string;
}

const n = (zh: string, en: string, unit?: string): FactSpec => ({ type: 'number', zh, en, ...(unit ? { unit } : {}) });
const b = (zh: string, en: string): FactSpec => ({ type: 'boolean', zh, en });
const s = (zh: string, en: string): FactSpec => ({ type: 'string', zh, en });

const householdFacts = {
  assessmentYear: n('评估年度', 'Year assessed'),
  identifiedYear: n('识别年度', 'Year registered'),
  memberCount: n('家庭人口', 'Members', '人'),
  netIncomePerCapita: n('人均纯收入（不含预期收入）', 'Net income per capita (expected income excluded)', '元'),
  minimumLivingAllowancePerCapita: n('人均低保金', 'Minimum-living allowance per capita', '元'),
  extremePovertyAllowancePerCapita: n('人均特困供养金', 'Extreme-poverty allowance per capita', '元'),
  expectedIncomePerCapita: n('人均预期收入（尚未到手）', 'Expected income per capita (not yet received)', '元'),
  schoolAgeDropouts: n('义务教育阶段失学辍学人数', 'School-age members out of school', '人'),
  membersWithoutMedicalInsurance: n('未参加基本医疗保险人数', 'Members without basic medical insurance', '人'),
  membersWithoutSeriousIllnessInsurance: n('未参加大病保险人数', 'Members without serious-illness insurance', '人'),
  ableBodiedMembers: n('有劳动能力人数', 'Able-bodied members', '人'),
  unskilledAbleBodiedMembers: n('有劳动能力但无技能人数', 'Able-bodied members without a skill', '人'),
  housingSafetyGrade: s('危房级别', 'Housing safety grade'),
  safeDrinkingWater: b('饮水安全', 'Safe drinking water'),
  hasDomesticPower: b('通生活用电', 'Household power'),
  relocationPending: b('搬迁新房尚未入住', 'Relocation home not yet lived in'),
  renovationInProgress: b('危房改造未完工', 'Housing renovation in progress'),
  industryProjectPending: b('产业项目尚未见效', 'Industry project not yet producing'),
} as const satisfies Record<string, FactSpec>;

const villageFacts = {
  assessmentYear: n('评估年度', 'Year assessed'),
  isPoorVillage: b('贫困村', 'Poor village'),
  isWestern: b('西部省份', 'Western province'),
  ruralPopulation: n('农村人口', 'Rural population', '人'),
  poorPeople: n('剩余贫困人口', 'Remaining poor people', '人'),
  povertyIncidence: n('贫困发生率', 'Poverty incidence', '%'),
  collectiveIncome: n('村集体经济收入', 'Collective income', '元'),
  hasPavedRoad: b('通硬化路', 'Paved road'),
  hasPower: b('通动力电', 'Power'),
  hasTelecom: b('通讯信号', 'Telecom'),
  hasBroadband: b('通宽带', 'Broadband'),
  hasClinic: b('标准化卫生室', 'Standard clinic'),
  hasCulturalVenue: b('文化活动室', 'Cultural venue'),
  hasCooperative: b('合作社或产业园', 'Cooperative or industrial park'),
} as const satisfies Record<string, FactSpec>;

const countyFacts = {
  assessmentYear: n('评估年度', 'Year assessed'),
  isWestern: b('西部省份', 'Western province'),
  ruralPopulation: n('农村人口', 'Rural population', '人'),
  poorPeople: n('剩余贫困人口', 'Remaining poor people', '人'),
  povertyIncidence: n('贫困发生率', 'Poverty incidence', '%'),
  wrongExitRate: n('错退率（抽样核查）', 'Wrong-exit rate (verification sample)', '%'),
  missedPoorRate: n('漏评率（抽样核查）', 'Missed-poor rate (verification sample)', '%'),
  recognitionRate: n('群众认可度（抽样核查）', 'Recognition rate (verification sample)', '%'),
} as const satisfies Record<string, FactSpec>;

export const factCatalog: Readonly<Record<UnitKind, Readonly<Record<string, FactSpec>>>> = {
  household: householdFacts,
  village: villageFacts,
  county: countyFacts,
};

/** The facts of one unit: null where the registry does not know it. */
export type Facts = Record<string, number | boolean | string | null>;

/** County facts that come from outside the registry (sampling, national assessment), recorded per year. */
export const recordedCountyFacts = ['wrongExitRate', 'missedPoorRate', 'recognitionRate'] as const;
export type RecordedCountyFact = (typeof recordedCountyFacts)[number];

export function isFactOf(unit: UnitKind, name: string): boolean {
  return Object.hasOwn(factCatalog[unit], name);
}
