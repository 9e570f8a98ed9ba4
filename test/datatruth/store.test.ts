// Registry reads for the comparison, on both databases: only the fields asked for, households
// never split between pages, and the full records of the members with a finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/clock.js';
import { fieldsRead } from '../../src/domain/crosscheck/rules.js';
import { registryPersons, registryRows } from '../../src/store/crosscheck.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { hanbin, seedRegistry, type People } from './fixtures.js';

const clock: Clock = { now: () => new Date('2017-10-09T02:00:00Z') };

describe.each(dialects)('registry reads on %s', (dialect) => {
  let t: TestStore;
  let people: People;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    people = await seedRegistry(t.store, clock);
  });
  afterAll(async () => t?.dispose());

  const raw = () => (t.store.sqlite ? { raw: t.store.sqlite } : {});

  it('pages by whole households, with the fields asked for and the latest allowances', async () => {
    const fields = fieldsRead('minimumLiving');
    const pages: unknown[][][] = [];
    for await (const page of registryRows(t.store.db, hanbin, fields, { pageSize: 2, ...raw() })) pages.push(page);
    // The first household (three people) does not fit two rows: it is read whole, alone.
    expect(pages.map((p) => p.length)).toEqual([3, 1, 1]);
    const first = pages[0]?.map((values) => Object.fromEntries(fields.map((f, k) => [f, values[k]])));
    expect(first?.map((p) => p['name'])).toEqual(['张伟', '李芳', '张小明']);
    expect(first?.[0]).toMatchObject({ minimumLivingAllowance: 500000, receivesMinimumLiving: false, householdStatus: 'poor', relation: 'head' });
    expect(Object.keys(first?.[0] ?? {}).sort()).toEqual([...fields].sort());
    const names: unknown[] = [];
    for await (const page of registryRows(t.store.db, people.villages[1] ?? '', ['memberId', 'householdId', 'name', 'idNumber'], raw())) names.push(...page.map((v) => v[2]));
    expect(names).toEqual(['王强', '赵兰']);
  });

  it('reads the full records of given members', async () => {
    const ids: number[] = [];
    for await (const page of registryRows(t.store.db, hanbin, ['memberId', 'householdId', 'name', 'idNumber'], raw())) ids.push(...page.map((v) => Number(v[0])));
    const persons = await registryPersons(t.store.db, [ids[0] ?? 0, ids[3] ?? 0], { incomes: true, ...raw() });
    expect(persons.size).toBe(2);
    expect(persons.get(ids[0] ?? 0)).toMatchObject({ name: '张伟', minimumLivingAllowance: 500000, villageCode: people.villages[0], householdStatus: 'poor', relation: 'head' });
    expect((await registryPersons(t.store.db, [ids[0] ?? 0], { incomes: false })).get(ids[0] ?? 0)?.minimumLivingAllowance).toBeNull();
  });
});
