import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow } from './chunks.js';

describe('spilled rows', () => {
  it('come back with the same text, numbers, yes/no and blanks, whatever the text holds', () => {
    const cells = [null, '610902001', '王\n二', 'a\u0001b', '', null, 0, -1.5, 1e21, true, false, '\u0002x', '"q"', '\u0006', null];
    expect(decodeRow(encodeRow(3, 1048576, cells))).toEqual({ sheet: 3, row: 1048576, cells });
    expect(encodeRow(0, 2, cells)).not.toContain('\n');
  });

  it('come back as the very numbers written, and rows without cells come back empty', () => {
    const numbers = [0, 7, -7, 0.1, 0.3, 6946.58, -1234.5, 99999.99, 123456789012345, 1234567890123456, 2 ** 53 + 2, 1e-7, 1.5e300, -0.000123, 3.141592653589793, Number.MAX_SAFE_INTEGER, 1 / 3, NaN, Infinity];
    expect(decodeRow(encodeRow(1, 2, [null, ...numbers])).cells.slice(1)).toEqual(numbers);
    for (let i = 0; i < 2000; i++) {
      // (-0 is written as 0, as String() writes it.)
      const x = Math.round((Math.random() - 0.5) * 10 ** (2 + (i % 12))) / 10 ** (i % 7) || 0;
      expect(decodeRow(encodeRow(0, 1, [null, x])).cells[1]).toBe(x);
    }
    expect(decodeRow(encodeRow(2, 9, [null]))).toEqual({ sheet: 2, row: 9, cells: [null] });
    expect(decodeRow(encodeRow(2, 9, [null, null, null]))).toEqual({ sheet: 2, row: 9, cells: [null, null, null] });
  });
});
