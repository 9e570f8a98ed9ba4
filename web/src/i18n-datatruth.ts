// Texts of the data-truth pages (数据比对, 数据质量), Chinese first, merged by the hook below.
import { type Lang, useLang } from './i18n';

const zh = {
  menu: '数据核查',
  crosscheck: '数据比对',
  quality: '数据质量',
  kind: '数据类型',
  file: '部门数据文件',
  chooseFile: '选择 xlsx / csv 文件',
  compare: '开始比对',
  comparing: '正在比对…',
  compared: '比对完成：匹配 {matched} 人，发现差异 {discrepancies} 条',
  rejected: '文件有问题，未进行比对：请逐行改正后重新上传',
  row: '行',
  field: '列',
  problem: '问题',
  fix: '改正方法',
  runs: '比对记录',
  allRuns: '全部比对',
  runFile: '原文件：{name}',
  runFileHint: '该次比对所用的部门文件，与上传时逐字节相同',
  yes: '是',
  no: '否',
  yuanAmount: '{v} 元',
  status: '状态',
  open: '待处理',
  resolved: '已处理',
  toProblem: '已转整改问题',
  type: '差异类型',
  registry: '建档立卡记录',
  department: '部门记录',
  facts: '说明',
  resolve: '核实处理',
  makeProblem: '转为整改问题',
  note: '处理说明',
  deadline: '整改时限',
  save: '确定',
  noteRequired: '请填写处理说明',
  household: '户编号',
  name: '姓名',
  idNumber: '身份证号',
  actions: '操作',
  total: '共 {n} 条',
  score: '数据质量得分',
  runCheck: '运行质量检查',
  trend: '得分趋势',
  households: '户数',
  flagged: '有问题户数',
  findings: '问题项',
  byRule: '按规则',
  rule: '规则',
  children: '下级地区',
  region: '地区',
  detail: '详情',
  member: '成员',
  notRun: '尚未运行质量检查',
  share: '下载本部门可见的建档数据',
  exportFindings: '导出问题台账',
};

const en: Record<keyof typeof zh, string> = {
  menu: 'Data checks',
  crosscheck: 'Cross-check',
  quality: 'Data quality',
  kind: 'Dataset kind',
  file: 'Department file',
  chooseFile: 'Choose an xlsx / csv file',
  compare: 'Compare',
  comparing: 'Comparing…',
  compared: 'Compared: {matched} matched, {discrepancies} discrepancies',
  rejected: 'The file has problems and was not compared: fix each row and upload again',
  row: 'Row',
  field: 'Column',
  problem: 'Problem',
  fix: 'Fix',
  runs: 'Runs',
  allRuns: 'All runs',
  runFile: 'Original file: {name}',
  runFileHint: 'The department file this run compared, byte for byte as uploaded',
  yes: 'Yes',
  no: 'No',
  yuanAmount: '{v} yuan',
  status: 'Status',
  open: 'Open',
  resolved: 'Resolved',
  toProblem: 'Turned into a problem',
  type: 'Discrepancy',
  registry: 'Registry record',
  department: 'Department record',
  facts: 'Facts',
  resolve: 'Resolve',
  makeProblem: 'Make a problem',
  note: 'Note',
  deadline: 'Deadline',
  save: 'OK',
  noteRequired: 'Write a note',
  household: 'Household no.',
  name: 'Name',
  idNumber: 'ID number',
  actions: 'Actions',
  total: '{n} in all',
  score: 'Quality score',
  runCheck: 'Run quality check',
  trend: 'Score trend',
  households: 'Households',
  flagged: 'Households with findings',
  findings: 'Findings',
  byRule: 'By rule',
  rule: 'Rule',
  children: 'Subregions',
  region: 'Region',
  detail: 'Detail',
  member: 'Member',
  notRun: 'No quality check has run yet',
  share: 'Download the registry data my department may read',
  exportFindings: 'Export findings ledger',
};

export type DataTruthKey = keyof typeof zh;

/** Labels of the registry fields shown beside a department record. */
export const registryFieldLabels: Record<string, { zh: string; en: string }> = {
  householdNo: { zh: '户编号', en: 'Household no.' },
  villageCode: { zh: '村代码', en: 'Village code' },
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  relation: { zh: '与户主关系', en: 'Relation' },
  householdStatus: { zh: '户状态', en: 'Household status' },
  schoolStatus: { zh: '在校生状况', en: 'School status' },
  health: { zh: '健康状况', en: 'Health' },
  receivesMinimumLiving: { zh: '享受低保', en: 'Minimum living' },
  minimumLivingAllowance: { zh: '户低保金', en: 'Household allowance' },
  housingSafetyGrade: { zh: '危房级别', en: 'Housing grade' },
  hasResidentMedicalInsurance: { zh: '城乡居民医保', en: 'Resident medical insurance' },
};

/** The code list each registry field's value comes from, so that a value shows as its label. */
export const registryFieldLists: Record<string, string> = {
  relation: 'relation',
  householdStatus: 'householdStatus',
  schoolStatus: 'schoolStatus',
  health: 'health',
  housingSafetyGrade: 'housingSafetyGrade',
};

/**
 * English headings of the department files' columns, by column key. The Chinese ones come with the
 * dataset kinds from the server (/crosscheck/kinds), as the department's own file writes them.
 */
export const departmentColumnLabelsEn: Record<string, string> = {
  idNumber: 'ID number',
  name: 'Name',
  annualAmount: 'Annual amount',
  startDate: 'Start date',
  disabilityType: 'Disability type',
  disabilityGrade: 'Disability grade',
  schoolName: 'School',
  enrolled: 'Enrolled',
  subsidyAmount: 'Subsidy amount',
  subsidyType: 'Subsidy type',
  insured: 'Insured',
  insuranceType: 'Insurance type',
  illness: 'Illness',
  housingSafetyGrade: 'Appraised grade',
  appraisalDate: 'Appraisal date',
  renovationYear: 'Renovation year',
  completed: 'Completed',
  deathDate: 'Date of death',
  moveDate: 'Move date',
  destination: 'Moved to',
  settlement: 'Settlement',
  movedIn: 'Moved in',
  businessName: 'Business name',
  registeredCapital: 'Registered capital',
  plate: 'Plate number',
  vehicleType: 'Vehicle type',
  employer: 'Employer',
};

/** A department column's heading in the page's language; a key without an English label shows as itself. */
export function departmentColumnLabel(column: { key: string; zh: string }, lang: Lang): string {
  return lang === 'en' ? departmentColumnLabelsEn[column.key] ?? column.key : column.zh;
}

/** What a finding's facts are, by key (amounts are in fen, shown in yuan). */
export const factLabels: Record<string, { zh: string; en: string }> = {
  similarity: { zh: '姓名相似度', en: 'Name similarity' },
  departmentAmount: { zh: '部门金额', en: 'Department amount' },
  registryAmount: { zh: '建档金额', en: 'Registry amount' },
};

export function useDT() {
  const { lang } = useLang();
  return (key: DataTruthKey, vars: Record<string, string | number> = {}) => {
    let text = lang === 'en' ? en[key] : zh[key];
    for (const [k, v] of Object.entries(vars)) text = text.replace(`{${k}}`, String(v));
    return text;
  };
}
