// Assistance code lists: the five batches (五个一批), the default measure catalogue mapped to them
// and to the causes of poverty they address (因户施策), and the purposes of a visit. Codes are
// stable identifiers; the catalogue in the database starts from `defaultMeasures` (migration
// 050) and counties may add their own measures, so rules read the catalogue they are given.
import { codes } from '../code-lists.js';

export interface Label {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** 五个一批. Measures for housing, infrastructure or credit sit outside them (`null`). */
export const fiveBatches: readonly Label[] = [
  { code: 'production', zh: '发展生产脱贫一批', en: 'Production and employment' },
  { code: 'relocation', zh: '易地搬迁脱贫一批', en: 'Relocation' },
  { code: 'ecoCompensation', zh: '生态补偿脱贫一批', en: 'Ecological compensation' },
  { code: 'education', zh: '发展教育脱贫一批', en: 'Education' },
  { code: 'safetyNet', zh: '社会保障兜底一批', en: 'Social safety net' },
];

/** The kind of help a measure is (产业、就业、教育、健康、住房、搬迁、兜底、信贷、生态、基础设施). */
export const measureCategories: readonly Label[] = [
  { code: 'industry', zh: '产业扶贫', en: 'Industry' },
  { code: 'employment', zh: '就业扶贫', en: 'Employment' },
  { code: 'education', zh: '教育扶贫', en: 'Education' },
  { code: 'health', zh: '健康扶贫', en: 'Health' },
  { code: 'housing', zh: '住房保障', en: 'Housing' },
  { code: 'relocation', zh: '易地扶贫搬迁', en: 'Relocation' },
  { code: 'safetyNet', zh: '兜底保障', en: 'Safety net' },
  { code: 'credit', zh: '金融扶贫', en: 'Credit' },
  { code: 'ecology', zh: '生态扶贫', en: 'Ecology' },
  { code: 'infrastructure', zh: '基础设施', en: 'Infrastructure' },
];

export interface Measure {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly category: string;
  readonly fiveBatch: string | null;
  /** Cause codes (code list `cause`) this measure answers. */
  readonly causes: readonly string[];
  readonly active: boolean;
}

const m = (code: string, zh: string, en: string, category: string, fiveBatch: string | null, causes: readonly string[]): Measure => ({ code, zh, en, category, fiveBatch, causes, active: true });

export const defaultMeasures: readonly Measure[] = [
  m('industrySubsidy', '产业奖补（种养殖）', 'Industry subsidy (crops, livestock)', 'industry', 'production', ['lackCapital', 'lackLand', 'lackMotivation', 'marriage', 'disaster', 'other']),
  m('cooperativeDividend', '合作社带动、资产收益分红', 'Cooperative membership, asset dividend', 'industry', 'production', ['lackLabour', 'lackCapital', 'lackLand', 'disability', 'other']),
  m('skillsTraining', '技能培训', 'Skills training', 'employment', 'production', ['lackSkills', 'lackMotivation', 'other']),
  m('jobPlacement', '转移就业', 'Job placement', 'employment', 'production', ['lackSkills', 'lackLand', 'lackCapital', 'marriage', 'lackMotivation', 'other']),
  m('publicWelfareJob', '公益性岗位', 'Public-welfare job', 'employment', 'production', ['lackSkills', 'disability', 'lackMotivation', 'poorTransport', 'other']),
  m('microloan', '扶贫小额信贷', 'Poverty-alleviation microloan', 'credit', null, ['lackCapital', 'other']),
  m('educationGrant', '教育资助（两免一补、雨露计划）', 'Education grant', 'education', 'education', ['education']),
  m('medicalAssistance', '医疗救助、先诊疗后付费', 'Medical assistance', 'health', 'safetyNet', ['illness', 'disability']),
  m('familyDoctor', '家庭医生签约服务', 'Family-doctor contract', 'health', 'safetyNet', ['illness', 'disability']),
  m('disabilityAllowance', '残疾人两项补贴', 'Disability allowances', 'safetyNet', 'safetyNet', ['disability']),
  m('minimumLiving', '低保兜底', 'Minimum living allowance', 'safetyNet', 'safetyNet', ['lackLabour', 'illness', 'disability', 'other']),
  m('housingRenovation', '危房改造', 'Dangerous-housing renovation', 'housing', null, ['disaster', 'other']),
  m('relocation', '易地扶贫搬迁', 'Relocation', 'relocation', 'relocation', ['lackWater', 'poorTransport', 'lackLand', 'disaster']),
  m('ecoRanger', '生态护林员', 'Ecological ranger post', 'ecology', 'ecoCompensation', ['lackLand', 'lackSkills', 'other']),
  m('ecoCompensation', '生态补偿、退耕还林补助', 'Ecological compensation', 'ecology', 'ecoCompensation', ['lackLand', 'other']),
  m('safeWater', '安全饮水工程', 'Safe drinking water', 'infrastructure', null, ['lackWater']),
  m('roadAccess', '通组入户道路', 'Road to the hamlet', 'infrastructure', null, ['poorTransport']),
  m('disasterRelief', '灾后救助重建', 'Disaster relief', 'safetyNet', 'safetyNet', ['disaster']),
  m('motivation', '扶志扶智（感恩教育、积分超市）', 'Building the will to develop', 'employment', 'production', ['lackMotivation']),
];

export const visitPurposes: readonly Label[] = [
  { code: 'routine', zh: '日常走访', en: 'Routine visit' },
  { code: 'policy', zh: '政策宣讲', en: 'Explaining policies' },
  { code: 'planning', zh: '制定帮扶计划', en: 'Planning measures' },
  { code: 'incomeCheck', zh: '收入核算', en: 'Income check' },
  { code: 'followUp', zh: '问题回访', en: 'Following up a problem' },
  { code: 'emergency', zh: '突发困难', en: 'Sudden hardship' },
];

export const memberRoles: readonly Label[] = [
  { code: 'firstSecretary', zh: '第一书记', en: 'First secretary' },
  { code: 'leader', zh: '工作队队长', en: 'Team leader' },
  { code: 'member', zh: '工作队队员', en: 'Team member' },
];

export const leadLevels: readonly Label[] = [
  { code: 'county', zh: '县级包抓领导', en: 'County-level lead' },
  { code: 'town', zh: '乡镇包村干部', en: 'Town-level lead' },
];

export const planStatuses: readonly Label[] = [
  { code: 'planned', zh: '计划', en: 'Planned' },
  { code: 'inProgress', zh: '实施中', en: 'In progress' },
  { code: 'done', zh: '已落实', en: 'Done' },
];

export const surveyKinds: readonly Label[] = [
  { code: 'satisfaction', zh: '满意度调查', en: 'Satisfaction survey' },
  { code: 'awareness', zh: '政策知晓率调查', en: 'Policy awareness survey' },
];

export const isOneOf = (list: readonly Label[], code: string): boolean => list.some((l) => l.code === code);
export const labelOf = (list: readonly Label[], code: string, lang: 'zh' | 'en' = 'zh'): string => list.find((l) => l.code === code)?.[lang] ?? code;

/** Every cause code the registry knows; a measure may only name these. */
export const causeCodes = (): readonly string[] => codes('cause');

/** The default number of households one cadre may be responsible for (configurable per cadre). */
export const defaultCadreCap = 5;
