import { describe, expect, it } from 'vitest';
import { batchingAppender } from './bulk-appender.js';

/** An appender of 2-value rows, 3 rows per batch, recording what it hands on. */
function recording() {
  const batches: unknown[][] = [];
  const rests: unknown[][] = [];
  const appender = batchingAppender('t', 2, 3, (values) => batches.push(values), (values) => {
    rests.push(values);
    return Promise.resolve();
  });
  return { appender, batches, rests };
}

describe('batching appender', () => {
  it('takes many rows at once as if each were pushed and done, after the rows it holds', async () => {
    const { appender, batches, rests } = recording();
    appender.values.push(1, 'a');
    appender.rowDone();
    appender.appendRows?.([2, 'b', 3, 'c', 4, 'd', 5, 'e', 6, 'f', 7, 'g', 8, 'h'], 7);
    await appender.flush();
    expect(batches).toEqual([[1, 'a', 2, 'b', 3, 'c'], [4, 'd', 5, 'e', 6, 'f']]);
    expect(rests).toEqual([[7, 'g', 8, 'h']]);
  });

  it('refuses values that are not whole rows', () => {
    const { appender } = recording();
    expect(() => appender.appendRows?.([1, 'a', 2], 2)).toThrow(/2 rows need 4 values/);
  });
});
