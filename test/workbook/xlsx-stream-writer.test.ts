// The streaming xlsx writer of the ledgers, read back by exceljs: sheets far larger than one
// chunk, frozen bold headers, widths, text that must stay text; a failing target rejects rather
// than hangs, and sheets must be ended in turn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { XlsxStreamBook } from '../../src/app/xlsx-stream-writer.js';
import { openXlsx } from '../../src/app/workbook/xlsx-stream.js';
import { rowXml } from '../../src/app/xlsx-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-xlsx-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('XlsxStreamBook', () => {
  it('streams sheets of many chunks that exceljs reads back cell for cell', async () => {
    const file = join(dir, 'big.xlsx');
    const book = new XlsxStreamBook({ filename: file });
    const members = book.addSheet('成员表', [20, 24, 10], 1);
    members.addRow(['户编号', '身份证号', '收入'], 'bold');
    // About 3 MB of sheet XML: several 512 KB chunks, each row's Chinese text split across them somewhere.
    const rows = 30_000;
    for (let i = 1; i <= rows; i++) {
      members.addRow([`610902002205${String(i).padStart(4, '0')}`, `61090219851213${String(i % 10_000).padStart(4, '0')}`, i / 100, null, `张三${i} & <李四>`]);
      if (members.needsFlush) await members.flush();
    }
    await members.end();
    const about = book.addSheet('说明');
    about.addRow(['项目', '内容'], 'bold');
    await about.end();
    await book.finish();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成员表', '说明']);
    const sheet = wb.worksheets[0];
    if (!sheet) throw new Error('sheet missing');
    expect(sheet.rowCount).toBe(rows + 1);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(24);
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    for (const i of [1, 9_999, 17_333, rows]) {
      const row = sheet.getRow(i + 1);
      // ID numbers and household numbers stay text: Excel would round an 18-digit number.
      expect(row.getCell(1).value).toBe(`610902002205${String(i).padStart(4, '0')}`);
      expect(row.getCell(2).value).toBe(`61090219851213${String(i % 10_000).padStart(4, '0')}`);
      expect(row.getCell(3).value).toBe(i / 100);
      expect(row.getCell(4).value).toBeNull();
      expect(row.getCell(5).value).toBe(`张三${i} & <李四>`);
    }
  });

  it('writes declared texts once, as shared strings ahead of the sheets, and keeps spaces that a reader could lose', async () => {
    const file = join(dir, 'shared.xlsx');
    const book = new XlsxStreamBook({ filename: file }, ['是', '否', '汉族', '是']);
    const sheet = book.addSheet('成员表', [], 1);
    sheet.addRow(['姓名', '民族', '是否参加医保'], 'bold');
    const rows: string[][] = [];
    for (let i = 0; i < 2_000; i++) rows.push([i === 7 ? '汉族' : `张${i}`, i % 3 === 0 ? '苗族' : '汉族', i % 2 === 0 ? '是' : '否']);
    rows.push([' 两端有空格 ', '两  个空格', '一\t制表']);
    for (const row of rows) sheet.addRow(row);
    await sheet.end();
    await book.finish();

    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    // The table is the zip's first part, so a reader streaming the zip meets it before any sheet.
    expect(bytes.toString('utf8', 30, 30 + 'xl/sharedStrings.xml'.length)).toBe('xl/sharedStrings.xml');
    const want = [['姓名', '民族', '是否参加医保'], ...rows];

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const full = wb.worksheets[0]?.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(full).toEqual(want);

    const streamed: unknown[][] = [];
    for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' })) for await (const row of ws) streamed.push((row.values as unknown[]).slice(1));
    expect(streamed).toEqual(want);

    const [own] = await openXlsx(bytes);
    const ours: unknown[][] = [];
    for await (const row of own?.rows() ?? []) ours.push(row.cells.slice(1));
    expect(ours).toEqual(want);

    // Excel drops spaces at the ends of a <t> not marked to keep them; the mark goes only where needed.
    const xml = rowXml(1, [' 两端 ', '两  个', '一\t制表', '张 三', '李四']);
    expect(xml.match(/<t xml:space="preserve">[^<]*/g)).toEqual(['<t xml:space="preserve"> 两端 ', '<t xml:space="preserve">两  个', '<t xml:space="preserve">一\t制表']);
    expect(xml).toContain('<t>张 三</t>');
  });

  it('rejects when the target fails instead of waiting forever', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const book = new XlsxStreamBook({ stream: broken });
    const sheet = book.addSheet('户表');
    const write = async (): Promise<void> => {
      for (let i = 0; i < 200_000; i++) {
        sheet.addRow([`第${i}行`, i, '一些文字一些文字一些文字']);
        if (sheet.needsFlush) await sheet.flush();
      }
      await sheet.end();
      await book.finish();
    };
    await expect(write()).rejects.toThrow(/disk full/);
    book.abort();
  });

  it('refuses a second sheet while the first is still open', () => {
    const book = new XlsxStreamBook({ stream: new Writable({ write: (_c, _e, cb) => cb() }) });
    book.addSheet('户表');
    expect(() => book.addSheet('成员表')).toThrow(/end the previous sheet/);
    book.abort();
  });
});
