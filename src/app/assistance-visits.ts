// Visits (入户走访): recording with follow-ups, closing follow-ups, the cadre's worklist, coverage
// (入户率) per village and cadre, and households not visited for N days.
import type { Principal } from '../domain/access.js';
import { actsAsOwnCadre } from '../domain/assistance/access.js';
import { addDays, calendarPeriod, coverageRate, defaultVisitIntervalDays, visitDue } from '../domain/assistance/schedule.js';
import { isDate, validateVisit, type VisitInput } from '../domain/assistance/validate.js';
import { appendAudit } from '../store/audit.js';
import * as as from '../store/assistance.js';
import * as vs from '../store/assistance-visits.js';
import { cadreVisitedInPeriod, countVisitInPeriods, coverageByVillage } from '../store/assistance-coverage.js';
import type { Executor, Store } from '../store/store.js';
import { cadreFor, householdFor, refuse } from './assistance.js';
import { type Clock, isoNow, thisYear, today } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';
import { createRegionNames } from './region-names.js';

function checkPeriod(from: string, to: string): void {
  if (!isDate(from)) refuse('from', `开始日期“${from}”无效`, 'invalid from', '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD');
  if (!isDate(to)) refuse('to', `结束日期“${to}”无效`, 'invalid to', '请按 YYYY-MM-DD 填写', 'Use YYYY-MM-DD');
  if (to < from) refuse('to', `结束日期 ${to} 早于开始日期 ${from}`, 'to before from', '请核对统计期间', 'Check the period');
}

export function createAssistanceVisits(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const regionNames = createRegionNames(store.db);

  /** The cadre a principal acts as: a work-team account is its linked cadre, others name one. */
  async function actingCadre(db: Executor, p: Principal, cadreId: number | null): Promise<as.CadreRow> {
    if (actsAsOwnCadre(p)) {
      const own = await as.cadreByUsername(db, p.username);
      if (!own) refuse('cadreId', '您的账号未关联帮扶干部', 'this account is not linked to a cadre', '请县乡管理员在干部信息中填写您的用户名', 'Ask a county or town administrator to enter your user name in your cadre record');
      if (cadreId !== null && cadreId !== own.id) refuse('cadreId', '驻村工作队账号只能以本人名义登记', 'a work-team account acts only as its own cadre', '请不要指定其他干部', 'Do not name another cadre');
      return own;
    }
    if (cadreId === null) refuse('cadreId', '请指定帮扶干部', 'The cadre is required', '填写干部编号', 'Enter the cadre number');
    return cadreFor(db, p, cadreId);
  }

  return {
    actingCadre: (p: Principal, cadreId: number | null) => actingCadre(store.db, p, cadreId),

    async record(p: Principal, input: Omit<VisitInput, 'cadreId'> & { cadreId: number | null }) {
      return store.db.transaction().execute(async (trx) => {
        const cadre = await actingCadre(trx, p, input.cadreId);
        const h = await householdFor(trx, p, input.householdId);
        const pairings = (await as.pairingsOf(trx, cadre.id, h.id)).map((x) => ({ from: x.from_date, to: x.to_date }));
        const v: VisitInput = { ...input, cadreId: cadre.id, findings: input.findings.trim() };
        const errors = validateVisit(v, { today: today(clock), pairings });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const now = isoNow(clock);
        const id = await vs.insertVisit(trx, { household_id: h.id, cadre_id: cadre.id, village_code: h.villageCode, visit_date: v.date, purpose: v.purpose, findings: v.findings, latitude: v.latitude, longitude: v.longitude, created_at: now, created_by: p.username });
        await countVisitInPeriods(trx, store.dialect, { id, householdId: h.id, cadreId: cadre.id, villageCode: h.villageCode, date: v.date });
        await vs.insertFollowUps(trx, v.followUps.map((f) => ({ visit_id: id, household_id: h.id, cadre_id: cadre.id, village_code: h.villageCode, text: f.text.trim(), due_date: f.due, done_date: null, done_note: null, done_by: null })));
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'assistance.visit', entityType: 'household', entityId: String(h.id), before: null, after: { visitId: id, cadreId: cadre.id, date: v.date, purpose: v.purpose, followUps: v.followUps.length } }], now);
        return { id, householdId: h.id, cadreId: cadre.id, date: v.date, followUps: v.followUps.length };
      });
    },

    async completeFollowUp(p: Principal, id: number, input: { date: string; note: string }) {
      await store.db.transaction().execute(async (trx) => {
        const f = await vs.getFollowUp(trx, id);
        if (!f) throw new NotFound('followUp', String(id));
        await householdFor(trx, p, f.household_id);
        if (actsAsOwnCadre(p)) {
          const own = await as.cadreByUsername(trx, p.username);
          if (!own || own.id !== f.cadre_id) throw new NotFound('followUp', String(id));
        }
        if (f.done_date !== null) refuse('id', `该事项已于 ${f.done_date} 办结`, 'already done', '无需重复办结', 'Already done; nothing to do');
        if (!isDate(input.date) || input.date > today(clock)) refuse('date', `办结日期“${input.date}”无效或晚于今天`, 'invalid done date', '请填写今天或之前的日期', 'Enter today or an earlier date');
        if (input.note.length > 500) refuse('note', '办结说明超过 500 字', 'note too long', '请精简', 'Shorten it');
        await vs.completeFollowUp(trx, id, input.date, input.note.trim(), p.username);
        await appendAudit(trx, store.dialect, [{ actor: p.username, action: 'assistance.followUpDone', entityType: 'household', entityId: String(f.household_id), before: null, after: { followUpId: id, date: input.date } }], isoNow(clock));
      });
    },

    /** My households, the visits due and the follow-ups due: what a cadre opens on the phone. */
    async worklist(p: Principal, cadreId: number | null, interval = defaultVisitIntervalDays) {
      const cadre = await actingCadre(store.db, p, cadreId);
      const t = today(clock);
      const households = (await vs.cadreHouseholds(store.db, cadre.id)).map((h) => ({ ...h, ...visitDue(h.lastVisit, h.pairedFrom, t, interval) }));
      const names = await regionNames.names(households.map((h) => h.villageCode));
      const followUps = (await vs.openFollowUpsOfCadre(store.db, cadre.id)).map((f) => ({ id: f.id, householdId: f.household_id, householdNo: f.household_no, text: f.text, dueDate: f.due_date, overdue: f.due_date < t, dueSoon: f.due_date <= addDays(t, 7) }));
      return {
        today: t,
        intervalDays: interval,
        cadre: { id: cadre.id, name: cadre.name, phone: cadre.phone, cap: cadre.cap },
        households: households.map((h) => ({ ...h, villageName: names.get(h.villageCode) ?? h.villageCode })).sort((a, b) => Number(b.due) - Number(a.due) || (a.lastVisit ?? '').localeCompare(b.lastVisit ?? '') || a.householdNo.localeCompare(b.householdNo)),
        visitsDue: households.filter((h) => h.due).length,
        followUps,
        followUpsDue: followUps.filter((f) => f.dueSoon).length,
      };
    },

    async coverage(under: string, from: string, to: string, opts: { byCadre?: boolean } = {}) {
      checkPeriod(from, to);
      const period = calendarPeriod(from, to);
      const villages = await coverageByVillage(store.db, under, from, to, period);
      const names = await regionNames.names(villages.map((v) => v.villageCode));
      const sum = villages.reduce((s, v) => ({ households: s.households + v.households, paired: s.paired + v.paired, visited: s.visited + v.visited }), { households: 0, paired: 0, visited: 0 });
      const cadres = opts.byCadre ? (await vs.coverageByCadre(store.db, under, from, to, period ? await cadreVisitedInPeriod(store.db, under, period) : null)).map((c) => ({ ...c, rate: coverageRate(c.visited, c.households) })) : undefined;
      return {
        under,
        from,
        to,
        period,
        ...sum,
        rate: coverageRate(sum.visited, sum.households),
        villages: villages.map((v) => ({ ...v, name: names.get(v.villageCode) ?? v.villageCode, rate: coverageRate(v.visited, v.households) })),
        ...(cadres ? { cadres } : {}),
      };
    },

    async notVisited(under: string, days: number, limit = 200) {
      if (!Number.isInteger(days) || days < 1 || days > 3650) refuse('days', `天数 ${days} 无效`, 'invalid days', '请填写 1 至 3650 之间的整数', 'Enter a whole number from 1 to 3650');
      const since = addDays(today(clock), -days + 1);
      const r = await vs.notVisitedSince(store.db, under, since, limit);
      const names = await regionNames.names(r.items.map((x) => x.villageCode));
      return { days, since, total: r.total, items: r.items.map((x) => ({ ...x, villageName: names.get(x.villageCode) ?? x.villageCode })) };
    },

    /** One household's assistance page: who is responsible (and was), plans, visits, follow-ups. */
    async household(p: Principal, householdId: number) {
      const h = await householdFor(store.db, p, householdId);
      const [pairings, years, history] = await Promise.all([as.householdPairings(store.db, h.id), as.plansOfHousehold(store.db, h.id), vs.householdVisits(store.db, h.id)]);
      const year = thisYear(clock);
      const plan = (await as.getPlan(store.db, h.id, year)) ?? (years[0] === undefined ? null : ((await as.getPlan(store.db, h.id, years[0])) ?? null));
      return { household: { id: h.id, householdNo: h.householdNo, villageCode: h.villageCode, mainCause: h.mainCause, otherCauses: h.otherCauses, status: h.status }, pairings, planYears: years, plan, visits: history.visits, followUps: history.followUps };
    },
  };
}

export type AssistanceVisits = ReturnType<typeof createAssistanceVisits>;
