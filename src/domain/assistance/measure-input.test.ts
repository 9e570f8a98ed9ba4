import { describe, expect, it } from 'vitest';
import { defaultMeasures } from './catalogue.js';
import { applyMeasureChanges, normalizeMeasure, validateMeasureFields, validateNewMeasure, type MeasureInput } from './measure-input.js';

const catalogue = new Map(defaultMeasures.map((m) => [m.code, m]));
const input = (over: Partial<MeasureInput> = {}): MeasureInput => ({ code: 'oilTeaJob', zh: '油茶基地务工', en: '', category: 'employment', fiveBatch: 'production', causes: ['lackSkills', 'lackLand'], ...over });

describe('validateNewMeasure', () => {
  it('accepts a new measure and fills the English name from the Chinese one', () => {
    expect(validateNewMeasure(input(), catalogue)).toEqual([]);
    expect(normalizeMeasure(input({ zh: ' 油茶基地务工 ' }))).toMatchObject({ zh: '油茶基地务工', en: '油茶基地务工', active: true });
    expect(validateNewMeasure(input({ fiveBatch: null, category: 'infrastructure' }), catalogue)).toEqual([]);
  });

  it('refuses an unknown five-batch, category or cause code, naming the choices', () => {
    const e = validateNewMeasure(input({ fiveBatch: 'sixthBatch', category: 'magic', causes: ['lackSkills', 'badLuck'] }), catalogue);
    expect(e.map((x) => x.field)).toEqual(['category', 'fiveBatch', 'causes[1]']);
    expect(e[1]?.message).toBe('“五个一批”代码“sixthBatch”不存在');
    expect(e[1]?.fix).toContain('production（发展生产脱贫一批）');
    expect(e[2]?.fix).toContain('lackSkills（缺技术）');
    expect(e[1]?.fixEn).toContain('production');
    expect(e[2]?.fixEn).toContain('lackSkills');
  });

  it('refuses a code or name already in the catalogue, no causes and repeated causes', () => {
    expect(validateNewMeasure(input({ code: 'microloan' }), catalogue)[0]).toMatchObject({ field: 'code', message: '措施代码“microloan”已存在（扶贫小额信贷）' });
    expect(validateNewMeasure(input({ zh: '技能培训' }), catalogue)[0]).toMatchObject({ field: 'zh', message: '措施名称“技能培训”已存在（代码 skillsTraining）' });
    expect(validateNewMeasure(input({ causes: [] }), catalogue).map((x) => x.field)).toEqual(['causes']);
    expect(validateNewMeasure(input({ causes: ['lackLand', 'lackLand'] }), catalogue).map((x) => x.field)).toEqual(['causes[1]']);
    expect(validateNewMeasure(input({ code: '1x', zh: '' }), catalogue).map((x) => x.field)).toEqual(['code', 'zh']);
  });
});

describe('applyMeasureChanges and validateMeasureFields (editing)', () => {
  const own = normalizeMeasure(input());
  const withOwn = new Map([...catalogue, [own.code, own]]);

  it('changes only the fields given; an English name that copied the Chinese one follows it', () => {
    const edited = applyMeasureChanges(own, { zh: ' 油茶林务工 ', fiveBatch: null });
    expect(edited).toEqual({ ...own, zh: '油茶林务工', en: '油茶林务工', fiveBatch: null });
    expect(validateMeasureFields(edited, withOwn)).toEqual([]);
    const translated = { ...own, en: 'Oil-tea job' };
    expect(applyMeasureChanges(translated, { zh: '油茶林务工' }).en).toBe('Oil-tea job');
    expect(applyMeasureChanges(translated, { en: '' }).en).toBe('油茶基地务工');
    expect(applyMeasureChanges(own, { causes: ['lackCapital'] }).causes).toEqual(['lackCapital']);
  });

  it('keeps its own name without a clash, but refuses another measure\'s name and bad codes', () => {
    expect(validateMeasureFields(applyMeasureChanges(own, { category: 'industry' }), withOwn)).toEqual([]);
    const e = validateMeasureFields(applyMeasureChanges(own, { zh: '技能培训', category: 'magic', causes: [] }), withOwn);
    expect(e.map((x) => x.field)).toEqual(['zh', 'category', 'causes']);
    expect(e[0]?.message).toBe('措施名称“技能培训”已存在（代码 skillsTraining）');
  });
});
