// The plain xlsx writer of the special report, read back by exceljs: text, numbers, escaping,
// dropped control characters, styles and columns past Z.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { XlsxBook } from '../../src/app/xlsx-writer.js';

async function read(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(Readable.from([buf]));
  return wb;
}

describe('XlsxBook', () => {
  it('writes sheets that exceljs reads back cell for cell', async () => {
    const book = new XlsxBook();
    const a = book.addSheet('概况 & <总>', [30, 12]);
    a.addRow(['专题报告'], 'title');
    a.addRow([]);
    a.addRow(['已销号', 12, null, 3.5]);
    const b = book.addSheet('台账');
    b.addRow(['问题编号', '描述'], 'bold');
    b.addRow(['A<&>"1', '第一行\n第二行\u0001']);
    b.addRow(Array.from({ length: 30 }, (_, i) => `c${i + 1}`));
    const wb = await read(book.toBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况 & <总>', '台账']);
    const s1 = wb.worksheets[0];
    const s2 = wb.worksheets[1];
    if (!s1 || !s2) throw new Error('sheets missing');
    expect(s1.getRow(1).getCell(1).font).toMatchObject({ bold: true, size: 14 });
    expect(s1.getRow(3).values).toEqual([undefined, '已销号', 12, undefined, 3.5]);
    expect(s1.getColumn(1).width).toBe(30);
    expect(s2.getRow(1).getCell(2).font).toMatchObject({ bold: true });
    expect(s2.getRow(2).getCell(1).value).toBe('A<&>"1');
    expect(s2.getRow(2).getCell(2).value).toBe('第一行\n第二行');
    expect(s2.getRow(2).getCell(2).alignment).toMatchObject({ wrapText: true });
    expect(s2.getRow(3).getCell(27).value).toBe('c27');
    expect(s2.getCell('AD3').value).toBe('c30');
    expect(s2.rowCount).toBe(3);
  });
});
