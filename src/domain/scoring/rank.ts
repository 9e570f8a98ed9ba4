// Totals and ranks. Competition ranking (1224): equal units share a rank and the next rank skips.
import { ScoringInputError } from './issues.js';
import { toHundredths, weighted } from './points.js';
import type { Scheme, SchemeComponent } from './scheme.js';
import { type ScoreSheet, type UnitScore, type ValidateOptions, validateScores } from './scores.js';

/** A unit's points, all in integer hundredths. */
export interface ScoredUnit {
  readonly unitId: string;
  readonly unitName: string;
  readonly peerGroups: readonly string[];
  /** Component values as entered. */
  readonly values: Readonly<Record<string, number>>;
  /** What each component adds to the total (the value, or value × weight rounded half up). */
  readonly contributions: Readonly<Record<string, number>>;
  readonly bonusItems: Readonly<Record<string, number>>;
  readonly deductionItems: Readonly<Record<string, number>>;
  /** Bonus points counted, after the scheme's cap on all bonus items together. */
  readonly bonus: number;
  /** Deduction points counted (positive), after the cap. */
  readonly deduction: number;
  readonly total: number;
  readonly vetoes: readonly string[];
}

export interface PeerRank {
  readonly groupId: string;
  readonly rank: number;
  readonly of: number;
}

export interface RankedUnit extends ScoredUnit {
  readonly rank: number;
  /** Shares its rank with another unit. */
  readonly tied: boolean;
  readonly vetoed: boolean;
  readonly peerRanks: readonly PeerRank[];
}

export interface Ranking {
  readonly schemeId: string;
  readonly schemeVersion: string;
  readonly period: string;
  /** Best first; units sharing a rank in unit id order. */
  readonly units: readonly RankedUnit[];
  readonly peerGroupSizes: Readonly<Record<string, number>>;
}

export interface ScoreParts {
  readonly unitId: string;
  readonly unitName: string;
  readonly peerGroups: readonly string[];
  readonly values: Readonly<Record<string, number>>;
  readonly bonusItems: Readonly<Record<string, number>>;
  readonly deductionItems: Readonly<Record<string, number>>;
  readonly vetoes: readonly string[];
}

export function contributionOf(component: SchemeComponent, value: number): number {
  return component.weight === null ? value : weighted(value, component.weight);
}

/** Totals from entered parts (hundredths). Counterfactuals call this with parts changed. */
export function scoreParts(scheme: Scheme, parts: ScoreParts): ScoredUnit {
  const contributions: Record<string, number> = {};
  let sum = 0;
  for (const c of scheme.components) {
    const points = contributionOf(c, parts.values[c.id] ?? 0);
    contributions[c.id] = points;
    sum += points;
  }
  const capped = (items: Readonly<Record<string, number>>, cap: number | null): number => {
    const all = Object.values(items).reduce((a, b) => a + b, 0);
    return cap === null ? all : Math.min(all, cap);
  };
  const bonus = capped(parts.bonusItems, scheme.bonuses.cap);
  const deduction = capped(parts.deductionItems, scheme.deductions.cap);
  // Copy field by field: callers pass ranked units, whose rank must not leak into a counterfactual.
  const { unitId, unitName, peerGroups, values, bonusItems, deductionItems, vetoes } = parts;
  return { unitId, unitName, peerGroups, values, contributions, bonusItems, deductionItems, bonus, deduction, total: sum + bonus - deduction, vetoes };
}

/** Scores one validated row; peer groups from the scheme's roster are added to the row's own. */
export function scoreRow(scheme: Scheme, row: UnitScore): ScoredUnit {
  const hundredths = (record: Readonly<Record<string, number | null>>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(record)) if (v !== null) out[k] = toHundredths(v) ?? 0;
    return out;
  };
  const roster = scheme.units?.find((u) => u.id === row.unitId)?.peerGroups ?? [];
  return scoreParts(scheme, {
    unitId: row.unitId,
    unitName: row.unitName,
    peerGroups: [...new Set([...row.peerGroups, ...roster])],
    values: hundredths(row.components),
    bonusItems: hundredths(row.bonuses),
    deductionItems: hundredths(row.deductions),
    vetoes: row.vetoes,
  });
}

/** Negative when `a` ranks ahead of `b`; 0 when they share a rank. Vetoed units come after all others. */
export function compareUnits(scheme: Scheme): (a: ScoredUnit, b: ScoredUnit) => number {
  const breakBy = scheme.tieRule.kind === 'breakBy' ? scheme.tieRule.components : [];
  return (a, b) => {
    const vetoed = Number(a.vetoes.length > 0) - Number(b.vetoes.length > 0);
    if (vetoed !== 0) return vetoed;
    if (a.total !== b.total) return b.total - a.total;
    for (const id of breakBy) {
      const d = (b.contributions[id] ?? 0) - (a.contributions[id] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
}

/** The rank `unit` would have among `others` (which must not include it). */
export function rankAmong(scheme: Scheme, unit: ScoredUnit, others: readonly ScoredUnit[]): number {
  const compare = compareUnits(scheme);
  return 1 + others.filter((o) => compare(o, unit) < 0).length;
}

export function rankScored(scheme: Scheme, period: string, scored: readonly ScoredUnit[]): Ranking {
  const compare = compareUnits(scheme);
  const order = (a: ScoredUnit, b: ScoredUnit): number => compare(a, b) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);
  const sorted = [...scored].sort(order);
  const overall = competitionRanks(sorted, compare);
  const peerRanks = new Map<string, PeerRank[]>();
  const peerGroupSizes: Record<string, number> = {};
  for (const g of scheme.peerGroups) {
    const members = sorted.filter((u) => u.peerGroups.includes(g.id));
    peerGroupSizes[g.id] = members.length;
    competitionRanks(members, compare).forEach((rank, i) => {
      const id = members[i]?.unitId ?? '';
      peerRanks.set(id, [...(peerRanks.get(id) ?? []), { groupId: g.id, rank, of: members.length }]);
    });
  }
  const units = sorted.map((u, i) => {
    const rank = overall[i] ?? i + 1;
    const tied = overall[i - 1] === rank || overall[i + 1] === rank;
    return { ...u, rank, tied, vetoed: u.vetoes.length > 0, peerRanks: peerRanks.get(u.unitId) ?? [] };
  });
  return { schemeId: scheme.id, schemeVersion: scheme.version, period, units, peerGroupSizes };
}

function competitionRanks(sorted: readonly ScoredUnit[], compare: (a: ScoredUnit, b: ScoredUnit) => number): number[] {
  const ranks: number[] = [];
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    const prevRank = ranks[i - 1];
    ranks.push(prev !== undefined && prevRank !== undefined && compare(prev, u) === 0 ? prevRank : i + 1);
  });
  return ranks;
}

/** Validate one period of a sheet and rank it; throws ScoringInputError with every problem, ranking nothing. */
export function rankPeriod(scheme: Scheme, sheet: ScoreSheet, period: string, options: ValidateOptions = {}): Ranking {
  const issues = validateScores(scheme, sheet, period, options);
  if (issues.length > 0) throw new ScoringInputError(issues);
  const rows = sheet.rows.filter((r) => r.period === period);
  return rankScored(scheme, period, rows.map((r) => scoreRow(scheme, r)));
}
