import { describe, expect, it } from 'vitest';
import { defaultMeasures } from './catalogue.js';
import { rateFlag, scoreAnswers, standardQuestionnaire, validateAnswers, validateQuestionnaire } from './survey.js';
import { synthesizeAssistance } from './synth.js';

const q = standardQuestionnaire('satisfaction');

describe('surveys', () => {
  it('the standard questionnaires are valid', () => {
    expect(validateQuestionnaire(q)).toEqual([]);
    expect(validateQuestionnaire(standardQuestionnaire('awareness'))).toEqual([]);
  });
  it('refuses a questionnaire without a positive option or with duplicate codes', () => {
    const bad = { questions: [{ code: 'a', text: 'x', options: [{ code: 'n', text: '否', positive: false }, { code: 'n', text: '否', positive: false }] }, { code: 'a', text: '', options: [] }] };
    expect(validateQuestionnaire(bad).map((e) => e.field)).toEqual(['questions[0].options', 'questions[0].options', 'questions[1].code', 'questions[1].text', 'questions[1].options', 'questions[1].options']);
  });
  it('refuses an answer outside the questionnaire', () => {
    expect(validateAnswers(q, { cadre: 'satisfied' })).toEqual([]);
    expect(validateAnswers(q, { weather: 'sunny' })[0]?.message).toContain('问卷中没有问题“weather”');
    expect(validateAnswers(q, { cadre: 'angry' })[0]?.message).toContain('没有选项“angry”');
    expect(validateAnswers(q, {})[0]?.field).toBe('answers');
  });
  it('scores positive answers and flags rates against 80% and 90%', () => {
    expect(scoreAnswers(q, { cadre: 'satisfied', measures: 'fair', exit: 'unsatisfied' })).toEqual({ positive: 2, total: 3 });
    expect(rateFlag(0.6)).toBe('accountability');
    expect(rateFlag(0.8)).toBe('pass');
    expect(rateFlag(0.9)).toBe('excellent');
    expect(rateFlag(null)).toBe('noData');
  });
});

describe('synthetic assistance data', () => {
  const households = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, villageCode: `61090200100${i % 2}`, mainCause: i % 3 === 0 ? 'illness' : 'lackCapital', otherCauses: [], status: 'poor' }));
  const run = () => synthesizeAssistance({ seed: 5, countyCode: '610902000000', households, catalogue: defaultMeasures, year: 2019, from: '2019-01-01', to: '2019-06-30', cap: 5, questionnaires: { satisfaction: q, awareness: standardQuestionnaire('awareness') } });
  it('is deterministic, marked as demo data, and keeps every cadre within the cap', () => {
    const a = run();
    expect(JSON.stringify(run())).toBe(JSON.stringify(a));
    expect(a.cadres.every((c) => c.name.endsWith('（演示）'))).toBe(true);
    const load = new Map<number, number>();
    for (const p of a.pairings) load.set(p.cadreKey, (load.get(p.cadreKey) ?? 0) + 1);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(5);
    expect(a.pairings).toHaveLength(40);
    expect(a.visits.every((v) => v.date >= '2019-01-01' && v.date <= '2019-06-30')).toBe(true);
    expect(a.visits.every((v) => (a.pairings.find((p) => p.householdId === v.householdId)?.from ?? '9') <= v.date)).toBe(true);
  });
});
