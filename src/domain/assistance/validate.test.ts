import { describe, expect, it } from 'vitest';
import { defaultMeasures } from './catalogue.js';
import { validateCadre, validateEnd, validatePairing, validatePlan, validateVisit, type VisitInput } from './validate.js';
import { calendarPeriod, periodRange, periodsOf, visitDue } from './schedule.js';

const catalogue = new Map(defaultMeasures.map((m) => [m.code, m]));
const visit = (over: Partial<VisitInput> = {}): VisitInput => ({ householdId: 1, cadreId: 2, date: '2019-05-10', purpose: 'routine', findings: '了解收入', followUps: [], latitude: null, longitude: null, ...over });
const paired = { today: '2019-06-01', pairings: [{ from: '2019-03-01', to: null }] };

describe('validateVisit', () => {
  it('accepts a visit within the pairing', () => {
    expect(validateVisit(visit({ followUps: [{ text: '办慢病卡', due: '2019-05-20' }], latitude: 32.7, longitude: 109.0 }), paired)).toEqual([]);
  });
  it('refuses a visit in the future', () => {
    const e = validateVisit(visit({ date: '2019-06-02' }), paired);
    expect(e.map((x) => x.field)).toContain('date');
    expect(e[0]?.message).toContain('晚于今天');
  });
  it('refuses a visit before the pairing began, and by an unpaired cadre', () => {
    expect(validateVisit(visit({ date: '2019-02-28' }), paired)[0]?.message).toContain('早于结对开始日期 2019-03-01');
    expect(validateVisit(visit(), { today: '2019-06-01', pairings: [] })[0]?.field).toBe('cadreId');
    expect(validateVisit(visit({ date: '2019-05-10' }), { today: '2019-06-01', pairings: [{ from: '2019-01-01', to: '2019-04-30' }] })[0]?.message).toContain('不在结对期间');
  });
  it('refuses an unknown purpose, a follow-up due before the visit and half a location', () => {
    const e = validateVisit(visit({ purpose: 'chat', followUps: [{ text: 'x', due: '2019-05-01' }], latitude: 30, longitude: null }), paired);
    expect(e.map((x) => x.field).sort()).toEqual(['followUps[0].due', 'latitude', 'purpose']);
  });
});

describe('validatePairing', () => {
  const base = { from: '2019-03-01', today: '2019-06-01', currentLoad: 4, cap: 5, cadreName: '王明', alreadyPaired: false, householdStatus: 'poor' };
  it('accepts up to the cap and refuses beyond it', () => {
    expect(validatePairing(base)).toEqual([]);
    const e = validatePairing({ ...base, currentLoad: 5 });
    expect(e[0]).toMatchObject({ field: 'cadreId' });
    expect(e[0]?.message).toContain('达到上限 5 户');
  });
  it('refuses a future start, a repeated pairing and a removed household', () => {
    expect(validatePairing({ ...base, from: '2019-07-01', alreadyPaired: true, householdStatus: 'removed' }).map((x) => x.field)).toEqual(['from', 'householdId', 'householdId']);
  });
});

describe('validatePlan', () => {
  it('refuses a measure that does not exist and duplicate measures', () => {
    const e = validatePlan({ householdId: 1, year: 2019, measures: [{ measure: 'flyingCar', amountFen: 0, status: 'planned', note: '' }, { measure: 'microloan', amountFen: 500000, status: 'done', note: '' }, { measure: 'microloan', amountFen: 1, status: 'done', note: '' }] }, catalogue, 2019);
    expect(e.map((x) => x.field)).toEqual(['measures[0].measure', 'measures[2].measure']);
    expect(e[0]?.message).toContain('不存在');
  });
  it('refuses a retired measure added anew, but keeps one already in the saved plan', () => {
    const retired = new Map(catalogue);
    const microloan = catalogue.get('microloan');
    if (microloan) retired.set('microloan', { ...microloan, active: false });
    const plan = { householdId: 1, year: 2019, measures: [{ measure: 'microloan', amountFen: 0, status: 'planned', note: '' }] };
    const e = validatePlan(plan, retired, 2019);
    expect(e[0]).toMatchObject({ field: 'measures[0].measure', message: '帮扶措施“扶贫小额信贷”（microloan）已停用，不能新加入计划' });
    expect(validatePlan(plan, retired, 2019, new Set(['microloan']))).toEqual([]);
  });
  it('refuses a bad year, amount and status', () => {
    const e = validatePlan({ householdId: 1, year: 2030, measures: [{ measure: 'microloan', amountFen: -1, status: 'maybe', note: '' }] }, catalogue, 2019);
    expect(e.map((x) => x.field)).toEqual(['year', 'measures[0].amount', 'measures[0].status']);
  });
});

describe('other checks', () => {
  it('validates cadres and assignment ends', () => {
    expect(validateCadre({ name: '', unitId: 1, phone: 'abc', position: null, regionCode: '6109', cap: 0, username: null }).map((x) => x.field)).toEqual(['name', 'phone', 'regionCode', 'cap']);
    expect(validateEnd('2019-03-01', '2019-02-01', '2019-06-01')[0]?.field).toBe('to');
  });
  it('makes a household due when never visited or the last visit is a month old', () => {
    expect(visitDue(null, '2019-01-01', '2019-06-01')).toEqual({ due: true, daysSince: null, dueDate: '2019-06-01' });
    expect(visitDue('2019-05-20', '2019-01-01', '2019-06-01')).toEqual({ due: false, daysSince: 12, dueDate: '2019-06-19' });
    expect(visitDue('2019-04-20', '2019-01-01', '2019-06-01').due).toBe(true);
  });
});

describe('calendar periods', () => {
  it('names the year, quarter and month of a date', () => {
    expect(periodsOf('2019-05-10')).toEqual(['2019', '2019-Q2', '2019-05']);
    expect(periodsOf('2019-12-31')).toEqual(['2019', '2019-Q4', '2019-12']);
  });
  it('recognises whole periods only', () => {
    expect(calendarPeriod('2019-01-01', '2019-12-31')).toBe('2019');
    expect(calendarPeriod('2019-04-01', '2019-06-30')).toBe('2019-Q2');
    expect(calendarPeriod('2020-02-01', '2020-02-29')).toBe('2020-02');
    expect(calendarPeriod('2019-02-01', '2019-04-30')).toBeNull();
    expect(calendarPeriod('2019-06-01', '2019-06-15')).toBeNull();
    expect(calendarPeriod('2019-06-02', '2019-06-30')).toBeNull();
    for (const p of ['2019', '2019-Q3', '2019-02']) expect(calendarPeriod(...periodRange(p))).toBe(p);
  });
});
