// Metric components filled in from the system's own data before a period is checked: a unit
// without data for a metric is a problem naming unit and metric, as a missing score is.
import { metricById, metricPoints } from '../domain/scoring/metrics.js';
import type { ScoringIssue } from '../domain/scoring/issues.js';
import { isPeriod } from '../domain/scoring/period.js';
import { toDecimal } from '../domain/scoring/points.js';
import type { ScoreSheet } from '../domain/scoring/scores.js';
import type { Executor } from '../store/store.js';
import { computeMetric } from './scoring-metrics.js';
import { isRegionUnit, type StoredScheme } from './scoring-stored.js';

/** Fills metric components from the system's data; problems for units without data. */
export async function fillMetrics(db: Executor, s: StoredScheme, sheet: ScoreSheet, periods: readonly string[]): Promise<{ sheet: ScoreSheet; issues: ScoringIssue[] }> {
  const metricComponents = s.scheme.components.filter((c) => c.metric !== undefined);
  if (metricComponents.length === 0) return { sheet, issues: [] };
  const issues: ScoringIssue[] = [];
  const unitType = s.scheme.unitType;
  const values = new Map<string, Map<string, Map<string, { share: number | null }>>>();
  for (const period of periods) {
    const byMetric = new Map<string, Map<string, { share: number | null }>>();
    for (const c of metricComponents) {
      const metric = c.metric ?? '';
      if (!isRegionUnit(unitType) || !isPeriod(s.scheme.periodType, period)) continue;
      byMetric.set(metric, await computeMetric(metric, { db, under: s.row.owner_region, unitType, periodType: s.scheme.periodType, period }));
    }
    values.set(period, byMetric);
  }
  const rows = sheet.rows.map((row) => {
    const components = { ...row.components };
    for (const c of metricComponents) {
      const metric = metricById(c.metric ?? '');
      const who = { file: sheet.file, line: row.line, unitId: row.unitId, unitName: row.unitName, component: c.id };
      if (row.components[c.id] !== undefined && row.components[c.id] !== null) {
        issues.push({ ...who, code: 'unknownItem', message: `${row.unitName}（${row.unitId}）“${c.name}”由系统数据（${metric?.name ?? c.metric}）计算，不能填写`, messageEn: `${row.unitId}: ${c.id} is computed from the system's data and must be left out` });
      }
      const v = values.get(row.period)?.get(c.metric ?? '')?.get(row.unitId);
      if (v === undefined || v.share === null) {
        issues.push({ ...who, code: 'missingScore', message: `${row.unitName}（${row.unitId}）本期没有“${metric?.name ?? c.metric}”的数据（${metric?.definition ?? ''}），无法计算“${c.name}”`, messageEn: `${row.unitId}: no data for metric ${c.metric ?? ''} in ${row.period}` });
        components[c.id] = 0;
      } else components[c.id] = toDecimal(metricPoints(v.share, c.max));
    }
    return { ...row, components };
  });
  return { sheet: { ...sheet, rows }, issues };
}
