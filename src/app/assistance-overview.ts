// The town and village view: per village, coverage of the period, plans of the year and their
// findings, open follow-ups, and the latest satisfaction and awareness rates with their flags.
import type { Principal } from '../domain/access.js';
import { rateFlag, rateOf } from '../domain/assistance/survey.js';
import { followUpsByVillage } from '../store/assistance-visits.js';
import type { Store } from '../store/store.js';
import type { AssistanceService } from './assistance.js';
import type { AssistanceSurveys } from './assistance-surveys.js';
import type { AssistanceVisits } from './assistance-visits.js';
import { type Clock, today } from './clock.js';

export function createAssistanceOverview(deps: { store: Store; clock: Clock; service: AssistanceService; visits: AssistanceVisits; surveys: AssistanceSurveys }) {
  const { store, clock, service, visits, surveys } = deps;
  return {
    async villages(p: Principal, under: string, from: string, to: string, year: number) {
      const [coverage, findings, followUps, list] = [await visits.coverage(under, from, to), await service.findings(under, year), await followUpsByVillage(store.db, under, today(clock)), await surveys.list(under)];
      const latest = (kind: string) => list.filter((s) => s.kind === kind && s.year <= year).sort((a, b) => b.year - a.year || b.id - a.id)[0] ?? null;
      const rateMaps = new Map<string, Map<string, { rate: number | null; households: number }>>();
      const used: Record<string, { id: number; name: string; year: number } | null> = {};
      for (const kind of ['satisfaction', 'awareness']) {
        const s = latest(kind);
        used[kind] = s ? { id: s.id, name: s.name, year: s.year } : null;
        const m = new Map<string, { rate: number | null; households: number }>();
        if (s) for (const v of (await surveys.rates(p, s.id, under)).villages) m.set(v.code, { rate: v.rate, households: v.households });
        rateMaps.set(kind, m);
      }
      const plans = new Map<string, number>();
      const uncovered = new Map<string, number>();
      for (const u of findings.uncovered) uncovered.set(u.villageCode, (uncovered.get(u.villageCode) ?? 0) + 1);
      for (const [code, n] of Object.entries(findings.plansByVillage)) plans.set(code, n);
      const generic = new Map(findings.genericVillages.map((g) => [g.key, g]));
      const rate = (kind: string, code: string) => {
        const r = rateMaps.get(kind)?.get(code);
        return r ? { rate: r.rate, households: r.households, flag: rateFlag(r.rate) } : { rate: null, households: 0, flag: rateFlag(null) };
      };
      return {
        under,
        from,
        to,
        year,
        surveys: used,
        totals: { households: coverage.households, visited: coverage.visited, rate: coverage.rate, plans: findings.plans, uncovered: findings.uncovered.length, genericVillages: findings.genericVillages.length, genericCadres: findings.genericCadres.length },
        villages: coverage.villages.map((v) => {
          const g = generic.get(v.villageCode);
          const f = followUps.get(v.villageCode) ?? { open: 0, overdue: 0 };
          const planned = plans.get(v.villageCode) ?? 0;
          return {
            code: v.villageCode,
            name: v.name,
            households: v.households,
            paired: v.paired,
            visited: v.visited,
            coverage: v.rate,
            plans: planned,
            planRate: rateOf(planned, v.households),
            uncovered: uncovered.get(v.villageCode) ?? 0,
            generic: g ? { measures: g.sameSet, share: g.share, households: g.households } : null,
            followUpsOpen: f.open,
            followUpsOverdue: f.overdue,
            satisfaction: rate('satisfaction', v.villageCode),
            awareness: rate('awareness', v.villageCode),
          };
        }),
        genericCadres: findings.genericCadres,
      };
    },
  };
}

export type AssistanceOverview = ReturnType<typeof createAssistanceOverview>;
