// Synthetic assistance data over the registry of a county (合成演示数据, never real people): the
// same seed and registry give the same cadres, pairings, plans, visits and survey answers. Written
// in one transaction; refused when the county already has cadres.
import { synthesizeAssistance } from '../domain/assistance/synth.js';
import { standardQuestionnaire } from '../domain/assistance/survey.js';
import { addDays } from '../domain/assistance/schedule.js';
import { levelOf, subtreeRange } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import { loadCatalogue } from '../store/assistance.js';
import { bulkWrite, countCadresUnder, nextIds, syncAssistanceSequences } from '../store/assistance-bulk.js';
import { insertSurvey } from '../store/assistance-surveys.js';
import { rebuildVisitPeriods } from '../store/assistance-coverage.js';
import type { Store } from '../store/store.js';
import { refuse } from './assistance.js';
import { type Clock, isoNow, today } from './clock.js';

export interface AssistanceSynthRequest {
  readonly county: string;
  readonly seed: number;
  /** Visits fall in the `days` before `to` (default today); plans and surveys are of `to`'s year. */
  readonly to?: string;
  readonly days?: number;
  readonly cap?: number;
  /** A work-team account to link to the first cadre of the first village, for the demo. */
  readonly linkUsername?: string;
}

export async function synthesizeAssistanceData(deps: { store: Store; clock: Clock }, actor: string, req: AssistanceSynthRequest) {
  const { store, clock } = deps;
  if (!/^\d{12}$/.test(req.county) || levelOf(req.county) !== 3) refuse('county', `区划 ${req.county} 不是县级代码`, 'not a county code', '例如 610902000000（汉滨区）', 'For example 610902000000 (Hanbin)');
  const [lo, hi] = subtreeRange(req.county);
  const existing = await countCadresUnder(store.db, lo, hi);
  if (existing > 0) refuse('county', `该县已有 ${existing} 名帮扶干部，未生成演示数据`, 'the county already has cadres', '演示数据只在没有帮扶数据的县生成', 'Demo data is generated only for counties without assistance data');
  const households = await store.db.selectFrom('household').select(['id', 'village_code', 'main_cause', 'other_causes', 'status']).where('village_code', '>=', lo).where('village_code', '<=', hi).orderBy('id').execute();
  if (households.length === 0) refuse('county', '该县没有建档立卡户', 'no households in the county', '请先生成或导入建档立卡数据', 'Generate or import registry data first');
  const to = req.to ?? today(clock);
  const from = addDays(to, -(req.days ?? 180));
  const year = Number(to.slice(0, 4));
  const questionnaires = { satisfaction: standardQuestionnaire('satisfaction'), awareness: standardQuestionnaire('awareness') };
  const out = synthesizeAssistance({
    seed: req.seed,
    countyCode: req.county,
    households: households.map((h) => ({ id: h.id, villageCode: h.village_code, mainCause: h.main_cause, otherCauses: h.other_causes === '' ? [] : h.other_causes.split(','), status: h.status })),
    catalogue: [...(await loadCatalogue(store.db)).values()],
    year,
    from,
    to,
    cap: req.cap ?? 5,
    questionnaires,
  });
  const now = isoNow(clock);
  await store.bulkTransaction(async (trx) => {
    const unitIds: number[] = [];
    for (const u of out.units) unitIds.push((await trx.insertInto('assisting_unit').values({ name: u.name, region_code: u.regionCode, created_at: now }).returning('id').executeTakeFirstOrThrow()).id);
    const ids = await nextIds(trx);
    const cadreId = (key: number) => ids.cadre + key;
    const firstCadre = out.pairings[0]?.cadreKey;
    await bulkWrite(store, trx, 'cadre', out.cadres.map((c) => [cadreId(c.key), c.name, unitIds[c.unitKey] ?? unitIds[0], c.phone, null, c.townCode, req.cap ?? 5, req.linkUsername && c.key === firstCadre ? req.linkUsername : null, now]));
    await bulkWrite(store, trx, 'cadre_pairing', out.pairings.map((p) => [cadreId(p.cadreKey), p.householdId, p.villageCode, p.from, null]));
    await bulkWrite(store, trx, 'work_team', out.teams.map((t, i) => [ids.work_team + i, t.villageCode, unitIds[t.unitKey] ?? unitIds[0], from, null]));
    await bulkWrite(store, trx, 'work_team_member', out.teams.flatMap((t, i) => t.members.map((m) => [ids.work_team + i, t.villageCode, cadreId(m.cadreKey), m.role, from, null])));
    await bulkWrite(store, trx, 'village_lead', out.leads.map((l) => [l.villageCode, cadreId(l.cadreKey), l.level, from, null]));
    await bulkWrite(store, trx, 'household_plan', out.plans.map((p, i) => [ids.household_plan + i, p.householdId, p.villageCode, year, 1, now, actor]));
    await bulkWrite(store, trx, 'household_plan_measure', out.plans.flatMap((p, i) => p.measures.map((m) => [ids.household_plan + i, m.measure, m.amountFen, m.status, ''])));
    await bulkWrite(store, trx, 'visit', out.visits.map((v, i) => [ids.visit + i, v.householdId, cadreId(v.cadreKey), v.villageCode, v.date, v.purpose, v.findings, null, null, now, actor]));
    await bulkWrite(store, trx, 'visit_follow_up', out.visits.flatMap((v, i) => (v.followUp ? [[ids.visit + i, v.householdId, cadreId(v.cadreKey), v.villageCode, v.followUp.text, v.followUp.due, v.followUp.done, v.followUp.done ? '已办结' : null, v.followUp.done ? actor : null]] : [])));
    for (const kind of ['satisfaction', 'awareness'] as const) {
      const id = await insertSurvey(trx, { kind, name: `${year} 年${kind === 'satisfaction' ? '群众满意度' : '政策知晓率'}调查（演示）`, region_code: req.county, year, questions_json: JSON.stringify(questionnaires[kind].questions), created_at: now, created_by: actor });
      await bulkWrite(store, trx, 'survey_response', out.responses.filter((r) => r.kind === kind).map((r) => [id, r.householdId, r.villageCode, now, JSON.stringify(r.answers), r.positive, r.total, actor]));
    }
    await syncAssistanceSequences(store, trx);
    await rebuildVisitPeriods(trx, req.county);
    await appendAudit(trx, store.dialect, [{ actor, action: 'assistance.synth', entityType: 'region', entityId: req.county, before: null, after: { seed: req.seed, cadres: out.cadres.length, pairings: out.pairings.length, visits: out.visits.length, plans: out.plans.length, responses: out.responses.length, synthetic: true } }], now);
  });
  await store.analyze();
  return { county: req.county, from, to, year, units: out.units.length, cadres: out.cadres.length, pairings: out.pairings.length, teams: out.teams.length, plans: out.plans.length, visits: out.visits.length, followUps: out.visits.filter((v) => v.followUp).length, responses: out.responses.length };
}
