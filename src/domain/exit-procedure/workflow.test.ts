import { describe, expect, it } from 'vitest';
import type { Principal } from '../access.js';
import { formLines, missingCount } from './form.js';
import { procedures } from './steps.js';
import { addDays } from '../dates.js';
import { caseState, objectionErrors, signErrors, stepsReopened, type Signature, type SignInput } from './workflow.js';

const villageCode = '610902100201';
const who = (role: Principal['role'], regionCode: string, username = role): Principal => ({ userId: 1, username, role, regionCode, department: null });
const cadre = who('villageCadre', villageCode);
const team = who('workTeam', villageCode);
const town = who('regionAdmin', '610902100000');
const county = who('regionAdmin', '610902000000');
const otherCounty = who('regionAdmin', '610921000000');
const inspector = who('inspector', '610902000000');

const sig = (step: Signature['step'], slot: string, date: string, name = 'x'): Signature => ({ step, slot, date, actor: 'a', signatoryName: name });
const input = (step: string, slot: string, date: string, extra: Partial<SignInput> = {}): SignInput => ({ step, slot, date, signatoryName: null, details: null, ...extra });

function ctx(signatures: Signature[], actor: Principal, attachments = 1, today = '2019-12-31') {
  return { kind: 'household' as const, regionCode: villageCode, closed: false, state: caseState('household', signatures, 7), actor, attachments, today };
}

// A household case signed up to (not including) the town review, notice posted on 2019-10-10.
const throughNotice: Signature[] = [
  sig('proposal', 'villageCommittee', '2019-10-01'),
  sig('democraticAppraisal', 'villageCommittee', '2019-10-03'),
  sig('verification', 'villageCommittee', '2019-10-05'),
  sig('verification', 'workTeam', '2019-10-06'),
  sig('householdConfirmation', 'householdHead', '2019-10-08', '张三'),
  sig('publicNotice', 'villageCommittee', '2019-10-10'),
];

describe('exit procedure: order', () => {
  it('starts at the proposal and moves step by step', () => {
    expect(caseState('household', [], 7).current).toBe('proposal');
    expect(caseState('household', throughNotice.slice(0, 3), 7).current).toBe('verification');
    expect(caseState('household', throughNotice, 7).current).toBe('townReview');
  });

  it('refuses a skipped step, naming the one that comes first', () => {
    const e = signErrors(input('publicNotice', 'villageCommittee', '2019-10-02'), ctx(throughNotice.slice(0, 1), cadre));
    expect(e).toHaveLength(1);
    expect(e[0]?.message).toContain('不能跳过步骤');
    expect(e[0]?.message).toContain('民主评议');
  });

  it('a step with two signatures is not done until both are given', () => {
    const s = caseState('household', throughNotice.slice(0, 3), 7);
    expect(s.current).toBe('verification');
    expect(signErrors(input('householdConfirmation', 'householdHead', '2019-10-07', { signatoryName: '张三' }), ctx(throughNotice.slice(0, 3), team))[0]?.field).toBe('step');
    expect(signErrors(input('verification', 'workTeam', '2019-10-06'), ctx(throughNotice.slice(0, 3), team))).toEqual([]);
  });

  it('refuses signing the same slot twice and unknown steps or slots', () => {
    expect(signErrors(input('verification', 'villageCommittee', '2019-10-06'), ctx(throughNotice.slice(0, 3), cadre))[0]?.field).toBe('slot');
    expect(signErrors(input('announcement', 'x', '2019-10-06'), ctx([], cadre))[0]?.field).toBe('step');
    expect(signErrors(input('proposal', 'town', '2019-10-06'), ctx([], cadre))[0]?.field).toBe('slot');
  });

  it('dates must not go backwards and not be in the future', () => {
    const e = signErrors(input('verification', 'villageCommittee', '2019-10-02'), ctx(throughNotice.slice(0, 2), cadre));
    expect(e[0]?.message).toContain('日期不能倒退');
    expect(signErrors(input('proposal', 'villageCommittee', '2020-01-01'), ctx([], cadre))[0]?.message).toContain('晚于今天');
    expect(signErrors(input('proposal', 'villageCommittee', '2019-02-30'), ctx([], cadre))[0]?.message).toContain('无效');
  });

  it('the notice period must elapse before the town review, by date and by today', () => {
    expect(addDays('2019-10-10', 7)).toBe('2019-10-17');
    const early = signErrors(input('townReview', 'town', '2019-10-16'), ctx(throughNotice, town));
    expect(early[0]?.message).toContain('公示期未满');
    const notYet = signErrors(input('townReview', 'town', '2019-10-17'), ctx(throughNotice, town, 1, '2019-10-16'));
    expect(notYet.some((e) => e.message.includes('公示期未满'))).toBe(true);
    expect(signErrors(input('townReview', 'town', '2019-10-17'), ctx(throughNotice, town))).toEqual([]);
  });

  it('the form lists every signature and marks the missing ones', () => {
    const lines = formLines(caseState('household', throughNotice, 7));
    expect(lines).toHaveLength(procedures.household.reduce((n, s) => n + s.slots.length, 0));
    expect(lines.filter((l) => l.missing).map((l) => l.slot)).toEqual(['town', 'county', 'countyLeader', 'county']);
    expect(lines.find((l) => l.slot === 'householdHead')).toMatchObject({ signatoryName: '张三', missing: false });
    expect(missingCount(caseState('household', [], 7))).toBe(lines.length);
  });
});

describe('exit procedure: roles', () => {
  it('only the right role at the right level over the unit may sign', () => {
    const atTown = ctx(throughNotice, town);
    expect(signErrors(input('townReview', 'town', '2019-10-20'), atTown)).toEqual([]);
    for (const p of [cadre, team, county, inspector, otherCounty, who('admin', '610000000000')]) {
      const e = signErrors(input('townReview', 'town', '2019-10-20'), ctx(throughNotice, p));
      expect(e[0]?.field, p.username + p.regionCode).toBe('actor');
    }
    // A town admin of another town is out of scope.
    expect(signErrors(input('townReview', 'town', '2019-10-20'), ctx(throughNotice, who('regionAdmin', '610902101000')))[0]?.field).toBe('actor');
  });

  it('the work team signs its own line of the verification, not the village committee line', () => {
    const c = ctx(throughNotice.slice(0, 2), team);
    expect(signErrors(input('verification', 'villageCommittee', '2019-10-05'), c)[0]?.field).toBe('actor');
    expect(signErrors(input('verification', 'workTeam', '2019-10-05'), c)).toEqual([]);
  });

  it('named slots need the signatory, attachment steps need an attachment', () => {
    const c = ctx(throughNotice.slice(0, 4), cadre, 0);
    const e = signErrors(input('householdConfirmation', 'householdHead', '2019-10-08'), c);
    expect(e.map((x) => x.field)).toEqual(['signatoryName', 'attachments']);
  });

  it('the appraisal needs a majority of the meeting', () => {
    const c = ctx(throughNotice.slice(0, 1), cadre);
    expect(signErrors(input('democraticAppraisal', 'villageCommittee', '2019-10-03'), c)[0]?.field).toBe('details.participants');
    expect(signErrors(input('democraticAppraisal', 'villageCommittee', '2019-10-03', { details: { participants: 20, inFavour: 10 } }), c)[0]?.message).toContain('未超过');
    expect(signErrors(input('democraticAppraisal', 'villageCommittee', '2019-10-03', { details: { participants: 20, inFavour: 21 } }), c)[0]?.field).toBe('details.inFavour');
    expect(signErrors(input('democraticAppraisal', 'villageCommittee', '2019-10-03', { details: { participants: 20, inFavour: 11 } }), c)).toEqual([]);
  });

  it('the county decision needs the county leader in charge by name (seed 002)', () => {
    const slots = procedures.village.find((s) => s.id === 'countyDecision')?.slots.map((s) => s.id);
    expect(slots).toContain('countyLeader');
    const e = signErrors(input('countyDecision', 'countyLeader', '2019-10-20'), ctx([...throughNotice, sig('townReview', 'town', '2019-10-18')], county));
    expect(e.map((x) => x.field)).toEqual(['signatoryName']);
  });
});

describe('exit procedure: objections', () => {
  it('may be recorded only while the notice is up', () => {
    const base = { kind: 'household' as const, regionCode: villageCode, closed: false, actor: cadre, today: '2019-12-31' };
    const during = { ...base, state: caseState('household', throughNotice, 7) };
    expect(objectionErrors({ date: '2019-10-12', content: '该户收入不实' }, during)).toEqual([]);
    expect(objectionErrors({ date: '2019-10-09', content: '该户收入不实' }, during)[0]?.field).toBe('date');
    expect(objectionErrors({ date: '2019-10-12', content: ' ' }, during)[0]?.field).toBe('content');
    expect(objectionErrors({ date: '2019-10-12', content: 'x' }, { ...during, actor: inspector })[0]?.field).toBe('actor');
    const before = { ...base, state: caseState('household', throughNotice.slice(0, 5), 7) };
    expect(objectionErrors({ date: '2019-10-12', content: 'x' }, before)[0]?.field).toBe('step');
    const after = { ...base, state: caseState('household', [...throughNotice, sig('townReview', 'town', '2019-10-18')], 7) };
    expect(objectionErrors({ date: '2019-10-18', content: 'x' }, after)[0]?.field).toBe('step');
  });

  it('send the case back to verification: those steps and everything after are signed again', () => {
    expect(stepsReopened('household')).toEqual(['verification', 'householdConfirmation', 'publicNotice', 'townReview', 'countyDecision', 'closeOut']);
    expect(stepsReopened('county')[0]).toBe('cityReview');
    const kept = throughNotice.filter((s) => !stepsReopened('household').includes(s.step));
    const s = caseState('household', kept, 7);
    expect(s.current).toBe('verification');
    expect(s.notice).toBeNull();
    // Dates still must not go back before what was kept, nor before the objection.
    expect(signErrors(input('verification', 'villageCommittee', '2019-10-02'), ctx(kept, cadre))[0]?.field).toBe('date');
    const afterObjection = { ...ctx(kept, cadre), state: caseState('household', kept, 7, '2019-10-12') };
    expect(signErrors(input('verification', 'villageCommittee', '2019-10-11'), afterObjection)[0]?.message).toContain('2019-10-12');
    expect(signErrors(input('verification', 'villageCommittee', '2019-10-12'), afterObjection)).toEqual([]);
  });
});
