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

  it('adds measures to the catalogue and lists them; refuses unknown codes, duplicates and a town account', async () => {
    const added = await jingzhun('assistance', 'measures', 'add', '--code', 'oilTeaJob', '--name', '油茶基地务工', '--category', 'employment', '--five-batch', 'production', '--cause', 'lackSkills,lackLand');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('已增加帮扶措施 oilTeaJob');
    expect((await jingzhun('assistance', 'measures')).stdout).toMatch(/oilTeaJob\s+油茶基地务工（就业扶贫；发展生产脱贫一批）→ 缺技术、缺土地/);
    const list = await json('assistance', 'measures', 'list');
    expect(list.filter((m: { code: string }) => m.code === 'oilTeaJob')).toHaveLength(1);
    const bad = await jingzhun('assistance', 'measures', 'add', '--code', 'roadJob', '--name', '油茶基地务工', '--category', 'employment', '--five-batch', 'sixthBatch', '--cause', 'badLuck');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('措施名称“油茶基地务工”已存在（代码 oilTeaJob）');
    expect(bad.stderr).toContain('“五个一批”代码“sixthBatch”不存在');
    expect(bad.stderr).toContain('致贫原因代码“badLuck”不存在');
    expect((await jingzhun('users', 'add', '--name', 'town1', '--role', 'regionAdmin', '--region', '610902101', '--display-name', '镇干部')).code).toBe(0);
    const town = await jingzhun('assistance', 'measures', 'add', '--as', 'town1', '--code', 'roadJob', '--name', '道路养护', '--category', 'employment', '--five-batch', 'none', '--cause', 'poorTransport');
    expect(town.code).toBe(1);
    expect(town.stderr).toContain('只有系统管理员或县级（及以上）管理员可以增加帮扶措施');
    expect((await json('assistance', 'measures', 'list')).some((m: { code: string }) => m.code === 'roadJob')).toBe(false);
  }, 600_000);

  it('edits, retires and brings back a measure; exit 1 for refusals, 2 for usage and unknown codes', async () => {
    const edited = await json('assistance', 'measures', 'edit', '--code', 'oilTeaJob', '--name', '油茶林务工', '--five-batch', 'none', '--cause', 'lackSkills');
    expect(edited).toMatchObject({ code: 'oilTeaJob', zh: '油茶林务工', en: '油茶林务工', fiveBatch: null, causes: ['lackSkills'], active: true });
    expect((await jingzhun('assistance', 'measures', 'edit', '--code', 'oilTeaJob')).code).toBe(2);
    expect((await jingzhun('assistance', 'measures', 'edit', '--code', 'flyingCar', '--name', '飞车')).code).toBe(2);
    const clash = await jingzhun('assistance', 'measures', 'edit', '--code', 'oilTeaJob', '--name', '技能培训');
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('措施名称“技能培训”已存在（代码 skillsTraining）');
    const town = await jingzhun('assistance', 'measures', 'retire', '--as', 'town1', '--code', 'oilTeaJob');
    expect(town.code).toBe(1);
    expect(town.stderr).toContain('只有系统管理员或县级（及以上）管理员可以停用或恢复帮扶措施');
    const retired = await jingzhun('assistance', 'measures', 'retire', '--code', 'oilTeaJob');
    expect(retired.stdout).toContain('已停用帮扶措施 oilTeaJob');
    expect((await jingzhun('assistance', 'measures')).stdout).toMatch(/oilTeaJob\s+油茶林务工.*【已停用】/);
    const [h = ''] = await householdNos();
    const plan = await jingzhun('assistance', 'plan', 'set', '--household', h, '--year', '2019', '--measure', 'oilTeaJob');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('帮扶措施“油茶林务工”（oilTeaJob）已停用，不能新加入计划');
    expect((await jingzhun('assistance', 'measures', 'retire', '--code', 'oilTeaJob')).code).toBe(1);
    expect((await json('assistance', 'measures', 'reactivate', '--code', 'oilTeaJob')).active).toBe(true);
    expect((await jingzhun('assistance', 'plan', 'set', '--household', h, '--year', '2019', '--measure', 'oilTeaJob')).code).toBe(0);
    expect((await jingzhun('audit', 'verify')).code).toBe(0);
  }, 600_000);

  it('creates a survey over a sample plan, refuses households outside the sample and reports answered of sampled', async () => {
    expect((await jingzhun('sample', 'draw', '--county', '610902', '--year', '2019', '--name', '抽样核查', '--seed', '1', '--towns', 'all', '--villages', '2', '--exited', '2', '--poor', '2', '--unregistered', '1')).code).toBe(0);
    expect((await jingzhun('sample', 'draw', '--county', '610902', '--year', '2019', '--name', '只抽非建档户', '--seed', '1', '--exited', '0', '--poor', '0', '--unregistered', '2')).code).toBe(0);
    const missing = await jingzhun('assistance', 'survey', 'create', '--kind', 'satisfaction', '--name', '抽样满意度', '--year', '2019');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--sample-plan');
    const notDrawn = await jingzhun('assistance', 'survey', 'create', '--kind', 'satisfaction', '--name', '抽样满意度', '--year', '2019', '--sample-plan', '2');
    expect(notDrawn.code).toBe(1);
    expect(notDrawn.stderr).toContain('还没有抽中建档立卡户');
    const unknown = await jingzhun('assistance', 'survey', 'create', '--kind', 'satisfaction', '--name', '抽样满意度', '--year', '2019', '--sample-plan', '77');
    expect(unknown.stderr).toContain('抽样核查计划 77 不存在或不在您的管辖范围内');
    const outside = await jingzhun('assistance', 'survey', 'create', '--as', 'town1', '--kind', 'satisfaction', '--name', '抽样满意度', '--year', '2019', '--sample-plan', '1');
    expect(outside.stderr).toContain('抽样核查计划 1 不存在或不在您的管辖范围内');
    const survey = await json('assistance', 'survey', 'create', '--kind', 'satisfaction', '--name', '抽样满意度', '--year', '2019', '--sample-plan', '1');
    expect(survey).toMatchObject({ regionCode: '610902000000', samplePlan: { id: 1, name: '抽样核查' } });
    const items: { householdNo: string | null }[] = await json('sample', 'items', '1');
    const drawn = items.flatMap((i) => (i.householdNo === null ? [] : [i.householdNo]));
    const outsider = (await householdNos()).find((no) => !drawn.includes(no)) ?? '';
    const refusedAnswer = await jingzhun('assistance', 'survey', 'answer', '--survey', String(survey.id), '--household', outsider, '--answers', 'cadre=satisfied');
    expect(refusedAnswer.code).toBe(1);
    expect(refusedAnswer.stderr).toContain(`户 ${outsider} 不在本次调查使用的抽样样本中`);
    expect((await jingzhun('assistance', 'survey', 'answer', '--survey', String(survey.id), '--household', drawn[0] ?? '', '--answers', 'cadre=satisfied,measures=fair')).code).toBe(0);
    const rates = await jingzhun('assistance', 'survey', 'rates', '--survey', String(survey.id), '--under', '610902');
    expect(rates.stdout).toContain(`样本：抽样核查计划 1“抽样核查”，抽中 ${drawn.length} 户，已答 1 户`);
    expect(rates.stdout).toMatch(/汉滨区 100\.0%（已答 1\/抽中 \d+ 户）达到 90%，可评优/);
  }, 600_000);
});
