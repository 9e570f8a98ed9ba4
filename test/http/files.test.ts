import { describe, expect, it } from 'vitest';
import { regionFileName } from '../../src/http/files.js';
import type { RegionNames } from '../../src/app/region-names.js';

const names = (known: Record<string, string>): RegionNames => ({
  names: async () => new Map(Object.entries(known)),
  clear: () => undefined,
});

describe('download names of a region', () => {
  it('say the title, the region name and its significant code', async () => {
    const known = names({ '610902107000': '恒口镇', '610902107210': '大道村委会', '610900000000': '安康市' });
    expect(await regionFileName(known, '建档立卡台账', '610902107000')).toBe('建档立卡台账-恒口镇-610902107.xlsx');
    expect(await regionFileName(known, '退出台账', '610900000000')).toBe('退出台账-安康市-6109.xlsx');
    // A village code ending in 0 keeps all twelve digits (trimming zeros would cut it).
    expect(await regionFileName(known, '整改台账', '610902107210')).toBe('整改台账-大道村委会-610902107210.xlsx');
    expect(await regionFileName(known, '数据质量问题', '610902107000', '-3')).toBe('数据质量问题-恒口镇-610902107-3.xlsx');
  });

  it('leave the name out when the region is not loaded', async () => {
    expect(await regionFileName(names({}), '户表台账', '610902000000')).toBe('户表台账-610902.xlsx');
  });
});
