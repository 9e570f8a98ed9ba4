// A batch's set-aside households (隔离户) after the officer fixed some of them: each says whether it
// has been registered since the batch (by a later import, or an edit), the counts add up, and one
// still bad stays outstanding; in the service's list, the `open` filter, the workbook and the CLI text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loadRegions } from '../../src/app/regions.js';
import { createRegistryService } from '../../src/app/registry.js';
import { importRegistry, type ImportMode } from '../../src/app/workbook/import.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import { createWorkbookService } from '../../src/app/workbook/service.js';
import { quarantineView } from '../../src/app/workbook/quarantine.js';
import { quarantineText } from '../../src/cli/commands/workbook.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdHeader, householdRow, memberHeader, memberRow, plainWorkbook } from './fixtures.js';

// Each reading of the clock is a second later: a later import is later than the batch's end.
let tick = Date.parse('2021-03-01T00:00:00Z');
const clock = { now: () => new Date((tick += 1000)) };

describe.each(dialects)('set-aside households after they were fixed, on %s', (dialect) => {
  let t: TestStore;
  let v = '';
  const run = (files: InputFile[], mode: ImportMode, batchName?: string) => importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope: null, ...(batchName ? { batchName } : {}) });
  const service = () => createWorkbookService({ store: t.store, clock });

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    v = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow()).code;
  });
  afterAll(async () => t?.dispose());

  it('says which are registered since, by which import or an edit; the counts add up; a household still bad stays to fix', async () => {
    const no = (n: number) => `${v}${8000 + n}`;
    const [good, newFixed, newBad, oldFixed, oldEdited, oldReverted] = [1, 2, 3, 4, 5, 6].map(no) as [string, string, string, string, string, string];
    const ids = [1, 2, 3, 4, 5, 6].map((n) => idFor(`19${60 + n}-0${n}-0${n}`, n % 2 ? 'male' : 'female'));
    const sex = (n: number) => (n % 2 ? '男' : '女');
    const book = (name: string, causes: Record<string, string>) =>
      plainWorkbook(name, [
        { name: '户表', header: householdHeader, rows: [good, newFixed, newBad, oldFixed, oldEdited, oldReverted].map((h) => householdRow(h, v, causes[h] ? { 主要致贫原因: causes[h] } : {})) },
        { name: '成员表', header: memberHeader, rows: [good, newFixed, newBad, oldFixed, oldEdited, oldReverted].map((h, i) => memberRow(h, `户主${i + 1}`, ids[i] ?? '', '户主', sex(i + 1))) },
      ]);
    // Three households registered before the batch, with the file's cause 因病.
    const registered = await plainWorkbook('before.xlsx', [
      { name: '户表', header: householdHeader, rows: [oldFixed, oldEdited, oldReverted].map((h) => householdRow(h, v)) },
      { name: '成员表', header: memberHeader, rows: [oldFixed, oldEdited, oldReverted].map((h) => memberRow(h, `户主${Number(h.slice(-1))}`, ids[Number(h.slice(-1)) - 1] ?? '', '户主', sex(Number(h.slice(-1))))) },
    ]);
    expect((await run([registered], 'all')).counts).toMatchObject({ created: 3 });

    // The batch: a bad cause sets five households aside, the new ones and the changes to old ones alike.
    const bad = { [newFixed]: '懒', [newBad]: '懒', [oldFixed]: '懒', [oldEdited]: '懒', [oldReverted]: '懒' };
    const first = await run([await book('第一批.xlsx', bad)], 'acceptValid', '第一批');
    expect(first.counts).toMatchObject({ created: 1, quarantined: 5 });
    const before = await service().quarantine('第一批');
    expect(before).toMatchObject({ total: 5, resolved: 0, outstanding: 5 });
    expect(before?.items.every((i) => !i.resolved && i.resolvedAt === null && i.resolvedBy === null)).toBe(true);

    // Fixed: one new household corrected, one old household given its intended (valid) cause, one
    // old household put back as registered (nothing to write), one new household still wrong; and
    // one old household corrected in the workbench instead.
    const second = await run([await book('第二批.xlsx', { [newFixed]: '缺技术', [newBad]: '懒', [oldFixed]: '因残', [oldEdited]: '懒' })], 'acceptValid', '第二批');
    expect(second.counts).toMatchObject({ created: 1, updated: 1, unchanged: 2, quarantined: 2 });
    const edited = await t.store.db.selectFrom('household').select(['id', 'version']).where('household_no', '=', oldEdited).executeTakeFirstOrThrow();
    await createRegistryService({ store: t.store, clock }).updateHousehold('officer', edited.id, edited.version, { mainCause: 'disability' });

    const after = await service().quarantine('第一批');
    if (!after) throw new Error('no batch');
    expect({ total: after.total, resolved: after.resolved, outstanding: after.outstanding }).toEqual({ total: 5, resolved: 3, outstanding: 2 });
    const byNo = new Map(after.items.map((i) => [i.householdNo, i]));
    expect(byNo.get(newFixed)).toMatchObject({ resolved: true, resolvedBy: 'import', resolvedBatch: { id: second.batchId, name: '第二批' } });
    expect(byNo.get(oldFixed)).toMatchObject({ resolved: true, resolvedBy: 'import', resolvedBatch: { name: '第二批' } });
    expect(byNo.get(oldEdited)).toMatchObject({ resolved: true, resolvedBy: 'edit', resolvedBatch: null });
    expect(byNo.get(oldEdited)?.resolvedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Still wrong in the file; and unchanged since (the registry already held what the file now says).
    expect(byNo.get(newBad)).toMatchObject({ resolved: false, resolvedAt: null });
    expect(byNo.get(oldReverted)).toMatchObject({ resolved: false });
    expect(byNo.get(newBad)?.issues[0]?.field).toBe('mainCause');

    // Only the ones still to fix; the counts stay those of the whole batch.
    const open = await service().quarantine(first.batchId, true);
    expect(open?.items.map((i) => i.householdNo).sort()).toEqual([newBad, oldReverted].sort());
    expect(open).toMatchObject({ total: 5, resolved: 3, outstanding: 2 });
    expect(quarantineView(open ?? after)).toMatchObject({ batchName: '第一批', households: 5, resolved: 3, outstanding: 2, open: true });
    // The second batch set newBad aside again: that one is still to fix too.
    expect(await service().quarantine('第二批')).toMatchObject({ total: 2, resolved: 1, outstanding: 1 });

    // The import history carries the counts of each batch that set households aside.
    const history = await service().history(null, 10);
    expect(history.find((h) => h.id === first.batchId)?.quarantine).toEqual({ total: 5, resolved: 3 });
    expect(history.find((h) => h.id === second.batchId)?.quarantine).toEqual({ total: 2, resolved: 1 });

    // The workbook has a status column and the counts in 说明.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(service().quarantineWorkbook(after));
    const rows = (wb.getWorksheet('隔离户问题')?.getSheetValues() ?? []).slice(2) as unknown[][];
    const status = new Map(rows.map((r) => [r[1], r[2]]));
    expect(Object.fromEntries(status)).toEqual({ [newFixed]: '已登记', [newBad]: '待修正', [oldFixed]: '已登记', [oldEdited]: '已登记', [oldReverted]: '待修正' });
    expect(String(rows.find((r) => r[1] === newFixed)?.[10])).toContain('导入批次“第二批”');
    expect(String(rows.find((r) => r[1] === oldEdited)?.[10])).toContain('在系统中修改');
    expect(JSON.stringify(wb.getWorksheet('说明')?.getSheetValues())).toContain('其中已登记');

    // The command line: the counts, the outstanding ones first.
    const text = quarantineText({ ...after, open: false }, undefined, 200);
    expect(text).toContain('隔离户 5 户，其中 3 户已登记，2 户待修正');
    const lines = text.split('\n').slice(1);
    expect(lines.map((l) => l.slice(0, 7))).toEqual(['  [待修正]', '  [待修正]', '  [已登记]', '  [已登记]', '  [已登记]']);
    expect(text).not.toContain(ids[2] ?? '∅');
  });
});
