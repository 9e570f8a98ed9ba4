// Verification sampling (issue 5 part 4) has no performance target or baseline in its issue; this
// measures the draw, the rates and the re-draw simulation on a large county so regressions show.
import { drawSample, type Frame, type FrameHousehold } from '../src/domain/sampling/draw.js';
import { computeRates, type Observation } from '../src/domain/sampling/rates.js';
import { simulate, type KnownUnit } from '../src/domain/sampling/simulate.js';
import type { Benchmark } from './run.js';
import { median, report, scale } from './util.js';

const towns = 30;
const villagesPerTown = 20;
const householdsPerVillage = Math.max(10, Math.round(100 * scale));

function county(): { frame: Frame; known: KnownUnit[] } {
  const villages = [];
  const households: FrameHousehold[] = [];
  const known: KnownUnit[] = [];
  let id = 1;
  for (let t = 1; t <= towns; t++) {
    for (let v = 1; v <= villagesPerTown; v++) {
      const code = `610902${String(100 + t)}${String(200 + v)}`;
      villages.push({ code, ruralHouseholds: householdsPerVillage * 4 });
      for (let h = 0; h < householdsPerVillage; h++) {
        const stratum = h % 3 === 0 ? 'poor' : 'exited';
        households.push({ id, villageCode: code, stratum, people: 1 + (h % 5) });
        if (stratum === 'exited') known.push({ key: `h${id}`, villageCode: code, stratum, people: 1 + (h % 5), wronglyExited: (id * 7919) % 100 < 2, missedPoor: false, recognises: (id * 104729) % 100 < 95 });
        id++;
      }
      for (let u = 0; u < 20; u++) known.push({ key: `u${code}${u}`, villageCode: code, stratum: 'unregistered', people: 3, wronglyExited: false, missedPoor: u === 0 && t % 4 === 0, recognises: null });
    }
  }
  return { frame: { villages, households }, known };
}

const time = (fn: () => unknown, repeat: number): number => {
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    fn();
    runs.push((performance.now() - start) / 1000);
  }
  return median(runs);
};

export const samplingBenchmarks: Benchmark[] = [
  {
    name: 'sampling',
    description: `draw, rates and 1,000 re-draws on a county of ${towns * villagesPerTown * householdsPerVillage} registered households`,
    async run() {
      const { frame, known } = county();
      const params = { towns: 5, villagesPerTown: 4, exitedPerVillage: 10, poorPerVillage: 2, unregisteredPerVillage: 10 };
      drawSample(frame, params, 1); // warm up
      const draw = time(() => drawSample(frame, params, 20191208), 7);
      report('draw a stratified sample', draw * 1000, 'ms', `${frame.households.length} households in the frame; no baseline in the issue`);
      const items = drawSample(frame, params, 20191208).items;
      const obs: Observation[] = items.map((i, n) => ({ townCode: i.townCode, villageCode: i.villageCode, stratum: i.stratum, weight: i.weight, people: i.people ?? 3, wronglyExited: n % 50 === 0, missedPoor: false, recognises: i.stratum === 'exited' ? n % 10 !== 0 : null }));
      report('three rates with both intervals', time(() => computeRates(obs), 20) * 1000, 'ms', `${obs.length} findings`);
      const sim = time(() => simulate(known, params, 1, 1000), 3);
      report('re-draw simulation, 1,000 runs', sim, 's', `${known.length} households with known outcomes; no baseline in the issue`);
    },
  },
];
