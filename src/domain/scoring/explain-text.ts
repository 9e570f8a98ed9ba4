// What the Chinese and the English explanations share: which facts each sentence states, chosen
// once here, so that the two languages say the same things and differ only in their words.
import { type Counterfactual, type Gap, type UnitExplanation, totalParts } from './explain.js';
import { formatPoints, formatWeight } from './points.js';
import type { RankedUnit, Ranking } from './rank.js';
import type { Scheme } from './scheme.js';

/** The words a language uses where the scheme gives no name. */
export interface FallbackWords {
  readonly allUnits: string;
  readonly bonusItems: string;
  readonly deductionItems: string;
}

/** Gaps this small, in hundredths, are said with "only" (仅). */
export const narrowGap = 20;

/** 1 for last, 2 for second from bottom, 3 for third, in a list long enough for that to mean something. */
export function placeFromBottom(rank: number, of: number): number | null {
  const k = of - rank + 1;
  return of >= 6 && k >= 1 && k <= 3 ? k : null;
}

export function groupNameIn(scheme: Scheme, groupId: string | null, allUnits: string): string {
  return groupId === null ? allUnits : scheme.peerGroups.find((g) => g.id === groupId)?.name ?? groupId;
}

export function partNameIn(scheme: Scheme, key: string, words: FallbackWords): string {
  return scheme.components.find((c) => c.id === key)?.name ?? (key === 'bonus' ? words.bonusItems : key === 'deduction' ? words.deductionItems : key);
}

export function vetoNamesOf(scheme: Scheme, unit: RankedUnit, separator: string): string {
  return unit.vetoes.map((v) => scheme.vetoes.find((x) => x.id === v)?.name ?? v).join(separator);
}

/** "交叉检查 98.20 + 月通报 1.60": bonus items are shown inside the component they belong to. */
export function totalPartsIn(scheme: Scheme, unit: RankedUnit, words: { bonus: string; deduction: string; capped: string }): string {
  return totalParts(scheme, unit)
    .flatMap((p) => {
      const c = scheme.components.find((x) => x.id === p.key);
      if (c !== undefined && c.weight !== null) return [`${c.name} ${formatPoints(unit.values[c.id] ?? 0)}×${formatWeight(c.weight)}`];
      if (c !== undefined) return [`${c.name} ${formatPoints(p.points)}`];
      if (p.points === 0) return [];
      const capped = p.capped ? words.capped : '';
      return [p.key === 'bonus' ? `+ ${words.bonus} ${formatPoints(p.points)}${capped}` : `− ${words.deduction} ${formatPoints(-p.points)}${capped}`];
    })
    .join(' + ')
    .replace(/ \+ ([+−]) /g, ' $1 ');
}

/** The part that makes most of a gap, when the other unit is ahead on it. */
export function mainGapPart(g: Gap): Gap['parts'][number] | null {
  const main = [...g.parts].sort((a, b) => b.diff - a.diff)[0];
  return main !== undefined && main.diff > 0 ? main : null;
}

/** The parts of a gap that differ, the other unit's largest lead first. */
export function differingParts(g: Gap): Gap['parts'] {
  return [...g.parts].filter((p) => p.diff !== 0).sort((a, b) => b.diff - a.diff);
}

/** Whether the gap to the first is worth its own clause: not the unit above, and the first has more points. */
export function topGapShown(e: UnitExplanation): Gap | null {
  // A vetoed unit may have more points than the first; a negative gap would only confuse.
  return e.top !== null && e.top.unitId !== e.above?.unitId && e.top.diff > 0 ? e.top : null;
}

/** Of the "at the peer median" what-ifs, the one that moves the rank most; only that one is said. */
export function strongestMedian(unit: RankedUnit, e: UnitExplanation): Extract<Counterfactual, { kind: 'componentAtPeerMedian' }> | null {
  const medians = e.counterfactuals.flatMap((c) => (c.kind === 'componentAtPeerMedian' && c.rank !== unit.rank ? [c] : []));
  return medians.sort((a, b) => Math.abs(b.rank - unit.rank) - Math.abs(a.rank - unit.rank))[0] ?? null;
}

/** Where a set of units stands, overall or within a peer group. */
export interface SelectionPlace {
  readonly ranks: readonly number[];
  readonly of: number;
  readonly lo: number;
  readonly hi: number;
  /** The last k places, the first k, or neither. */
  readonly where: 'bottom' | 'top' | 'scattered';
}

export function selectionPlace(ranking: Ranking, unitIds: readonly string[], groupId: string | null): SelectionPlace {
  const chosen = ranking.units.filter((u) => unitIds.includes(u.unitId));
  const rankIn = (u: RankedUnit): number => (groupId === null ? u.rank : u.peerRanks.find((p) => p.groupId === groupId)?.rank ?? 0);
  const ranks = chosen.map(rankIn).sort((a, b) => a - b);
  const of = groupId === null ? ranking.units.length : ranking.peerGroupSizes[groupId] ?? 0;
  const lo = ranks[0] ?? 0;
  const hi = ranks[ranks.length - 1] ?? 0;
  const consecutive = hi - lo + 1 === ranks.length;
  return { ranks, of, lo, hi, where: consecutive && hi === of ? 'bottom' : consecutive && lo === 1 ? 'top' : 'scattered' };
}

/** What the heading sentence of a ranking names: how many, the first, the last, how many vetoed. */
export function rankingHead(ranking: Ranking): { count: number; first: RankedUnit | null; last: RankedUnit | null; vetoed: number } {
  const first = ranking.units[0] ?? null;
  const last = ranking.units[ranking.units.length - 1] ?? null;
  return { count: ranking.units.length, first, last: last === first ? null : last, vetoed: ranking.units.filter((u) => u.vetoed).length };
}
