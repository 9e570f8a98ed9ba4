// Issue "Rectification" targets: a province with 100,000 problems; a county's board within
// 200 ms; a batch report within 2 s. Problems go in through the same use case as an import.
import { availableParallelism, loadavg } from 'node:os';
import { loadRegions } from '../src/app/regions.js';
import { createRectificationService } from '../src/app/rectification.js';
import { createRectificationViews } from '../src/app/rectification-views.js';
import { reportWorkbook } from '../src/app/rectification-xlsx.js';
import type { Principal } from '../src/domain/access.js';
import type { ProblemInput } from '../src/domain/rectification/validate.js';
import { regionsAtLevel } from '../src/store/rectification.js';
import type { Benchmark } from './run.js';
import { freshStore, median, report, scale, timeIt } from './util.js';

const province = '610000000000';
const problems = Math.round(100_000 * scale);
const batches = 20;
const commonPerBatch = 1;
const clock = { now: () => new Date('2017-10-09T02:00:00Z') };
const categories = ['identification', 'exit', 'assistance', 'projectsFunds', 'workStyle', 'ecology', 'dataQuality'];

/** A small deterministic generator, so every run loads the same province. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function rectificationBench(dialect: 'sqlite' | 'postgres'): Benchmark {
  return {
    name: `rectification-${dialect}`,
    description: `a province with ${problems} problems in ${batches} batches on ${dialect}: county board (target < 200 ms), batch report (target < 2 s)`,
    async run() {
      const b = await freshStore(dialect, 'rect');
      try {
        await loadRegions(b.store, '61');
        const service = createRectificationService({ store: b.store, clock });
        const views = createRectificationViews({ store: b.store, clock });
        const counties = await regionsAtLevel(b.store.db, province, 3);
        const towns = await regionsAtLevel(b.store.db, province, 4);
        const villages = await regionsAtLevel(b.store.db, province, 5);
        const rand = lcg(7);
        const pick = (list: readonly string[]) => list[Math.floor(rand() * list.length)] ?? province;
        const perBatch = Math.ceil(problems / batches);
        const [, loadSeconds] = await timeIt(async () => {
          for (let k = 0; k < batches; k++) {
            const batch = await service.createBatch('bench', { name: `批次 ${k + 1}`, source: 'crossInspection', assigningRegion: province, assigningDepartment: null, finalDeadline: '2017-12-31', recheckDays: 90 });
            const list: ProblemInput[] = [];
            for (let i = 0; i < perBatch; i++) {
              const common = i < commonPerBatch;
              const r = rand();
              const unit = common ? province : r < 0.5 ? pick(counties) : r < 0.8 ? pick(towns) : pick(villages);
              list.push({ problemNo: `${k + 1}-${i + 1}`, scope: common ? 'common' : 'specific', unitRegion: unit, unitDepartment: null, appliesLevel: common ? 3 : null, category: categories[i % categories.length] ?? 'other', description: `问题描述 ${k + 1}-${i + 1}：台账信息与实际不符`, deadline: null, tasks: [{ measure: '逐项核查整改', leadUnit: '扶贫办', responsibleLeader: '分管领导', responsiblePerson: '责任人', cooperatingUnits: '', deadline: null, durationDays: 10 }] });
            }
            for (let i = 0; i < list.length; i += 5000) await service.addProblems('bench', 'system', batch.id, list.slice(i, i + 5000));
          }
        });
        report(`${dialect}: load ${problems} problems (+ tasks)`, loadSeconds, 's', `(${Math.round(problems / loadSeconds)} problems/s, through the use case)`);
        const board = await views.board(province);
        report(`${dialect}: records in the province`, board.total, 'records');
        // The busiest county: the worst case for a county board.
        const counts = await views.unitCounts(province, 3);
        const busiest = [...counts.units].sort((a, b2) => b2.total - a.total)[0]?.unitRegion ?? counties[0] ?? province;
        const countyBoard = await views.board(busiest);
        const times: number[] = [];
        for (let i = 0; i < 7; i++) times.push((await timeIt(() => views.board(busiest)))[1] * 1000);
        const ms = median(times);
        report(`${dialect}: county board (${countyBoard.total} records in ${busiest})`, ms, 'ms', `(target < 200 ms: ${ms < 200 ? 'met' : 'NOT met'}; ratio ${(ms / 200).toFixed(3)})`);
        const countTimes: number[] = [];
        for (let i = 0; i < 3; i++) countTimes.push((await timeIt(() => views.unitCounts(province, 3)))[1] * 1000);
        report(`${dialect}: counts per county, whole province`, median(countTimes), 'ms');
        const reader: Principal = { userId: 0, username: 'bench', role: 'admin', regionCode: province, department: null };
        const reportTimes: number[] = [];
        const xlsxTimes: number[] = [];
        const writeTimes: number[] = [];
        const cpuTimes: number[] = [];
        let lines = 0;
        let bytes = 0;
        for (let i = 0; i < 5; i++) {
          // CPU time of this process beside the wall time: on the shared bench machine the wall
          // time mostly measures the other jobs (PostgreSQL's own CPU is not in it).
          const cpu = process.cpuUsage();
          const [r, s1] = await timeIt(() => views.report(reader, 1));
          lines = r.lines.length;
          const [buf, s2] = await timeIt(() => reportWorkbook(r));
          const used = process.cpuUsage(cpu);
          cpuTimes.push((used.user + used.system) / 1e6);
          bytes = buf.length;
          reportTimes.push(s1);
          writeTimes.push(s2);
          xlsxTimes.push(s1 + s2);
        }
        const json = median(reportTimes);
        const xlsx = median(xlsxTimes);
        report(`${dialect}: batch report JSON (${lines} records)`, json, 's', `(target < 2 s: ${json < 2 ? 'met' : 'NOT met'}; ratio ${(json / 2).toFixed(3)})`);
        report(`${dialect}: batch report xlsx (${lines} records)`, xlsx, 's', `(target < 2 s: ${xlsx < 2 ? 'met' : 'NOT met'}; ratio ${(xlsx / 2).toFixed(3)})`);
        report(`${dialect}: of which writing the workbook`, median(writeTimes), 's', `(${Math.round(bytes / 1024)} KB)`);
        report(`${dialect}: batch report xlsx, CPU time of the process`, median(cpuTimes), 's', `(load average ${loadavg()[0]?.toFixed(1) ?? '?'} on ${availableParallelism()} cores)`);
      } finally {
        await b.dispose();
      }
    },
  };
}

export const rectificationBenchmarks: Benchmark[] = [rectificationBench('sqlite'), rectificationBench('postgres')];
