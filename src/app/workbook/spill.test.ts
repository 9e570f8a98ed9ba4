import { describe, expect, it } from 'vitest';
import { LineSpill } from './spill.js';

describe('LineSpill', () => {
  it('gives back each part its lines in order, across blocks, with long and Chinese lines', () => {
    const spill = new LineSpill();
    try {
      const expected: string[][] = [[], [], []];
      for (let i = 0; i < 30_000; i++) {
        const part = i % 7 === 0 ? 2 : i % 2;
        const line = i % 5000 === 0 ? `长行${'王'.repeat(40_000)}${i}` : `${i}\u0001户编号${i}\u0001\u00021.5`;
        spill.add(part, line);
        expected[part]?.push(line);
      }
      expect(spill.partCount).toBe(3);
      for (const part of [2, 0, 1]) expect(spill.read(part)).toEqual(expected[part]);
      spill.drop(0);
      expect(spill.read(0)).toEqual([]);
      expect(spill.read(5)).toEqual([]);
    } finally {
      spill.close();
    }
  });
});
