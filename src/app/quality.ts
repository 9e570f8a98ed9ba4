// Registry quality use cases: check every household under a region, score villages, towns and
// counties, keep a snapshot per run so the dashboard shows the trend, and list the findings.
import { inScope, type Principal } from '../domain/access.js';
import { DuplicateFinder } from '../domain/quality/duplicates.js';
import { checkHousehold, qualityRules, type QualityFinding } from '../domain/quality/rules.js';
import { aggregate } from '../domain/quality/score.js';
import { levelOf, subtreeRange } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import * as qs from '../store/quality.js';
import type { Store } from '../store/store.js';
import { ledgerPage } from '../store/workbook-ledger.js';
import { type Clock, isoNow, today } from './clock.js';
import { NotFound } from './errors.js';

const pageSize = 2000;

export function createQualityService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  return {
    rules: qualityRules,

    /** Checks the registry under `under` (12 digits) and stores the run; returns the region's figures. */
    async run(actor: string, under: string) {
      const date = today(clock);
      const range = subtreeRange(under);
      const findings: QualityFinding[] = [];
      const perVillage = new Map<string, number>();
      const duplicates = new DuplicateFinder();
      for (let after: readonly [string, string] | null = null; ; ) {
        const page = await ledgerPage(store.db, range, after, pageSize, { members: true, incomes: true });
        for (const h of page.households) {
          const incomes = page.incomes.get(h.id) ?? [];
          const view = { household: h, members: page.members.get(h.id) ?? [], income: incomes.at(-1) ?? null };
          perVillage.set(h.villageCode, (perVillage.get(h.villageCode) ?? 0) + 1);
          for (const f of checkHousehold(view, date)) findings.push(f);
          duplicates.add(view);
        }
        if (!page.next) break;
        after = page.next;
      }
      for (const f of duplicates.findings()) findings.push(f);
      const regions = aggregate(under, perVillage, findings);
      const top = regions.find((r) => r.regionCode === under) ?? { households: 0, findings: 0, score: 100, householdsWithFindings: 0, byRule: {} };
      const now = isoNow(clock);
      const runId = await store.bulkTransaction(async (trx) => {
        const id = await qs.insertQualityRun(trx, { under_code: under, checked_on: date, actor, households: top.households, findings: top.findings, score: top.score, created_at: now });
        await qs.insertSnapshots(store, trx, id, regions);
        await qs.insertFindings(store, trx, id, findings);
        await appendAudit(trx, store.dialect, [{ actor, action: 'quality.run', entityType: 'qualityRun', entityId: String(id), before: null, after: { under, households: top.households, findings: top.findings, score: top.score } }], now);
        return id;
      });
      return { runId, under, checkedOn: date, households: top.households, householdsWithFindings: top.householdsWithFindings, findings: top.findings, score: top.score, byRule: top.byRule, regions: regions.map((r) => ({ regionCode: r.regionCode, level: r.level, households: r.households, householdsWithFindings: r.householdsWithFindings, findings: r.findings, score: r.score })) };
    },

    /** The latest score of a region and its children, and the region's trend over runs. */
    async dashboard(p: Principal, under: string) {
      if (!inScope(p, under)) throw new NotFound('region', under);
      const childLevel = Math.min(5, levelOf(under) + 1);
      const [latest, trend] = await Promise.all([qs.latestSnapshots(store.db, under, childLevel), qs.trendOf(store.db, under)]);
      const region = latest.rows.find((r) => r.region_code === under) ?? null;
      return {
        runId: latest.runId,
        region: region ? { regionCode: under, households: region.households, householdsWithFindings: region.households_with_findings, findings: region.findings, score: region.score, byRule: JSON.parse(region.by_rule_json) as Record<string, number> } : null,
        children: latest.rows.filter((r) => r.region_code !== under).map((r) => ({ regionCode: r.region_code, level: r.level, households: r.households, householdsWithFindings: r.households_with_findings, findings: r.findings, score: r.score })),
        trend: trend.map((t) => ({ runId: t.run_id, at: t.created_at, checkedOn: t.checked_on, households: t.households, findings: t.findings, score: t.score })),
      };
    },

    async findings(p: Principal, runId: number, under: string, limit: number, offset: number) {
      if (!inScope(p, under)) throw new NotFound('region', under);
      return qs.findingsOf(store.db, runId, under, limit, offset);
    },
  };
}

export type QualityService = ReturnType<typeof createQualityService>;
