import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry, type ImportMode } from '../../src/app/workbook/import.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdHeader, householdRow, memberHeader, memberRow, plainWorkbook } from './fixtures.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };
// A town workbook names its villages (乡镇, 村) where the template has the 12-digit code.
const namedHeader = ['户编号', '乡镇', '村', ...householdHeader.filter((h) => h !== '户编号' && h !== '村代码')];
const namedRow = (no: string, town: string, village: string) => [no, town, village, ...householdRow(no, '').slice(2)];

// Real names of 汉滨区 (610902): 九里村委会 is in 新城街道 (610902002206) and in 早阳镇 (610902122238);
// 新城街道 has both 枣园社区居委会 (610902002003) and 枣园村委会 (610902002208).
describe.each(dialects)('villages named instead of coded, on %s', (dialect) => {
  let t: TestStore;
  const run = (files: InputFile[], mode: ImportMode = 'all', scope: string | null = null) => importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope });
  const households = async () => Number((await t.store.db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
  });
  afterAll(async () => t?.dispose());

  it('finds each village from the town and village names as officials write them', async () => {
    const [a, b] = ['6109021222387301', '6109020022087302'];
    const file = await plainWorkbook('早阳镇.xlsx', [
      { name: '户表', header: namedHeader, rows: [namedRow(a, '早阳镇', '九里村'), namedRow(b, '新城街道', '枣园村')] },
      { name: '成员表', header: memberHeader, rows: [memberRow(a, '甲', idFor('1970-01-01', 'male'), '户主', '男'), memberRow(b, '乙', idFor('1972-02-02', 'female'), '户主', '女')] },
    ]);
    const r = await run([file]);
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('imported');
    const stored = await t.store.db.selectFrom('household').select(['household_no', 'village_code']).where('household_no', 'in', [a, b]).orderBy('household_no').execute();
    expect(stored).toEqual([{ household_no: b, village_code: '610902002208' }, { household_no: a, village_code: '610902122238' }]);
    // The same file again changes nothing: the names give the codes already stored.
    expect((await run([file])).status).toBe('unchanged');
  });

  it('refuses names that fit several villages or none, and a code its names contradict, writing nothing', async () => {
    const before = await households();
    const header = ['户编号', '乡镇', '村', ...householdHeader.filter((h) => h !== '户编号')];
    const row = (no: string, town: string, village: string, code: string) => [no, town, village, ...householdRow(no, code).slice(1)];
    const [a, b, c, d] = ['6109021222387311', '6109021222387312', '6109021222387313', '6109020022067314'];
    const file = await plainWorkbook('错村.xlsx', [
      { name: '户表', header, rows: [row(a, '', '九里村', ''), row(b, '早阳镇', '枣园村', ''), row(c, '', '', ''), row(d, '早阳镇', '九里村', '610902002206')] },
      { name: '成员表', header: memberHeader, rows: [a, b, c, d].map((no, i) => memberRow(no, '丙', idFor(`198${i}-03-03`, 'male'), '户主', '男')) },
    ]);
    const r = await run([file]);
    expect(r.status).toBe('invalid');
    const at = (row: number) => r.issues.filter((i) => i.sheet === '户表' && i.row === row);
    expect(at(2)).toHaveLength(1);
    expect(at(2)[0]).toMatchObject({ field: 'villageCode', column: 'C', header: '村', value: '九里村' });
    expect(at(2)[0]?.message).toBe('“九里村”对应 2 个村：汉滨区 新城街道 九里村委会（610902002206）、汉滨区 早阳镇 九里村委会（610902122238）');
    expect(at(2)[0]?.fix).toContain('乡镇');
    expect(at(3)[0]?.message).toBe('已载入的区划没有“早阳镇 枣园村”；同名的村在：汉滨区 新城街道 枣园村委会（610902002208）');
    expect(at(4)).toHaveLength(1);
    expect(at(4)[0]).toMatchObject({ field: 'villageCode', header: '村代码', message: '没有填写村代码，也没有填写村名' });
    expect(at(5)).toHaveLength(1);
    expect(at(5)[0]).toMatchObject({ field: 'villageCode', header: '村代码', value: '610902002206', message: '村代码 610902002206 是“汉滨区 新城街道 九里村委会”，与所填的“早阳镇 九里村”不一致' });
    expect(await households()).toBe(before);
  });

  it('looks only inside the importer\'s region, and says which region it looked in', async () => {
    const no = '6109020022067321';
    const file = await plainWorkbook('新城.xlsx', [
      { name: '户表', header: namedHeader, rows: [namedRow(no, '', '九里村')] },
      { name: '成员表', header: memberHeader, rows: [memberRow(no, '丁', idFor('1975-05-05', 'female'), '户主', '女')] },
    ]);
    const inTown = await run([file], 'dryRun', '610902122000');
    expect(inTown.issues).toEqual([]);
    const elsewhere = await run([file], 'dryRun', '610902104000');
    expect(elsewhere.issues[0]?.message).toBe('五里镇中找不到名为“九里村”的村');
    // A town misspelt is named as such; a village not in the town written points to its namesakes in the county.
    const typo = await plainWorkbook('错镇.xlsx', [
      { name: '户表', header: namedHeader, rows: [namedRow('6109021222387331', '早杨镇', '九里村'), namedRow('6109021222387332', '关庙镇', '九里村')] },
      { name: '成员表', header: memberHeader, rows: [memberRow('6109021222387331', '戊', idFor('1976-06-06', 'male'), '户主', '男'), memberRow('6109021222387332', '己', idFor('1977-07-07', 'male'), '户主', '男')] },
    ]);
    const r = await run([typo], 'dryRun', '610902000000');
    expect(r.issues.map((i) => i.message)).toEqual([
      '汉滨区中找不到乡镇“早杨镇”',
      '汉滨区没有“关庙镇 九里村”；同名的村在：汉滨区 新城街道 九里村委会（610902002206）、汉滨区 早阳镇 九里村委会（610902122238）',
    ]);
  });
});
