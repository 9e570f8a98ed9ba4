// Old Excel 97-2003 workbooks, made here by LibreOffice from our fixtures as an office's old copy
// of Excel would save them, imported through LibreOffice's conversion (app/workbook/legacy-xls.ts).
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry, type ImportMode } from '../../src/app/workbook/import.js';
import { legacyConverter, xlsxCopies } from '../../src/app/workbook/legacy-xls.js';
import { UnreadableFile, type InputFile } from '../../src/app/workbook/read.js';
import { reportWorkbook } from '../../src/app/workbook/report.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { xlsBytes } from '../helpers/libreoffice.js';
import { fixtureHouseholds, householdHeader, householdRow, memberHeader, memberRow, messyFlatWorkbook, plainWorkbook } from './fixtures.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };
const work = mkdtempSync(join(tmpdir(), 'jingzhun-xls-test-'));

/** The workbook saved as Excel 97-2003 by LibreOffice, under `name`. */
function asXls(file: InputFile, name: string): InputFile {
  return { name, data: xlsBytes(file.data as Buffer) };
}

/** Made once for both databases: each conversion starts LibreOffice. */
function once<A, T>(make: (a: A) => Promise<T>): (a: A) => Promise<T> {
  let made: Promise<T> | undefined;
  return (a) => (made ??= make(a));
}

const roster = once(async (village: string) => {
  const fixture = fixtureHouseholds(village, 2);
  return { fixture, xls: asXls(await messyFlatWorkbook(fixture), '花名册.xls') };
});

const faulty = once(async (village: string) => {
  const a = `${village}7101`;
  const good = idFor('1980-01-01', 'male');
  const badChecksum = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const workbook = await plainWorkbook('x.xlsx', [
    { name: '户表', header: householdHeader, rows: [householdRow(a, village)] },
    // The third ID number typed as a number, as Excel keeps it in an old workbook: digits lost.
    { name: '成员表', header: memberHeader, rows: [memberRow(a, '甲', good, '户主', '男'), memberRow(a, '乙', badChecksum, '配偶', '女'), memberRow(a, '丙', 610902198501011234, '之子', '男')] },
  ]);
  return asXls(workbook, '错误.xls');
});

describe.each(dialects)('old .xls workbooks on %s', (dialect) => {
  let t: TestStore;
  let village = '';
  const run = (files: InputFile[], mode: ImportMode = 'all') => importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope: null });
  const households = () => t.store.db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    village = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow()).code;
  });
  afterAll(async () => t?.dispose());
  afterEach(() => {
    delete process.env['JINGZHUN_SOFFICE'];
  });

  it('imports a national-style roster saved as .xls (title rows, merged header, full-width digits, serial dates), and again changes nothing', async () => {
    expect(await legacyConverter()).not.toBeNull();
    const { fixture, xls } = await roster(village);
    expect(xls.data.subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    const phases: string[] = [];
    const r = await importRegistry({ store: t.store, clock }, { files: [xls], mode: 'all', actor: 'tester', scope: null }, (p) => phases.push(p.phase));
    expect(phases[0]).toBe('converting');
    expect(phases).toContain('reading');
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ status: 'imported', fileName: '花名册.xls', counts: { households: 2, members: 6, created: 2 } });
    expect(r.sheets[0]).toMatchObject({ file: '花名册.xls', sheet: '花名册', kind: 'flat', headerRow: 4, rows: 6 });
    const head = await t.store.db.selectFrom('member').selectAll().where('id_number', '=', fixture[0]?.people[0]?.id ?? '').executeTakeFirstOrThrow();
    expect(head).toMatchObject({ name: '王建国', birth_date: '1970-03-15', relation: 'head' });
    // The batch carries the hash of the file the officer gave, not of the converted copy.
    const { createHash } = await import('node:crypto');
    expect(r.fileSha256).toBe(createHash('sha256').update(xls.data as Buffer).digest('hex'));
    const again = await run([xls]);
    expect(again).toMatchObject({ status: 'unchanged', counts: { unchanged: 2, created: 0, updated: 0 } });
  });

  it('reads an .xls given by path (the CLI), finds its errors by cell and marks them in an xlsx copy', async () => {
    const xls = await faulty(village);
    const path = join(work, '错误.xls');
    writeFileSync(path, xls.data as Buffer);
    const before = await households();
    const r = await run([{ name: '错误.xls', data: { path, size: statSync(path).size } }]);
    expect(r.status).toBe('invalid');
    expect(await households()).toBe(before);
    const at = r.issues.map((i) => [i.sheet, i.row, i.column, i.field]);
    expect(at).toContainEqual(['成员表', 3, 'C', 'idNumber']);
    expect(at).toContainEqual(['成员表', 4, 'C', 'idNumber']);
    expect(r.issues.find((i) => i.row === 4)?.message).toMatch(/科学计数|数字/);

    const report = new ExcelJS.Workbook();
    await report.xlsx.load(await reportWorkbook([xls], r.issues));
    const members = report.getWorksheet('成员表');
    expect(members?.getCell('C3').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(members?.getCell('B2').value).toBe('甲');
    expect(report.getWorksheet('错误清单')?.rowCount).toBe(r.issues.length + 1);
  });

  it('refuses a damaged .xls, and any .xls where conversion is switched off, by the file’s name and with nothing written', async () => {
    const damaged: InputFile = { name: '2019年花名册.xls', data: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]) };
    const before = await households();
    const failed = await run([damaged]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(UnreadableFile);
    expect((failed as UnreadableFile).message).toContain('文件“2019年花名册.xls”是旧版 Excel 97-2003（.xls）或 WPS（.et）格式，转换为 xlsx 时失败');
    expect((failed as UnreadableFile).messageEn).toContain('could not be converted');

    process.env['JINGZHUN_SOFFICE'] = 'off';
    expect(await legacyConverter()).toBeNull();
    const refused = await run([{ ...(await roster(village)).xls, name: '旧表.xls' }]).catch((e: unknown) => e);
    expect((refused as UnreadableFile).message).toContain('文件“旧表.xls”是旧版 Excel 97-2003（.xls）或 WPS（.et）格式，本服务器未安装转换程序');
    expect((refused as UnreadableFile).message).toContain('另存为');
    expect(await households()).toBe(before);
  });
});

describe('conversions on a busy day', () => {
  afterEach(() => {
    delete process.env['JINGZHUN_SOFFICE'];
  });

  it('runs LibreOffice for at most two uploads at a time; the others wait and are converted too', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('户表').addRow(['户编号', '户主姓名']);
    const xls = xlsBytes(Buffer.from(await book.xlsx.writeBuffer()));
    // The real LibreOffice, behind a script that notes when each conversion starts and ends.
    const log = join(work, 'conversions.log');
    const wrapper = join(work, 'soffice-logged');
    writeFileSync(wrapper, `#!/bin/sh\necho start >> '${log}'\nlibreoffice "$@"\nrc=$?\necho end >> '${log}'\nexit $rc\n`);
    chmodSync(wrapper, 0o755);
    process.env['JINGZHUN_SOFFICE'] = wrapper;
    const copies = await Promise.all([1, 2, 3, 4].map((n) => xlsxCopies([{ name: `镇${n}.xls`, data: xls }])));
    try {
      for (const c of copies) expect(statSync((c.files[0]?.data as { path: string }).path).size).toBeGreaterThan(0);
    } finally {
      await Promise.all(copies.map((c) => c.dispose()));
    }
    let running = 0;
    let most = 0;
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    for (const line of lines) {
      running += line === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(lines.filter((l) => l === 'start')).toHaveLength(4);
    expect(most).toBe(2);
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));
