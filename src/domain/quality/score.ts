// The quality score of a region: the share of its households with no finding, 0–100 with one
// decimal, so a village's score reads as "how much of the registry here is clean". Towns and
// counties weigh their villages by households.
import { levelOf, parentCode } from '../region-code.js';
import type { QualityFinding, QualityRule } from './rules.js';

export interface RegionQuality {
  readonly regionCode: string;
  readonly level: number;
  households: number;
  householdsWithFindings: number;
  findings: number;
  byRule: Partial<Record<QualityRule, number>>;
  score: number;
}

export function scoreOf(households: number, withFindings: number): number {
  return households === 0 ? 100 : Math.round(((households - withFindings) / households) * 1000) / 10;
}

/**
 * Per-region figures for every village, town and county at or below `under` (and `under` itself),
 * from the households checked per village and the findings.
 */
export function aggregate(under: string, householdsPerVillage: ReadonlyMap<string, number>, findings: readonly QualityFinding[]): RegionQuality[] {
  const regions = new Map<string, RegionQuality>();
  const flagged = new Map<string, Set<number>>();
  const underLevel = levelOf(under);
  const chain = (village: string): string[] => {
    const codes: string[] = [];
    for (let c: string | null = village; c !== null; c = parentCode(c)) {
      const level = levelOf(c);
      if (level < underLevel) break;
      codes.push(c);
    }
    return codes;
  };
  const regionOf = (code: string): RegionQuality => {
    let r = regions.get(code);
    if (!r) {
      r = { regionCode: code, level: levelOf(code), households: 0, householdsWithFindings: 0, findings: 0, byRule: {}, score: 100 };
      regions.set(code, r);
    }
    return r;
  };
  for (const [village, n] of householdsPerVillage) for (const c of chain(village)) regionOf(c).households += n;
  for (const f of findings) {
    for (const c of chain(f.villageCode)) {
      const r = regionOf(c);
      r.findings++;
      r.byRule[f.rule] = (r.byRule[f.rule] ?? 0) + 1;
      let set = flagged.get(c);
      if (!set) flagged.set(c, (set = new Set()));
      set.add(f.householdId);
    }
  }
  for (const r of regions.values()) {
    r.householdsWithFindings = flagged.get(r.regionCode)?.size ?? 0;
    r.score = scoreOf(r.households, r.householdsWithFindings);
  }
  return [...regions.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}
