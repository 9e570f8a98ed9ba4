// The rank use case: one period ranked, compared with the period before, explained and acted on.
// Pure; the CLI (and later the API) only read files and print what this returns.
import { type Consequences, applyConsequences } from './consequences.js';
import { type UnitExplanation, explainRanking } from './explain.js';
import { explainRankingEn } from './explain-en.js';
import { explainRankingZh } from './explain-zh.js';
import { ScoringInputError } from './issues.js';
import { previousPeriod } from './period.js';
import { type Ranking, rankPeriod } from './rank.js';
import type { Scheme } from './scheme.js';
import { type ScoreSheet, validateScores } from './scores.js';

export interface RankReport {
  readonly scheme: Scheme;
  readonly ranking: Ranking;
  readonly previous: Ranking | null;
  readonly explanations: readonly UnitExplanation[];
  readonly consequences: Consequences;
  /** A heading, then one paragraph per unit in rank order. */
  readonly explanationZh: readonly string[];
  /** The same in English. */
  readonly explanationEn: readonly string[];
}

/**
 * Ranks `period`. The previous period comes from `previousSheet` when given, else from `sheet`
 * itself when it holds that period. Throws ScoringInputError with every problem in either.
 */
export function buildRankReport(scheme: Scheme, sheet: ScoreSheet, period: string, previousSheet: ScoreSheet | null = null): RankReport {
  const before = previousPeriod(scheme.periodType, period);
  const source = previousSheet ?? sheet;
  const hasPrevious = before !== null && source.rows.some((r) => r.period === before);
  const issues = validateScores(scheme, sheet, period);
  // Only compared against, so units added or removed since then are not an error there.
  if (hasPrevious) issues.push(...validateScores(scheme, source, before, { requireAllUnits: false }));
  else if (previousSheet !== null) {
    issues.push({ code: 'noScores', file: previousSheet.file, message: `上期得分表中没有 ${before ?? '上一期'} 的得分`, messageEn: `the previous sheet has no scores for ${before ?? 'the previous period'}` });
  }
  if (issues.length > 0) throw new ScoringInputError(issues);
  const ranking = rankPeriod(scheme, sheet, period);
  const previous = hasPrevious ? rankPeriod(scheme, source, before, { requireAllUnits: false }) : null;
  const explanations = explainRanking(scheme, ranking, previous);
  return {
    scheme,
    ranking,
    previous,
    explanations,
    consequences: applyConsequences(scheme, ranking),
    explanationZh: explainRankingZh(scheme, ranking, explanations),
    explanationEn: explainRankingEn(scheme, ranking, explanations),
  };
}
