// The parts the registry bulk write is made of: row builders, the COPY text, the ID set, and
// bulk inserts of awkward values on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkWriter } from '../../src/app/bulk-write.js';
import { IdNumberSet } from '../../src/domain/id-number-set.js';
import { verifyAudit } from '../../src/store/audit.js';
import { checkDigit } from '../../src/domain/id-number.js';
import { generateHouseholds, planVillages } from '../../src/domain/synth/generate.js';
import { CopyText } from '../../src/store/dialects/postgres-copy.js';
import { householdColumns, incomeColumns, memberColumns } from '../../src/store/mappers.js';
import { appendHousehold, appendIncome, appendMember, householdBulkColumns, incomeBulkColumns, memberBulkColumns } from '../../src/store/registry-bulk.js';
import type { BulkAppender } from '../../src/store/store.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

/** An appender that keeps each row as an array. */
function collector(): BulkAppender & { rows: unknown[][] } {
  const rows: unknown[][] = [];
  const a = {
    values: [] as unknown[],
    rows,
    rowDone() {
      rows.push(a.values);
      a.values = [];
    },
    flush: async () => undefined,
  };
  return a;
}

describe('registry row builders', () => {
  it('put every value where the bulk column list and mappers.ts say', () => {
    const villages = ['610923100201', '610923100202'];
    const households = [...generateHouseholds({ seed: 5, households: 200, villages, year: 2019, withErrors: true, errorShare: 0.1 }, planVillages(villages, 200, 5))];
    const h = collector();
    const m = collector();
    const inc = collector();
    households.forEach((g, i) => {
      appendHousehold(h, i + 1, g.household, g.status, g.exitYear, g.members.length, '2019-12-31T00:00:00.000Z');
      g.members.forEach((member, k) => appendMember(m, i * 10 + k, i + 1, member));
      for (const { year, income } of g.incomes) appendIncome(inc, i + 1, year, income);
    });
    households.forEach((g, i) => {
      const byName: Record<string, unknown> = { id: i + 1, ...householdColumns(g.household), status: g.status, exit_year: g.exitYear, member_count: g.members.length, version: 1, updated_at: '2019-12-31T00:00:00.000Z' };
      expect(h.rows[i]).toEqual(householdBulkColumns.map((c) => byName[c.name]));
    });
    let k = 0;
    households.forEach((g, i) =>
      g.members.forEach((member, j) => {
        const byName: Record<string, unknown> = { id: i * 10 + j, household_id: i + 1, ...memberColumns(member) };
        expect(m.rows[k++]).toEqual(memberBulkColumns.map((c) => byName[c.name]));
      }),
    );
    k = 0;
    households.forEach((g, i) =>
      g.incomes.forEach(({ year, income }) => {
        const byName: Record<string, unknown> = { household_id: i + 1, year, ...incomeColumns(income) };
        expect(inc.rows[k++]).toEqual(incomeBulkColumns.map((c) => byName[c.name]));
      }),
    );
  });
});

describe('COPY text', () => {
  it('escapes what the format needs escaped and writes numbers, nulls and UTF-8 as COPY reads them', () => {
    const text = new CopyText(4, 16); // a tiny buffer, so that it has to grow
    text.append([1, 'plain', null, -5]);
    text.append([2147483647, 'tab\there', undefined, 1.5]);
    text.append([0, 'back\\slash\nnew\rline', '张三丰😀', 2 ** 40]);
    text.append([12, '家\t园', '', 'x'.repeat(5000)]);
    const expected = [
      '1\tplain\t\\N\t-5',
      '2147483647\ttab\\there\t\\N\t1.5',
      '0\tback\\\\slash\\nnew\\rline\t张三丰😀\t1099511627776',
      `12\t家\\t园\t\t${'x'.repeat(5000)}`,
    ].join('\n') + '\n';
    expect(text.take().toString('utf8')).toBe(expected);
    expect(text.length).toBe(0);
  });
});

describe('IdNumberSet', () => {
  it('tells a number seen before, whatever its form, across growth of the table', () => {
    const set = new IdNumberSet();
    const ids: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const first17 = `6109231985${String(i).padStart(7, '0')}`;
      ids.push(first17 + checkDigit(first17));
    }
    expect(ids.filter((id) => !set.add(id))).toEqual([]);
    expect(set.size).toBe(100_000);
    expect(ids.slice(0, 1000).filter((id) => set.add(id))).toEqual([]);
    // Same digits, other check character: another (invalid) number, not a repeat.
    const first = ids[0] as string;
    const other = first.slice(0, 17) + (first.endsWith('1') ? '2' : '1');
    expect(set.add(other)).toBe(true);
    expect(set.add('61092319850101001X')).toBe(true);
    expect(set.add('61092319850101001X')).toBe(false);
    // Anything else is compared as text.
    for (const odd of ['', '610923850101001', ' 610923198501010011', '61092319850101001x', '６１０９２３１９８５０１０１００１１']) {
      expect(set.add(odd)).toBe(true);
      expect(set.add(odd)).toBe(false);
    }
    expect(set.size).toBe(100_000 + 2 + 5);
  });
});

describe.each(dialects)('bulk inserts on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
  });
  afterAll(async () => t?.dispose());

  it('store awkward text, nulls and numbers unchanged, inside and outside a bulk transaction', async () => {
    const columns = [
      { name: 'code', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'level', type: 'int' },
      { name: 'parent_code', type: 'text' },
    ] as const;
    const names = ['tab\there', 'new\nline', 'cr\rhere', 'back\\slash\\N', '\\N', '张三😀', '', ' spaced '];
    const rows = Array.from({ length: 1000 }, (_, i) => [`9900000${String(i).padStart(5, '0')}`, names[i % names.length] as string, i % 6, i % 3 === 0 ? null : '990000000000']);
    await t.store.bulkTransaction(async (trx) => {
      await t.store.bulkInsert(trx, 'region', columns, rows.slice(0, 600));
    });
    await t.store.db.transaction().execute(async (trx) => {
      await t.store.bulkInsert(trx, 'region', columns, rows.slice(600));
    });
    const stored = await t.store.db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', 'like', '99%').orderBy('code').execute();
    expect(stored.map((r) => [r.code, r.name, r.level, r.parent_code])).toEqual(rows);
  });

  it('fails the whole write when the database refuses a row, even with the rows still on their way', async () => {
    const clock = { now: () => new Date('2019-12-31T00:00:00Z') };
    const villages = ['610923100201', '610923100202'];
    const all = [...generateHouseholds({ seed: 9, households: 900, villages, year: 2019, withErrors: false, errorShare: 0 }, planVillages(villages, 900, 9))];
    const meta = { actor: 'test', action: 'synth', region: '610923000000', description: {} };
    await t.store.bulkTransaction(async (trx) => {
      const writer = await BulkWriter.open(t.store, trx, clock);
      await writer.write(all.slice(0, 300));
      await writer.finish(meta);
    });
    const count = async () => Number((await t.store.db.selectFrom('member').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    // A person already stored (not in this batch, so validation cannot see it), in the first of two chunks.
    const first = all[300] as (typeof all)[number];
    const stored = (all[0] as (typeof all)[number]).members[0] as (typeof first.members)[number];
    const again = { ...first, members: [stored, ...first.members.slice(1)] };
    expect(stored.relation).toBe('head');
    await expect(
      t.store.bulkTransaction(async (trx) => {
        const writer = await BulkWriter.open(t.store, trx, clock);
        await writer.write([again, ...all.slice(301, 600)]);
        await writer.write(all.slice(600));
        await writer.finish(meta);
      }),
    ).rejects.toThrow(/unique|duplicate/i);
    expect(await count()).toBe(before);
    expect((await verifyAudit(t.store.db)).checked).toBe(1);
  });

  it('refuses a row of the wrong width', async () => {
    await expect(
      t.store.bulkTransaction(async (trx) => {
        const a = t.store.bulkAppender(trx, 'region', [{ name: 'code', type: 'text' }, { name: 'name', type: 'text' }]);
        a.values.push('1', 'x', 'extra');
        a.rowDone();
        await a.flush();
      }),
    ).rejects.toThrow(/needs 2 values/);
  });
});
