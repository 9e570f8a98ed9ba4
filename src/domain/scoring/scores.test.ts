import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScoringInputError, type ScoringIssue } from './issues.js';
import { parseScheme } from './scheme.js';
import { parseScoresCsv, parseScoresJson } from './scores-parse.js';
import { type ScoreSheet, type UnitScore, validateScores } from './scores.js';

const scheme = parseScheme(readFileSync(new URL('./schemes/shaanxi-county-quarter.yaml', import.meta.url), 'utf8'), 'county.yaml');

function row(unitId: string, unitName: string, crossInspection: number | null, monthlyBulletin: number | null, more: Partial<UnitScore> = {}): UnitScore {
  return { period: '2017-Q3', unitId, unitName, peerGroups: [], components: { crossInspection, monthlyBulletin }, bonuses: {}, deductions: {}, vetoes: [], ...more };
}

function thrown(f: () => unknown): ScoringIssue[] {
  try {
    f();
  } catch (error) {
    if (error instanceof ScoringInputError) return [...error.issues];
    throw error;
  }
  throw new Error('expected ScoringInputError');
}

describe('score sheets', () => {
  it('reads CSV with Chinese headers, group and veto names, and blank bonus cells', () => {
    const csv = '\ufeff期间,单位代码,单位名称,分组,交叉检查,月通报,创新做法加分,通报批评扣分,一票否决,扶贫资金重大违规\n' + '2017-Q3,610929,白河县,深度贫困县,85.40,0.90,,0.2,虚假脱贫,是\n' + '2017-Q3,610926,平利县,,98.2,1.2,0.4,,,\n';
    const sheet = parseScoresCsv(csv, 'a.csv', scheme);
    expect(sheet.rows[0]).toEqual({
      period: '2017-Q3', unitId: '610929', unitName: '白河县', peerGroups: ['deepPoverty'],
      components: { crossInspection: 85.4, monthlyBulletin: 0.9 }, bonuses: {}, deductions: { bulletinCriticism: 0.2 },
      vetoes: ['fundMisuse', 'falseExit'], line: 2,
    });
    expect(sheet.rows[1]?.bonuses).toEqual({ innovation: 0.4 });
    expect(validateScores(scheme, sheet, '2017-Q3')).toEqual([]);
  });

  it('takes the period from the command line when the CSV has no period column', () => {
    const sheet = parseScoresCsv('unitId,unitName,crossInspection,monthlyBulletin\n1,甲县,90,1\n', 'b.csv', scheme, '2017-Q3');
    expect(sheet.rows[0]?.period).toBe('2017-Q3');
  });

  it('refuses unknown columns, missing component columns and text in number cells, with lines', () => {
    const issues = thrown(() => parseScoresCsv('unitId,unitName,交叉检查,备注\n1,甲县,九十,x\n', 'c.csv', scheme, '2017-Q3'));
    expect(issues.map((i) => [i.code, i.line, i.component])).toEqual([
      ['unknownItem', 1, '备注'],
      ['missingScore', 1, 'monthlyBulletin'],
      ['invalidNumber', 2, 'crossInspection'],
    ]);
    expect(issues[2]?.message).toBe('甲县（1）“交叉检查”的值“九十”不是数');
  });

  it('refuses a column given twice, by id and by name', () => {
    expect(thrown(() => parseScoresCsv('unitId,unitName,交叉检查,crossInspection,月通报\n1,甲县,90,91,1\n', 'f.csv', scheme, '2017-Q3'))).toMatchObject([{ code: 'duplicateId', line: 1, component: 'crossInspection' }]);
  });

  it('reads JSON and points at the line of a bad value', () => {
    const json = '{\n  "period": "2017-Q3",\n  "rows": [\n    { "unitId": "1", "unitName": "甲县",\n      "components": { "crossInspection": "x", "monthlyBulletin": 1 } }\n  ]\n}\n';
    expect(thrown(() => parseScoresJson(json, 'd.json'))).toMatchObject([{ code: 'invalidNumber', line: 5, unitId: '1', component: 'crossInspection' }]);
    const ok = parseScoresJson(json.replace('"x"', '"90.5"'), 'd.json');
    expect(ok.rows[0]).toMatchObject({ period: '2017-Q3', components: { crossInspection: 90.5, monthlyBulletin: 1 }, line: 4 });
  });

  it('returns every problem at once, each naming unit and component, in Chinese and English', () => {
    const sheet: ScoreSheet = {
      file: 'e.json',
      rows: [
        row('1', '甲县', 100.5, 1),
        row('2', '乙县', 90, null),
        row('3', '丙县', 90.123, -1),
        row('4', '丁县', 90, 1, { bonuses: { innovation: 0.6, endorsement: 0.5, nope: 1 }, deductions: { auditFinding: 1.5 } }),
        row('5', '戊县', 90, 1, { vetoes: ['bribery'], peerGroups: ['poor'] }),
        row('5', '戊县', 90, 1),
        { ...row('6', '己县', 90, 1), period: '2017-Q2' },
      ],
    };
    const issues = validateScores(scheme, sheet, '2017-Q3');
    expect(issues.map((i) => [i.code, i.unitId, i.component])).toEqual([
      ['aboveMax', '1', 'crossInspection'],
      ['missingScore', '2', 'monthlyBulletin'],
      ['invalidNumber', '3', 'crossInspection'],
      ['negative', '3', 'monthlyBulletin'],
      ['aboveCap', '4', 'innovation'],
      ['unknownItem', '4', 'nope'],
      ['aboveCap', '4', 'auditFinding'],
      ['unknownItem', '5', 'bribery'],
      ['unknownItem', '5', 'poor'],
      ['duplicateUnit', '5', undefined],
      ['missingUnit', '6', undefined],
    ]);
    expect(issues[0]).toMatchObject({ message: '甲县（1）“交叉检查”得分 100.50 超过满分 100.00', messageEn: '甲县 (1): crossInspection score 100.50 exceeds the maximum 100.00', file: 'e.json' });
    expect(issues[4]?.message).toBe('丁县（4）加分项“创新做法加分” 0.60 超过上限 0.50');
    expect(issues[10]?.message).toBe('己县（6）缺少 2017-Q3 的得分');
  });

  it('checks the period format, the scheme named by the sheet and the scheme roster', () => {
    expect(validateScores(scheme, { rows: [row('1', '甲县', 90, 1)] }, '2017Q3')[0]?.code).toBe('period');
    expect(validateScores(scheme, { rows: [row('1', '甲县', 90, 1)] }, '2017-Q4')[0]?.code).toBe('noScores');
    expect(validateScores(scheme, { schemeId: 'other', rows: [row('1', '甲县', 90, 1)] }, '2017-Q3')[0]?.code).toBe('schemeMismatch');
    const rostered = { ...scheme, units: [{ id: '1', name: '甲县', peerGroups: [] }, { id: '2', name: '乙县', peerGroups: [] }] };
    const issues = validateScores(rostered, { rows: [row('1', '甲县', 90, 1), row('9', '外县', 90, 1)] }, '2017-Q3');
    expect(issues.map((i) => [i.code, i.unitId])).toEqual([
      ['unknownUnit', '9'],
      ['missingUnit', '2'],
    ]);
  });

  it('does not ask for every unit in a period read only for comparison', () => {
    const sheet = { rows: [row('1', '甲县', 90, 1), { ...row('2', '乙县', 90, 1), period: '2017-Q2' }] };
    expect(validateScores(scheme, sheet, '2017-Q3', { requireAllUnits: false })).toEqual([]);
  });
});
