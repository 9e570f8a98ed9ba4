import { describe, expect, it } from 'vitest';
import { parseCsvRecords, type CsvRecord } from './csv.js';

function all(text: string, pieces = 1): CsvRecord[] {
  const out: CsvRecord[] = [];
  const size = Math.ceil(text.length / pieces);
  let rest = '';
  for (let i = 0; i < text.length; i += size) {
    const buf = rest + text.slice(i, i + size);
    rest = buf.slice(parseCsvRecords(buf, false, (r) => out.push(r)));
  }
  parseCsvRecords(rest, true, (r) => out.push(r));
  return out;
}

describe('parseCsvRecords', () => {
  const text = '户编号,姓名,备注\r\n610902001,"王 ""二""",\n610902002,"李\n四","a,b"\r\n\r\n610902003,x"y,"z"w\n,,';
  const expected = [
    [null, '户编号', '姓名', '备注'],
    [null, '610902001', '王 "二"', null],
    [null, '610902002', '李\n四', 'a,b'],
    [null, null],
    [null, '610902003', 'x"y', 'zw'],
    [null, null, null, null],
  ];

  it('reads quotes, escaped quotes, newlines inside quotes, CRLF, blank lines and ragged rows', () => {
    expect(all(text)).toEqual(expected);
  });

  it('gives the same records however the text is cut into pieces', () => {
    for (let pieces = 2; pieces <= text.length; pieces += 1) expect(all(text, pieces)).toEqual(expected);
  });

  it('adds no record for a final newline and ends an unterminated quote at the end of the text', () => {
    expect(all('a,b\n')).toEqual([[null, 'a', 'b']]);
    expect(all('a,"b\nc')).toEqual([[null, 'a', 'b\nc']]);
  });
});
