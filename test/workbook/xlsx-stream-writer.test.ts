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
