// Findings on household plans (seeds 001, 002: one generic measure written for every cause).
// 1. A household whose plan leaves a recorded cause without any measure that answers it.
// 2. A village or cadre whose plans give the same measures to households with different causes.
import type { Measure } from './catalogue.js';

export interface PlanForFindings {
  readonly householdId: number;
  readonly villageCode: string;
  readonly cadreId: number | null;
  readonly mainCause: string;
  readonly otherCauses: readonly string[];
  readonly measures: readonly string[];
}

/** Recorded causes no measure of the plan addresses. `other` is answered by any measure. */
export function uncoveredCauses(causes: readonly string[], measures: readonly string[], catalogue: ReadonlyMap<string, Measure>): string[] {
  const answered = new Set<string>();
  for (const code of measures) for (const c of catalogue.get(code)?.causes ?? []) answered.add(c);
  const missing: string[] = [];
  for (const cause of new Set(causes)) {
    if (cause === 'other' && measures.length > 0) continue;
    if (!answered.has(cause)) missing.push(cause);
  }
  return missing;
}

export interface GenericRule {
  /** Fewer planned households than this say nothing about a habit. */
  readonly minHouseholds: number;
  /** Share of plans with exactly the most common measure set that makes the unit generic. */
  readonly share: number;
}

export const defaultGenericRule: GenericRule = { minHouseholds: 3, share: 0.8 };

export interface GenericFinding {
  readonly key: string;
  readonly households: number;
  readonly distinctCauses: number;
  readonly sameSet: readonly string[];
  readonly sameCount: number;
  readonly share: number;
}

/**
 * Groups plans by `keyOf` (a village, a cadre) and flags the groups where most households got the
 * same set of measures although their main causes differ: the measure does not follow the cause.
 */
export function genericMeasureFindings(plans: readonly PlanForFindings[], keyOf: (p: PlanForFindings) => string | null, rule: GenericRule = defaultGenericRule): GenericFinding[] {
  const groups = new Map<string, PlanForFindings[]>();
  for (const p of plans) {
    if (p.measures.length === 0) continue;
    const key = keyOf(p);
    if (key === null) continue;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const findings: GenericFinding[] = [];
  for (const [key, list] of groups) {
    if (list.length < rule.minHouseholds) continue;
    const causes = new Set(list.map((p) => p.mainCause));
    if (causes.size < 2) continue;
    const sets = new Map<string, number>();
    for (const p of list) {
      const k = [...new Set(p.measures)].sort().join(',');
      sets.set(k, (sets.get(k) ?? 0) + 1);
    }
    let best = '';
    let count = 0;
    for (const [k, n] of sets) if (n > count || (n === count && k < best)) [best, count] = [k, n];
    const share = count / list.length;
    if (share >= rule.share) findings.push({ key, households: list.length, distinctCauses: causes.size, sameSet: best.split(','), sameCount: count, share });
  }
  return findings.sort((a, b) => b.share - a.share || a.key.localeCompare(b.key));
}
