import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ownCopy } from './own-copy.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function retained(keep: (s: string) => string): number {
  const kept: string[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 100; i++) kept.push(keep(`${'王'.repeat(100_000)}${String(i).padStart(18, '0')}`.slice(100_000)));
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  expect(kept).toHaveLength(100);
  return grown;
}

describe('ownCopy', () => {
  it('keeps the text', () => {
    for (const s of ['', '610902', '610902197008280017', '王小明'.repeat(10)]) expect(ownCopy(s)).toBe(s);
  });

  it('lets the text it was cut from be collected, where a plain substring keeps it', () => {
    expect(retained((s) => s)).toBeGreaterThan(15_000_000); // 100 × 200 KB parents
    expect(retained(ownCopy)).toBeLessThan(2_000_000);
  });
});
