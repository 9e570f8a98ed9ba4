import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createRegistryService } from '../../src/app/registry.js';
import { loadRegions } from '../../src/app/regions.js';
import { regionStats } from '../../src/app/stats.js';
import { closeYear, reopenYear } from '../../src/app/years.js';
import { ValidationFailed } from '../../src/app/errors.js';
import { verifyAudit } from '../../src/store/audit.js';
import { ClosedYearError, StaleVersionError } from '../../src/store/errors.js';
import { villageCodes } from '../../src/store/regions.js';
import type { Clock } from '../../src/app/clock.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdInput, idFor, income, memberInput } from '../factories/registry.js';

const clock: Clock = { now: () => new Date('2019-12-01T08:00:00Z') };
const hanbin = '610902000000';

async function count(t: TestStore, table: 'household' | 'member' | 'audit_log'): Promise<number> {
  const row = await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(dialects)('registry on %s', (dialect) => {
  let t: TestStore;
  let villages: string[];
  let registry: ReturnType<typeof createRegistryService>;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    villages = await villageCodes(t.store.db, hanbin);
    registry = createRegistryService({ store: t.store, clock });
  });
  afterAll(async () => t?.dispose());

  const village = () => villages[0] ?? '';

  it('loads the regions of a county with its towns and villages', async () => {
    expect(villages.length).toBeGreaterThan(300);
    const stats = await regionStats(t.store.db, hanbin, null, 2019);
    expect(stats.name).toBe('汉滨区');
    expect(stats.children.length).toBeGreaterThan(20);
  });

  it('creates a household with its identification event, counts and audit entry', async () => {
    const h = await registry.createHousehold('tester', {
      household: householdInput(village()),
      members: [memberInput(), memberInput({ relation: 'spouse', sex: 'female', birthDate: '1972-05-01', idNumber: idFor('1972-05-01', 'female'), name: '李秀英' })],
      identifiedDate: '2016-04-01',
      basis: null,
    });
    expect(h.status).toBe('poor');
    expect(h.version).toBe(1);
    const file = await registry.householdFile(h.id);
    expect(file.members).toHaveLength(2);
    expect(file.events.map((e) => e.type)).toEqual(['identified']);
    const stats = await regionStats(t.store.db, village(), null, 2019);
    expect(stats.households).toBe(1);
    expect(stats.people).toBe(2);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  it('refuses bad input and writes nothing', async () => {
    const before = [await count(t, 'household'), await count(t, 'member'), await count(t, 'audit_log')];
    const town = village().slice(0, 9) + '000';
    const head = memberInput();
    const cases = [
      { household: householdInput(town), members: [memberInput()] }, // not a village
      { household: householdInput(village()), members: [memberInput({ idNumber: '610902197003151234' })] }, // bad checksum
      { household: householdInput(village()), members: [memberInput({ relation: 'son' })] }, // no head
      { household: householdInput(village(), { mainCause: 'bad luck' }), members: [memberInput()] }, // unknown code
      { household: householdInput(village()), members: [head, { ...head, relation: 'son' }] }, // same person twice
    ];
    for (const c of cases) {
      await expect(registry.createHousehold('tester', { ...c, identifiedDate: '2016-04-01', basis: null })).rejects.toBeInstanceOf(ValidationFailed);
    }
    // A person already registered in another household.
    const existing = await t.store.db.selectFrom('member').select('id_number').executeTakeFirstOrThrow();
    const error = await registry
      .createHousehold('tester', { household: householdInput(village()), members: [memberInput({ idNumber: existing.id_number })], identifiedDate: '2016-04-01', basis: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(error instanceof ValidationFailed && error.errors[0]?.message).toContain('已登记在其他贫困户中');
    expect([await count(t, 'household'), await count(t, 'member'), await count(t, 'audit_log')]).toEqual(before);
  });

  it('names the field and the fix for each error', async () => {
    const error = await registry
      .createHousehold('tester', { household: householdInput(village(), { attribute: 'rich' }), members: [memberInput({ relation: 'son' })], identifiedDate: '2016-04-01', basis: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    const fields = error instanceof ValidationFailed ? error.errors.map((e) => e.field) : [];
    expect(fields).toContain('attribute');
    expect(fields).toContain('members');
    for (const e of error instanceof ValidationFailed ? error.errors : []) {
      expect(e.fix.length).toBeGreaterThan(0);
      expect(e.fixEn).toMatch(/^[\x20-\x7e–…]+$/);
    }
  });

  it('derives per-capita income and refuses a stale version', async () => {
    const h = await registry.createHousehold('tester', { household: householdInput(village()), members: [memberInput()], identifiedDate: '2017-03-01', basis: null });
    const r = await registry.setIncome('tester', h.id, 1, 2018, income({ wageIncome: 500000, productionIncome: 100000, productionCost: 40000 }));
    expect(r.income.netIncomePerCapita).toBe(560000);
    expect(r.household.version).toBe(2);
    await expect(registry.setIncome('other', h.id, 1, 2018, income())).rejects.toBeInstanceOf(StaleVersionError);
    const updated = await registry.updateHousehold('tester', h.id, 2, { mainCause: 'disability' });
    expect(updated.mainCause).toBe('disability');
    await expect(registry.updateHousehold('tester', h.id, 2, { mainCause: 'illness' })).rejects.toBeInstanceOf(StaleVersionError);
  });

  it('derives the status from its events and keeps counts exact', async () => {
    const h = await registry.createHousehold('tester', { household: householdInput(villages[1] ?? ''), members: [memberInput(), memberInput({ relation: 'son', birthDate: '2000-01-01', idNumber: idFor('2000-01-01', 'male') })], identifiedDate: '2016-02-01', basis: null });
    const exited = await registry.addStatusEvent('tester', h.id, 1, { type: 'exited', date: '2018-11-20', reason: null, basis: '村民代表大会决议' });
    expect(exited.status).toBe('exited');
    expect(exited.exitYear).toBe(2018);
    await expect(registry.addStatusEvent('tester', h.id, 2, { type: 'exited', date: '2019-01-01', reason: null, basis: null })).rejects.toBeInstanceOf(ValidationFailed);
    // A relapse dated before the exit already recorded would replay as a relapse of a poor household.
    const backdated = registry.addStatusEvent('tester', h.id, 2, { type: 'relapsed', date: '2018-06-01', reason: null, basis: null });
    await expect(backdated).rejects.toBeInstanceOf(ValidationFailed);
    await expect(backdated).rejects.toMatchObject({ errors: [{ field: 'date', messageEn: expect.stringContaining('2018-11-20') }] });
    const stats = await regionStats(t.store.db, villages[1] ?? '', null, 2019);
    expect(stats.exited).toBe(1);
    expect(stats.exitedPeople).toBe(2);
    expect(stats.poor).toBe(0);
  });

  it('refuses an exit dated in a year before the household was identified, and a year identified after its exit', async () => {
    // Registered as identified in 2017 with its identification dated in 2016: an exit after that day
    // but in a year before 2017 passes the date-order rule and is refused by the year identified.
    const h = await registry.createHousehold('tester', { household: householdInput(villages[6] ?? '', { identifiedYear: 2017 }), members: [memberInput()], identifiedDate: '2016-03-01', basis: null });
    const early = await registry.addStatusEvent('tester', h.id, 1, { type: 'exited', date: '2016-11-20', reason: null, basis: null }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ValidationFailed);
    expect(early instanceof ValidationFailed ? early.errors : []).toMatchObject([{ field: 'date', message: '脱贫年度 2016 早于识别年度 2017：不能在识别之前脱贫' }]);
    const exited = await registry.addStatusEvent('tester', h.id, 1, { type: 'exited', date: '2018-11-20', reason: null, basis: null });
    const later = await registry.updateHousehold('tester', h.id, exited.version, { identifiedYear: 2019 }).catch((e: unknown) => e);
    expect(later instanceof ValidationFailed ? later.errors : []).toMatchObject([{ field: 'identifiedYear', message: '脱贫年度 2018 早于识别年度 2019：不能在识别之前脱贫' }]);
    expect((await registry.updateHousehold('tester', h.id, exited.version, { identifiedYear: 2018 })).identifiedYear).toBe(2018);
  });

  it('freezes a closed year and needs an audited reopen', async () => {
    const h = await registry.createHousehold('tester', { household: householdInput(villages[2] ?? ''), members: [memberInput()], identifiedDate: '2017-05-01', basis: null });
    await closeYear({ store: t.store, clock }, 'admin', 2018);
    await expect(registry.setIncome('tester', h.id, 1, 2018, income({ wageIncome: 1 }))).rejects.toBeInstanceOf(ClosedYearError);
    const frozen = await regionStats(t.store.db, hanbin, 2018, 2019);
    expect(frozen.frozen).toBe(true);
    await registry.createHousehold('tester', { household: householdInput(villages[3] ?? ''), members: [memberInput()], identifiedDate: '2019-05-01', basis: null });
    const later = await regionStats(t.store.db, hanbin, 2018, 2019);
    expect(later.households).toBe(frozen.households);
    expect((await regionStats(t.store.db, hanbin, null, 2019)).households).toBe(frozen.households + 1);
    await reopenYear({ store: t.store, clock }, 'admin', 2018, '更正收入录入错误');
    await registry.setIncome('tester', h.id, 1, 2018, income({ wageIncome: 1 }));
  });

  it('figures of the children add up to the parent', async () => {
    const s = await regionStats(t.store.db, hanbin, null, 2019);
    const sum = (key: 'households' | 'people' | 'poor' | 'exited') => s.children.reduce((acc, c) => acc + c[key], 0);
    expect(sum('households')).toBe(s.households);
    expect(sum('people')).toBe(s.people);
    expect(sum('poor')).toBe(s.poor);
    expect(sum('exited')).toBe(s.exited);
  });

  it('audit verify names the first edited, removed or reordered entry', async () => {
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    await sql`update audit_log set actor = 'mallory' where seq = 2`.execute(t.store.db);
    const edited = await verifyAudit(t.store.db);
    expect(edited.ok).toBe(false);
    expect(edited.break).toMatchObject({ seq: 2, problem: 'edited' });
    await sql`update audit_log set actor = 'tester' where seq = 2`.execute(t.store.db);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    await sql`delete from audit_log where seq = 3`.execute(t.store.db);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 3, problem: 'removed' });
  });
});
