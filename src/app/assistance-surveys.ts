// Satisfaction and awareness surveys (满意度, 知晓率): configurable questionnaires, answers per
// household (a batch is all or nothing), rates per village, town and county with the 80%/90% flags.
// A survey may reuse a verification sample: then only the sampled households may answer.
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { isOneOf, surveyKinds } from '../domain/assistance/catalogue.js';
import { defaultThresholds, rateFlag, rateOf, scoreAnswers, standardQuestionnaire, validateAnswers, validateQuestionnaire, type Questionnaire, type Thresholds } from '../domain/assistance/survey.js';
import type { FieldError } from '../domain/validate.js';
import { ancestorCodes, isInSubtree, levelOf } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import * as ss from '../store/assistance-surveys.js';
import { getHousehold } from '../store/households.js';
import type { Store } from '../store/store.js';
import { refuse } from './assistance.js';
import { sampleCoverage, sampleForSurvey } from './assistance-survey-sample.js';
import { type Clock, isoNow, thisYear } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';
import { createRegionNames } from './region-names.js';

export interface SurveyView {
  id: number;
  kind: string;
  name: string;
  regionCode: string;
  year: number;
  questions: Questionnaire['questions'];
  createdAt: string;
  /** The verification sample whose households are asked; null: any household of the region. */
  samplePlan: { id: number; name: string } | null;
}

function parseQuestions(json: string): Questionnaire {
  const value: unknown = JSON.parse(json);
  return { questions: Array.isArray(value) ? (value as Questionnaire['questions']) : [] };
}

const present = (s: ss.SurveyRow): SurveyView => ({
  id: s.id,
  kind: s.kind,
  name: s.name,
  regionCode: s.region_code,
  year: s.year,
  questions: parseQuestions(s.questions_json).questions,
  createdAt: s.created_at,
  samplePlan: s.sample_plan_id === null ? null : { id: s.sample_plan_id, name: s.sample_plan_name ?? String(s.sample_plan_id) },
});

export interface SurveyInput {
  kind: string;
  name: string;
  /** Required without a sample plan; with one it may be left out (it is the plan's county). */
  regionCode?: string | undefined;
  year: number;
  questions?: Questionnaire['questions'] | undefined;
  samplePlanId?: number | null | undefined;
}

export function createAssistanceSurveys(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const regionNames = createRegionNames(store.db);

  async function surveyFor(p: Principal, id: number): Promise<ss.SurveyRow> {
    const s = await ss.getSurvey(store.db, id);
    // Visible to those inside its region and to those above it.
    if (!s || !(inScope(p, s.region_code) || isInSubtree(p.regionCode, s.region_code))) throw new NotFound('survey', String(id));
    return s;
  }

  return {
    async create(p: Principal, input: SurveyInput): Promise<SurveyView> {
      if (!isOneOf(surveyKinds, input.kind)) refuse('kind', `调查类型“${input.kind}”无效`, 'unknown kind', '请选择 satisfaction（满意度）或 awareness（知晓率）', 'Choose satisfaction or awareness');
      if (input.name.trim() === '' || input.name.length > 200) refuse('name', '调查名称不能为空，且不超过 200 字', 'The survey name is required (at most 200 characters)', '请填写调查名称', 'Enter the survey name');
      if (!Number.isInteger(input.year) || input.year < 2014 || input.year > thisYear(clock) + 1) refuse('year', `年度 ${input.year} 无效`, 'invalid year', '请填写调查年度', 'Enter the survey year');
      const q: Questionnaire = input.questions ? { questions: input.questions } : standardQuestionnaire(input.kind === 'awareness' ? 'awareness' : 'satisfaction');
      const errors = validateQuestionnaire(q);
      if (errors.length > 0) throw new ValidationFailed(errors);
      return store.db.transaction().execute(async (trx) => {
        const sample = input.samplePlanId ? await sampleForSurvey(trx, p, input.samplePlanId, input.regionCode) : null;
        const regionCode = sample?.countyCode ?? input.regionCode;
        if (regionCode === undefined) refuse('regionCode', '请填写调查范围区划代码', 'The region of the survey is required', '填写县、乡镇或村的 12 位代码，或选择一个抽样核查计划', 'Enter the 12-digit code of a county, town or village, or choose a sample plan');
        if (!inScope(p, regionCode)) throw new NotFound('region', regionCode);
        const now = isoNow(clock);
        const id = await ss.insertSurvey(trx, { kind: input.kind, name: input.name.trim(), region_code: regionCode, year: input.year, questions_json: JSON.stringify(q.questions), created_at: now, created_by: p.username, sample_plan_id: sample?.planId ?? null });
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'create', entityType: 'survey', entityId: String(id), before: null, after: { kind: input.kind, name: input.name, regionCode, questions: q.questions.length, samplePlanId: sample?.planId ?? null, sampled: sample?.households.size ?? null } }], now);
        const s = await ss.getSurvey(trx, id);
        if (!s) throw new NotFound('survey', String(id));
        return present(s);
      });
    },

    /** Surveys run inside `under`, and those run above it, which cover it too. */
    async list(under: string): Promise<SurveyView[]> {
      return (await ss.listSurveys(store.db, under, ancestorCodes(under).filter((c) => c !== under))).map(present);
    },

    get: async (p: Principal, id: number) => present(await surveyFor(p, id)),

    /** Answers of many households at once: all are checked before any is written. */
    async answer(p: Principal, surveyId: number, responses: readonly { householdId: number; answers: Record<string, string> }[]) {
      const survey = await surveyFor(p, surveyId);
      const q = parseQuestions(survey.questions_json);
      return store.db.transaction().execute(async (trx) => {
        const errors: FieldError[] = [];
        const sampled = survey.sample_plan_id === null ? null : await ss.sampledHouseholds(trx, survey.sample_plan_id);
        const taken = await ss.respondedHouseholds(trx, surveyId, responses.map((r) => r.householdId));
        const seen = new Set<number>();
        const rows = [];
        const now = isoNow(clock);
        for (const [i, r] of responses.entries()) {
          const h = await getHousehold(trx, r.householdId);
          const f = `responses[${i}]`;
          if (!h || !inScope(p, h.villageCode) || !isInSubtree(h.villageCode, survey.region_code)) {
            errors.push({ field: `${f}.householdId`, message: `户 ${r.householdId} 不在本次调查范围内`, messageEn: 'household outside the survey', fix: '请核对户编号', fixEn: 'Check the household number' });
            continue;
          }
          if (sampled && !sampled.has(h.id)) {
            errors.push({ field: `${f}.householdId`, message: `户 ${h.householdNo} 不在本次调查使用的抽样样本中（抽样核查计划 ${survey.sample_plan_id}“${survey.sample_plan_name ?? ''}”）`, messageEn: 'household not in the survey sample', fix: '本次调查只问抽中的户：请核对户编号，或另建不限样本的调查', fixEn: 'This survey asks only the sampled households: check the household number, or create a survey without a sample' });
            continue;
          }
          if (taken.has(h.id) || seen.has(h.id)) errors.push({ field: `${f}.householdId`, message: `户 ${h.householdNo} 已回答过本次调查`, messageEn: 'household already answered', fix: '每户只答一次', fixEn: 'Each household answers once' });
          seen.add(h.id);
          errors.push(...validateAnswers(q, r.answers, `${f}.answers`));
          rows.push({ survey_id: surveyId, household_id: h.id, village_code: h.villageCode, answered_at: now, answers_json: JSON.stringify(r.answers), ...scoreAnswers(q, r.answers), created_by: p.username });
        }
        if (errors.length > 0) throw new ValidationFailed(errors);
        await ss.insertResponses(trx, rows);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'assistance.surveyAnswers', entityType: 'survey', entityId: String(surveyId), before: null, after: { responses: rows.length } }], now);
        return { saved: rows.length };
      });
    },

    /** Rates per village, rolled up to each town and the whole subtree, with flags. */
    /** With a sample, `sampled` says how many sampled households each place has (null without one). */
    async rates(p: Principal, surveyId: number, under: string, t: Thresholds = defaultThresholds) {
      const row = await surveyFor(p, surveyId);
      const survey = present(row);
      const { villages, sample } = await sampleCoverage(store.db, row.sample_plan_id, under, await ss.ratesByVillage(store.db, surveyId, under));
      type Sum = { households: number; positive: number; total: number; sampled: number | null };
      const add = (x: Sum, v: Sum): Sum => ({ households: x.households + v.households, positive: x.positive + v.positive, total: x.total + v.total, sampled: x.sampled === null || v.sampled === null ? null : x.sampled + v.sampled });
      const zero: Sum = { households: 0, positive: 0, total: 0, sampled: sample ? 0 : null };
      const towns = new Map<string, Sum>();
      for (const v of villages) {
        const town = `${v.villageCode.slice(0, 9)}000`;
        towns.set(town, add(towns.get(town) ?? zero, v));
      }
      const names = await regionNames.names([...villages.map((v) => v.villageCode), ...towns.keys(), under]);
      const all = villages.reduce(add, zero);
      const withRate = <T extends { positive: number; total: number }>(x: T) => {
        const rate = rateOf(x.positive, x.total);
        return { ...x, rate, flag: rateFlag(rate, t) };
      };
      return {
        survey,
        sample: sample && survey.samplePlan ? { planId: survey.samplePlan.id, name: survey.samplePlan.name, ...sample } : null,
        thresholds: t,
        under,
        level: levelOf(under),
        name: names.get(under) ?? under,
        ...withRate(all),
        towns: [...towns.entries()].map(([code, x]) => ({ code, name: names.get(code) ?? code, ...withRate(x) })),
        villages: villages.map(({ villageCode, ...v }) => ({ code: villageCode, name: names.get(villageCode) ?? villageCode, ...withRate(v) })),
      };
    },
  };
}

export type AssistanceSurveys = ReturnType<typeof createAssistanceSurveys>;
