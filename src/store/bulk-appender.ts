// The bookkeeping both dialects' appenders share: rows are counted, checked for width and handed
// on a batch at a time, so that no array per row is ever made.
import type { BulkAppender } from './store.js';

export function batchingAppender(
  table: string,
  width: number,
  perBatch: number,
  /** Takes exactly `perBatch` rows, laid out row after row. */
  batch: (values: unknown[]) => void,
  /** Takes the rows left at the end (maybe none) and writes everything still held. */
  rest: (values: unknown[], rows: number) => Promise<void>,
): BulkAppender {
  let rows = 0;
  const appender: BulkAppender = {
    values: [],
    rowDone() {
      rows += 1;
      if (appender.values.length !== rows * width) throw new Error(`bulk insert into ${table}: a row needs ${width} values`);
      if (rows < perBatch) return;
      const values = appender.values;
      appender.values = [];
      rows = 0;
      batch(values);
    },
    appendRows(values, count) {
      if (values.length !== count * width) throw new Error(`bulk insert into ${table}: ${count} rows need ${count * width} values`);
      let r = 0;
      // Rows already held fill their batch first; whole batches then go as they are.
      for (; r < count && rows !== 0; r++) pushRow(values, r);
      for (; r + perBatch <= count; r += perBatch) batch(values.slice(r * width, (r + perBatch) * width));
      for (; r < count; r++) pushRow(values, r);
    },
    flush() {
      const values = appender.values;
      const count = rows;
      appender.values = [];
      rows = 0;
      return rest(values, count);
    },
  };
  const pushRow = (from: unknown[], r: number): void => {
    const to = appender.values;
    for (let i = r * width; i < (r + 1) * width; i++) to.push(from[i]);
    appender.rowDone();
  };
  return appender;
}
