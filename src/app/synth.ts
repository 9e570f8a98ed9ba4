// Generates a synthetic registry over the real villages of a region and writes it in one transaction.
import { generateHouseholds, planVillages, type SynthErrorKind, type SynthHousehold, type SynthOptions, type SynthVillagePlan } from '../domain/synth/generate.js';
import { ContributionTally } from '../store/stats.js';
import type { PreparedTotals } from './bulk-prepare.js';
import { GeneratedTally, type GeneratedParts, type SynthWorkerData, type SynthWorkerMessage } from './synth-generated.js';
import { startWorker } from './worker-thread.js';
import { regionPrefix, subtreeRange } from '../domain/region-code.js';
import { countHouseholdsUnder, deleteRegistryUnder, idNumbersOfCounties, upsertVillages, upsertVillageYears } from '../store/registry-bulk.js';
import { getRegion, villagesWithNames } from '../store/regions.js';
import type { Store } from '../store/store.js';
import { BulkWriter } from './bulk-write.js';
import type { Clock } from './clock.js';
import { ValidationFailed } from './errors.js';

export interface SynthRequest {
  readonly under: string; // 12-digit
  readonly households: number;
  readonly seed: number;
  readonly year: number;
  readonly withErrors: boolean;
  readonly replace: boolean;
}

export interface SynthReport {
  households: number;
  members: number;
  villages: number;
  digest: string;
  errors: Partial<Record<SynthErrorKind, number>>;
  seconds: number;
}

const chunkSize = 5000;

export async function synthesize(deps: { store: Store; clock: Clock }, actor: string, req: SynthRequest, onProgress?: (done: number) => void): Promise<SynthReport> {
  const { store, clock } = deps;
  const started = performance.now();
  const fail = (message: string, messageEn: string, fix: string, fixEn: string) => new ValidationFailed([{ field: 'under', message, messageEn, fix, fixEn }]);
  if (!Number.isInteger(req.households) || req.households < 1 || req.households > 5_000_000) {
    throw new ValidationFailed([{ field: 'households', message: '户数应为 1–5,000,000 的整数', messageEn: 'households must be 1–5,000,000', fix: '例如 --households 60000', fixEn: 'For example --households 60000' }]);
  }
  const region = await getRegion(store.db, req.under);
  if (!region) throw fail(`区划 ${req.under} 尚未载入`, `region ${req.under} is not loaded`, `请先运行 jingzhun regions load --under ${regionPrefix(req.under)}`, `Run jingzhun regions load --under ${regionPrefix(req.under)} first`);
  // Registered poor households live in rural villages (村委会), not urban residents' committees (居委会).
  const all = await villagesWithNames(store.db, req.under);
  const villages = all.filter((v) => !/居委会|居民委员会/.test(v.name)).map((v) => v.code);
  if (all.length === 0) throw fail(`${region.name} 下没有村级区划`, `no villages under ${region.name}`, '请先载入该地区的村级区划', 'Load the village regions of the area first');
  if (villages.length === 0) {
    throw fail(`${region.name} 下只有城镇社区（居委会），没有村委会：建档立卡贫困户登记在村`, `${region.name} has only urban residents' committees and no villages: registered poor households live in villages`, '请选择有村委会的乡镇或县', 'Choose a town or county that has villages');
  }
  const [lo, hi] = subtreeRange(req.under);
  const existing = await countHouseholdsUnder(store.db, lo, hi);
  if (existing > 0 && !req.replace) {
    throw fail(`${region.name} 已有 ${existing} 户数据`, `${region.name} already has ${existing} households`, '如需重新生成，请加 --replace（将删除该地区现有数据，并记入审计日志）', "To generate again, add --replace (deletes the area's data; written to the audit log)");
  }

  const plans = planVillages(villages, req.households, req.seed);
  let generated: GeneratedParts = { peoplePerVillage: new Map(), errors: {} };
  const result = await store.bulkTransaction(async (trx) => {
    if (existing > 0) await deleteRegistryUnder(trx, lo, hi);
    // People of the same counties registered elsewhere (another town synthesised before) keep their ID numbers.
    const taken = await idNumbersOfCounties(trx, [...new Set(villages.map((v) => v.slice(0, 6)))]);
    // Households here average about three members: enough to tell a province written into an empty
    // registry (the index is built once at the end) from a town added to a national one.
    const writer = await BulkWriter.open(store, trx, clock, req.households * 3);
    const options = { seed: req.seed, households: req.households, villages, year: req.year, withErrors: req.withErrors, errorShare: 0.02 };
    const written = req.households >= offThreadFrom.households ? await writeOffThread(writer, { options, taken: [...taken], plans, start: writer.start, chunkSize: offThreadChunk }, onProgress) : await writeHere(writer, { ...options, taken }, plans, onProgress);
    generated = written.generated;
    const peoplePerVillage = generated.peoplePerVillage;

    await upsertVillages(trx, plans);
    const years = [];
    for (const plan of plans) {
      const registered = peoplePerVillage.get(plan.code) ?? 0;
      // The rural population is set so that the registered people give the planned 2014 incidence.
      const base = Math.max(registered, Math.round(registered / plan.incidence2014), 150);
      for (let y = 2014; y <= req.year; y++) {
        const population = Math.round(base * (1 - 0.004 * (y - 2014)));
        years.push({ code: plan.code, year: y, ruralHouseholds: Math.round(population / 3.3), ruralPopulation: population, collectiveIncome: plan.collectiveIncomeFen * (y >= 2017 ? 1 : 0) });
      }
    }
    await upsertVillageYears(trx, years);
    return writer.finish({
      actor,
      action: existing > 0 ? 'synth-replace' : 'synth',
      region: req.under,
      description: { seed: req.seed, year: req.year, withErrors: req.withErrors, replacedHouseholds: existing },
    }, written.totals);
  });
  await store.analyze();
  // The villages that got households, not the candidates: 5 households fill at most 5 villages.
  return { ...result, villages: plans.filter((p) => p.households > 0).length, errors: generated.errors, seconds: (performance.now() - started) / 1000 };
}

/** From this many households on, a worker thread generates and checks them while this one writes. */
export const offThreadFrom = { households: 20_000 };

/**
 * Households per chunk crossing from the worker. Small chunks' rows die young in both threads, and
 * the worker's young generation is raised from V8's 16 MiB: at 1,000,000 households (2 cores)
 * chunks of 1,000 with 64 MiB took 28.5 s, of 10,000 with the default 31.7–35.4 s.
 */
export const offThreadChunk = 1000;

export interface Written {
  readonly generated: GeneratedParts;
  /** The worker's totals (undefined: the writer prepared the chunks itself). */
  readonly totals?: PreparedTotals;
}

/** Generates, checks and writes chunk after chunk in this thread. */
async function writeHere(writer: BulkWriter, options: SynthOptions, plans: readonly SynthVillagePlan[], onProgress?: (done: number) => void): Promise<Written> {
  const generated = new GeneratedTally();
  let chunk: SynthHousehold[] = [];
  let done = 0;
  for (const h of generateHouseholds(options, plans)) {
    generated.add(h);
    chunk.push(h);
    if (chunk.length === chunkSize) {
      await writer.write(chunk);
      done += chunk.length;
      chunk = [];
      onProgress?.(done);
    }
  }
  await writer.write(chunk);
  onProgress?.(done + chunk.length);
  return { generated: generated.parts() };
}

/**
 * A worker thread (synth-worker.ts) generates the households, checks them and makes their rows;
 * this thread stores each chunk's rows as they come, so that the two cores share the work: a
 * province of 1,000,000 households took 28.7 s here, against 60.1 s in one thread.
 */
export async function writeOffThread(writer: BulkWriter, data: SynthWorkerData, onProgress?: (done: number) => void): Promise<Written> {
  const worker = startWorker(import.meta.url, 'synth-worker', data, { maxYoungGenerationSizeMb: 64 });
  try {
    return await new Promise<Written>((resolve, reject) => {
      let settled = false;
      let done = 0;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      // Messages are handled one after another: a chunk is stored before the next is looked at.
      let queue = Promise.resolve();
      const then = (step: () => Promise<void> | void): void => {
        queue = queue.then(async () => {
          if (!settled) await step();
        }).catch(fail);
      };
      worker.on('message', (m: SynthWorkerMessage) =>
        then(async () => {
          if (m.type === 'rows') {
            await writer.writePrepared(m.rows);
            worker.postMessage('stored');
            done += m.households;
            onProgress?.(done);
          } else if (m.type === 'invalid') fail(new ValidationFailed(m.errors));
          else if (m.type === 'error') fail(Object.assign(new Error(m.message), { stack: m.stack }));
          else {
            settled = true;
            resolve({ generated: m.generated, totals: { ...m.totals, tally: ContributionTally.revive(m.totals.tally) } });
          }
        }),
      );
      worker.on('error', fail);
      worker.on('exit', (code) => then(() => fail(new Error(`the worker generating households stopped (exit code ${code})`))));
    });
  } finally {
    await worker.terminate();
  }
}
