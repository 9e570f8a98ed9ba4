// The byte-level row scanner: a sheet's XML cut into two pieces anywhere, inside a tag, a number
// or a three-byte character, reads as the whole does; rows without r="…" are numbered on.
import { describe, expect, it } from 'vitest';
import { RowScanner, type XlsxRow } from '../../src/app/workbook/xlsx-rows.js';

const xml =
  '<worksheet><sheetData>' +
  '<row r="1"><c r="A1" t="inlineStr"><is><t>户编号</t></is></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>-12.75</v></c></row>' +
  '<row r="3" spans="1:3"><c r="A3" t="inlineStr"><is><t xml:space="preserve"> 王 &amp; 李 </t></is></c><c r="C3" t="b"><v>1</v></c></row>' +
  '<row><c r="B4" t="s"><v>0</v></c></row>' +
  '<row r="6"/>' +
  '<row r="7"><c r="A7" t="str"><f>A1</f><v>户编号（户主）</v></c></row>' +
  '</sheetData><rowBreaks count="0"/></worksheet>';

function readPieces(pieces: readonly Buffer[]): XlsxRow[] {
  const scanner = new RowScanner(['低保户', '一般户']);
  const rows: XlsxRow[] = [];
  let rest: Buffer | null = null;
  for (const piece of pieces) {
    const bytes: Buffer = rest ? Buffer.concat([rest, piece]) : piece;
    const used = scanner.scan(bytes, rows);
    rest = used < bytes.length ? bytes.subarray(used) : null;
  }
  return rows;
}

describe('RowScanner', () => {
  it('reads a sheet cut anywhere as it reads the whole', () => {
    const bytes = Buffer.from(xml);
    const whole = readPieces([bytes]);
    expect(whole).toEqual([
      { number: 1, cells: [null, '户编号', '一般户', -12.75] },
      { number: 3, cells: [null, ' 王 & 李 ', null, true] },
      { number: 4, cells: [null, null, '低保户'] },
      { number: 7, cells: [null, '户编号（户主）'] },
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(readPieces([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(whole);
    }
    // And one byte at a time.
    expect(readPieces([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
  });
});
