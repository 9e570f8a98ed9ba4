// Why a unit stands where it does: gaps to its neighbours and the top, split by component;
// what its rank would be under small changes; and how it moved since the last period.
import { type PeerRank, type RankedUnit, type Ranking, type ScoredUnit, compareUnits, contributionOf, scoreParts } from './rank.js';
import type { Scheme } from './scheme.js';

/** One piece of a gap: how much more the other unit got from it (negative: less). */
export interface GapPart {
  /** A component id, or `bonus` / `deduction`. */
  readonly key: string;
  readonly name: string;
  readonly diff: number;
}

export interface Gap {
  readonly unitId: string;
  readonly unitName: string;
  readonly rank: number;
  /** Other unit's total minus this unit's, in hundredths. The parts add up to it exactly. */
  readonly diff: number;
  readonly parts: readonly GapPart[];
  /** One of the two is vetoed and the other not: the veto, not the points, orders them. */
  readonly byVeto: boolean;
  /** Equal totals separated by the tie rule: the component that decided; null otherwise. */
  readonly decidedBy: string | null;
}

interface CounterfactualBase {
  readonly total: number;
  readonly rank: number;
  readonly peerRanks: readonly PeerRank[];
}

export type Counterfactual =
  | (CounterfactualBase & { readonly kind: 'withoutBonus' })
  | (CounterfactualBase & { readonly kind: 'componentAtPeerMedian'; readonly componentId: string; readonly groupId: string | null; readonly median: number })
  | (CounterfactualBase & { readonly kind: 'vetoLifted'; readonly vetoId: string; readonly stillVetoed: boolean });

export interface Change {
  readonly previousPeriod: string;
  readonly previousRank: number;
  /** Places gained since the previous period (negative: lost). */
  readonly rankChange: number;
  readonly previousTotal: number;
  readonly totalChange: number;
}

/** Where a unit stands on one component alone (seed 003: 月通报 1.9 分，位列第一；八办两组位列第三). */
export interface ComponentRank {
  readonly componentId: string;
  /** The value as reported: entered value for weighted components, points with their items for others. */
  readonly value: number;
  readonly rank: number;
}

export interface UnitExplanation {
  readonly unitId: string;
  readonly unitName: string;
  readonly rank: number;
  /** How many units were ranked. */
  readonly of: number;
  readonly total: number;
  readonly vetoed: boolean;
  /** The nearest unit ranked strictly ahead, strictly behind, and the first; null when there is none. */
  readonly above: Gap | null;
  readonly below: Gap | null;
  readonly top: Gap | null;
  readonly componentRanks: readonly ComponentRank[];
  readonly counterfactuals: readonly Counterfactual[];
  readonly change: Change | null;
}

export function explainRanking(scheme: Scheme, ranking: Ranking, previous: Ranking | null = null): UnitExplanation[] {
  const context = explainContext(scheme, ranking, previous);
  return ranking.units.map((u, i) => explainRankedUnit(context, u, i));
}

export function explainUnit(scheme: Scheme, ranking: Ranking, unitId: string, previous: Ranking | null = null): UnitExplanation | null {
  const i = ranking.units.findIndex((u) => u.unitId === unitId);
  const unit = ranking.units[i];
  return unit === undefined ? null : explainRankedUnit(explainContext(scheme, ranking, previous), unit, i);
}

/**
 * What every unit's explanation shares, computed once per ranking: component standings, peer
 * lists, peer medians and previous ranks. Keeps a 1,000-unit table near n log n instead of n².
 */
interface ExplainContext {
  readonly scheme: Scheme;
  readonly ranking: Ranking;
  readonly compare: (a: ScoredUnit, b: ScoredUnit) => number;
  readonly standings: Map<string, ComponentRank[]>;
  /** Members of each peer group in rank order, and each member's position there. */
  readonly groups: Map<string, readonly RankedUnit[]>;
  readonly positions: Map<string, Map<string, number>>;
  /** Median of a component's values in a peer group ('' key part: all units). */
  readonly medians: Map<string, number>;
  readonly previous: Map<string, RankedUnit> | null;
  readonly previousPeriod: string;
}

function explainContext(scheme: Scheme, ranking: Ranking, previous: Ranking | null): ExplainContext {
  const groups = new Map<string, readonly RankedUnit[]>();
  for (const g of scheme.peerGroups) groups.set(g.id, ranking.units.filter((u) => u.peerGroups.includes(g.id)));
  const medians = new Map<string, number>();
  for (const c of scheme.components) {
    medians.set(`${c.id}|`, median(ranking.units.map((u) => u.values[c.id] ?? 0)));
    for (const [id, members] of groups) medians.set(`${c.id}|${id}`, median(members.map((u) => u.values[c.id] ?? 0)));
  }
  const positions = new Map<string, Map<string, number>>();
  for (const [id, members] of groups) positions.set(id, new Map(members.map((u, k) => [u.unitId, k])));
  return {
    scheme,
    ranking,
    positions,
    compare: compareUnits(scheme),
    standings: componentStandings(scheme, ranking),
    groups,
    medians,
    previous: previous === null ? null : new Map(previous.units.map((u) => [u.unitId, u])),
    previousPeriod: previous?.period ?? '',
  };
}

/** Competition ranks on each component alone, vetoed units included: they are facts about the scores. */
function componentStandings(scheme: Scheme, ranking: Ranking): Map<string, ComponentRank[]> {
  const out = new Map<string, ComponentRank[]>();
  for (const u of ranking.units) out.set(u.unitId, []);
  scheme.components.forEach((c, i) => {
    const reported = ranking.units.map((u) => ({ u, value: c.weight === null ? totalParts(scheme, u)[i]?.points ?? 0 : u.values[c.id] ?? 0 }));
    // Rank = 1 + how many have strictly more: the first position of the value in a descending sort.
    const sorted = reported.map((r) => r.value).sort((a, b) => b - a);
    const firstAt = new Map<number, number>();
    sorted.forEach((v, k) => {
      if (!firstAt.has(v)) firstAt.set(v, k + 1);
    });
    for (const { u, value } of reported) out.get(u.unitId)?.push({ componentId: c.id, value, rank: firstAt.get(value) ?? 1 });
  });
  return out;
}

/**
 * The rank `changed` (a changed copy of the unit at `selfIndex`) would take in `sorted` (units in
 * rank order, that unit included). Units strictly ahead of it form a prefix of the order, found by
 * binary search; the unit itself does not count against its changed copy.
 */
function rankIn(compare: ExplainContext['compare'], sorted: readonly RankedUnit[], changed: ScoredUnit, selfIndex: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const o = sorted[mid];
    if (o !== undefined && compare(o, changed) < 0) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo - (selfIndex >= 0 && selfIndex < lo ? 1 : 0);
}

function explainRankedUnit(ctx: ExplainContext, unit: RankedUnit, index: number): UnitExplanation {
  const { scheme, ranking } = ctx;
  let a = index - 1;
  while (a >= 0 && (ranking.units[a]?.rank ?? 0) >= unit.rank) a -= 1;
  let b = index + 1;
  while (b < ranking.units.length && (ranking.units[b]?.rank ?? 0) <= unit.rank) b += 1;
  const first = ranking.units[0];
  return {
    unitId: unit.unitId,
    unitName: unit.unitName,
    rank: unit.rank,
    of: ranking.units.length,
    total: unit.total,
    vetoed: unit.vetoed,
    above: gap(scheme, unit, ranking.units[a]),
    below: gap(scheme, unit, ranking.units[b]),
    top: first !== undefined && first.rank < unit.rank ? gap(scheme, unit, first) : null,
    componentRanks: ctx.standings.get(unit.unitId) ?? [],
    counterfactuals: counterfactuals(ctx, unit, index),
    change: changeSince(unit, ctx),
  };
}

/** One line of a total as officials report it. */
export interface TotalPart {
  /** A component id, or `bonus` / `deduction` for items not reported with a component. */
  readonly key: string;
  readonly name: string;
  /** Signed points this part adds (deductions are negative). */
  readonly points: number;
  /** Bonus or deduction points were cut off at the scheme's cap. */
  readonly capped: boolean;
}

/**
 * A total split the way it is reported: bonus and deduction items inside the additive component
 * they belong to (月通报得分 includes its bonus items), the rest on their own. Adds up to the total exactly.
 */
export function totalParts(scheme: Scheme, unit: ScoredUnit): TotalPart[] {
  const sum = (r: Readonly<Record<string, number>>): number => Object.values(r).reduce((a, b) => a + b, 0);
  // Once a cap has cut items off, no item can be said to be inside a component.
  const foldBonus = unit.bonus === sum(unit.bonusItems);
  const foldDeduction = unit.deduction === sum(unit.deductionItems);
  let bonus = unit.bonus;
  let deduction = unit.deduction;
  const parts: TotalPart[] = scheme.components.map((c) => {
    let points = unit.contributions[c.id] ?? 0;
    // Weighted components are shown as value × weight, which has no room for items.
    if (c.weight === null) {
      for (const item of scheme.bonuses.items) {
        const v = unit.bonusItems[item.id] ?? 0;
        if (foldBonus && item.component === c.id && v !== 0) [points, bonus] = [points + v, bonus - v];
      }
      for (const item of scheme.deductions.items) {
        const v = unit.deductionItems[item.id] ?? 0;
        if (foldDeduction && item.component === c.id && v !== 0) [points, deduction] = [points - v, deduction - v];
      }
    }
    return { key: c.id, name: c.name, points, capped: false };
  });
  if (scheme.bonuses.items.length > 0) parts.push({ key: 'bonus', name: '加分项', points: bonus, capped: !foldBonus });
  if (scheme.deductions.items.length > 0) parts.push({ key: 'deduction', name: '扣分项', points: -deduction, capped: !foldDeduction });
  return parts;
}

export function gap(scheme: Scheme, unit: ScoredUnit, other: RankedUnit | undefined): Gap | null {
  if (other === undefined) return null;
  const mine = totalParts(scheme, unit);
  const theirs = totalParts(scheme, other);
  const parts = theirs.map((t, i) => ({ key: t.key, name: t.name, diff: t.points - (mine[i]?.points ?? 0) }));
  const byVeto = unit.vetoes.length > 0 !== other.vetoes.length > 0;
  const breakBy = scheme.tieRule.kind === 'breakBy' && !byVeto && other.total === unit.total ? scheme.tieRule.components : [];
  const decidedBy = breakBy.find((id) => (other.contributions[id] ?? 0) !== (unit.contributions[id] ?? 0)) ?? null;
  return { unitId: other.unitId, unitName: other.unitName, rank: other.rank, diff: other.total - unit.total, parts, byVeto, decidedBy };
}

function counterfactuals(ctx: ExplainContext, unit: RankedUnit, index: number): Counterfactual[] {
  const { scheme, ranking, compare } = ctx;
  const place = (changed: ScoredUnit): CounterfactualBase => ({
    total: changed.total,
    rank: rankIn(compare, ranking.units, changed, index),
    peerRanks: unit.peerGroups.map((groupId) => {
      const peers = ctx.groups.get(groupId) ?? [];
      return { groupId, rank: rankIn(compare, peers, changed, ctx.positions.get(groupId)?.get(unit.unitId) ?? -1), of: peers.length };
    }),
  });
  const out: Counterfactual[] = [];
  if (Object.keys(unit.bonusItems).length > 0) out.push({ kind: 'withoutBonus', ...place(scoreParts(scheme, { ...unit, bonusItems: {} })) });
  const groups: (string | null)[] = unit.peerGroups.length > 0 ? [...unit.peerGroups] : [null];
  for (const c of scheme.components) {
    for (const groupId of groups) {
      const m = ctx.medians.get(`${c.id}|${groupId ?? ''}`) ?? median(ranking.units.filter((u) => groupId === null || u.peerGroups.includes(groupId)).map((p) => p.values[c.id] ?? 0));
      const value = unit.values[c.id] ?? 0;
      if (m === value || contributionOf(c, m) === contributionOf(c, value)) continue;
      const changed = scoreParts(scheme, { ...unit, values: { ...unit.values, [c.id]: m } });
      out.push({ kind: 'componentAtPeerMedian', componentId: c.id, groupId, median: m, ...place(changed) });
    }
  }
  for (const vetoId of unit.vetoes) {
    const vetoes = unit.vetoes.filter((v) => v !== vetoId);
    out.push({ kind: 'vetoLifted', vetoId, stillVetoed: vetoes.length > 0, ...place(scoreParts(scheme, { ...unit, vetoes })) });
  }
  return out;
}

/** Median in hundredths; an even count takes the mean of the middle two, rounded half up. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  if (sorted.length % 2 === 1) return hi;
  const lo = sorted[mid - 1] ?? hi;
  return Math.floor((lo + hi + 1) / 2);
}

function changeSince(unit: RankedUnit, ctx: ExplainContext): Change | null {
  const before = ctx.previous?.get(unit.unitId);
  if (before === undefined) return null;
  return {
    previousPeriod: ctx.previousPeriod,
    previousRank: before.rank,
    rankChange: before.rank - unit.rank,
    previousTotal: before.total,
    totalChange: unit.total - before.total,
  };
}
