// The exit year a file gives with a household's status: refused at the check when it cannot be
// true, and written as the household's history when it can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryService } from '../../src/app/registry.js';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry } from '../../src/app/workbook/import.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import { statusFromEvents } from '../../src/domain/status.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdHeader, householdRow, memberHeader, memberRow, plainWorkbook } from './fixtures.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };

type Row = { no: string; status: string | null; exitYear: number | null; identifiedYear?: number };

const file = (name: string, village: string, rows: Row[]): Promise<InputFile> =>
  plainWorkbook(name, [
    { name: '户表', header: [...householdHeader, '脱贫状态', '脱贫年度'], rows: rows.map((r) => [...householdRow(r.no, village, { 识别年度: r.identifiedYear ?? 2016 }), r.status, r.exitYear]) },
    { name: '成员表', header: memberHeader, rows: rows.map((r, i) => memberRow(r.no, '王建国', idFor(`19${60 + i}-03-15`, 'male'), '户主', '男')) },
  ]);

describe.each(dialects)('exit years in a registry import on %s', (dialect) => {
  let t: TestStore;
  let village = '';
  const run = (files: InputFile[]) => importRegistry({ store: t.store, clock }, { files, mode: 'all', actor: 'tester', scope: null });

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    village = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
  });
  afterAll(async () => t?.dispose());

  it('refuses an exit before the year identified, an exit in a year to come, an exit year on a poor household, and one without a status (exited, relapsed and removed alike), naming sheet, row, field and fix', async () => {
    const no = (n: number) => `${village}80${n}`;
    const r = await run([
      await file('exit-years.xlsx', village, [
        { no: no(1), status: '已脱贫', exitYear: 2015, identifiedYear: 2016 },
        { no: no(2), status: '已脱贫', exitYear: 2021 },
        { no: no(3), status: '未脱贫', exitYear: 2018 },
        { no: no(4), status: '返贫', exitYear: 2014, identifiedYear: 2016 },
        { no: no(5), status: null, exitYear: 2018 },
        { no: no(6), status: '已脱贫', exitYear: 2018 },
        { no: no(7), status: '自然减少', exitYear: 2021 },
      ]),
    ]);
    expect(r.status).toBe('invalid');
    expect(await t.store.db.selectFrom('household').select('id').execute()).toEqual([]);
    const at = (row: number) => r.issues.filter((i) => i.sheet === '户表' && i.row === row);
    expect(at(2)).toMatchObject([{ field: 'exitYear', header: '脱贫年度', column: 'K', value: '2015', message: '脱贫年度 2015 早于识别年度 2016：不能在识别之前脱贫', fix: '请核对脱贫年度和识别年度' }]);
    expect(at(2)[0]?.messageEn).toContain('before the year identified');
    expect(at(3)).toMatchObject([{ field: 'exitYear', message: '脱贫年度 2021 晚于今年（2020）' }]);
    expect(at(3)[0]?.fixEn).toContain('leave the exit year empty');
    expect(at(4)).toMatchObject([{ field: 'exitYear', message: '未脱贫户不能填写脱贫年度（填了 2018）' }]);
    expect(at(4)[0]?.fix).toContain('清空脱贫年度');
    expect(at(5)).toMatchObject([{ field: 'exitYear', message: '脱贫年度 2014 早于识别年度 2016：不能在识别之前脱贫' }]);
    expect(at(6)).toMatchObject([{ field: 'status', header: '脱贫状态', message: '填写了脱贫年度 2018，但脱贫状态为空' }]);
    expect(at(7)).toEqual([]);
    expect(at(8)).toMatchObject([{ field: 'exitYear', message: '脱贫年度 2021 晚于今年（2020）' }]);
    for (const i of r.issues) expect(i.fixEn.length).toBeGreaterThan(0);
  });

  it('writes a relapsed household’s exit on 31 December of the year the file gives and its relapse today; a re-import of the file changes nothing', async () => {
    const [relapsed, exitedNow] = [`${village}8101`, `${village}8102`];
    const rows: Row[] = [
      { no: relapsed, status: '返贫', exitYear: 2018, identifiedYear: 2015 },
      { no: exitedNow, status: '已脱贫', exitYear: 2020, identifiedYear: 2015 },
    ];
    // Built once: each file made from the rows would carry new ID numbers.
    const relapsedFile = await file('relapsed.xlsx', village, rows);
    const r = await run([relapsedFile]);
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('imported');
    const registry = createRegistryService({ store: t.store, clock });
    const stored = async (no: string) => {
      const row = await t.store.db.selectFrom('household').select(['id', 'status', 'exit_year']).where('household_no', '=', no).executeTakeFirstOrThrow();
      const events = (await registry.householdFile(row.id)).events;
      // The stored row and its history agree.
      expect(statusFromEvents(events)).toEqual({ status: row.status, exitYear: row.exit_year });
      return events.map((e) => `${e.type} ${e.date}`);
    };
    expect(await stored(relapsed)).toEqual(['identified 2015-01-01', 'exited 2018-12-31', 'relapsed 2020-06-30']);
    // An exit in this year is dated today, not on a 31 December still to come.
    expect(await stored(exitedNow)).toEqual(['identified 2015-01-01', 'exited 2020-06-30']);
    const again = await run([relapsedFile]);
    expect(again.issues).toEqual([]);
    expect(again.counts).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
    // The row keeps no exit year after the relapse, but the history does: a file giving another year is held to it.
    const otherYear = await run([await file('relapsed-2017.xlsx', village, [{ ...rows[0], exitYear: 2017 } as Row])]);
    expect(otherYear.status).toBe('invalid');
    expect(otherYear.issues.filter((i) => i.field === 'exitYear')).toMatchObject([{ sheet: '户表', row: 2, header: '脱贫年度', value: '2017', message: '该户登记为 2018 年脱贫后返贫，文件填的脱贫年度是 2017：导入不能修改脱贫年度' }]);
    expect(await stored(relapsed)).toEqual(['identified 2015-01-01', 'exited 2018-12-31', 'relapsed 2020-06-30']);
  });
});
