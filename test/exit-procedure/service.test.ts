// Exit procedures and verification sampling on both databases: a household through every step
// (with an objection sending it back), its close-out in the registry, a village close-out, and a
// sample drawn again from its seed with its findings and rates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { composeApp } from '../../src/app/compose.js';
import { ValidationFailed } from '../../src/app/errors.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const county = '610902000000';
const who = (username: string, role: Principal['role'], regionCode: string): Principal => ({ userId: 0, username, role, regionCode, department: null });

async function refusal(p: Promise<unknown>): Promise<{ field: string; message: string }[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationFailed) return [...e.errors];
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(dialects)('exit procedure and sampling on %s', (dialect) => {
  let t: TestStore;
  let app: ReturnType<typeof composeApp>;
  let now = new Date('2019-10-01T03:00:00Z');
  let householdId = 0;
  let village = '';
  let people: Record<'cadre' | 'team' | 'town' | 'county' | 'inspector', Principal>;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    app = composeApp(t.store, { now: () => now });
    await synthesize({ store: t.store, clock: { now: () => new Date('2020-01-15T00:00:00Z') } }, 'test', { under: county, households: 1200, seed: 11, year: 2019, withErrors: false, replace: false });
    const h = await t.store.db.selectFrom('household').select(['id', 'village_code']).where('status', '=', 'poor').orderBy('id').executeTakeFirstOrThrow();
    householdId = h.id;
    village = h.village_code;
    people = {
      cadre: who('cadre', 'villageCadre', village),
      team: who('team', 'workTeam', village),
      town: who('town', 'regionAdmin', `${village.slice(0, 9)}000`),
      county: who('county', 'regionAdmin', county),
      inspector: who('inspector', 'inspector', county),
    };
  });
  afterAll(async () => t?.dispose());

  const at = (iso: string) => {
    now = new Date(`${iso}T03:00:00Z`);
  };
  const attach = (p: Principal, id: number, step: string, name = `${step}.pdf`) => app.exitCases.addAttachment(p, id, { step, fileName: name, mediaType: 'application/pdf', content: Buffer.from(`scan of ${step}`) });
  const sign = async (p: Principal, id: number, step: string, slot: string, date: string, extra: { signatoryName?: string; details?: { participants: number; inFavour: number } } = {}) => {
    const c = (await app.exitCases.detail(p, id)).case;
    return app.exitCases.sign(p, id, c.version, { step, slot, date, signatoryName: extra.signatoryName ?? null, details: extra.details ?? null, note: null });
  };

  it('runs a household through every step, sends it back on an objection, and closes it out in the registry', async () => {
    const { cadre, team, town, inspector } = people;
    expect((await refusal(app.exitCases.open(inspector, { kind: 'household', householdId, regionCode: null, year: 2019, noticeDays: null })))[0]?.field).toBe('actor');
    const c = await app.exitCases.open(cadre, { kind: 'household', householdId, regionCode: null, year: 2019, noticeDays: 7 });
    expect(c).toMatchObject({ status: 'open', current_step: 'proposal', round: 1, region_code: village });
    expect((await refusal(app.exitCases.open(cadre, { kind: 'household', householdId, regionCode: null, year: 2019, noticeDays: 7 })))[0]?.field).toBe('unit');
    const id = c.id;

    await sign(cadre, id, 'proposal', 'villageCommittee', '2019-10-01');
    expect((await refusal(sign(cadre, id, 'verification', 'villageCommittee', '2019-10-01')))[0]?.message).toContain('不能跳过步骤');
    expect((await refusal(sign(cadre, id, 'democraticAppraisal', 'villageCommittee', '2019-10-01', { details: { participants: 30, inFavour: 25 } })))[0]?.field).toBe('attachments');
    const a = await attach(cadre, id, 'democraticAppraisal', '民主评议会议记录.pdf');
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.size).toBe(Buffer.byteLength('scan of democraticAppraisal'));
    at('2019-10-04');
    await sign(cadre, id, 'democraticAppraisal', 'villageCommittee', '2019-10-03', { details: { participants: 30, inFavour: 25 } });
    await attach(team, id, 'verification');
    expect((await refusal(sign(team, id, 'verification', 'villageCommittee', '2019-10-03')))[0]?.field).toBe('actor');
    await sign(cadre, id, 'verification', 'villageCommittee', '2019-10-03');
    await sign(team, id, 'verification', 'workTeam', '2019-10-04');
    await attach(team, id, 'householdConfirmation', '户主签字.jpg');
    at('2019-10-05');
    await sign(team, id, 'householdConfirmation', 'householdHead', '2019-10-05', { signatoryName: '户主甲' });
    await attach(cadre, id, 'publicNotice', '公示照片.jpg');
    await sign(cadre, id, 'publicNotice', 'villageCommittee', '2019-10-05');

    // An objection during the notice sends the case back to verification.
    at('2019-10-08');
    expect((await refusal(app.exitCases.object(inspector, id, 1, { date: '2019-10-08', content: '收入不实', objector: null })))).toBeTruthy();
    let d = await app.exitCases.detail(cadre, id);
    expect(d.canObject).toBe(true);
    await app.exitCases.object(cadre, id, d.case.version, { date: '2019-10-08', content: '该户务工收入不实', objector: '村民' });
    d = await app.exitCases.detail(cadre, id);
    expect(d.case).toMatchObject({ round: 2, current_step: 'verification' });
    expect(d.signatures.filter((s) => s.voided_at !== null).map((s) => s.step)).toEqual(['verification', 'verification', 'householdConfirmation', 'publicNotice']);
    expect(d.objections).toHaveLength(1);
    // The round's attachments are needed again: the old verification record no longer counts.
    expect((await refusal(sign(cadre, id, 'verification', 'villageCommittee', '2019-10-08')))[0]?.field).toBe('attachments');
    at('2019-10-09');
    expect((await refusal(sign(cadre, id, 'verification', 'villageCommittee', '2019-10-07')))[0]?.field).toBe('date');
    await attach(cadre, id, 'verification', '复核记录.pdf');
    await sign(cadre, id, 'verification', 'villageCommittee', '2019-10-09');
    await sign(team, id, 'verification', 'workTeam', '2019-10-09');
    await attach(team, id, 'householdConfirmation');
    await sign(team, id, 'householdConfirmation', 'householdHead', '2019-10-09', { signatoryName: '户主甲' });
    await attach(cadre, id, 'publicNotice');
    at('2019-10-10');
    await sign(cadre, id, 'publicNotice', 'villageCommittee', '2019-10-10');

    // The notice runs 7 days from 10-10: the town may review from 10-17 on, not before.
    at('2019-10-16');
    expect((await refusal(sign(town, id, 'townReview', 'town', '2019-10-16')))[0]?.message).toContain('公示期未满');
    at('2019-10-20');
    await sign(town, id, 'townReview', 'town', '2019-10-18');
    expect((await refusal(sign(town, id, 'countyDecision', 'county', '2019-10-20')))[0]?.field).toBe('actor');
    await sign(people.county, id, 'countyDecision', 'county', '2019-10-20');
    expect((await app.exitCases.detail(people.county, id)).form.find((l) => l.slot === 'countyLeader')?.missing).toBe(true);
    await sign(people.county, id, 'countyDecision', 'countyLeader', '2019-10-20', { signatoryName: '副县长乙' });
    const closed = await sign(people.county, id, 'closeOut', 'county', '2019-10-20');
    expect(closed).toMatchObject({ status: 'closed', current_step: null, open_unit_key: null });

    const file = await app.registry.householdFile(householdId);
    expect(file.household).toMatchObject({ status: 'exited', exitYear: 2019 });
    expect(file.events.at(-1)).toMatchObject({ type: 'exited', date: '2019-10-20', actor: 'county' });
    d = await app.exitCases.detail(people.county, id);
    expect(d.form.every((l) => !l.missing)).toBe(true);
    expect((await refusal(sign(people.county, id, 'closeOut', 'county', '2019-10-20')))[0]?.message).toContain('已销号');
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    const actions = await t.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'exitCase').execute();
    // 6 signatures in round 1, 4 again after the objection, then town, county (2) and close-out.
    expect(actions.filter((x) => x.action === 'exitCase.sign')).toHaveLength(14);
    expect(actions.filter((x) => x.action === 'exitCase.objection')).toHaveLength(1);
  });

  it('keeps cases out of reach of other regions and stale versions from both winning', async () => {
    const other = await t.store.db.selectFrom('household').select(['id', 'village_code']).where('status', '=', 'poor').where('village_code', '!=', village).orderBy('id').executeTakeFirstOrThrow();
    const c = await app.exitCases.open(people.county, { kind: 'household', householdId: other.id, regionCode: null, year: 2019, noticeDays: null });
    await expect(app.exitCases.detail(people.cadre, c.id)).rejects.toThrow('不存在');
    at('2019-10-21');
    const cadre = who('c2', 'villageCadre', other.village_code);
    await app.exitCases.sign(cadre, c.id, 1, { step: 'proposal', slot: 'villageCommittee', date: '2019-10-21', signatoryName: null, details: null, note: null });
    await expect(app.exitCases.sign(cadre, c.id, 1, { step: 'democraticAppraisal', slot: 'villageCommittee', date: '2019-10-21', signatoryName: null, details: null, note: null })).rejects.toThrow();
    expect((await app.exitCases.detail(cadre, c.id)).case.version).toBe(2);
  });

  it('closes a village out by setting its exit year', async () => {
    const { cadre, team, town } = people;
    const c = await app.exitCases.open(town, { kind: 'village', householdId: null, regionCode: village, year: 2019, noticeDays: 7 });
    at('2019-11-05');
    await sign(town, c.id, 'proposal', 'town', '2019-11-01');
    await attach(cadre, c.id, 'democraticAppraisal');
    await sign(cadre, c.id, 'democraticAppraisal', 'villageCommittee', '2019-11-01', { details: { participants: 40, inFavour: 38 } });
    await attach(town, c.id, 'verification');
    await sign(town, c.id, 'verification', 'town', '2019-11-02');
    await sign(team, c.id, 'verification', 'workTeam', '2019-11-02');
    await attach(people.county, c.id, 'publicNotice');
    await sign(people.county, c.id, 'publicNotice', 'county', '2019-11-03');
    expect((await refusal(sign(people.county, c.id, 'countyDecision', 'county', '2019-11-05')))[0]?.message).toContain('公示期未满');
    at('2019-11-12');
    await sign(people.county, c.id, 'countyDecision', 'county', '2019-11-10');
    await sign(people.county, c.id, 'countyDecision', 'countyLeader', '2019-11-10', { signatoryName: '副县长乙' });
    await sign(people.county, c.id, 'closeOut', 'county', '2019-11-12');
    const v = await t.store.db.selectFrom('village').select('exit_year').where('region_code', '=', village).executeTakeFirst();
    expect(v?.exit_year).toBe(2019);
  });

  it('draws the same sample again from the stored seed, records findings all or nothing and computes the rates', async () => {
    const inspector = people.inspector;
    const params = { towns: 4, villagesPerTown: 4, exitedPerVillage: 4, poorPerVillage: 1, unregisteredPerVillage: 2 };
    const a = await app.sampling.draw(inspector, { name: '2019 年汉滨区退出抽样核查', countyCode: county, year: 2019, seed: 20191201, params });
    const b = await app.sampling.draw(inspector, { name: '复抽', countyCode: county, year: 2019, seed: a.seed, params });
    const pa = await app.sampling.plan(inspector, a.id);
    const pb = await app.sampling.plan(inspector, b.id);
    const key = (i: { village_code: string; stratum: string; household_id: number | null; slot_no: number; weight: number }) => [i.village_code, i.stratum, i.household_id, i.slot_no, i.weight];
    expect(pb.items.map(key)).toEqual(pa.items.map(key));
    expect(pa.plan.method).toContain('20191201');
    expect(pa.items.length).toBeGreaterThan(0);
    const auto = await app.sampling.draw(inspector, { name: '自动种子', countyCode: county, year: 2019, seed: null, params });
    expect(auto.seed).toBeGreaterThanOrEqual(0);
    await expect(app.sampling.draw(people.cadre, { name: 'x', countyCode: county, year: 2019, seed: 1, params })).rejects.toThrow(ValidationFailed);

    const exited = pa.items.filter((i) => i.stratum === 'exited');
    const unreg = pa.items.filter((i) => i.stratum === 'unregistered');
    expect(exited.length).toBeGreaterThan(2);
    expect(new Set(exited.map((i) => i.town_code)).size).toBeGreaterThan(1);
    const bad = await refusal(app.sampling.recordFindings(inspector, a.id, [
      { itemId: exited[0]?.id ?? 0, people: null, wronglyExited: true, missedPoor: false, recognises: false, note: null },
      { itemId: unreg[0]?.id ?? 0, people: null, wronglyExited: false, missedPoor: true, recognises: null, note: null },
    ]));
    expect(bad[0]).toMatchObject({ field: 'findings[1].people' });
    expect((await app.sampling.plan(inspector, a.id)).rates.wrongExitRate.households).toBe(0);

    const findings = [
      ...exited.map((i, n) => ({ itemId: i.id, people: null, wronglyExited: n === 0, missedPoor: false, recognises: n !== 1, note: null })),
      ...unreg.map((i, n) => ({ itemId: i.id, people: 4, wronglyExited: false, missedPoor: n === 0, recognises: null, note: null })),
    ];
    expect(await app.sampling.recordFindings(inspector, a.id, findings)).toEqual({ recorded: findings.length });
    const rates = (await app.sampling.plan(inspector, a.id)).rates;
    const exitedPeople = exited.reduce((s, i) => s + (i.people ?? 0), 0);
    expect(rates.wrongExitRate).toMatchObject({ numerator: exited[0]?.people, denominator: exitedPeople, households: exited.length });
    expect(rates.missedPoorRate).toMatchObject({ numerator: 4, denominator: 4 * unreg.length });
    expect(rates.recognitionRate).toMatchObject({ numerator: exited.length - 1, denominator: exited.length });
    expect(rates.wrongExitRate.wilson?.low).toBeGreaterThan(0);
    expect(rates.wrongExitRate.design?.clusters).toBe('towns');

    const sim = await app.sampling.simulate(inspector, a.id, 200, null);
    expect(sim.frame.households).toBe(findings.length);
    expect(sim.coverage.knownExited).toBe(exited.length);
    expect(sim.wrongExitRate.draws).toBe(200);
    expect(await app.sampling.simulate(inspector, a.id, 200, null)).toEqual(sim);
  });
});
