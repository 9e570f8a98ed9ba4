// Surveys (满意度, 知晓率): a questionnaire of questions with options, each option counting as a
// positive answer or not; the rate of a place is positive answers / answers. Seed 001: below 80%
// triggers accountability (问责), 90% is needed for excellent (评优).
import type { FieldError } from '../validate.js';

export interface SurveyOption {
  readonly code: string;
  readonly text: string;
  readonly positive: boolean;
}

export interface SurveyQuestion {
  readonly code: string;
  readonly text: string;
  readonly options: readonly SurveyOption[];
}

export interface Questionnaire {
  readonly questions: readonly SurveyQuestion[];
}

export interface Thresholds {
  readonly accountability: number;
  readonly excellent: number;
}

export const defaultThresholds: Thresholds = { accountability: 0.8, excellent: 0.9 };

export type RateFlag = 'accountability' | 'pass' | 'excellent' | 'noData';

export function rateFlag(rate: number | null, t: Thresholds = defaultThresholds): RateFlag {
  if (rate === null) return 'noData';
  if (rate < t.accountability) return 'accountability';
  return rate >= t.excellent ? 'excellent' : 'pass';
}

export const rateFlagLabels: Record<RateFlag, { zh: string; en: string }> = {
  accountability: { zh: '低于 80%，启动问责', en: 'Below 80%: accountability' },
  pass: { zh: '达标', en: 'Pass' },
  excellent: { zh: '达到 90%，可评优', en: '90% or above: excellent' },
  noData: { zh: '无数据', en: 'No data' },
};

const err = (field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError => ({ field, message, messageEn, fix, fixEn });

export function validateQuestionnaire(q: Questionnaire, prefix = 'questions'): FieldError[] {
  const errors: FieldError[] = [];
  if (q.questions.length === 0) errors.push(err(prefix, '问卷至少要有一个问题', 'a questionnaire needs at least one question', '请添加问题', 'Add a question'));
  const seen = new Set<string>();
  q.questions.forEach((question, i) => {
    const f = `${prefix}[${i}]`;
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(question.code)) errors.push(err(`${f}.code`, `问题编号“${question.code}”无效`, 'invalid question code', '用字母、数字、下划线，最长 40 个字符', 'Letters, digits and underscores, at most 40 characters'));
    if (seen.has(question.code)) errors.push(err(`${f}.code`, `问题编号“${question.code}”重复`, 'duplicate question code', '每个问题使用唯一编号', 'Give each problem its own number'));
    seen.add(question.code);
    if (question.text.trim() === '') errors.push(err(`${f}.text`, '问题内容不能为空', 'question text is required', '请填写问题', 'Enter the question'));
    if (question.options.length < 2) errors.push(err(`${f}.options`, '每个问题至少要有两个选项', 'a question needs at least two options', '请添加选项', 'Add options'));
    if (!question.options.some((o) => o.positive)) errors.push(err(`${f}.options`, '每个问题至少要有一个计为“满意/知晓”的选项', 'a question needs a positive option', '请标记计入比率的选项', 'Mark the option that counts towards the rate'));
    const codes = new Set<string>();
    for (const o of question.options) {
      if (codes.has(o.code)) errors.push(err(`${f}.options`, `选项“${o.code}”重复`, 'duplicate option code', '每个选项使用唯一编号', 'Give each option its own code'));
      codes.add(o.code);
    }
  });
  return errors;
}

/** Answers by question code; every answered question must be in the questionnaire, with one of its options. */
export function validateAnswers(q: Questionnaire, answers: Readonly<Record<string, string>>, prefix = 'answers'): FieldError[] {
  const errors: FieldError[] = [];
  const byCode = new Map(q.questions.map((x) => [x.code, x]));
  for (const [code, option] of Object.entries(answers)) {
    const question = byCode.get(code);
    if (!question) {
      errors.push(err(`${prefix}.${code}`, `问卷中没有问题“${code}”`, `question ${code} is not in the questionnaire`, `请只回答问卷中的问题：${[...byCode.keys()].join('、')}`, `Answer only the questionnaire's questions: ${[...byCode.keys()].join(', ')}`));
      continue;
    }
    if (!question.options.some((o) => o.code === option)) {
      errors.push(err(`${prefix}.${code}`, `问题“${code}”没有选项“${option}”`, `question ${code} has no option ${option}`, `请选择：${question.options.map((o) => `${o.code}（${o.text}）`).join('、')}`, `Choose one of: ${question.options.map((o) => o.code).join(', ')}`));
    }
  }
  if (Object.keys(answers).length === 0) errors.push(err(prefix, '没有任何回答', 'no answers', '请至少回答一个问题', 'Answer at least one question'));
  return errors;
}

/** Positive and total answers of one response. */
export function scoreAnswers(q: Questionnaire, answers: Readonly<Record<string, string>>): { positive: number; total: number } {
  let positive = 0;
  let total = 0;
  for (const question of q.questions) {
    const a = answers[question.code];
    if (a === undefined) continue;
    total++;
    if (question.options.some((o) => o.code === a && o.positive)) positive++;
  }
  return { positive, total };
}

export const rateOf = (positive: number, total: number): number | null => (total === 0 ? null : positive / total);

/** A ready questionnaire of each kind, so a county can start at once and edit later. */
export function standardQuestionnaire(kind: 'satisfaction' | 'awareness'): Questionnaire {
  const yesNo = (yes: string, no: string): SurveyOption[] => [
    { code: 'yes', text: yes, positive: true },
    { code: 'no', text: no, positive: false },
  ];
  if (kind === 'satisfaction') {
    const levels: SurveyOption[] = [
      { code: 'satisfied', text: '满意', positive: true },
      { code: 'fair', text: '基本满意', positive: true },
      { code: 'unsatisfied', text: '不满意', positive: false },
    ];
    return {
      questions: [
        { code: 'identification', text: '您对本村贫困户识别工作是否满意？', options: levels },
        { code: 'cadre', text: '您对帮扶干部的帮扶工作是否满意？', options: levels },
        { code: 'measures', text: '您对享受的帮扶措施是否满意？', options: levels },
        { code: 'exit', text: '您对脱贫退出结果是否认可？', options: levels },
      ],
    };
  }
  return {
    questions: [
      { code: 'cadreKnown', text: '您知道您家的帮扶责任人是谁吗？', options: yesNo('知道', '不知道') },
      { code: 'exitStandard', text: '您知道脱贫标准（两不愁三保障）吗？', options: yesNo('知道', '不知道') },
      { code: 'medical', text: '您知道看病就医的报销政策吗？', options: yesNo('知道', '不知道') },
      { code: 'education', text: '您知道孩子上学的资助政策吗？', options: yesNo('知道', '不知道') },
      { code: 'industry', text: '您知道产业奖补和小额信贷政策吗？', options: yesNo('知道', '不知道') },
    ],
  };
}
