import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { csvBatches, splitCsvLine } from './csv-lines.js';

async function rows(data: Buffer, encoding: 'utf8' | 'gb18030' = 'utf8') {
  const out: { row: number; cells: unknown[] }[] = [];
  for await (const b of csvBatches({ name: 'x.csv', data }, encoding, () => undefined)) out.push(...b);
  return out;
}

describe('csv lines', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('a,,c')).toEqual(['a', null, 'c']);
    expect(splitCsvLine('"a,b","say ""hi""",')).toEqual(['a,b', 'say "hi"', null]);
  });
  it('reads BOM, CRLF, a quoted line break, GBK and a missing final newline', async () => {
    expect(await rows(Buffer.from('\uFEFF姓名,号\r\n"张\n伟",1\r\n\r\n李,2'))).toEqual([
      { row: 1, cells: ['姓名', '号'] },
      { row: 2, cells: ['张\n伟', '1'] },
      { row: 3, cells: [null] },
      { row: 4, cells: ['李', '2'] },
    ]);
    expect(await rows(iconv.encode('姓名,号\n张伟,1\n', 'gbk'), 'gb18030')).toEqual([{ row: 1, cells: ['姓名', '号'] }, { row: 2, cells: ['张伟', '1'] }]);
  });
  it('keeps a quote inside an unquoted field as a character and does not swallow the next lines', async () => {
    expect(splitCsvLine('张"三,1')).toEqual(['张"三', '1']);
    expect(await rows(Buffer.from('姓名,号\n张"三,1\n李四,2\n王五,3\n'))).toEqual([
      { row: 1, cells: ['姓名', '号'] },
      { row: 2, cells: ['张"三', '1'] },
      { row: 3, cells: ['李四', '2'] },
      { row: 4, cells: ['王五', '3'] },
    ]);
  });
});
