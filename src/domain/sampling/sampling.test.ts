import { describe, expect, it } from 'vitest';
import { choose, describeMethod, describeMethodEn, drawSample, subSeed, type Frame, type FrameHousehold } from './draw.js';
import { computeRates, designRatio, wilson, type Observation } from './rates.js';
import { simulate, type KnownUnit } from './simulate.js';

// 4 towns × 5 villages × (12 exited + 6 poor) households; rural households known for half the villages.
function frame(): Frame {
  const villages = [];
  const households: FrameHousehold[] = [];
  let id = 1;
  for (let t = 1; t <= 4; t++) {
    for (let v = 1; v <= 5; v++) {
      const code = `610902${String(100 + t)}${String(200 + v)}`;
      villages.push({ code, ruralHouseholds: v % 2 === 0 ? 100 : null });
      for (let h = 0; h < 18; h++) households.push({ id: id++, villageCode: code, stratum: h < 12 ? 'exited' : 'poor', people: 1 + (h % 4) });
    }
  }
  return { villages, households };
}

const params = { towns: 2, villagesPerTown: 2, exitedPerVillage: 5, poorPerVillage: 2, unregisteredPerVillage: 5 };

describe('sample draw', () => {
  it('is the same sample for the same seed, and a different one for another seed', () => {
    const a = drawSample(frame(), params, 20191015);
    const b = drawSample(frame(), params, 20191015);
    expect(b.items).toEqual(a.items);
    const c = drawSample(frame(), params, 20191016);
    expect(c.items.map((i) => i.householdId)).not.toEqual(a.items.map((i) => i.householdId));
  });

  it('does not depend on the order the frame comes in', () => {
    const f = frame();
    const shuffled = { villages: [...f.villages].reverse(), households: [...f.households].reverse() };
    expect(drawSample(shuffled, params, 7).items).toEqual(drawSample(f, params, 7).items);
  });

  it('draws the sizes asked for, with weights that add up to the frame', () => {
    const r = drawSample(frame(), params, 42);
    expect(r.counts).toEqual({ towns: [2, 4], villages: [4, 10] });
    expect(new Set(r.items.map((i) => i.townCode)).size).toBe(2);
    expect(r.items.filter((i) => i.stratum === 'exited')).toHaveLength(4 * 5);
    expect(r.items.filter((i) => i.stratum === 'poor')).toHaveLength(4 * 2);
    expect(r.items.filter((i) => i.stratum === 'unregistered')).toHaveLength(4 * 5);
    // Horvitz–Thompson: 4/2 × 5/2 × 12/5 = 12 per drawn exited household, 20 × 12 = 240 exited in the frame.
    const w = r.items.filter((i) => i.stratum === 'exited').map((i) => i.weight);
    expect(w.every((x) => Math.abs(x - 12) < 1e-9)).toBe(true);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(240, 9);
  });

  it('a census takes every unit with weight 1', () => {
    const r = drawSample(frame(), { towns: null, villagesPerTown: null, exitedPerVillage: null, poorPerVillage: null, unregisteredPerVillage: 0 }, 1);
    expect(r.items).toHaveLength(20 * 18);
    expect(r.items.every((i) => i.weight === 1)).toBe(true);
  });

  it('describes the method in Chinese and in English with the same numbers and seed', () => {
    const params = { towns: 5, villagesPerTown: 1, exitedPerVillage: null, poorPerVillage: 0, unregisteredPerVillage: 2 };
    expect(describeMethod(params, 20191015)).toContain('种子 20191015');
    const en = describeMethodEn(params, 20191015);
    expect(en).toMatch(/^Three-stage stratified random sampling \(stratified-3stage-v1\): stage 1 draws 5 towns /);
    expect(en).toContain('stage 2 draws 1 village in each drawn town');
    expect(en).toContain('all exited households, 0 poor households, 2 unregistered households');
    expect(en).toContain('seed 20191015');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('choose is a partial shuffle of the canonical order and sub-seeds differ by unit', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const picked = choose(items, 4, 99);
    expect(new Set(picked).size).toBe(4);
    expect(choose(items, 4, 99)).toEqual(picked);
    expect(choose(items, 20, 99).sort((a, b) => a - b)).toEqual(items);
    expect(subSeed(1, 'a')).not.toBe(subSeed(1, 'b'));
    expect(subSeed(1, 'a')).toBe(subSeed(1, 'a'));
  });
});

describe('rates and intervals', () => {
  it('Wilson matches hand-computed values', () => {
    // 2/50: p = .04, z² = 3.8415; centre = (.04 + .038415)/1.076829 = .072821; half = 1.96·√(.000768 + .000384)/1.076829 = .061779.
    const a = wilson(2, 50);
    expect(a?.low).toBeCloseTo(0.011043, 5);
    expect(a?.high).toBeCloseTo(0.134600, 5);
    // 0/40: low 0, high = z²/(n + z²) = 3.8415/43.8415 = .087622.
    const b = wilson(0, 40);
    expect(b?.low).toBe(0);
    expect(b?.high).toBeCloseTo(0.087622, 5);
    // 45/50 (認可 90%): centre = (.9 + .038415)/1.076829 = .871469; half = 1.96·√(.0018 + .000384)/1.076829 = .085059.
    const c = wilson(45, 50);
    expect(c?.low).toBeCloseTo(0.786410, 4);
    expect(c?.high).toBeCloseTo(0.956528, 4);
    expect(wilson(0, 0)).toBeNull();
  });

  it('the design-aware interval follows the hand computation', () => {
    // Two towns, weight 1. Town A: (y,x) = (0,4), (4,4); town B: (0,3), (0,5). R = 4/16 = .25.
    // z = w(y − Rx): A −1, 3 → 2; B −.75, −1.25 → −2. V = 2/1 · (4 + 4)/16² = .0625.
    // V_srs = .25·.75/16 = .01171875, deff = 5.3333, n_eff = 3; Wilson(.75 of 3 trials… p = .25, n = 3).
    const u = (town: string, i: number, y: number, x: number) => ({ cluster: { town, village: `${town}v`, unit: `${town}${i}` }, w: 1, y, x });
    const d = designRatio([u('A', 1, 0, 4), u('A', 2, 4, 4), u('B', 1, 0, 3), u('B', 2, 0, 5)]);
    expect(d?.estimate).toBeCloseTo(0.25, 12);
    expect(d?.deff).toBeCloseTo(16 / 3, 9);
    expect(d?.effectiveN).toBeCloseTo(3, 9);
    expect(d?.clusters).toBe('towns');
    // Wilson(p = .25, n = 3): denom = 2.280486, centre = .890243/2.280486 = .390374, half = 1.96·√(.0625 + .106715)/2.280486 = .353534.
    expect(d?.interval.low).toBeCloseTo(0.03684, 4);
    expect(d?.interval.high).toBeCloseTo(0.74391, 4);
  });

  it('computes the three rates by the official formulas, in people and households', () => {
    const o = (stratum: Observation['stratum'], people: number, f: Partial<Observation> = {}): Observation => ({ townCode: '610902101000', villageCode: '610902101201', stratum, weight: 1, people, wronglyExited: false, missedPoor: false, recognises: null, ...f });
    const obs = [
      o('exited', 4, { wronglyExited: true, recognises: false }),
      o('exited', 3, { recognises: true }),
      o('exited', 5, { recognises: true }),
      o('exited', 2, { recognises: null }),
      o('unregistered', 4, { missedPoor: true }),
      o('unregistered', 6),
      o('poor', 3),
    ];
    const r = computeRates(obs);
    expect(r.wrongExitRate).toMatchObject({ numerator: 4, denominator: 14, households: 4, passes: false });
    expect(r.wrongExitRate.rate).toBeCloseTo(4 / 14, 12);
    expect(r.missedPoorRate).toMatchObject({ numerator: 4, denominator: 10, passes: false });
    expect(r.recognitionRate).toMatchObject({ numerator: 2, denominator: 3, households: 3, passes: false });
    expect(r.wrongExitRate.wilson).toEqual(wilson(4, 14));
    expect(computeRates([o('exited', 3, { recognises: true })]).wrongExitRate.passes).toBe(true);
  });
});

describe('re-draw simulation', () => {
  // 4 towns × 5 villages of 10 exited households; only the villages of town 101 have wrong exits.
  function known(): KnownUnit[] {
    const units: KnownUnit[] = [];
    for (let t = 1; t <= 4; t++) {
      for (let v = 1; v <= 5; v++) {
        const code = `610902${100 + t}${200 + v}`;
        for (let h = 0; h < 10; h++) units.push({ key: `${code}-${h}`, villageCode: code, stratum: 'exited', people: 3, wronglyExited: t === 1 && h < 2, missedPoor: false, recognises: true });
      }
    }
    return units;
  }

  it('is reproducible from its seed and shows the spread caused by the draw', () => {
    const p = { towns: 2, villagesPerTown: 2, exitedPerVillage: 5, poorPerVillage: 0, unregisteredPerVillage: 0 };
    const a = simulate(known(), p, 5, 400);
    expect(simulate(known(), p, 5, 400)).toEqual(a);
    expect(a.frame).toEqual({ households: 200, villages: 20, towns: 4 });
    expect(a.wrongExitRate.draws).toBe(400);
    expect(a.wrongExitRate.min).toBe(0); // draws without town 101 pass
    expect(a.wrongExitRate.max ?? 0).toBeGreaterThan(0.02);
    // Town 101 is drawn with probability 1/2; then its share of wrong exits makes the county fail.
    expect(a.wrongExitRate.failShare ?? 0).toBeGreaterThan(0.35);
    expect(a.wrongExitRate.failShare ?? 1).toBeLessThan(0.65);
    expect(a.wrongExitRate.histogram.reduce((s, b) => s + b.count, 0)).toBe(400);
    expect(a.missedPoorRate.draws).toBe(0);
  });

  it('a census design has no spread: every draw is the whole frame', () => {
    const s = simulate(known(), { towns: null, villagesPerTown: null, exitedPerVillage: null, poorPerVillage: null, unregisteredPerVillage: 0 }, 9, 20);
    expect(s.wrongExitRate.min).toBeCloseTo(10 / 200, 12);
    expect(s.wrongExitRate.max).toBeCloseTo(10 / 200, 12);
  });
});
