// Plain Chinese for a ranking, in the manner of the briefings officials write by hand (seed 003):
// the total and what it is made of, the rank overall and in peer groups, the gaps, and what-ifs.
import type { Counterfactual, Gap, UnitExplanation } from './explain.js';
import { type FallbackWords, differingParts, groupNameIn, mainGapPart, narrowGap, partNameIn, placeFromBottom, rankingHead, selectionPlace, strongestMedian, topGapShown, totalPartsIn, vetoNamesOf } from './explain-text.js';
import { periodZh } from './period.js';
import { formatPoints } from './points.js';
import type { RankedUnit, Ranking } from './rank.js';
import type { Scheme, UnitType } from './scheme.js';

const numerals = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const unitNouns: Record<UnitType, string> = { city: '市', county: '县（区）', department: '部门', assistingUnit: '帮扶单位', pilotSite: '试点' };

/** "倒数第一" for the last three places of a list long enough for that to mean something. */
function fromBottom(rank: number, of: number): string | null {
  const k = placeFromBottom(rank, of);
  return k === null ? null : `倒数第${numerals[k] ?? String(k)}`;
}

function rankText(rank: number, of: number, tied = false): string {
  const bottom = fromBottom(rank, of);
  return `第 ${rank} 名${tied ? '（并列）' : ''}${bottom === null ? '' : `（${bottom}）`}`;
}

const fallback: FallbackWords = { allUnits: '全部单位', bonusItems: '加分项', deductionItems: '扣分项' };

function groupName(scheme: Scheme, groupId: string | null): string {
  return groupNameIn(scheme, groupId, scheme.scope || fallback.allUnits);
}

function partName(scheme: Scheme, key: string): string {
  return partNameIn(scheme, key, fallback);
}

/** "交叉检查 98.20 + 月通报 1.60": bonus items are shown inside the component they belong to. */
export function totalPartsZh(scheme: Scheme, unit: RankedUnit): string {
  return totalPartsIn(scheme, unit, { bonus: '加分', deduction: '扣分', capped: '（按上限计）' });
}

/** The paragraph for one unit. */
export function explainUnitZh(scheme: Scheme, ranking: Ranking, e: UnitExplanation): string {
  const unit = ranking.units.find((u) => u.unitId === e.unitId);
  if (unit === undefined) return '';
  const scope = scheme.scope;
  const vetoNames = vetoNamesOf(scheme, unit, '、');
  let first = unit.vetoed
    ? `${unit.unitName}因一票否决（${vetoNames}）排在未被否决的单位之后，总分 ${formatPoints(unit.total)}（${totalPartsZh(scheme, unit)}），${scope}${rankText(unit.rank, e.of, unit.tied)}`
    : `${unit.unitName}总分 ${formatPoints(unit.total)}（${totalPartsZh(scheme, unit)}），${scope}${rankText(unit.rank, e.of, unit.tied)}`;
  for (const p of unit.peerRanks) first += `，在 ${p.of} 个${groupName(scheme, p.groupId)}中列${rankText(p.rank, p.of)}`;
  if (e.change !== null) {
    const c = e.change;
    const was = `较上期（${periodZh(scheme.periodType, c.previousPeriod)}）第 ${c.previousRank} 名`;
    first += c.rankChange > 0 ? `，${was}上升 ${c.rankChange} 位` : c.rankChange < 0 ? `，${was}下降 ${-c.rankChange} 位` : `，与上期名次持平`;
  }
  if (scheme.components.length > 1 && e.componentRanks.length > 0) {
    first += `；分项名次：${e.componentRanks.map((r) => `${partName(scheme, r.componentId)}第 ${r.rank}`).join('、')}`;
  }
  const sentences = [`${first}。`];
  const gaps = gapSentences(scheme, e);
  if (gaps !== '') sentences.push(gaps);
  sentences.push(...counterfactualSentences(scheme, unit, e));
  return sentences.join('');
}

function gapSentences(scheme: Scheme, e: UnitExplanation): string {
  const out: string[] = [];
  if (e.above !== null) out.push(aboveText(scheme, e.above));
  const top = topGapShown(e);
  if (top !== null) out.push(`与第 1 名${top.unitName}相差 ${formatPoints(top.diff)} 分：${partsText(scheme, top)}`);
  if (e.below !== null) out.push(belowText(scheme, e.below, e.of));
  return out.length === 0 ? '' : `${out.join('；')}。`;
}

function aboveText(scheme: Scheme, g: Gap): string {
  const who = `上一名${g.unitName}（第 ${g.rank} 名）`;
  if (g.byVeto) return `因一票否决排在${who}之后（总分${compared(-g.diff)}）`;
  if (g.diff === 0) return `与${who}总分相同，${g.decidedBy === null ? '按方案规则排在其后' : `因${partName(scheme, g.decidedBy)}较低排在其后`}`;
  const main = mainGapPart(g);
  const reason = main !== null ? `，差距主要在${main.name}（少 ${formatPoints(main.diff)}）` : '';
  return `比${who}低 ${formatPoints(g.diff)} 分${reason}`;
}

function belowText(scheme: Scheme, g: Gap, of: number): string {
  const bottom = fromBottom(g.rank, of);
  const who = `下一名${g.unitName}（第 ${g.rank} 名${bottom === null ? '' : `，${bottom}`}）`;
  if (g.byVeto) return `${who}因一票否决排在其后（总分${compared(-g.diff)}）`;
  if (g.diff === 0) return `与${who}总分相同，${g.decidedBy === null ? '按方案规则排在其前' : `因${partName(scheme, g.decidedBy)}较高排在其前`}`;
  const diff = -g.diff;
  return `${diff <= narrowGap ? '仅' : ''}比${who}高 ${formatPoints(diff)} 分`;
}

/** This unit's total against the other's: "高 1.20 分", "低 0.30 分", "相同". */
function compared(diff: number): string {
  return diff === 0 ? '相同' : diff > 0 ? `高 ${formatPoints(diff)} 分` : `低 ${formatPoints(-diff)} 分`;
}

/** "八办两组少 1.37，交叉检查少 1.06，月通报多 0.40". */
function partsText(scheme: Scheme, g: Gap): string {
  return differingParts(g)
    .map((p) => `${partName(scheme, p.key)}${p.diff > 0 ? '少' : '多'} ${formatPoints(Math.abs(p.diff))}`)
    .join('，');
}

function counterfactualSentences(scheme: Scheme, unit: RankedUnit, e: UnitExplanation): string[] {
  const out: string[] = [];
  const move = (c: Counterfactual): string =>
    c.rank === unit.rank ? `仍列第 ${c.rank} 名` : `将由第 ${unit.rank} 名${c.rank > unit.rank ? '降' : '升'}至${rankText(c.rank, e.of)}`;
  for (const c of e.counterfactuals) {
    if (c.kind === 'withoutBonus') out.push(`若无加分项，${unit.unitName}${move(c)}。`);
    if (c.kind === 'vetoLifted') {
      const name = scheme.vetoes.find((v) => v.id === c.vetoId)?.name ?? c.vetoId;
      out.push(c.stillVetoed ? `若仅解除“${name}”一票否决，${unit.unitName}仍因其他否决项排在最后。` : `若解除“${name}”一票否决，${unit.unitName}将列${rankText(c.rank, e.of)}。`);
    }
  }
  const strongest = strongestMedian(unit, e);
  if (strongest !== null) {
    const name = partName(scheme, strongest.componentId);
    const verb = strongest.rank < unit.rank ? '达到' : '只有';
    out.push(`若${name}${verb}${groupName(scheme, strongest.groupId)}中位数 ${formatPoints(strongest.median)}，${unit.unitName}${move(strongest)}。`);
  }
  return out;
}

/**
 * Where a set of units (a city's counties, say) stands, overall or within a peer group:
 * "安康市 4 个深度贫困县位列全省 11 个深度贫困县的后 4 名（第 8–11 名）".
 */
export function explainSelectionZh(scheme: Scheme, ranking: Ranking, unitIds: readonly string[], label: string, groupId: string | null = null): string {
  const { ranks, of, lo, hi, where } = selectionPlace(ranking, unitIds, groupId);
  const noun = groupId === null ? unitNouns[scheme.unitType] : groupName(scheme, groupId);
  const k = ranks.length;
  const at = where === 'bottom' ? `后 ${k} 名（第 ${lo}–${hi} 名）` : where === 'top' ? `前 ${k} 名（第 1–${hi} 名）` : `第 ${ranks.join('、')} 名`;
  return `${label} ${k} 个${noun}位列${scheme.scope} ${of} 个${noun}的${at}。`;
}

/** A heading sentence, then one paragraph per unit in rank order. */
export function explainRankingZh(scheme: Scheme, ranking: Ranking, explanations: readonly UnitExplanation[]): string[] {
  const { count, first, last, vetoed } = rankingHead(ranking);
  const head =
    `${periodZh(scheme.periodType, ranking.period)}${scheme.name}：共 ${count} 个${unitNouns[scheme.unitType]}参加排名` +
    (first === null ? '' : `，第 1 名${first.unitName}（${formatPoints(first.total)} 分）`) +
    (last === null ? '' : `，最后一名${last.unitName}（${formatPoints(last.total)} 分）`) +
    (vetoed > 0 ? `，${vetoed} 个被一票否决` : '') +
    '。';
  return [head, ...explanations.map((e) => explainUnitZh(scheme, ranking, e))];
}
