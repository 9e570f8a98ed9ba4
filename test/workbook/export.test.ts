import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { loadRegions } from '../../src/app/regions.js';
import { createRegistryService } from '../../src/app/registry.js';
import { synthesize } from '../../src/app/synth.js';
import { writeLedger } from '../../src/app/workbook/export.js';
import { importRegistry } from '../../src/app/workbook/import.js';
import { templateWorkbook } from '../../src/app/workbook/template.js';
import { lastExitYears } from '../../src/store/households.js';
import type { Principal } from '../../src/domain/access.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };
const county = '610902000000';
const viewer = (role: Principal['role'], department: string | null = null): Principal => ({ userId: 9, username: 'v', role, regionCode: county, department });

describe.each(dialects)('ledger export on %s', (dialect) => {
  let t: TestStore;
  let dir = '';

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock }, 'test', { under: county, households: 150, seed: 5, year: 2019, withErrors: false, replace: false });
    dir = mkdtempSync(join(tmpdir(), 'jingzhun-ledger-'));
  });
  afterAll(async () => t?.dispose());

  it('exports the registry with frozen header and Chinese labels, and importing the export changes nothing', async () => {
    const out = join(dir, 'ledger.xlsx');
    const rows = await writeLedger(t.store.db, { under: county, kind: 'registry', viewer: null }, { filename: out });
    const members = Number((await t.store.db.selectFrom('member').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(rows).toMatchObject({ 户表: 150, 成员表: members });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('成员表');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.getColumn(3).width).toBeGreaterThan(18);
    const id = ws?.getCell('C2').value;
    expect(typeof id).toBe('string');
    expect(String(id)).toMatch(/^\d{17}[\dX]$/);
    const households = wb.getWorksheet('户表');
    expect(households?.getRow(2).values).toContain('国家标准');
    // Every household row names its head, as the registry has it.
    const header = (households?.getRow(1).values ?? []) as unknown[];
    const noCol = header.indexOf('户编号');
    const headCol = header.indexOf('户主姓名');
    expect(noCol).toBeGreaterThan(0);
    expect(headCol).toBeGreaterThan(0);
    const heads = new Map(
      (await t.store.db.selectFrom('member').innerJoin('household', 'household.id', 'member.household_id').select(['household.household_no', 'member.name']).where('member.relation', '=', 'head').execute()).map((r) => [r.household_no, r.name]),
    );
    let named = 0;
    households?.eachRow((row, n) => {
      if (n === 1) return;
      expect(row.getCell(headCol).value).toBe(heads.get(String(row.getCell(noCol).value)));
      named += 1;
    });
    expect(named).toBe(150);

    const audit = await t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await importRegistry({ store: t.store, clock }, { files: [{ name: 'ledger.xlsx', data: { path: out, size: statSync(out).size } }], mode: 'all', actor: 't', scope: null });
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('unchanged');
    expect(r.counts).toMatchObject({ households: 150, unchanged: 150, created: 0, updated: 0 });
    expect(await t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(audit);
  });

  it('carries every household’s status and exit year into another registry, a household removed after its exit included, and imports there again unchanged', async () => {
    // One household removed after it had exited: its exit year stays (the status history replays so).
    const exited = await t.store.db.selectFrom('household').select(['id', 'version', 'household_no']).where('status', '=', 'exited').orderBy('id').executeTakeFirstOrThrow();
    await createRegistryService({ store: t.store, clock }).addStatusEvent('tester', exited.id, exited.version, { type: 'removed', date: '2020-03-01', reason: 'death', basis: null });
    // And one relapsed since its exit: its row keeps no exit year, its history does.
    const another = await t.store.db.selectFrom('household').select(['id', 'version']).where('status', '=', 'exited').where('exit_year', '<', 2019).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await createRegistryService({ store: t.store, clock }).addStatusEvent('tester', another.id, another.version, { type: 'relapsed', date: '2020-03-01', reason: null, basis: null });
    const out = join(dir, 'carried.xlsx');
    await writeLedger(t.store.db, { under: county, kind: 'registry', viewer: null }, { filename: out });
    const file = { name: 'carried.xlsx', data: { path: out, size: statSync(out).size } };
    const other = await createTestStore(dialect);
    try {
      await loadRegions(other.store, '610902');
      const first = await importRegistry({ store: other.store, clock }, { files: [file], mode: 'all', actor: 't', scope: null });
      expect(first.issues).toEqual([]);
      expect(first.counts).toMatchObject({ created: 150 });
      const statuses = (db: TestStore) => db.store.db.selectFrom('household').select(['household_no', 'status', 'exit_year']).orderBy('household_no').execute();
      expect(await statuses(other)).toEqual(await statuses(t));
      expect((await statuses(other)).find((h) => h.household_no === exited.household_no)).toMatchObject({ status: 'removed', exit_year: expect.any(Number) });
      // Every relapsed household's exit keeps its year (not the day of the import).
      const relapsedExits = async (db: TestStore) => {
        const rows = await db.store.db.selectFrom('household').select(['id', 'household_no']).where('status', '=', 'relapsed').orderBy('household_no').execute();
        const years = await lastExitYears(db.store.db, rows.map((r) => r.id));
        return rows.map((r) => [r.household_no, years.get(r.id)]);
      };
      const carried = await relapsedExits(t);
      expect(carried.length).toBeGreaterThan(0);
      expect(carried.every(([, year]) => typeof year === 'number' && year < 2020)).toBe(true);
      expect(await relapsedExits(other)).toEqual(carried);
      const again = await importRegistry({ store: other.store, clock }, { files: [file], mode: 'all', actor: 't', scope: null });
      expect(again.issues).toEqual([]);
      expect(again.counts).toMatchObject({ unchanged: 150, created: 0, updated: 0 });
    } finally {
      await other.dispose();
    }
  });

  it('masks ID numbers for roles that do not match people, and limits departments to their fields', async () => {
    const out = join(dir, 'inspector.xlsx');
    await writeLedger(t.store.db, { under: county, kind: 'members', viewer: viewer('inspector') }, { filename: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(String(wb.getWorksheet('成员表')?.getCell('C2').value)).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const edu = join(dir, 'edu.xlsx');
    await writeLedger(t.store.db, { under: county, kind: 'registry', viewer: viewer('department', 'education') }, { filename: edu });
    const e = new ExcelJS.Workbook();
    await e.xlsx.readFile(edu);
    const header = e.getWorksheet('成员表')?.getRow(1).values;
    expect(header).toContain('在校生状况');
    expect(header).not.toContain('健康状况');
    expect(e.getWorksheet('收入表')).toBeUndefined();
  });

  it('writes the template with an instruction sheet and drop-down lists, and an empty template imports nothing', async () => {
    const data = await templateWorkbook();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '户表', '成员表', '收入表', '代码表']);
    const attribute = wb.getWorksheet('户表')?.getCell('H2').dataValidation;
    expect(attribute).toMatchObject({ type: 'list' });
    expect(String(attribute?.formulae?.[0])).toContain('代码表');
    // Required columns are told apart: red header with a 必填 note, and listed in 说明.
    const head = (sheet: string, col: string) => wb.getWorksheet(sheet)?.getCell(`${col}1`);
    expect(head('户表', 'E')?.value).toBe('识别标准');
    expect(head('户表', 'E')?.font?.color?.argb).toBe('FFC00000');
    expect(JSON.stringify(head('户表', 'E')?.note)).toContain('必填');
    expect(head('户表', 'L')?.font?.color).toBeUndefined();
    // The village is given by its code or by the town and village names: neither column alone is red.
    expect(['B', 'C', 'D'].map((col) => head('户表', col)?.value)).toEqual(['乡镇（街道）', '村（社区）', '村代码']);
    expect(head('户表', 'D')?.font?.color).toBeUndefined();
    expect(JSON.stringify(head('户表', 'C')?.note)).toContain('必填村代码或村名之一');
    expect(head('成员表', 'C')?.font?.color?.argb).toBe('FFC00000');
    expect(JSON.stringify(wb.getWorksheet('说明')?.getSheetValues())).toContain('表头为红色的列必须填写');
    // The two required columns most often left blank say what people they do not concern write.
    expect(head('成员表', 'I')?.value).toBe('在校生状况');
    expect(JSON.stringify(head('成员表', 'I')?.note)).toContain('不在校的填“非在校生”');
    expect(JSON.stringify(wb.getWorksheet('说明')?.getSheetValues())).toContain('没有务工的人务工状况填“未务工”');
    const r = await importRegistry({ store: t.store, clock }, { files: [{ name: '模板.xlsx', data }], mode: 'dryRun', actor: 't', scope: null });
    expect(r.counts.households).toBe(0);
    expect(r.issues).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')('is read back by LibreOffice with the same values, and its CSVs import as a no-op', async () => {
    const out = join(dir, 'lo.xlsx');
    await writeLedger(t.store.db, { under: county, kind: 'registry', viewer: null }, { filename: out });
    const csvDir = join(dir, 'csv');
    execFileSync('libreoffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', csvDir, out], { stdio: 'ignore', timeout: 120_000 });
    const memberCsv = readdirSync(csvDir).find((f) => f.includes('成员表'));
    expect(memberCsv).toBeDefined();
    const records: string[][] = parse(readFileSync(join(csvDir, memberCsv ?? ''), 'utf8'));
    const stored = await t.store.db.selectFrom('member').innerJoin('household', 'household.id', 'member.household_id').select(['household.household_no', 'member.name', 'member.id_number', 'member.birth_date']).orderBy('household.village_code').orderBy('household.household_no').orderBy('member.id').execute();
    expect(records.slice(1).map((r) => [r[0], r[1], r[2], r[5]])).toEqual(stored.map((s) => [s.household_no, s.name, s.id_number, s.birth_date]));
    const files = readdirSync(csvDir).map((f) => ({ name: f, data: readFileSync(join(csvDir, f)) }));
    const r = await importRegistry({ store: t.store, clock }, { files, mode: 'all', actor: 't', scope: null });
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('unchanged');
  });
});
