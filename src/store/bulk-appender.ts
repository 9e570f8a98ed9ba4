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
    flush() {
      const values = appender.values;
      const count = rows;
      appender.values = [];
      rows = 0;
      return rest(values, count);
    },
  };
  return appender;
}
