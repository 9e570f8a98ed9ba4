// Scoring as the API and the web read it: points as decimals, names beside ids.
import { metricById, metricDefinitions } from '../domain/scoring/metrics.js';
import { periodEn, periodZh } from '../domain/scoring/period.js';
import { toDecimal } from '../domain/scoring/points.js';
import { rankReportJson } from '../domain/scoring/present.js';
import type { Scheme } from '../domain/scoring/scheme.js';
import type { StoredReport } from './scoring.js';
import { isComputable } from './scoring-metrics.js';

/** Shown with every table, page and export built from sample figures. */
export const sampleNote = '示例数据：本期得分为演示用样例（据种子 003 所述情形编制，除平利县 98.20 + 1.6 等少数数字外均为虚构），不是真实考核结果。';
export const sampleNoteEn = 'Sample data: the scores of this period are a demonstration sample (built from the case seed 003 describes; apart from a few figures such as 平利县’s 98.20 + 1.6 they are invented), not real assessment results.';

export function presentScheme(scheme: Scheme, ownerRegion: string) {
  const item = (i: { id: string; name: string; cap: number; component: string | null }) => ({ id: i.id, name: i.name, cap: toDecimal(i.cap), component: i.component });
  return {
    id: scheme.id,
    version: scheme.version,
    name: scheme.name,
    periodType: scheme.periodType,
    unitType: scheme.unitType,
    scope: scheme.scope,
    ownerRegion,
    components: scheme.components.map((c) => ({ id: c.id, name: c.name, max: toDecimal(c.max), weight: c.weight === null ? null : c.weight / 1_000_000, metric: c.metric ?? null, metricName: c.metric === undefined ? null : metricById(c.metric)?.name ?? null })),
    bonuses: { cap: scheme.bonuses.cap === null ? null : toDecimal(scheme.bonuses.cap), items: scheme.bonuses.items.map(item) },
    deductions: { cap: scheme.deductions.cap === null ? null : toDecimal(scheme.deductions.cap), items: scheme.deductions.items.map(item) },
    vetoes: scheme.vetoes,
    peerGroups: scheme.peerGroups,
    tieRule: scheme.tieRule,
    consequences: scheme.consequences,
  };
}

export function presentReport(r: StoredReport) {
  return {
    ...rankReportJson(r),
    periodName: periodZh(r.scheme.periodType, r.ranking.period),
    periodNameEn: periodEn(r.scheme.periodType, r.ranking.period),
    scheme: presentScheme(r.scheme, r.stored.row.owner_region),
    sample: r.sample,
    sampleNote: r.sample ? sampleNote : null,
    sampleNoteEn: r.sample ? sampleNoteEn : null,
    sources: r.sources,
    imports: r.imports,
  };
}

/** The metric registry: what can be computed now, and what is planned until its data exists. */
export function presentMetrics() {
  return {
    available: metricDefinitions.filter((m) => isComputable(m.id)),
    // Every metric named in the glossary now has its data; new ones are listed here until theirs exists.
    planned: [] as { id: string; name: string; waitsFor: string }[],
  };
}
