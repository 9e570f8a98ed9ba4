import { describe, expect, it } from 'vitest';
import { codeLabel, codeLists, codes, isCode, resolveCode, type CodeListId } from './code-lists.js';

const listIds = Object.keys(codeLists) as CodeListId[];

describe('code lists', () => {
  it('cover every list of the registry, each keyed by its own id', () => {
    expect(listIds).toHaveLength(21);
    for (const id of listIds) {
      const list = codeLists[id];
      expect(list.id).toBe(id);
      expect(list.zh).not.toBe('');
      expect(list.en).not.toBe('');
      expect(list.items.length).toBeGreaterThan(1);
    }
  });

  it('have unique camelCase codes, unique national codes and labels in both languages', () => {
    for (const id of listIds) {
      const { items } = codeLists[id];
      const itemCodes = items.map((i) => i.code);
      expect(new Set(itemCodes).size, id).toBe(itemCodes.length);
      const national = items.flatMap((i) => (i.nationalCode === undefined ? [] : [i.nationalCode]));
      expect(new Set(national).size, id).toBe(national.length);
      expect(new Set(items.map((i) => i.zh)).size, id).toBe(items.length);
      expect(new Set(items.map((i) => i.en.toLowerCase())).size, id).toBe(items.length);
      for (const item of items) {
        expect(item.code, id).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
        expect(item.zh.trim(), `${id}.${item.code}`).not.toBe('');
        expect(item.en.trim(), `${id}.${item.code}`).not.toBe('');
        expect(item.zh, `${id}.${item.code}`).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(codes(id)).toEqual(itemCodes);
    }
  });

  it('resolve every code and label back to its own item', () => {
    // Also proves that no label or alias of one item shadows another item.
    for (const id of listIds) {
      for (const item of codeLists[id].items) {
        expect(resolveCode(id, item.code), `${id}: ${item.code}`).toBe(item.code);
        expect(resolveCode(id, item.zh), `${id}: ${item.zh}`).toBe(item.code);
        expect(resolveCode(id, item.en), `${id}: ${item.en}`).toBe(item.code);
        if (item.nationalCode !== undefined) expect(resolveCode(id, item.nationalCode), `${id}: ${item.nationalCode}`).toBe(item.code);
      }
    }
  });

  it('resolve what people type in workbooks', () => {
    expect(resolveCode('cause', '因病')).toBe('illness');
    expect(resolveCode('cause', ' illness ')).toBe('illness');
    expect(resolveCode('cause', 'LACK OF LAND')).toBe('lackLand');
    expect(resolveCode('attribute', '04')).toBe('minimumLiving');
    expect(resolveCode('attribute', '低保特困供养贫困户')).toBe('minimumLivingExtremePoverty');
    expect(resolveCode('sex', '2')).toBe('female');
    expect(resolveCode('ethnicity', '汉族')).toBe('han');
    expect(resolveCode('ethnicity', '56')).toBe('jino');
    expect(resolveCode('ethnicity', 'zhuang')).toBe('zhuang');
    // Callers fold full-width characters, so the half-width form of a label must match too.
    expect(resolveCode('workStatus', '乡(镇)内务工')).toBe('withinTown');
    expect(resolveCode('workStatus', '乡（镇）内务工')).toBe('withinTown');
    expect(resolveCode('relation', "Father-in-law (wife’s father)")).toBe('wifesFather');
  });

  it('accept the variants older forms and counties use', () => {
    expect(resolveCode('householdStatus', '未脱贫')).toBe('poor');
    expect(resolveCode('householdStatus', '4')).toBe('exited');
    expect(resolveCode('attribute', '五保户')).toBe('extremePoverty');
    expect(resolveCode('attribute', '05')).toBe('ordinary');
    expect(resolveCode('relation', '本人')).toBe('head');
    // How village rosters write children and siblings: by birth order.
    expect(['长子', '次子', '独子'].map((x) => resolveCode('relation', x))).toEqual(['son', 'son', 'son']);
    expect(['长女', '次女'].map((x) => resolveCode('relation', x))).toEqual(['daughter', 'daughter']);
    expect(['哥哥', '妹妹'].map((x) => resolveCode('relation', x))).toEqual(['sibling', 'sibling']);
    expect(resolveCode('ethnicity', '蒙古')).toBe('mongol');
    expect(resolveCode('ethnicity', '穿青人')).toBe('other');
    expect(resolveCode('housingSafetyGrade', 'd级危房')).toBe('D');
    expect(resolveCode('department', '卫健委')).toBe('health');
  });

  it('refuse what is not on the list', () => {
    expect(resolveCode('cause', '懒')).toBeUndefined();
    expect(resolveCode('cause', '')).toBeUndefined();
    expect(resolveCode('sex', '3')).toBeUndefined();
    expect(resolveCode('ethnicity', '99')).toBeUndefined();
    expect(isCode('cause', 'Illness')).toBe(false);
    expect(isCode('cause', '因病')).toBe(false);
  });

  it('label codes, falling back to the code itself', () => {
    expect(isCode('relation', 'head')).toBe(true);
    expect(codeLabel('householdStatus', 'exited')).toBe('已脱贫');
    expect(codeLabel('householdStatus', 'exited', 'en')).toBe('Exited poverty');
    expect(codeLabel('housingSafetyGrade', 'D')).toBe('D级（整体危险）');
    expect(codeLabel('cause', 'lazy')).toBe('lazy');
    expect(codeLabel('cause', 'lazy', 'en')).toBe('lazy');
  });

  it('use the glossary identifiers', () => {
    expect(codes('householdStatus')).toEqual(['poor', 'exited', 'relapsed', 'removed']);
    expect(codes('statusEventType')).toEqual(['identified', 'exited', 'relapsed', 'removed']);
    expect(codes('identificationStandard')).toEqual(['national', 'provincial', 'municipal']);
    expect(codes('removalReason')).toEqual(['death', 'marriageOut', 'moved', 'other']);
    expect(codes('housingSafetyGrade')).toEqual(['A', 'B', 'C', 'D']);
    expect(codeLists.attribute.items.map((i) => [i.code, i.nationalCode])).toEqual([
      ['ordinary', '01'],
      ['minimumLiving', '04'],
      ['extremePoverty', '06'],
      ['minimumLivingExtremePoverty', '07'],
    ]);
    expect(codes('cause')).toEqual([
      'illness', 'disability', 'education', 'disaster', 'marriage', 'lackLand', 'lackWater',
      'lackSkills', 'lackLabour', 'lackCapital', 'poorTransport', 'lackMotivation', 'other',
    ]);
    expect(codes('department')).toEqual(['education', 'health', 'housing', 'water', 'civilAffairs', 'humanResources', 'publicSecurity', 'relocation']);
  });

  it('list the 56 ethnic groups of GB/T 3304 in order, then 97 and 98', () => {
    const items = codeLists.ethnicity.items;
    expect(items).toHaveLength(58);
    const groups = items.slice(0, 56);
    expect(groups.map((i) => i.nationalCode)).toEqual(Array.from({ length: 56 }, (_, n) => String(n + 1).padStart(2, '0')));
    for (const g of groups) expect(g.zh).toMatch(/族$/);
    expect(items[0]).toMatchObject({ code: 'han', zh: '汉族', nationalCode: '01' });
    expect(items.find((i) => i.zh === '壮族')).toMatchObject({ code: 'zhuang', nationalCode: '08' });
    expect(items.find((i) => i.zh === '回族')).toMatchObject({ code: 'hui', nationalCode: '03' });
    expect(items.find((i) => i.zh === '基诺族')?.nationalCode).toBe('56');
    expect(items.slice(56).map((i) => i.nationalCode)).toEqual(['97', '98']);
  });

  it('list every school grade of the registry form', () => {
    expect(codes('schoolStatus')).toHaveLength(26);
    expect(codes('schoolStatus')).toContain('notInSchool');
    expect(codeLists.schoolStatus.items.map((i) => i.zh)).toEqual(expect.arrayContaining(['技师学院四年级', '本科五年级', '硕士研究生及以上']));
  });
});
