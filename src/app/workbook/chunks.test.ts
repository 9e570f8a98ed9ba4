import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow } from './chunks.js';

describe('spilled rows', () => {
  it('come back with the same text, numbers, yes/no and blanks, whatever the text holds', () => {
    const cells = [null, '610902001', '王\n二', 'a\u0001b', '', null, 0, -1.5, 1e21, true, false, '\u0002x', '"q"', '\u0006', null];
    expect(decodeRow(encodeRow(3, 1048576, cells))).toEqual({ sheet: 3, row: 1048576, cells });
    expect(encodeRow(0, 2, cells)).not.toContain('\n');
  });
});
