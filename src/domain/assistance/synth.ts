// Synthetic demo data for assistance (合成演示数据): units, cadres, pairings, work teams, leads,
// plans, visits, follow-ups and survey answers, derived deterministically from the registry and a
// seed. Every generated name carries the mark “（演示）” so nobody takes it for real people.
import { createRandom } from '../synth/random.js';
import { maleChars, surnames } from '../synth/names.js';
import type { Measure } from './catalogue.js';
import { addDays } from './schedule.js';
import { scoreAnswers, type Questionnaire } from './survey.js';

export const synthMark = '（演示）';

export interface SynthHouseholdRef {
  readonly id: number;
  readonly villageCode: string;
  readonly mainCause: string;
  readonly otherCauses: readonly string[];
  readonly status: string;
}

export interface SynthPlanMeasure {
  readonly measure: string;
  readonly amountFen: number;
  readonly status: string;
}

export interface SynthCadre {
  readonly key: number;
  readonly name: string;
  readonly unitKey: number;
  readonly phone: string;
  readonly townCode: string;
}

export interface SynthOutput {
  readonly units: readonly { key: number; name: string; regionCode: string }[];
  readonly cadres: readonly SynthCadre[];
  readonly pairings: readonly { cadreKey: number; householdId: number; villageCode: string; from: string }[];
  readonly teams: readonly { villageCode: string; unitKey: number; members: readonly { cadreKey: number; role: string }[] }[];
  readonly leads: readonly { villageCode: string; cadreKey: number; level: string }[];
  readonly plans: readonly { householdId: number; villageCode: string; measures: readonly SynthPlanMeasure[] }[];
  readonly visits: readonly { cadreKey: number; householdId: number; villageCode: string; date: string; purpose: string; findings: string; followUp: { text: string; due: string; done: string | null } | null }[];
  readonly responses: readonly { kind: 'satisfaction' | 'awareness'; householdId: number; villageCode: string; answers: Record<string, string>; positive: number; total: number }[];
}

export interface SynthAssistanceOptions {
  readonly seed: number;
  readonly countyCode: string;
  readonly households: readonly SynthHouseholdRef[];
  readonly catalogue: readonly Measure[];
  readonly year: number;
  /** Visits are spread over [from, to]. */
  readonly from: string;
  readonly to: string;
  readonly cap: number;
  readonly questionnaires: { readonly satisfaction: Questionnaire; readonly awareness: Questionnaire };
}

const unitNames = ['县发改局', '县教体局', '县卫健局', '县农业农村局', '县人社局', '县住建局', '县水利局', '县交通局', '县林业局', '县供电分公司', '县农商银行', '县财政局'];
const findingsTexts = ['了解家庭收入情况，核实务工收入', '宣讲健康扶贫和教育资助政策', '查看产业发展情况，猪仔长势良好', '核实住房安全情况', '帮助联系务工岗位', '了解孩子上学情况', '督促按时服药，签约家庭医生'];
const followUpTexts = ['协调办理慢性病卡', '联系技能培训报名', '申请产业奖补资金', '落实危房改造验收', '协助办理小额信贷'];

export function synthesizeAssistance(o: SynthAssistanceOptions): SynthOutput {
  const r = createRandom(o.seed);
  const name = (): string => `${r.weighted(surnames)}${maleChars[r.int(0, maleChars.length - 1)] ?? '明'}${synthMark}`;
  const byVillage = new Map<string, SynthHouseholdRef[]>();
  for (const h of o.households) {
    if (h.status === 'removed') continue;
    const list = byVillage.get(h.villageCode) ?? [];
    list.push(h);
    byVillage.set(h.villageCode, list);
  }
  const units = unitNames.map((n, key) => ({ key, name: `${n}${synthMark}`, regionCode: o.countyCode }));
  const cadres: SynthCadre[] = [];
  const newCadre = (townCode: string): SynthCadre => {
    const c = { key: cadres.length, name: name(), unitKey: r.int(0, units.length - 1), phone: `139${String(r.int(0, 99_999_999)).padStart(8, '0')}`, townCode };
    cadres.push(c);
    return c;
  };
  const pairings: { cadreKey: number; householdId: number; villageCode: string; from: string }[] = [];
  const teams: { villageCode: string; unitKey: number; members: { cadreKey: number; role: string }[] }[] = [];
  const leads: { villageCode: string; cadreKey: number; level: string }[] = [];
  const pairFrom = new Map<number, { cadreKey: number; from: string }>();
  const countyLead = newCadre(`${o.countyCode.slice(0, 6)}000000`);
  // Some villages share one habit: every household gets the same measure (the finding to show).
  const lazyVillages = new Set([...byVillage.keys()].filter(() => r.chance(0.12)));
  const plans: { householdId: number; villageCode: string; measures: SynthPlanMeasure[] }[] = [];
  const active = o.catalogue.filter((m) => m.active);
  for (const [village, list] of [...byVillage.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const town = `${village.slice(0, 9)}000`;
    const team = [newCadre(town), newCadre(town), newCadre(town)];
    teams.push({ villageCode: village, unitKey: team[0]?.unitKey ?? 0, members: team.map((c, i) => ({ cadreKey: c.key, role: i === 0 ? 'firstSecretary' : i === 1 ? 'leader' : 'member' })) });
    leads.push({ villageCode: village, cadreKey: countyLead.key, level: 'county' });
    leads.push({ villageCode: village, cadreKey: newCadre(town).key, level: 'town' });
    let current: SynthCadre | null = null;
    let load = 0;
    for (const h of list) {
      if (current === null || load >= Math.min(o.cap, r.int(3, o.cap))) {
        current = newCadre(town);
        load = 0;
      }
      load++;
      const from = addDays(o.from, -r.int(30, 400));
      pairings.push({ cadreKey: current.key, householdId: h.id, villageCode: village, from });
      pairFrom.set(h.id, { cadreKey: current.key, from });
      const measures = lazyVillages.has(village) ? [{ measure: 'industrySubsidy', amountFen: 200000, status: 'done' }] : measuresFor(h, active, r);
      plans.push({ householdId: h.id, villageCode: village, measures });
    }
  }
  const visits: SynthOutput['visits'][number][] = [];
  const span = Math.max(1, Math.round((Date.parse(`${o.to}T00:00:00Z`) - Date.parse(`${o.from}T00:00:00Z`)) / 86_400_000));
  for (const p of pairings) {
    // Most cadres visit about monthly; some rarely (the coverage gaps a town officer must see).
    const diligent = r.chance(0.8);
    const count = diligent ? Math.round(span / 30) + r.int(-1, 1) : r.int(0, 2);
    for (let i = 0; i < count; i++) {
      const date = addDays(o.from, r.int(0, span));
      const withFollowUp = r.chance(0.15);
      const due = addDays(date, r.int(7, 30));
      visits.push({ cadreKey: p.cadreKey, householdId: p.householdId, villageCode: p.villageCode, date, purpose: r.pick(['routine', 'routine', 'policy', 'incomeCheck', 'planning']), findings: r.pick(findingsTexts), followUp: withFollowUp ? { text: r.pick(followUpTexts), due, done: due < o.to && r.chance(0.7) ? due : null } : null });
    }
  }
  visits.sort((a, b) => a.date.localeCompare(b.date) || a.householdId - b.householdId);
  const responses: SynthOutput['responses'][number][] = [];
  for (const [village, list] of byVillage) {
    const mood = r.next() < 0.2 ? 0.7 : 0.93; // a few villages fall below 80%
    for (const h of list) {
      if (!r.chance(0.3)) continue;
      for (const kind of ['satisfaction', 'awareness'] as const) {
        const q = o.questionnaires[kind];
        const answers: Record<string, string> = {};
        for (const question of q.questions) {
          const good = question.options.filter((x) => x.positive);
          const bad = question.options.filter((x) => !x.positive);
          answers[question.code] = (r.chance(mood) || bad.length === 0 ? r.pick(good) : r.pick(bad)).code;
        }
        responses.push({ kind, householdId: h.id, villageCode: village, answers, ...scoreAnswers(q, answers) });
      }
    }
  }
  return { units, cadres, pairings, teams, leads, plans, visits, responses };
}

/** One or two measures answering the main cause, one for another recorded cause. */
function measuresFor(h: SynthHouseholdRef, catalogue: readonly Measure[], r: ReturnType<typeof createRandom>): SynthPlanMeasure[] {
  const chosen = new Map<string, SynthPlanMeasure>();
  for (const cause of [h.mainCause, ...h.otherCauses]) {
    const fits = catalogue.filter((m) => m.causes.includes(cause));
    // A few households are left with a cause no measure answers (a finding).
    if (fits.length === 0 || r.chance(0.04)) continue;
    const m = r.pick(fits);
    chosen.set(m.code, { measure: m.code, amountFen: r.int(5, 80) * 10000, status: r.pick(['planned', 'inProgress', 'done', 'done']) });
  }
  return [...chosen.values()];
}
