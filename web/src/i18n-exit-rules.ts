// Texts of the exit-assessment pages (脱贫评估), Chinese first; merged by key prefix `exit`.
import { useLang, type Lang } from './i18n';

const zh = {
  exitAssessment: '脱贫评估',
  exitUnit: '评估对象',
  exitHouseholds: '贫困户',
  exitVillages: '贫困村',
  exitCounties: '贫困县',
  exitYear: '评估年度',
  exitRuleSet: '退出标准',
  exitRun: '开始评估',
  exitRuns: '历次评估',
  exitReady: '可退出',
  exitBlocked: '未达标',
  exitNoData: '缺数据',
  exitFlagged: '需核查',
  exitUnits: '评估数',
  exitTown: '乡镇',
  exitArea: '村/县',
  exitBlockedBy: '未达标原因（按条目）',
  exitExportResults: '导出评估结果（Excel）',
  exitCriterion: '标准条目',
  exitResult: '结果',
  exitFacts: '所用事实',
  exitParameters: '参数',
  exitPass: '达标',
  exitFail: '未达标',
  exitFlag: '标记',
  exitChecklist: '退出核对清单',
  exitWhatIf: '假设分析（不保存）',
  exitWhatIfRun: '试算',
  exitWhatIfHint: '改变参数或去掉条目，看看有多少评估对象的结论会改变；不会保存任何数据。',
  exitDrop: '去掉条目',
  exitRewrite: '改写条目',
  exitBecomeReady: '新增可退出',
  exitBecomeNotReady: '不再可退出',
  exitRunInfo: '评估 {id}：标准 {rules}，数据截至 {time}，{by} 于 {at} 运行',
  exitNoRuns: '尚无评估记录。选择年度与标准后点击“开始评估”。',
  exitNoRunsReadOnly: '尚无评估记录。县、乡干部运行评估后，结果会显示在这里；下方的假设分析现在就可以试算。',
  exitReadOnly: '您的角色只能查看评估结果与试算，不能保存评估。',
  exitPastRuns: '历次评估中的结论',
  exitAsOfToday: '按今天的数据',
  exitUnitCode: '编号',
  exitAll: '全部',
  exitOpenChecklist: '脱贫评估核对',
  exitYes: '是',
  exitNo: '否',
  exitUnit_yuan: '元',
  exitUnit_people: '人',
  exitUnit_yuanPerPersonYear: '元/人·年',
};

const en: Record<keyof typeof zh, string> = {
  exitAssessment: 'Exit assessment',
  exitUnit: 'Units',
  exitHouseholds: 'Households',
  exitVillages: 'Villages',
  exitCounties: 'Counties',
  exitYear: 'Year',
  exitRuleSet: 'Exit standard',
  exitRun: 'Run assessment',
  exitRuns: 'Runs',
  exitReady: 'Ready to exit',
  exitBlocked: 'Blocked',
  exitNoData: 'No data',
  exitFlagged: 'Flagged',
  exitUnits: 'Assessed',
  exitTown: 'Town',
  exitArea: 'Village / county',
  exitBlockedBy: 'Blocked by criterion',
  exitExportResults: 'Export the results (Excel)',
  exitCriterion: 'Criterion',
  exitResult: 'Result',
  exitFacts: 'Facts used',
  exitParameters: 'Parameters',
  exitPass: 'Pass',
  exitFail: 'Fail',
  exitFlag: 'Flag',
  exitChecklist: 'Exit checklist',
  exitWhatIf: 'What-if (nothing stored)',
  exitWhatIfRun: 'Try',
  exitWhatIfHint: 'Change a parameter or drop a criterion and see how many units would flip; nothing is stored.',
  exitDrop: 'Drop criteria',
  exitRewrite: 'Rewrite a criterion',
  exitBecomeReady: 'Become ready',
  exitBecomeNotReady: 'No longer ready',
  exitRunInfo: 'Run {id}: standard {rules}, data as of {time}, run by {by} at {at}',
  exitNoRuns: 'No runs yet. Choose a year and a standard, then run the assessment.',
  exitNoRunsReadOnly: 'No runs yet. Results appear here once a county or town officer runs the assessment; the what-if below works now.',
  exitReadOnly: 'Your role can read results and try what-ifs, not store runs.',
  exitPastRuns: 'In stored runs',
  exitAsOfToday: 'On today’s data',
  exitUnitCode: 'Code',
  exitAll: 'All',
  exitOpenChecklist: 'Exit checklist',
  exitYes: 'Yes',
  exitNo: 'No',
  exitUnit_yuan: 'yuan',
  exitUnit_people: 'people',
  exitUnit_yuanPerPersonYear: 'yuan per person a year',
};

export type ExitTextKey = keyof typeof zh;

export function exitText(lang: Lang, key: ExitTextKey, vars: Record<string, string | number> = {}): string {
  let text = lang === 'en' ? en[key] : zh[key];
  for (const [k, v] of Object.entries(vars)) text = text.replace(`{${k}}`, String(v));
  return text;
}

/** A rule set's unit (written in Chinese in the standards and fact list) in the page's language. */
const unitKeys: Record<string, ExitTextKey> = { 元: 'exitUnit_yuan', 人: 'exitUnit_people', '元/人·年': 'exitUnit_yuanPerPersonYear' };
export function exitUnitText(lang: Lang, unit: string): string {
  const key = unitKeys[unit];
  return key ? exitText(lang, key) : unit;
}

export function useExitT() {
  const { lang } = useLang();
  return (key: ExitTextKey, vars: Record<string, string | number> = {}) => exitText(lang, key, vars);
}
