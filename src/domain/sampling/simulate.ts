// Re-draw simulation: how much a county's result depends on which towns and villages the
// inspectors happen to draw (seed 000: "抽到好点的镇村、排名就上去了"). The frame is every
// household whose outcome is known (each household's latest finding in the county, e.g. from a
// full self-check); the plan's design is drawn again N times with different seeds, and each
// draw's three rates are computed as the official formula does. The spread is the luck of the draw.
import { choose, subSeed, type DrawParams, type Stratum } from './draw.js';
import { defaultThresholds, type Thresholds } from './rates.js';

export interface KnownUnit {
  readonly key: string; // stable: household id, or plan/slot of an unregistered household
  readonly villageCode: string;
  readonly stratum: Stratum;
  readonly people: number;
  readonly wronglyExited: boolean;
  readonly missedPoor: boolean;
  readonly recognises: boolean | null;
}

export interface Distribution {
  readonly draws: number; // draws in which the rate could be computed
  readonly mean: number | null;
  readonly min: number | null;
  readonly p5: number | null;
  readonly median: number | null;
  readonly p95: number | null;
  readonly max: number | null;
  /** Share of those draws in which the county would fail this test. */
  readonly failShare: number | null;
  readonly histogram: readonly { readonly from: number; readonly to: number; readonly count: number }[];
}

export interface Simulation {
  readonly runs: number;
  readonly baseSeed: number;
  readonly frame: { readonly households: number; readonly villages: number; readonly towns: number };
  readonly wrongExitRate: Distribution;
  readonly missedPoorRate: Distribution;
  readonly recognitionRate: Distribution;
  /** Draws failing at least one of the three tests. */
  readonly anyFailShare: number;
}

const townOf = (v: string) => `${v.slice(0, 9)}000`;

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

function distribution(values: readonly number[], fails: (v: number) => boolean, bins = 10): Distribution {
  const s = [...values].sort((a, b) => a - b);
  const min = s[0] ?? null;
  const max = s.at(-1) ?? null;
  const histogram: { from: number; to: number; count: number }[] = [];
  if (min !== null && max !== null) {
    const width = max > min ? (max - min) / bins : 0;
    for (let i = 0; i < (width > 0 ? bins : 1); i++) histogram.push({ from: min + i * width, to: width > 0 ? min + (i + 1) * width : max, count: 0 });
    for (const v of s) {
      const i = width > 0 ? Math.min(Math.floor((v - min) / width), bins - 1) : 0;
      const bin = histogram[i];
      if (bin) bin.count++;
    }
  }
  return {
    draws: s.length,
    mean: s.length > 0 ? s.reduce((a, b) => a + b, 0) / s.length : null,
    min,
    p5: quantile(s, 0.05),
    median: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    max,
    failShare: s.length > 0 ? s.filter(fails).length / s.length : null,
    histogram,
  };
}

export function simulate(units: readonly KnownUnit[], params: DrawParams, baseSeed: number, runs: number, t: Thresholds = defaultThresholds): Simulation {
  const byVillage = new Map<string, Map<Stratum, KnownUnit[]>>();
  for (const u of [...units].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const v = byVillage.get(u.villageCode) ?? new Map<Stratum, KnownUnit[]>();
    v.set(u.stratum, [...(v.get(u.stratum) ?? []), u]);
    byVillage.set(u.villageCode, v);
  }
  const towns = new Map<string, string[]>();
  for (const code of [...byVillage.keys()].sort()) towns.set(townOf(code), [...(towns.get(townOf(code)) ?? []), code]);
  const townCodes = [...towns.keys()].sort();
  const size: Record<Stratum, number | null> = { exited: params.exitedPerVillage, poor: params.poorPerVillage, unregistered: params.unregisteredPerVillage };
  const results = { wrong: [] as number[], missed: [] as number[], recog: [] as number[] };
  let anyFail = 0;
  for (let k = 0; k < runs; k++) {
    const seed = subSeed(baseSeed, `run:${k}`);
    const acc = { wy: 0, wx: 0, my: 0, mx: 0, ry: 0, rx: 0 };
    for (const town of choose(townCodes, params.towns, subSeed(seed, 'towns'))) {
      for (const code of choose(towns.get(town) ?? [], params.villagesPerTown, subSeed(seed, town))) {
        const v = byVillage.get(code);
        for (const stratum of ['exited', 'unregistered'] as const) {
          for (const u of choose(v?.get(stratum) ?? [], size[stratum], subSeed(seed, `${code}:${stratum}`))) {
            if (stratum === 'exited') {
              acc.wx += u.people;
              if (u.wronglyExited) acc.wy += u.people;
              if (u.recognises !== null) {
                acc.rx++;
                if (u.recognises) acc.ry++;
              }
            } else {
              acc.mx += u.people;
              if (u.missedPoor) acc.my += u.people;
            }
          }
        }
      }
    }
    let failed = false;
    if (acc.wx > 0) {
      results.wrong.push(acc.wy / acc.wx);
      failed ||= acc.wy / acc.wx >= t.wrongExit;
    }
    if (acc.mx > 0) {
      results.missed.push(acc.my / acc.mx);
      failed ||= acc.my / acc.mx >= t.missedPoor;
    }
    if (acc.rx > 0) {
      results.recog.push(acc.ry / acc.rx);
      failed ||= acc.ry / acc.rx <= t.recognition;
    }
    if (failed) anyFail++;
  }
  return {
    runs,
    baseSeed,
    frame: { households: units.length, villages: byVillage.size, towns: townCodes.length },
    wrongExitRate: distribution(results.wrong, (v) => v >= t.wrongExit),
    missedPoorRate: distribution(results.missed, (v) => v >= t.missedPoor),
    recognitionRate: distribution(results.recog, (v) => v <= t.recognition),
    anyFailShare: runs > 0 ? anyFail / runs : 0,
  };
}
