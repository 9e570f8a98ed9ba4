// Issue "Assistance" target: visit coverage (入户率) for a county with 50,000 households and
// 1,000,000 visits within 300 ms. The registry goes in through synth; pairings and visits are
// bulk-written (the visit use case validates one visit at a time, far too slow to load a million).
// Coverage is answered per household by one probe of visit(household_id, visit_date, cadre_id).
import { sql } from 'kysely';
import { createAssistance } from '../src/app/assistance-module.js';
import { loadRegions } from '../src/app/regions.js';
import { synthesize } from '../src/app/synth.js';
import { addDays } from '../src/domain/assistance/schedule.js';
import { createRandom } from '../src/domain/synth/random.js';
import { bulkWrite, nextIds, syncAssistanceSequences } from '../src/store/assistance-bulk.js';
import { rebuildVisitPeriods } from '../src/store/assistance-coverage.js';
import type { Benchmark } from './run.js';
import { freshStore, median, report, scale, timeIt } from './util.js';

const county = '610902000000';
const households = Math.round(50_000 * scale);
const visits = Math.round(1_000_000 * scale);
const target = 300;
const clock = { now: () => new Date('2020-01-15T04:00:00Z') };
const start = '2018-01-01';
const days = 730; // visits over 2018–2019

function assistanceBench(dialect: 'sqlite' | 'postgres'): Benchmark {
  return {
    name: `assistance-${dialect}`,
    description: `visit coverage of a county with ${households} households and ${visits} visits on ${dialect} (target < ${target} ms)`,
    async run() {
      const b = await freshStore(dialect, 'assist');
      try {
        const store = b.store;
        await loadRegions(store, '610902');
        const [, regSeconds] = await timeIt(() => synthesize({ store, clock: { now: () => new Date() } }, 'bench', { under: county, households, seed: 5, year: 2019, withErrors: false, replace: false }));
        report(`${dialect}: registry of ${households} households`, regSeconds, 's');
        const rows = await store.db.selectFrom('household').select(['id', 'village_code']).where('status', '<>', 'removed').orderBy('id').execute();
        const rand = createRandom(17);
        const [, loadSeconds] = await timeIt(() =>
          store.bulkTransaction(async (trx) => {
            const unit = await trx.insertInto('assisting_unit').values({ name: '基准测试单位', region_code: county, created_at: '2018-01-01' }).returning('id').executeTakeFirstOrThrow();
            const ids = await nextIds(trx);
            const cadres = Math.ceil(rows.length / 5);
            await bulkWrite(store, trx, 'cadre', Array.from({ length: cadres }, (_, i) => [ids.cadre + i, `干部${i}`, unit.id, null, null, county, 5, null, '2018-01-01']));
            await bulkWrite(store, trx, 'cadre_pairing', rows.map((h, i) => [ids.cadre + Math.floor(i / 5), h.id, h.village_code, '2017-12-01', null]));
            // Visits in chunks; some households get none so coverage is not trivially 100%.
            let id = ids.visit;
            const chunk: unknown[][] = [];
            for (let k = 0; k < visits; k++) {
              const i = Math.floor(rand.next() * rows.length * 0.97);
              const h = rows[i];
              if (!h) continue;
              chunk.push([id++, h.id, ids.cadre + Math.floor(i / 5), h.village_code, addDays(start, rand.int(0, days - 1)), 'routine', '走访', null, null, '2020-01-01', 'bench']);
              if (chunk.length === 50_000) await bulkWrite(store, trx, 'visit', chunk.splice(0));
            }
            await bulkWrite(store, trx, 'visit', chunk);
            await syncAssistanceSequences(store, trx);
            await rebuildVisitPeriods(trx, county);
          }),
        );
        report(`${dialect}: load pairings and ${visits} visits`, loadSeconds, 's', `(${Math.round(visits / loadSeconds)} visits/s, bulk)`);
        // What autovacuum does after a load: PostgreSQL's index-only scans need the visibility map.
        if (dialect === 'postgres') await sql`vacuum analyze`.execute(store.db);
        else await store.analyze();
        const a = createAssistance({ store, clock });
        const cases: [string, string, string][] = [
          ['a year', '2019-01-01', '2019-12-31'],
          ['a month', '2019-06-01', '2019-06-30'],
          ['the whole two years', '2018-01-01', '2019-12-31'],
        ];
        for (const [label, from, to] of cases) {
          const first = await a.visits.coverage(county, from, to);
          const times: number[] = [];
          for (let i = 0; i < 7; i++) times.push((await timeIt(() => a.visits.coverage(county, from, to)))[1] * 1000);
          const ms = median(times);
          report(`${dialect}: county coverage, ${label}`, ms, 'ms', `(${first.visited}/${first.households} visited in ${first.villages.length} villages; target < ${target} ms: ${ms < target ? 'met' : 'NOT met'}; ratio ${(ms / target).toFixed(3)})`);
        }
        const cadreTimes: number[] = [];
        for (let i = 0; i < 3; i++) cadreTimes.push((await timeIt(() => a.visits.coverage(county, '2019-01-01', '2019-12-31', { byCadre: true })))[1] * 1000);
        report(`${dialect}: county coverage by village and cadre, a year`, median(cadreTimes), 'ms');
        const nvTimes: number[] = [];
        for (let i = 0; i < 3; i++) nvTimes.push((await timeIt(() => a.visits.notVisited(county, 30)))[1] * 1000);
        report(`${dialect}: households not visited for 30 days (county)`, median(nvTimes), 'ms');
      } finally {
        await b.dispose();
      }
    },
  };
}

export const assistanceBenchmarks: Benchmark[] = [assistanceBench('sqlite'), assistanceBench('postgres')];
