import { describe, expect, it } from 'vitest';
import { packRows, unpackRowsInto } from './row-transfer.js';
import type { BulkAppender, BulkColumn } from './store.js';

const columns: BulkColumn[] = [
  { name: 'id', type: 'int' },
  { name: 'code', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'area', type: 'real' },
];

/** Collects rows as arrays, handing values on in batches of 3 rows as the stores' appenders do. */
function rowsOut(): { appender: BulkAppender; rows: unknown[][] } {
  const rows: unknown[][] = [];
  const appender: BulkAppender = {
    values: [],
    rowDone() {
      if (appender.values.length === 3 * columns.length) {
        for (let i = 0; i < appender.values.length; i += columns.length) rows.push(appender.values.slice(i, i + columns.length));
        appender.values = [];
      }
    },
    flush: () => Promise.resolve(),
  };
  return { appender, rows };
}

function roundTrip(rows: unknown[][]): { out: unknown[][]; kinds: string[] } {
  const { packed } = packRows(rows.flat(), columns);
  // What postMessage does to it: the other thread gets a structured clone.
  const arrived = structuredClone(packed);
  const { appender, rows: out } = rowsOut();
  unpackRowsInto(arrived, appender);
  for (let i = 0; i < appender.values.length; i += columns.length) out.push(appender.values.slice(i, i + columns.length));
  return { out, kinds: packed.columns.map((c) => c.kind) };
}

describe('rows packed by column to cross threads', () => {
  it('gives back every value, null included, in row order', () => {
    const rows = [
      [1, '01', '张三', 45.5],
      [2, null, '', null],
      [3, '02', '李四', 0],
      [4, '01', null, -1.25],
    ];
    const { out, kinds } = roundTrip(rows);
    expect(out).toEqual(rows);
    expect(kinds).toEqual(['number', 'coded', 'coded', 'number']);
  });

  it('joins a column of many distinct texts, and sends as it is a column it cannot pack', () => {
    const many = Array.from({ length: 5000 }, (_, i) => [i, `c${i % 3}`, `名${i}`, i / 4]);
    const { out, kinds } = roundTrip(many);
    expect(out).toEqual(many);
    expect(kinds).toEqual(['number', 'coded', 'joined', 'number']);
    // A text holding the joint, a number in a text column, a text in a number column.
    const odd = Array.from({ length: 5000 }, (_, i) => [i === 7 ? '7' : i, i === 9 ? 9 : 'a', i === 4999 ? 'x\u0000y' : `名${i}`, 1]);
    const back = roundTrip(odd);
    expect(back.out).toEqual(odd);
    expect(back.kinds).toEqual(['plain', 'plain', 'plain', 'number']);
  });

  it('packs no rows, and refuses values that are not whole rows', () => {
    expect(roundTrip([]).out).toEqual([]);
    expect(() => packRows([1, 'a', 'b'], columns)).toThrow(/not rows of 4/);
  });
});
