// Demo data quality (npm start): the registry check run once over the demo city, so that the
// quality page opens on real findings. Nothing is made up: the synthetic registry is generated
// with a known share of bad records (`withErrors`), and this is the same check a data officer runs.
import type { Store } from '../store/store.js';
import { trendOf } from '../store/quality.js';
import { systemClock } from './clock.js';
import { createQualityService } from './quality.js';

export async function ensureQualityDemo(store: Store, city: string, log: (line: string) => void): Promise<void> {
  if ((await trendOf(store.db, city, 1)).length > 0) return;
  const started = performance.now();
  const run = await createQualityService({ store, clock: systemClock }).run('demo', city);
  log(`  已对演示数据运行数据质量检查：${run.households} 户中 ${run.householdsWithFindings} 户有问题，得分 ${run.score.toFixed(1)}（${((performance.now() - started) / 1000).toFixed(1)} 秒）`);
}
