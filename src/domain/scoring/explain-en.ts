// The ranking explained in plain English, saying what the Chinese text says (explain-zh.ts):
// the total and its parts, the rank overall and in peer groups, the gaps, and what-ifs.
// Unit, scheme, component and peer-group names are data and stay as the scheme writes them.
import type { Counterfactual, Gap, UnitExplanation } from './explain.js';
import { type FallbackWords, differingParts, groupNameIn, mainGapPart, narrowGap, partNameIn, placeFromBottom, rankingHead, selectionPlace, strongestMedian, topGapShown, totalPartsIn, vetoNamesOf } from './explain-text.js';
import { periodEn } from './period.js';
import { formatPoints } from './points.js';
import type { RankedUnit, Ranking } from './rank.js';
import type { Scheme, UnitType } from './scheme.js';

const unitNouns: Record<UnitType, string> = { city: 'cities', county: 'counties (districts)', department: 'departments', assistingUnit: 'assisting units', pilotSite: 'pilot sites' };

const bottomWords = ['', 'last', 'second from bottom', 'third from bottom'];

const fallback: FallbackWords = { allUnits: 'all units', bonusItems: 'bonus items', deductionItems: 'deduction items' };

function fromBottom(rank: number, of: number): string | null {
  const k = placeFromBottom(rank, of);
  return k === null ? null : bottomWords[k] ?? null;
}

/** "rank 3 of 10 (third from bottom)", "rank 4 of 10 (tied)". */
function rankText(rank: number, of: number, tied = false): string {
  const notes = [tied ? 'tied' : null, fromBottom(rank, of)].filter((n) => n !== null);
  return `rank ${rank} of ${of}${notes.length === 0 ? '' : ` (${notes.join(', ')})`}`;
}

const points = (p: number): string => `${formatPoints(p)} ${p === 100 ? 'point' : 'points'}`;

function groupName(scheme: Scheme, groupId: string | null): string {
  return groupNameIn(scheme, groupId, fallback.allUnits);
}

function partName(scheme: Scheme, key: string): string {
  return partNameIn(scheme, key, fallback);
}

/** "交叉检查 98.20 + 月通报 1.60 + bonus 0.10": the component names are the scheme's. */
export function totalPartsEn(scheme: Scheme, unit: RankedUnit): string {
  return totalPartsIn(scheme, unit, { bonus: 'bonus', deduction: 'deduction', capped: ' (capped)' });
}

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** The paragraph for one unit. */
export function explainUnitEn(scheme: Scheme, ranking: Ranking, e: UnitExplanation): string {
  const unit = ranking.units.find((u) => u.unitId === e.unitId);
  if (unit === undefined) return '';
  const total = `total ${formatPoints(unit.total)} (${totalPartsEn(scheme, unit)}), ${rankText(unit.rank, e.of, unit.tied)}`;
  let first = unit.vetoed
    ? `${unit.unitName} is ranked after every unit not vetoed, because of a one-vote veto (${vetoNamesOf(scheme, unit, ', ')}): ${total}`
    : `${unit.unitName}: ${total}`;
  for (const p of unit.peerRanks) first += `; ${rankText(p.rank, p.of)} among ${groupName(scheme, p.groupId)}`;
  if (e.change !== null) {
    const c = e.change;
    const was = `from rank ${c.previousRank} in the previous period (${periodEn(scheme.periodType, c.previousPeriod)})`;
    first += c.rankChange > 0 ? `; up ${c.rankChange} ${places(c.rankChange)} ${was}` : c.rankChange < 0 ? `; down ${-c.rankChange} ${places(-c.rankChange)} ${was}` : '; the same rank as in the previous period';
  }
  if (scheme.components.length > 1 && e.componentRanks.length > 0) {
    first += `; by component: ${e.componentRanks.map((r) => `${partName(scheme, r.componentId)} rank ${r.rank}`).join(', ')}`;
  }
  const sentences = [`${first}.`];
  const gaps = gapSentence(scheme, e);
  if (gaps !== '') sentences.push(gaps);
  sentences.push(...counterfactualSentences(scheme, unit, e));
  return sentences.join(' ');
}

const places = (n: number): string => (n === 1 ? 'place' : 'places');

function gapSentence(scheme: Scheme, e: UnitExplanation): string {
  const out: string[] = [];
  if (e.above !== null) out.push(aboveText(scheme, e.above));
  const top = topGapShown(e);
  if (top !== null) out.push(`${points(top.diff)} behind the first, ${top.unitName}: ${partsText(scheme, top)}`);
  if (e.below !== null) out.push(belowText(scheme, e.below, e.of));
  return out.length === 0 ? '' : sentence(out.join('; '));
}

function aboveText(scheme: Scheme, g: Gap): string {
  const who = `the unit above, ${g.unitName} (rank ${g.rank})`;
  if (g.byVeto) return `ranked after ${who} because of a one-vote veto (its total is ${compared(-g.diff)})`;
  if (g.diff === 0) return `the same total as ${who}, ranked after it ${g.decidedBy === null ? 'by the scheme’s tie rule' : `for a lower ${partName(scheme, g.decidedBy)}`}`;
  const main = mainGapPart(g);
  const reason = main !== null ? `, mostly in ${main.name} (${formatPoints(main.diff)} less)` : '';
  return `${points(g.diff)} below ${who}${reason}`;
}

function belowText(scheme: Scheme, g: Gap, of: number): string {
  const bottom = fromBottom(g.rank, of);
  const who = `the unit below, ${g.unitName} (rank ${g.rank}${bottom === null ? '' : `, ${bottom}`})`;
  if (g.byVeto) return `${who} is ranked after it because of a one-vote veto (this unit’s total is ${compared(-g.diff)})`;
  if (g.diff === 0) return `the same total as ${who}, ranked ahead of it ${g.decidedBy === null ? 'by the scheme’s tie rule' : `for a higher ${partName(scheme, g.decidedBy)}`}`;
  const diff = -g.diff;
  return `${diff <= narrowGap ? 'only ' : ''}${points(diff)} above ${who}`;
}

/** This unit's total against the other's: "1.20 points higher", "0.30 points lower", "the same". */
function compared(diff: number): string {
  return diff === 0 ? 'the same' : diff > 0 ? `${points(diff)} higher` : `${points(-diff)} lower`;
}

/** "八办两组 1.37 less, 交叉检查 1.06 less, 月通报 0.40 more". */
function partsText(scheme: Scheme, g: Gap): string {
  return differingParts(g)
    .map((p) => `${partName(scheme, p.key)} ${formatPoints(Math.abs(p.diff))} ${p.diff > 0 ? 'less' : 'more'}`)
    .join(', ');
}

function counterfactualSentences(scheme: Scheme, unit: RankedUnit, e: UnitExplanation): string[] {
  const out: string[] = [];
  const move = (c: Counterfactual): string =>
    c.rank === unit.rank ? `would still be rank ${c.rank}` : `would ${c.rank > unit.rank ? 'fall' : 'rise'} from rank ${unit.rank} to ${rankText(c.rank, e.of)}`;
  for (const c of e.counterfactuals) {
    if (c.kind === 'withoutBonus') out.push(`Without its bonus items, ${unit.unitName} ${move(c)}.`);
    if (c.kind === 'vetoLifted') {
      const name = scheme.vetoes.find((v) => v.id === c.vetoId)?.name ?? c.vetoId;
      out.push(c.stillVetoed ? `If only the “${name}” veto were lifted, ${unit.unitName} would still be ranked last for its other vetoes.` : `If the “${name}” veto were lifted, ${unit.unitName} would be ${rankText(c.rank, e.of)}.`);
    }
  }
  const strongest = strongestMedian(unit, e);
  if (strongest !== null) {
    const verb = strongest.rank < unit.rank ? 'reached' : 'were only';
    out.push(`If ${partName(scheme, strongest.componentId)} ${verb} the median of ${groupName(scheme, strongest.groupId)}, ${formatPoints(strongest.median)}, ${unit.unitName} ${move(strongest)}.`);
  }
  return out;
}

/**
 * Where a set of units (a city's counties, say) stands, overall or within a peer group:
 * "安康市: its 4 深度贫困县 are the bottom 4 of the 11 深度贫困县 (ranks 8–11)."
 */
export function explainSelectionEn(scheme: Scheme, ranking: Ranking, unitIds: readonly string[], label: string, groupId: string | null = null): string {
  const { ranks, of, lo, hi, where } = selectionPlace(ranking, unitIds, groupId);
  const noun = groupId === null ? unitNouns[scheme.unitType] : groupName(scheme, groupId);
  const k = ranks.length;
  const at = where === 'bottom' ? `are the bottom ${k} of the ${of} ${noun} (ranks ${lo}–${hi})` : where === 'top' ? `are the top ${k} of the ${of} ${noun} (ranks 1–${hi})` : `stand at ranks ${ranks.join(', ')} of the ${of} ${noun}`;
  return `${label}: its ${k} ${noun} ${at}.`;
}

/** A heading sentence, then one paragraph per unit in rank order. */
export function explainRankingEn(scheme: Scheme, ranking: Ranking, explanations: readonly UnitExplanation[]): string[] {
  const { count, first, last, vetoed } = rankingHead(ranking);
  const head =
    `${periodEn(scheme.periodType, ranking.period)}, ${scheme.name}: ${count} ${unitNouns[scheme.unitType]} ranked` +
    (first === null ? '' : `; first ${first.unitName} (${points(first.total)})`) +
    (last === null ? '' : `; last ${last.unitName} (${points(last.total)})`) +
    (vetoed > 0 ? `; ${vetoed} under a one-vote veto` : '') +
    '.';
  return [head, ...explanations.map((e) => explainUnitEn(scheme, ranking, e))];
}
