// Demo exit assessment (npm start): the demo city's households assessed once against the national
// standard for the synthetic registry's year, so the exit page opens on results. Nothing is made
// up: it is the same stored run an officer starts from the page, over the synthetic registry.
import { systemClock } from './clock.js';
import { createExitAssessmentService } from './exit-assessment.js';
import type { Store } from '../store/store.js';

export async function ensureExitDemo(store: Store, city: string, year: number, log: (line: string) => void): Promise<void> {
  const service = createExitAssessmentService({ store, clock: systemClock });
  if ((await service.listRuns(city, { unit: 'household', year })).length > 0) return;
  const run = await service.run('demo', { unit: 'household', under: city, year });
  log(`  已对演示数据运行 ${year} 年贫困户退出评估：${run.units} 户中可退出 ${run.ready} 户、未达标 ${run.blocked} 户`);
}
