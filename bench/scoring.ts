// Scoring: issue 8 names no performance target. Measured: importing eight quarters of a ranking
// in one upload (all checked, stored and ranked in one transaction), the ranking page (re-ranked
// and explained from stored scores), a unit page and the xlsx export, at the size of seed 003's
// provincial county table (96) and of a large table (1,000 units, e.g. assisting units).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/app/paths.js';
import { createScoringService } from '../src/app/scoring.js';
import { rankWorkbook } from '../src/app/scoring-files.js';
import type { Benchmark } from './run.js';
import { freshStore, median, report, scale, timeIt } from './util.js';

const schemeText = readFileSync(join(packageRoot(), 'src', 'domain', 'scoring', 'schemes', 'shaanxi-county-quarter.yaml'), 'utf8');
const quarters = ['2016-Q1', '2016-Q2', '2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4'];

/** A deterministic sheet: every unit in every quarter, some with bonus items, a few deep-poverty. */
function sheet(units: number): Buffer {
  const lines = ['期间,单位代码,单位名称,分组,交叉检查,月通报,创新做法加分,中省肯定加分,通报批评扣分'];
  let s = 7;
  const next = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  for (const q of quarters) {
    for (let u = 0; u < units; u++) {
      const inspection = (8000 + next(2000)) / 100;
      const bulletin = (50 + next(150)) / 100;
      const bonus = next(4) === 0 ? (next(50) / 100).toFixed(2) : '';
      lines.push(`${q},U${String(u).padStart(5, '0')},单位${u},${u % 9 === 0 ? '深度贫困县' : ''},${inspection.toFixed(2)},${bulletin.toFixed(2)},${bonus},,`);
    }
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function scoringBench(dialect: 'sqlite' | 'postgres', units: number): Benchmark {
  return {
    name: `scoring-${units}-${dialect}`,
    description: `${units} units × ${quarters.length} quarters on ${dialect}: import, ranking page, unit page, xlsx export (no target in issue 8)`,
    async run() {
      const b = await freshStore(dialect, `score${units}`);
      try {
        const scoring = createScoringService({ store: b.store, clock: { now: () => new Date('2018-01-10T00:00:00Z') } });
        await scoring.addScheme('bench', { text: schemeText, fileName: 'county.yaml', ownerRegion: '61' });
        const bytes = sheet(units);
        const [, importSeconds] = await timeIt(() => scoring.importScores('bench', 'shaanxi-county-quarter', { fileName: 'all.csv', bytes }));
        report(`import ${units * quarters.length} rows (${quarters.length} periods)`, importSeconds, 's');
        const page: number[] = [];
        const unit: number[] = [];
        const xlsx: number[] = [];
        for (let i = 0; i < 3; i++) {
          const [r, s1] = await timeIt(() => scoring.report('shaanxi-county-quarter', '2017-Q4'));
          page.push(s1 * 1000);
          const [, s2] = await timeIt(async () => {
            const x = await scoring.report('shaanxi-county-quarter', '2017-Q4');
            return x.explanations.find((e) => e.unitId === 'U00042');
          });
          unit.push(s2 * 1000);
          const [, s3] = await timeIt(() => rankWorkbook(r));
          xlsx.push(s3 * 1000);
        }
        report('ranking page (re-rank + explain all, median of 3)', median(page), 'ms');
        report('unit page (median of 3)', median(unit), 'ms');
        report('xlsx export of the ranking (median of 3)', median(xlsx), 'ms');
      } finally {
        await b.dispose();
      }
    },
  };
}

const large = Math.max(100, Math.round(1000 * scale));
export const scoringBenchmarks: Benchmark[] = [scoringBench('sqlite', 96), scoringBench('postgres', 96), scoringBench('sqlite', large), scoringBench('postgres', large)];
