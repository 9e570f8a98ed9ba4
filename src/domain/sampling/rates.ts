// The county's three rates from the findings of a sample (REFERENCE §5):
//   错退率 wrongExitRate    = people of wrongly exited households / people of surveyed exited households
//   漏评率 missedPoorRate   = people of missed poor households / people of surveyed unregistered households
//   认可度 recognitionRate  = exited households that recognise their exit / exited households asked
// Each with a Wilson interval on the counts as the official formula takes them, and a design-aware
// one: the weighted ratio estimate, its variance by linearisation over the sample's clusters, and
// a Wilson interval on the effective sample size that variance implies.
import type { Stratum } from './draw.js';

export interface Observation {
  readonly townCode: string;
  readonly villageCode: string;
  readonly stratum: Stratum;
  readonly weight: number;
  readonly people: number;
  readonly wronglyExited: boolean;
  readonly missedPoor: boolean;
  readonly recognises: boolean | null; // null: not asked or no answer
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  readonly households: number;
  readonly rate: number | null;
  readonly wilson: Interval | null;
  readonly design: { readonly estimate: number; readonly interval: Interval; readonly deff: number | null; readonly effectiveN: number; readonly clusters: string } | null;
  readonly threshold: { readonly op: '<' | '>'; readonly value: number };
  readonly passes: boolean | null;
}

export const z95 = 1.959963984540054;

/** Wilson score interval for x successes in n trials (n may be fractional: an effective size). */
export function wilson(x: number, n: number, z = z95): Interval | null {
  if (!(n > 0)) return null;
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At x = 0 (or x = n) the bound is exactly 0 (or 1); rounding would leave 1e-17.
  return { low: x <= 0 ? 0 : Math.max(0, centre - half), high: x >= n ? 1 : Math.min(1, centre + half) };
}

interface Unit {
  readonly cluster: { town: string; village: string; unit: string };
  readonly w: number;
  readonly y: number;
  readonly x: number;
}

/**
 * Ratio estimate Σwy/Σwx with the ultimate-cluster variance: the first-stage units (towns) when
 * the sample has two or more, else villages, else households; with-replacement approximation,
 * no finite-population correction (both err on the wide side). The design effect compares it with
 * simple random sampling of the denominator's units; the interval is Wilson on n / deff.
 * When the estimate is 0 or 1 the variance says nothing, and the outcome is a household's, so
 * the households themselves are taken as the effective size.
 */
export function designRatio(units: readonly Unit[]): Rate['design'] {
  const sx = units.reduce((s, u) => s + u.w * u.x, 0);
  if (units.length === 0 || sx <= 0) return null;
  const r = units.reduce((s, u) => s + u.w * u.y, 0) / sx;
  const n = units.reduce((s, u) => s + u.x, 0);
  const pick = (['town', 'village', 'unit'] as const).find((k) => new Set(units.map((u) => u.cluster[k])).size >= 2) ?? 'unit';
  const totals = new Map<string, number>();
  for (const u of units) totals.set(u.cluster[pick], (totals.get(u.cluster[pick]) ?? 0) + u.w * (u.y - r * u.x));
  const m = totals.size;
  let variance = 0;
  if (m >= 2) {
    const mean = [...totals.values()].reduce((s, v) => s + v, 0) / m;
    variance = ((m / (m - 1)) * [...totals.values()].reduce((s, v) => s + (v - mean) ** 2, 0)) / (sx * sx);
  }
  const srs = (r * (1 - r)) / n;
  const estimable = variance > 0 && srs > 0;
  const deff = estimable ? variance / srs : null;
  const effectiveN = deff !== null ? n / deff : units.length;
  const interval = wilson(r * effectiveN, effectiveN) ?? { low: 0, high: 1 };
  return { estimate: r, interval, deff, effectiveN, clusters: pick === 'town' ? 'towns' : pick === 'village' ? 'villages' : 'households' };
}

function rate(units: readonly Unit[], threshold: Rate['threshold']): Rate {
  const numerator = units.reduce((s, u) => s + u.y, 0);
  const denominator = units.reduce((s, u) => s + u.x, 0);
  const value = denominator > 0 ? numerator / denominator : null;
  return {
    numerator,
    denominator,
    households: units.length,
    rate: value,
    wilson: wilson(numerator, denominator),
    design: designRatio(units),
    threshold,
    passes: value === null ? null : threshold.op === '<' ? value < threshold.value : value > threshold.value,
  };
}

export interface Thresholds {
  readonly wrongExit: number;
  readonly missedPoor: number;
  readonly recognition: number;
}

/** County exit thresholds (issue 5): 错退率 < 2%, 漏评率 < 2%, 认可度 > 90%. */
export const defaultThresholds: Thresholds = { wrongExit: 0.02, missedPoor: 0.02, recognition: 0.9 };

export function computeRates(obs: readonly Observation[], t: Thresholds = defaultThresholds) {
  const cluster = (o: Observation, i: number) => ({ town: o.townCode, village: o.villageCode, unit: `${o.villageCode}:${i}` });
  const exited = obs.map((o, i) => ({ o, i })).filter(({ o }) => o.stratum === 'exited');
  const unregistered = obs.map((o, i) => ({ o, i })).filter(({ o }) => o.stratum === 'unregistered');
  const asked = exited.filter(({ o }) => o.recognises !== null);
  return {
    wrongExitRate: rate(exited.map(({ o, i }) => ({ cluster: cluster(o, i), w: o.weight, y: o.wronglyExited ? o.people : 0, x: o.people })), { op: '<', value: t.wrongExit }),
    missedPoorRate: rate(unregistered.map(({ o, i }) => ({ cluster: cluster(o, i), w: o.weight, y: o.missedPoor ? o.people : 0, x: o.people })), { op: '<', value: t.missedPoor }),
    recognitionRate: rate(asked.map(({ o, i }) => ({ cluster: cluster(o, i), w: o.weight, y: o.recognises ? 1 : 0, x: 1 })), { op: '>', value: t.recognition }),
  };
}

export type Rates = ReturnType<typeof computeRates>;
