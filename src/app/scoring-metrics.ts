// The metric registry's computations: each named metric (domain/scoring/metrics.ts) reads the
// system's own data for the units of one region level and period. A metric not listed here has
// no data in the system yet and cannot be used.
import { type MetricValue, shareOf } from '../domain/scoring/metrics.js';
import { periodBounds } from '../domain/scoring/period.js';
import type { PeriodType } from '../domain/scoring/scheme.js';
import { completenessFields, exitsWithProcedure, rectificationDue, registryFilled, satisfactionAnswers, visitedInPeriod } from '../store/scoring-metrics.js';
import type { Executor } from '../store/store.js';

/** Unit ids of region units are their significant code prefix: 6109 (city), 610926 (county). */
export const unitPrefixLength = { city: 4, county: 6 } as const;
export type RegionUnitType = keyof typeof unitPrefixLength;

export interface MetricContext {
  readonly db: Executor;
  readonly under: string;
  readonly unitType: RegionUnitType;
  readonly periodType: PeriodType;
  readonly period: string;
}

type Compute = (ctx: MetricContext) => Promise<MetricValue[]>;

const computations: Record<string, Compute> = {
  async rectificationOnTime(ctx) {
    const bounds = periodBounds(ctx.periodType, ctx.period);
    if (bounds === null) return [];
    const rows = await rectificationDue(ctx.db, ctx.under, unitPrefixLength[ctx.unitType], bounds[0], bounds[1]);
    return rows.map((r) => ({ unitId: r.prefix, share: shareOf(r.onTime, r.due), counts: { due: r.due, onTime: r.onTime } }));
  },
  // The registry as it stands now: it has no history per period, so every period reads today's data.
  async registryCompleteness(ctx) {
    const rows = await registryFilled(ctx.db, ctx.under, unitPrefixLength[ctx.unitType]);
    const fields = completenessFields.length;
    return rows.map((r) => ({ unitId: r.prefix, share: shareOf(r.filled, r.households * fields), counts: { households: r.households, cells: r.households * fields, filled: r.filled } }));
  },
  async visitCoverage(ctx) {
    const rows = await visitedInPeriod(ctx.db, ctx.under, unitPrefixLength[ctx.unitType], ctx.period);
    return rows.map((r) => ({ unitId: r.prefix, share: shareOf(r.visited, r.households), counts: { households: r.households, visited: r.visited } }));
  },
  async satisfactionRate(ctx) {
    const bounds = periodBounds(ctx.periodType, ctx.period);
    if (bounds === null) return [];
    const rows = await satisfactionAnswers(ctx.db, ctx.under, unitPrefixLength[ctx.unitType], bounds[0], bounds[1]);
    return rows.map((r) => ({ unitId: r.prefix, share: shareOf(r.positive, r.total), counts: { answers: r.total, positive: r.positive } }));
  },
  async exitCompleteness(ctx) {
    const bounds = periodBounds(ctx.periodType, ctx.period);
    if (bounds === null) return [];
    const rows = await exitsWithProcedure(ctx.db, ctx.under, unitPrefixLength[ctx.unitType], bounds[0], bounds[1]);
    return rows.map((r) => ({ unitId: r.prefix, share: shareOf(r.withProcedure, r.exits), counts: { exits: r.exits, withProcedure: r.withProcedure } }));
  },
};

export function isComputable(metricId: string): boolean {
  return computations[metricId] !== undefined;
}

export async function computeMetric(metricId: string, ctx: MetricContext): Promise<Map<string, MetricValue>> {
  const compute = computations[metricId];
  if (compute === undefined) return new Map();
  return new Map((await compute(ctx)).map((v) => [v.unitId, v]));
}
