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
import { migrations } from '../../src/store/migrations/index.js';
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
    // old household put back as registered (nothing to write, yet valid: resolved by that import),
    // one new household still wrong; and one old household corrected in the workbench instead.
    const second = await run([await book('第二批.xlsx', { [newFixed]: '缺技术', [newBad]: '懒', [oldFixed]: '因残', [oldEdited]: '懒' })], 'acceptValid', '第二批');
    expect(second.counts).toMatchObject({ created: 1, updated: 1, unchanged: 2, quarantined: 2 });
    const edited = await t.store.db.selectFrom('household').select(['id', 'version']).where('household_no', '=', oldEdited).executeTakeFirstOrThrow();
    await createRegistryService({ store: t.store, clock }).updateHousehold('officer', edited.id, edited.version, { mainCause: 'disability' });

    const after = await service().quarantine('第一批');
    if (!after) throw new Error('no batch');
    expect({ total: after.total, resolved: after.resolved, outstanding: after.outstanding }).toEqual({ total: 5, resolved: 4, outstanding: 1 });
    const byNo = new Map(after.items.map((i) => [i.householdNo, i]));
    expect(byNo.get(newFixed)).toMatchObject({ resolved: true, resolvedBy: 'import', resolvedBatch: { id: second.batchId, name: '第二批' } });
    expect(byNo.get(oldFixed)).toMatchObject({ resolved: true, resolvedBy: 'import', resolvedBatch: { name: '第二批' } });
    expect(byNo.get(oldEdited)).toMatchObject({ resolved: true, resolvedBy: 'edit', resolvedBatch: null });
    expect(byNo.get(oldEdited)?.resolvedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Still wrong in the file.
    expect(byNo.get(newBad)).toMatchObject({ resolved: false, resolvedAt: null });
    // Unchanged since (the registry already held what the file now says), but found valid by the second batch.
    expect(byNo.get(oldReverted)).toMatchObject({ resolved: true, resolvedBy: 'import', resolvedBatch: { id: second.batchId, name: '第二批' } });
    expect(byNo.get(newBad)?.issues[0]?.field).toBe('mainCause');

    // Only the ones still to fix; the counts stay those of the whole batch.
    const open = await service().quarantine(first.batchId, true);
    expect(open?.items.map((i) => i.householdNo)).toEqual([newBad]);
    expect(open).toMatchObject({ total: 5, resolved: 4, outstanding: 1 });
    expect(quarantineView(open ?? after)).toMatchObject({ batchName: '第一批', households: 5, resolved: 4, outstanding: 1, open: true });
    // The second batch set newBad aside again: that one is still to fix too.
    expect(await service().quarantine('第二批')).toMatchObject({ total: 2, resolved: 1, outstanding: 1 });

    // The import history carries the counts of each batch that set households aside.
    const history = await service().history(null, 10);
    expect(history.find((h) => h.id === first.batchId)?.quarantine).toEqual({ total: 5, resolved: 4 });
    expect(history.find((h) => h.id === second.batchId)?.quarantine).toEqual({ total: 2, resolved: 1 });

    // The workbook has a status column and the counts in 说明.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(service().quarantineWorkbook(after));
    const rows = (wb.getWorksheet('隔离户问题')?.getSheetValues() ?? []).slice(2) as unknown[][];
    const status = new Map(rows.map((r) => [r[1], r[2]]));
    expect(Object.fromEntries(status)).toEqual({ [newFixed]: '已登记', [newBad]: '待修正', [oldFixed]: '已登记', [oldEdited]: '已登记', [oldReverted]: '已登记' });
    expect(String(rows.find((r) => r[1] === newFixed)?.[10])).toContain('导入批次“第二批”');
    expect(String(rows.find((r) => r[1] === oldEdited)?.[10])).toContain('在系统中修改');
    expect(JSON.stringify(wb.getWorksheet('说明')?.getSheetValues())).toContain('其中已登记');

    // The command line: the counts, the outstanding ones first.
    const text = quarantineText({ ...after, open: false }, undefined, 200);
    expect(text).toContain('隔离户 5 户，其中 4 户已登记，1 户待修正');
    const lines = text.split('\n').slice(1);
    expect(lines.map((l) => l.slice(0, 7))).toEqual(['  [待修正]', '  [已登记]', '  [已登记]', '  [已登记]', '  [已登记]']);
    expect(text).not.toContain(ids[2] ?? '∅');
  });
  it('points each set-aside household to where its problems are: the member sheet row, not the household sheet row', async () => {
    const [bad, fine] = [`${v}9101`, `${v}9102`];
    const ids = [idFor('1971-01-01', 'male'), idFor('1972-02-02', 'female')];
    // 户表: bad on row 2, fine on row 3; 成员表: fine on row 2, bad on row 3 with a sex not in the list.
    const file = await plainWorkbook('成员有误.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(bad, v), householdRow(fine, v)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(fine, '户主乙', ids[1] ?? '', '户主', '女'), memberRow(bad, '户主甲', ids[0] ?? '', '户主', '未知')] },
    ]);
    const batch = await run([file], 'acceptValid', '成员有误');
    expect(batch.counts).toMatchObject({ created: 1, quarantined: 1 });
    const list = await service().quarantine('成员有误');
    if (!list) throw new Error('no batch');
    expect(list.items[0]).toMatchObject({ householdNo: bad, sheet: '成员表', row: 3, issueCount: 1 });
    expect(list.items[0]?.issues[0]).toMatchObject({ sheet: '成员表', row: 3, field: 'sex' });
    // Stored so too, not only read so.
    expect(await t.store.db.selectFrom('import_quarantine').select(['sheet', 'row_number']).where('batch_id', '=', batch.batchId).execute()).toEqual([{ sheet: '成员表', row_number: 3 }]);
    expect(quarantineView({ ...list, open: false }).items[0]).toMatchObject({ sheet: '成员表', row: 3, issueCount: 1 });
    expect(quarantineText({ ...list, open: false }, undefined, 200)).toContain(`户 ${bad}（问题在 成员表 第 3 行）`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(service().quarantineWorkbook({ ...list, open: false }));
    const rows = (wb.getWorksheet('隔离户问题')?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[3], r[4]])).toEqual([[bad, '成员表', 3]]);
  });

  it('points a household whose only problem is in the income sheet to that sheet’s row', async () => {
    const [bad, fine] = [`${v}9111`, `${v}9112`];
    const ids = [idFor('1973-03-03', 'male'), idFor('1974-04-04', 'female')];
    const file = await plainWorkbook('收入有误.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(bad, v), householdRow(fine, v)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(bad, '户主丙', ids[0] ?? '', '户主', '男'), memberRow(fine, '户主丁', ids[1] ?? '', '户主', '女')] },
      // Row 3 has a negative wage: the registry's rule refuses a negative amount.
      { name: '收入表', header: ['户编号', '收入年度', '工资性收入'], rows: [[fine, 2020, 3000], [bad, 2020, -50]] },
    ]);
    const batch = await run([file], 'acceptValid', '收入有误');
    expect(batch.counts).toMatchObject({ created: 1, quarantined: 1 });
    const list = await service().quarantine('收入有误');
    if (!list) throw new Error('no batch');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ householdNo: bad, sheet: '收入表', row: 3, issueCount: 1 });
    expect(list.items[0]?.issues[0]).toMatchObject({ sheet: '收入表', row: 3 });
  });

  it('resolves a refused change corrected back to the registered values by the import that finds it valid, not by a dry run or a rolled-back one', async () => {
    const [kept, other, wrong] = [`${v}9201`, `${v}9202`, `${v}9203`];
    const ids = [idFor('1981-01-01', 'male'), idFor('1982-02-02', 'female'), idFor('1983-03-03', 'male')];
    const book = (name: string, cause: string, withWrong = false) =>
      plainWorkbook(name, [
        { name: '户表', header: householdHeader, rows: [householdRow(kept, v, { 主要致贫原因: cause }), householdRow(other, v), ...(withWrong ? [householdRow(wrong, v, { 主要致贫原因: '懒' })] : [])] },
        { name: '成员表', header: memberHeader, rows: [memberRow(kept, '户主丙', ids[0] ?? '', '户主', '男'), memberRow(other, '户主丁', ids[1] ?? '', '户主', '女'), ...(withWrong ? [memberRow(wrong, '户主戊', ids[2] ?? '', '户主', '男')] : [])] },
      ]);
    expect((await run([await book('登记.xlsx', '因病')], 'all')).counts).toMatchObject({ created: 2 });
    const refused = await run([await book('改错.xlsx', '懒')], 'acceptValid', '改错');
    expect(refused.counts).toMatchObject({ unchanged: 1, quarantined: 1 });
    const stateOf = async () => (await service().quarantine('改错'))?.items.map((i) => ({ resolved: i.resolved, by: i.resolvedBatch?.name ?? null }));
    const registered = async () => t.store.db.selectFrom('household').select(['updated_at', 'version']).where('household_no', '=', kept).executeTakeFirstOrThrow();
    const audits = async () => Number((await t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const [before, auditsBefore] = [await registered(), await audits()];

    // Put back as registered: a dry run and an all-or-nothing import that another household refuses mark nothing.
    expect((await run([await book('试.xlsx', '因病')], 'dryRun')).status).toBe('validated');
    expect((await run([await book('整批.xlsx', '因病', true)], 'all')).status).toBe('invalid');
    expect(await stateOf()).toEqual([{ resolved: false, by: null }]);
    expect((await service().history(null, 20)).find((h) => h.id === refused.batchId)?.quarantine).toEqual({ total: 1, resolved: 0 });

    // Imported: unchanged, nothing written and nothing audited, yet the set-aside household is registered.
    const back = await run([await book('改回.xlsx', '因病')], 'all', '改回');
    expect(back).toMatchObject({ status: 'unchanged', counts: { unchanged: 2, created: 0, updated: 0 } });
    expect(await registered()).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
    expect(await stateOf()).toEqual([{ resolved: true, by: '改回' }]);
    const item = (await service().quarantine('改错'))?.items[0];
    expect(item).toMatchObject({ resolvedBy: 'import', resolvedBatch: { id: back.batchId, name: '改回' } });
    expect(item?.resolvedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await service().history(null, 20)).find((h) => h.id === refused.batchId)?.quarantine).toEqual({ total: 1, resolved: 1 });
    // A later import keeps the batch that resolved it.
    await run([await book('又一次.xlsx', '因病')], 'acceptValid', '又一次');
    expect(await stateOf()).toEqual([{ resolved: true, by: '改回' }]);
  });
  it('migration 091 undoes and redoes on a database with set-aside households', async () => {
    const migration = migrations(dialect)['091-quarantine-resolved'];
    if (!migration) throw new Error('091-quarantine-resolved is not registered');
    const db = t.store.db as unknown as Parameters<typeof migration.up>[0];
    await migration.down?.(db);
    await migration.up(db);
    // The recorded resolutions are gone with the columns; the list still reads, by the registry's writes.
    const list = await service().quarantine('改错');
    expect(list).toMatchObject({ total: 1 });
    expect(list?.items[0]?.resolvedBatch).toBeNull();
  });
});
