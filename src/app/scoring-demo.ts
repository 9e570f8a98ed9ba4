// Demo scoring (npm start): the seed-003-style quarters from the test fixtures, imported as sample
// data and labelled so on every page and export; and a data-quality ranking of Ankang's counties
// computed from the (synthetic) demo registry. Skipped quietly when the files are not shipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store.js';
import { systemClock } from './clock.js';
import { packageRoot } from './paths.js';
import { createScoringService } from './scoring.js';

export async function ensureDemoScoring(store: Store, log: (line: string) => void): Promise<void> {
  const root = packageRoot();
  const schemes = join(root, 'src', 'domain', 'scoring', 'schemes');
  const sample = join(root, 'test', 'fixtures', 'scoring', 'ankang-counties-2017.csv');
  if (!existsSync(sample) || !existsSync(join(schemes, 'shaanxi-county-quarter.yaml'))) return;
  const scoring = createScoringService({ store, clock: systemClock });
  if ((await scoring.listSchemes(() => true)).some((s) => s.schemeId === 'shaanxi-county-quarter')) return;
  await scoring.addScheme('demo', { text: readFileSync(join(schemes, 'shaanxi-county-quarter.yaml'), 'utf8'), fileName: 'shaanxi-county-quarter.yaml', ownerRegion: '61' });
  const r = await scoring.importScores('demo', 'shaanxi-county-quarter', { fileName: 'ankang-counties-2017.csv', bytes: readFileSync(sample), sample: true });
  log(`  已载入考核排名示例数据（非真实考核结果）：${r.periods.map((p) => p.period).join('、')}，安康市 10 个县区`);
  const quality = join(schemes, 'ankang-data-quality-quarter.yaml');
  if (!existsSync(quality)) return;
  await scoring.addScheme('demo', { text: readFileSync(quality, 'utf8'), fileName: 'ankang-data-quality-quarter.yaml', ownerRegion: '6109' });
  try {
    const q = await scoring.computePeriod('demo', 'ankang-data-quality-quarter', '2019-Q4');
    log(`  已由演示数据计算建档立卡数据质量考核：2019-Q4，${q.periods[0]?.units ?? 0} 个县区`);
  } catch (error) {
    // A county without households cannot be scored; the demo goes on without this ranking.
    log(`  未计算建档立卡数据质量考核：${error instanceof Error ? error.message : String(error)}`);
  }
}
