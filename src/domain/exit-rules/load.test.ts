import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateUnit, explain, ruleSetHash } from './evaluate.js';
import { parseExpr } from './expr.js';
import { loadRuleSet } from './load.js';
import { RuleSetInvalid, type RuleIssue } from './rule-set.js';
import { applyWhatIf } from './what-if.js';

const base = `id: t-household
version: "1"
title: { zh: 测试, en: Test }
unit: household
years: [2018, 2019]
parameters:
  povertyLine:
    type: number
    byYear: { 2018: 2995, 2019: 3218 }
criteria:
  - id: income
    group: income
    label: { zh: 收入, en: Income }
    facts: [netIncomePerCapita]
    parameters: [povertyLine]
    expr: netIncomePerCapita > povertyLine
  - id: guardRelocation
    group: guard
    label: { zh: 搬迁, en: Relocation }
    facts: [relocationPending]
    expr: not relocationPending
  - id: safetyNetFlag
    group: guard
    kind: flag
    label: { zh: 兜底, en: Safety net }
    facts: [ableBodiedMembers]
    expr: ableBodiedMembers == 0
`;

function issues(text: string, options = {}): RuleIssue[] {
  try {
    loadRuleSet(text, 'rules.yaml', options);
  } catch (error) {
    if (error instanceof RuleSetInvalid) return [...error.issues];
    throw error;
  }
  throw new Error('loaded without complaint');
}

describe('rule-set loading refuses bad files with the line and the reason', () => {
  it('an unknown fact', () => {
    const [i, ...rest] = issues(base.replace('facts: [relocationPending]', 'facts: [relocationPendingg]'));
    expect(i).toMatchObject({ file: 'rules.yaml', line: 20, path: 'criteria.1.facts.0' });
    expect(i?.message).toContain('未知事实“relocationPendingg”');
    // The expression now reads a fact it does not list: named too.
    expect(rest[0]?.message).toContain('relocationPending');
  });
  it('a type error, at the line of the expression', () => {
    const [i] = issues(base.replace('expr: not relocationPending', 'expr: relocationPending + 1 > 0'));
    expect(i).toMatchObject({ line: 21, path: 'criteria.1.expr' });
    expect(i?.message).toContain('类型错误');
    expect(i?.messageEn).toContain('needs number, got boolean');
  });
  it('a criterion that yields a number, not yes/no', () => {
    expect(issues(base.replace('expr: netIncomePerCapita > povertyLine', 'expr: netIncomePerCapita - povertyLine'))[0]?.message).toContain('须得出“是/否”');
  });
  it('a missing parameter: undefined, or without a value for a year', () => {
    const [undefinedParam] = issues(base.replace('parameters: [povertyLine]', 'parameters: [povertyLine, incidenceLimit]'));
    expect(undefinedParam).toMatchObject({ path: 'criteria.0.parameters.1', line: 15 });
    expect(undefinedParam?.message).toContain('缺少参数“incidenceLimit”');
    const [missingYear] = issues(base.replace('byYear: { 2018: 2995, 2019: 3218 }', 'byYear: { 2018: 2995 }'));
    expect(missingYear).toMatchObject({ path: 'parameters.povertyLine', line: 8 });
    expect(missingYear?.message).toContain('2019');
  });
  it('a syntax error in an expression names the character and the line of a multi-line expression', () => {
    const [i] = issues(base.replace('expr: not relocationPending', 'expr: |\n      not\n      relocationPending )'));
    expect(i?.line).toBe(23);
    expect(i?.message).toContain('多出内容');
  });
  it('a name the expression reads but does not declare', () => {
    expect(issues(base.replace('expr: not relocationPending', 'expr: not relocationPending and not renovationInProgress'))[0]?.message).toContain('未在 facts 中列出');
  });
  it('a YAML syntax error', () => {
    expect(issues('id: x\n  bad: [\n')[0]?.message).toContain('文件格式错误');
  });
  it('JSON too, since JSON is YAML', () => {
    const rs = loadRuleSet(JSON.stringify({ id: 'j', version: 1, title: { zh: 'j', en: 'j' }, unit: 'county', years: [2019, 2019], criteria: [{ id: 'a', label: { zh: 'a', en: 'a' }, facts: ['recognitionRate'], expr: 'recognitionRate > 90' }] }), 'j.json');
    expect(rs.criteria[0]?.group).toBe('local');
  });
});

describe('the expression language', () => {
  it('never reaches JavaScript names or the prototype', () => {
    expect(() => parseExpr('process.exit(1)')).toThrow();
    expect(issues(base.replace('expr: not relocationPending', 'expr: constructor'))[0]?.message).toContain('未知的事实或参数');
    expect(() => parseExpr('constructor(1)')).toThrow(/unknown function/);
    expect(() => parseExpr('a; b')).toThrow();
  });
  it('has precedence: not binds tighter than and, and tighter than or', () => {
    const rs = loadRuleSet(base.replace('expr: not relocationPending', 'expr: not relocationPending and false or true'), 'x.yaml');
    const c = compileRuleSet(rs, 2019);
    expect(evaluateUnit(c, { netIncomePerCapita: 4000, relocationPending: true, ableBodiedMembers: 0 }).codes).toBe('PPP');
  });
});

describe('evaluation', () => {
  const rs = loadRuleSet(base, 'rules.yaml');
  const c = compileRuleSet(rs, 2019);
  it('passes only when every requirement passes; a flag alone never blocks', () => {
    expect(evaluateUnit(c, { netIncomePerCapita: 4000, relocationPending: false, ableBodiedMembers: 2 })).toEqual({ status: 'ready', codes: 'PPF' });
    expect(evaluateUnit(c, { netIncomePerCapita: 3000, relocationPending: false, ableBodiedMembers: 0 })).toEqual({ status: 'blocked', codes: 'FPP' });
  });
  it('a missing fact is "no data", never a pass', () => {
    expect(evaluateUnit(c, { netIncomePerCapita: null, relocationPending: false, ableBodiedMembers: 0 })).toEqual({ status: 'noData', codes: 'NPP' });
    expect(evaluateUnit(c, { netIncomePerCapita: 3000, relocationPending: null, ableBodiedMembers: 0 }).status).toBe('blocked');
  });
  it('refuses a year outside the set', () => {
    expect(() => compileRuleSet(rs, 2020)).toThrow(RuleSetInvalid);
  });
  it('explains a stored result with the facts and the year’s parameters', () => {
    const items = explain(rs, 2018, ['netIncomePerCapita', 'relocationPending', 'ableBodiedMembers'], 'FPP', [2900, false, 0]);
    expect(items[0]).toMatchObject({ id: 'income', result: 'fail', facts: { netIncomePerCapita: 2900 }, parameters: { povertyLine: 2995 } });
  });
  it('hashes content, not key order', () => {
    const reordered = loadRuleSet(base.replace('id: t-household\nversion: "1"', 'version: "1"\nid: t-household'), 'rules.yaml');
    expect(ruleSetHash(reordered)).toBe(ruleSetHash(rs));
    expect(ruleSetHash(loadRuleSet(base.replace('3218', '3219'), 'r.yaml'))).not.toBe(ruleSetHash(rs));
  });
});

describe('layering a local checklist', () => {
  const national = loadRuleSet(base.replace('unit: household', 'unit: household\nregion: ""'), 'national.yaml');
  const find = (id: string) => (id === national.id ? national : undefined);
  const local = (body: string) => `id: local\nextends: t-household\nversion: "1"\nregion: "6109"\n${body}`;
  it('adds criteria and changes parameter values', () => {
    const rs = loadRuleSet(local('parameters:\n  povertyLine: { byYear: { 2019: 3500 } }\ncriteria:\n  - id: water\n    label: { zh: 饮水, en: Water }\n    facts: [safeDrinkingWater]\n    expr: safeDrinkingWater\n'), 'local.yaml', { base: find });
    expect(rs.criteria.map((c) => `${c.source}:${c.id}`)).toEqual(['t-household:income', 't-household:guardRelocation', 't-household:safetyNetFlag', 'local:water']);
    expect(rs.parameters['povertyLine']?.byYear).toEqual({ '2018': 2995, '2019': 3500 });
  });
  it('refuses to rewrite a 四个不得 guard, or a national criterion without overrides: true', () => {
    const guard = issues(local('criteria:\n  - id: guardRelocation\n    overrides: true\n    label: { zh: x, en: x }\n    facts: [relocationPending]\n    expr: true or relocationPending\n'), { base: find });
    expect(guard[0]).toMatchObject({ line: 6, path: 'criteria.0.id' });
    expect(guard[0]?.message).toContain('四个不得');
    const silent = issues(local('criteria:\n  - id: income\n    label: { zh: x, en: x }\n    facts: [netIncomePerCapita]\n    expr: netIncomePerCapita > 0\n'), { base: find });
    expect(silent[0]?.message).toContain('同名');
    expect(silent[0]?.fix).toContain('overrides: true');
    expect(silent[0]?.fixEn).toBe('To rewrite it, add overrides: true; otherwise use a new id');
  });
  it('refuses a local set outside the base region, a type change, or an unknown base', () => {
    expect(issues(local('parameters:\n  povertyLine: { type: string, value: x }\n'), { base: find })[0]?.message).toContain('类型不能改变');
    expect(issues(local('').replace('extends: t-household', 'extends: nope'), { base: find })[0]?.message).toContain('找不到');
  });
});

describe('what-if', () => {
  const rs = loadRuleSet(base, 'rules.yaml');
  it('changes a parameter for the year only', () => {
    const changed = applyWhatIf(rs, 2019, { parameters: { povertyLine: 5000 } });
    expect(evaluateUnit(compileRuleSet(changed, 2019), { netIncomePerCapita: 4000, relocationPending: false, ableBodiedMembers: 0 }).status).toBe('blocked');
    expect(evaluateUnit(compileRuleSet(changed, 2018), { netIncomePerCapita: 4000, relocationPending: false, ableBodiedMembers: 0 }).status).toBe('ready');
  });
  it('changes, adds and removes rules, checked like a file', () => {
    const changed = applyWhatIf(rs, 2019, { criteria: [{ id: 'guardRelocation', remove: true }, { id: 'water', facts: ['safeDrinkingWater'], expr: 'safeDrinkingWater' }] });
    expect(changed.criteria.map((c) => c.id)).toEqual(['income', 'safetyNetFlag', 'water']);
    expect(() => applyWhatIf(rs, 2019, { criteria: [{ id: 'income', expr: 'netIncomePerCapita + 1' }] })).toThrow(RuleSetInvalid);
    // A rewritten rule reads what it names.
    const rewritten = applyWhatIf(rs, 2019, { criteria: [{ id: 'income', expr: 'netIncomePerCapita > povertyLine + 500 and not relocationPending' }] });
    expect(rewritten.criteria[0]).toMatchObject({ facts: ['netIncomePerCapita', 'relocationPending'], parameters: ['povertyLine'] });
    expect(evaluateUnit(compileRuleSet(rewritten, 2019), { netIncomePerCapita: 3500, relocationPending: false, ableBodiedMembers: 0 }).codes).toBe('FPP');
    expect(() => applyWhatIf(rs, 2019, { parameters: { povertyLine: 'high' } })).toThrow(RuleSetInvalid);
  });
});
