// The shipped standards, criterion by criterion: a table of cases each, every 四个不得 guard among them.
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateUnit, type CriterionResult, type UnitStatus } from '../../src/domain/exit-rules/evaluate.js';
import type { Facts } from '../../src/domain/exit-rules/facts.js';
import type { RuleSet } from '../../src/domain/exit-rules/rule-set.js';
import { goodHousehold, shipped } from './support.js';

const sets = shipped();
const need = (id: string): RuleSet => {
  const rs = sets[id];
  if (!rs) throw new Error(id);
  return rs;
};

function resultOf(rs: RuleSet, year: number, facts: Facts, criterion: string): { result: CriterionResult; status: UnitStatus } {
  const c = compileRuleSet(rs, year);
  const out = evaluateUnit(c, facts);
  const i = rs.criteria.findIndex((k) => k.id === criterion);
  if (i < 0) throw new Error(`no criterion ${criterion}`);
  const code = out.codes.charAt(i);
  return { result: code === 'P' ? 'pass' : code === 'F' ? 'fail' : 'noData', status: out.status };
}

type Case = readonly [string, Partial<Facts>, CriterionResult, UnitStatus];

const household: Record<string, readonly Case[]> = {
  income: [
    ['well above the 2019 line', {}, 'pass', 'ready'],
    ['just above', { netIncomePerCapita: 3218.01 }, 'pass', 'ready'],
    ['exactly at the line is not above it', { netIncomePerCapita: 3218 }, 'fail', 'blocked'],
    ['below', { netIncomePerCapita: 2000 }, 'fail', 'blocked'],
    ['no income recorded for the year', { netIncomePerCapita: null, minimumLivingAllowancePerCapita: null, extremePovertyAllowancePerCapita: null, expectedIncomePerCapita: null }, 'noData', 'noData'],
  ],
  foodAndClothing: [
    ['income with transfers above the line', { netIncomePerCapita: 3300, minimumLivingAllowancePerCapita: 0 }, 'pass', 'ready'],
    ['below the line even with transfers', { netIncomePerCapita: 3000 }, 'fail', 'blocked'],
  ],
  compulsoryEducation: [
    ['nobody out of school', {}, 'pass', 'ready'],
    ['one school-age child out of school', { schoolAgeDropouts: 1 }, 'fail', 'blocked'],
  ],
  basicMedical: [
    ['everyone insured', {}, 'pass', 'ready'],
    ['one member uninsured', { membersWithoutMedicalInsurance: 1 }, 'fail', 'blocked'],
  ],
  safeHousing: [
    ['grade A', {}, 'pass', 'ready'],
    ['grade B', { housingSafetyGrade: 'B' }, 'pass', 'ready'],
    ['grade C', { housingSafetyGrade: 'C' }, 'fail', 'blocked'],
    ['grade D', { housingSafetyGrade: 'D' }, 'fail', 'blocked'],
    ['grade not recorded', { housingSafetyGrade: null }, 'noData', 'noData'],
  ],
  safeDrinkingWater: [
    ['safe', {}, 'pass', 'ready'],
    ['unsafe', { safeDrinkingWater: false }, 'fail', 'blocked'],
  ],
  // 四个不得
  guardExpectedIncome: [
    ['expected income but clears the line without it', { expectedIncomePerCapita: 2000 }, 'pass', 'ready'],
    ['clears the line only by counting expected income', { netIncomePerCapita: 3000, expectedIncomePerCapita: 500 }, 'fail', 'blocked'],
    ['below the line even with expected income: the income test blocks, not this guard', { netIncomePerCapita: 2000, expectedIncomePerCapita: 500 }, 'pass', 'blocked'],
  ],
  guardSafetyNetIncome: [
    ['no allowances', {}, 'pass', 'ready'],
    ['allowances, but clears the line without them', { netIncomePerCapita: 5000, minimumLivingAllowancePerCapita: 1000 }, 'pass', 'ready'],
    ['clears the line only with 低保金', { netIncomePerCapita: 3500, minimumLivingAllowancePerCapita: 800 }, 'fail', 'blocked'],
    ['clears the line only with 特困供养金', { netIncomePerCapita: 3500, extremePovertyAllowancePerCapita: 800 }, 'fail', 'blocked'],
  ],
  guardRelocation: [
    ['moved in', {}, 'pass', 'ready'],
    ['relocation home not yet lived in', { relocationPending: true }, 'fail', 'blocked'],
  ],
  guardRenovation: [
    ['no renovation under way', {}, 'pass', 'ready'],
    ['renovation in progress', { renovationInProgress: true }, 'fail', 'blocked'],
  ],
  guardIndustry: [
    ['no pending project', {}, 'pass', 'ready'],
    ['industry project not yet producing', { industryProjectPending: true }, 'fail', 'blocked'],
  ],
  guardRegisteredThisYear: [
    ['registered in an earlier year', { identifiedYear: 2018 }, 'pass', 'ready'],
    ['registered this year', { identifiedYear: 2019 }, 'fail', 'blocked'],
  ],
  flagSafetyNetOnly: [
    ['no allowances', {}, 'pass', 'ready'],
    ['without labour, on the safety net: no flag', { ableBodiedMembers: 0, netIncomePerCapita: 3500, minimumLivingAllowancePerCapita: 800 }, 'pass', 'blocked'],
    // flagged, and blocked by the income test and the safety-net guard: the flag itself never blocks
    ['able-bodied and lifted only by the safety net', { ableBodiedMembers: 2, netIncomePerCapita: 3500, minimumLivingAllowancePerCapita: 800 }, 'fail', 'blocked'],
  ],
};

describe('national household standard (cn-household), 2019', () => {
  const rs = need('cn-household');
  it('has a table for every criterion', () => {
    expect(Object.keys(household).sort()).toEqual(rs.criteria.map((c) => c.id).sort());
  });
  for (const [criterion, cases] of Object.entries(household)) {
    describe(criterion, () => {
      it.each(cases)('%s', (_name, change, result, status) => {
        expect(resultOf(rs, 2019, { ...goodHousehold, ...change }, criterion)).toEqual({ result, status });
      });
    });
  }

  it('uses each year’s line', () => {
    const at = (year: number, income: number) => resultOf(rs, year, { ...goodHousehold, assessmentYear: year, identifiedYear: 2014, netIncomePerCapita: income }, 'income').result;
    expect(at(2014, 2801)).toBe('pass');
    expect(at(2015, 2801)).toBe('fail');
    expect(at(2020, 3999)).toBe('fail');
    expect(at(2020, 4001)).toBe('pass');
  });
});

describe('national village standard (cn-village)', () => {
  const rs = need('cn-village');
  const good: Facts = { assessmentYear: 2019, isPoorVillage: true, isWestern: false, ruralPopulation: 1000, poorPeople: 10, povertyIncidence: 1, collectiveIncome: 50000, hasPavedRoad: true, hasPower: true, hasTelecom: true, hasBroadband: false, hasClinic: true, hasCulturalVenue: false, hasCooperative: false };
  const cases: Record<string, readonly Case[]> = {
    incidence: [
      ['1.99% in the east', { povertyIncidence: 1.99 }, 'pass', 'ready'],
      ['2% in the east', { povertyIncidence: 2 }, 'fail', 'blocked'],
      ['2.5% in the west', { povertyIncidence: 2.5, isWestern: true }, 'pass', 'ready'],
      ['3% in the west', { povertyIncidence: 3, isWestern: true }, 'fail', 'blocked'],
      ['no rural population for the year', { povertyIncidence: null }, 'noData', 'noData'],
    ],
    pavedRoad: [['paved', {}, 'pass', 'ready'], ['not paved', { hasPavedRoad: false }, 'fail', 'blocked']],
    power: [['power', {}, 'pass', 'ready'], ['no power', { hasPower: false }, 'fail', 'blocked']],
    telecom: [['telecom', {}, 'pass', 'ready'], ['no telecom', { hasTelecom: false }, 'fail', 'blocked']],
    broadband: [['not required nationally', { hasBroadband: false }, 'pass', 'ready']],
    clinic: [['clinic', {}, 'pass', 'ready'], ['no clinic', { hasClinic: false }, 'fail', 'blocked'], ['village record missing', { hasClinic: null }, 'noData', 'noData']],
    culturalVenue: [['not required nationally', {}, 'pass', 'ready']],
    collectiveIncome: [['some collective income', {}, 'pass', 'ready'], ['none (一无)', { collectiveIncome: 0 }, 'fail', 'blocked']],
  };
  it('has a table for every criterion', () => expect(Object.keys(cases).sort()).toEqual(rs.criteria.map((c) => c.id).sort()));
  for (const [criterion, table] of Object.entries(cases)) {
    it.each(table)(`${criterion}: %s`, (_n, change, result, status) => expect(resultOf(rs, 2019, { ...good, ...change }, criterion)).toEqual({ result, status }));
  }
});

describe('national county standard (cn-county)', () => {
  const rs = need('cn-county');
  const good: Facts = { assessmentYear: 2019, isWestern: true, ruralPopulation: 300000, poorPeople: 3000, povertyIncidence: 1, wrongExitRate: 0.5, missedPoorRate: 0.3, recognitionRate: 95 };
  const cases: Record<string, readonly Case[]> = {
    incidence: [['1% ', {}, 'pass', 'ready'], ['3% in the west', { povertyIncidence: 3 }, 'fail', 'blocked']],
    wrongExitRate: [['0.5%', {}, 'pass', 'ready'], ['2%', { wrongExitRate: 2 }, 'fail', 'blocked'], ['no sample: no data, never a pass', { wrongExitRate: null }, 'noData', 'noData']],
    missedPoorRate: [['0.3%', {}, 'pass', 'ready'], ['2.1%', { missedPoorRate: 2.1 }, 'fail', 'blocked'], ['no sample', { missedPoorRate: null }, 'noData', 'noData']],
    recognitionRate: [['95%', {}, 'pass', 'ready'], ['90% is not above 90%', { recognitionRate: 90 }, 'fail', 'blocked'], ['no sample', { recognitionRate: null }, 'noData', 'noData']],
  };
  it('has a table for every criterion', () => expect(Object.keys(cases).sort()).toEqual(rs.criteria.map((c) => c.id).sort()));
  for (const [criterion, table] of Object.entries(cases)) {
    it.each(table)(`${criterion}: %s`, (_n, change, result, status) => expect(resultOf(rs, 2019, { ...good, ...change }, criterion)).toEqual({ result, status }));
  }
});

describe('local checklists layered over the national sets', () => {
  it('577 keeps every national criterion, raises the 2016 line and adds serious-illness insurance', () => {
    const rs = need('shaanxi-577-household');
    const national = need('cn-household');
    expect(rs.criteria.slice(0, national.criteria.length).map((c) => c.id)).toEqual(national.criteria.map((c) => c.id));
    expect(rs.base).toEqual({ id: 'cn-household', version: '2020.1' });
    const at2016 = { ...goodHousehold, assessmentYear: 2016, identifiedYear: 2014, netIncomePerCapita: 3000 };
    expect(resultOf(national, 2016, at2016, 'income').result).toBe('pass');
    expect(resultOf(rs, 2016, at2016, 'income').result).toBe('fail');
    expect(resultOf(rs, 2019, { ...goodHousehold, membersWithoutSeriousIllnessInsurance: 1 }, 'seriousIllnessInsurance')).toEqual({ result: 'fail', status: 'blocked' });
  });
  it('双七: every able-bodied member has a skill; every village has a cooperative and a cultural venue', () => {
    expect(resultOf(need('xunyang-shuangqi-household'), 2019, { ...goodHousehold, unskilledAbleBodiedMembers: 1 }, 'labourSkill').result).toBe('fail');
    const v: Facts = { assessmentYear: 2019, isPoorVillage: true, isWestern: true, ruralPopulation: 1000, poorPeople: 10, povertyIncidence: 1, collectiveIncome: 1, hasPavedRoad: true, hasPower: true, hasTelecom: true, hasBroadband: false, hasClinic: true, hasCulturalVenue: false, hasCooperative: false };
    const village = need('xunyang-shuangqi-village');
    expect(resultOf(village, 2019, v, 'culturalVenue').result).toBe('fail');
    expect(resultOf(village, 2019, v, 'cooperative').result).toBe('fail');
    expect(resultOf(village, 2019, { ...v, hasCulturalVenue: true, hasCooperative: true }, 'cooperative').status).toBe('ready');
  });
});
