// The assistance commands end to end on a SQLite file, as a county operator would run them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';
import { openStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-assist-cli-'));
const db = join(dir, 'cli.db');

const jingzhun = cliRunner(db);

async function householdNos(): Promise<string[]> {
  const store = await openStore(db, {});
  try {
    return (await store.db.selectFrom('household').select('household_no').where('status', '<>', 'removed').orderBy('household_no').execute()).map((r) => r.household_no);
  } finally {
    await store.close();
  }
}

const json = async (...args: string[]) => {
  const r = await jingzhun(...args, '--json');
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun assistance', () => {
  it('registers a cadre, pairs, records visits, refuses bad input and reports coverage', async () => {
    expect((await jingzhun('regions', 'load', '--under', '610902')).code).toBe(0);
    expect((await jingzhun('synth', '--under', '610902101', '--households', '40', '--seed', '2')).code).toBe(0);
    const households = await householdNos();
    expect(households.length).toBeGreaterThan(3);
    const [h1 = '', h2 = ''] = households;
    const unit = await json('assistance', 'units', 'add', '--name', '区交通局', '--region', '610902');
    const cadre = await json('assistance', 'cadres', 'add', '--name', '陈刚', '--unit', String(unit.id), '--region', '610902', '--phone', '13912345678', '--cap', '1');
    await json('assistance', 'cadres', 'pair', '--cadre', String(cadre.id), '--household', h1, '--from', '2019-01-01');
    const over = await jingzhun('assistance', 'cadres', 'pair', '--cadre', String(cadre.id), '--household', h2, '--from', '2019-01-01');
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('达到上限 1 户');
    const visit = await json('assistance', 'visit', 'record', '--cadre', String(cadre.id), '--household', h1, '--date', '2019-05-02', '--findings', '了解务工情况', '--follow-up', '联系技能培训@2019-05-20');
    expect(visit.followUps).toBe(1);
    const future = await jingzhun('assistance', 'visit', 'record', '--cadre', String(cadre.id), '--household', h1, '--date', '2999-01-01');
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('晚于今天');
    const coverage = await json('assistance', 'coverage', '--under', '610902', '--from', '2019-05-01', '--to', '2019-05-31', '--by-cadre');
    expect(coverage.visited).toBe(1);
    expect(coverage.paired).toBe(1);
    expect(coverage.cadres).toEqual([{ cadreId: cadre.id, name: '陈刚', households: 1, visited: 1, rate: 1 }]);
    const plan = await jingzhun('assistance', 'plan', 'set', '--household', h1, '--year', '2019', '--measure', 'teleportation');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('帮扶措施“teleportation”不存在');
  }, 600_000);
});
