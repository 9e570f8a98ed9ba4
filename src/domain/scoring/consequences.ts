// What a ranking leads to: reward and accountability lists, and funds allocated by rank.
import type { FundsRule, Scheme } from './scheme.js';
import type { RankedUnit, Ranking } from './rank.js';

export interface UnitRef {
  readonly unitId: string;
  readonly unitName: string;
  readonly rank: number;
  readonly total: number;
}

export interface FundsLine extends UnitRef {
  readonly vetoed: boolean;
  readonly weight: number;
  /** Yuan. */
  readonly base: number;
  readonly share: number;
  readonly amount: number;
}

export interface FundsAllocation {
  readonly rule: FundsRule;
  readonly lines: readonly FundsLine[];
  /** Yuan paid out in all: bases plus the pool (unless no unit had any weight). */
  readonly total: number;
}

export interface Consequences {
  /** 奖励: the top N not vetoed, ties at the boundary included. */
  readonly reward: readonly UnitRef[];
  /** 问责: the bottom N not vetoed, ties at the boundary included, never a unit already rewarded. */
  readonly accountability: readonly UnitRef[];
  /** 一票否决: every vetoed unit, whatever its score. */
  readonly vetoed: readonly UnitRef[];
  readonly funds: FundsAllocation | null;
}

const ref = (u: RankedUnit): UnitRef => ({ unitId: u.unitId, unitName: u.unitName, rank: u.rank, total: u.total });

export function applyConsequences(scheme: Scheme, ranking: Ranking): Consequences {
  const { rewardTop, accountabilityBottom, funds } = scheme.consequences;
  const eligible = ranking.units.filter((u) => !u.vetoed);
  const lastOfTop = eligible[rewardTop - 1];
  const firstOfBottom = eligible[eligible.length - accountabilityBottom];
  const reward = rewardTop === 0 ? [] : eligible.filter((u) => lastOfTop === undefined || u.rank <= lastOfTop.rank);
  // With fewer units than the two lists together, a unit would be both rewarded and held to account; reward wins.
  const bottom = accountabilityBottom === 0 ? [] : eligible.filter((u) => (firstOfBottom === undefined || u.rank >= firstOfBottom.rank) && !reward.includes(u));
  return {
    reward: reward.map(ref),
    accountability: bottom.map(ref),
    vetoed: ranking.units.filter((u) => u.vetoed).map(ref),
    funds: funds === null ? null : allocateFunds(funds, ranking),
  };
}

export function allocateFunds(rule: FundsRule, ranking: Ranking): FundsAllocation {
  const eligible = ranking.units.filter((u) => !u.vetoed).length;
  const weightOf = (u: RankedUnit): number => {
    if (u.vetoed) return 0;
    if (rule.formula === 'linear') return eligible - u.rank + 1;
    if (rule.formula === 'score') return Math.max(0, u.total);
    return rule.bands.find((b) => u.rank >= b.from && u.rank <= b.to)?.weight ?? 0;
  };
  const weights = ranking.units.map(weightOf);
  const shares = allocatePool(rule.pool, weights);
  const lines = ranking.units.map((u, i) => {
    const base = u.vetoed && !rule.vetoedKeepsBase ? 0 : rule.base;
    const share = shares[i] ?? 0;
    return { ...ref(u), vetoed: u.vetoed, weight: weights[i] ?? 0, base, share, amount: base + share };
  });
  return { rule, lines, total: lines.reduce((a, l) => a + l.amount, 0) };
}

/**
 * Splits a whole number of yuan by weight so the shares add up to the pool exactly
 * (largest remainder; on equal remainders the better-ranked unit, listed first, gets the yuan).
 */
export function allocatePool(pool: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0 || pool <= 0) return weights.map(() => 0);
  // BigInt: pool × weight can pass 2^53 for large pools weighted by scores in hundredths.
  const big = weights.map((w) => BigInt(w) * BigInt(pool));
  const sum = BigInt(total);
  const shares = big.map((b) => b / sum);
  const remainders = big.map((b, i) => ({ i, r: b % sum }));
  let left = pool - shares.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1;
  }
  return shares.map(Number);
}
