import { describe, expect, it } from 'vitest';
import { ancestorCodes, isInSubtree, isWestern, levelOf, normalizeRegionCode, parentCode, regionPrefix, subtreeRange } from './region-code.js';

describe('region codes', () => {
  it('normalises the short forms officials type', () => {
    expect(normalizeRegionCode('61')).toBe('610000000000');
    expect(normalizeRegionCode('6109')).toBe('610900000000');
    expect(normalizeRegionCode(' 610902 ')).toBe('610902000000');
    expect(normalizeRegionCode('610902001')).toBe('610902001000');
    expect(normalizeRegionCode('61090')).toBeUndefined();
    expect(normalizeRegionCode('61a9')).toBeUndefined();
  });

  it('knows levels, parents and ancestors', () => {
    expect(levelOf('610000000000')).toBe(1);
    expect(levelOf('610900000000')).toBe(2);
    expect(levelOf('610902000000')).toBe(3);
    expect(levelOf('610902001000')).toBe(4);
    expect(levelOf('610902001001')).toBe(5);
    expect(parentCode('610902001001')).toBe('610902001000');
    expect(parentCode('610000000000')).toBeNull();
    expect(ancestorCodes('610902001001')).toEqual(['610000000000', '610900000000', '610902000000', '610902001000']);
  });

  it('bounds a subtree for range scans', () => {
    expect(regionPrefix('610900000000')).toBe('6109');
    expect(subtreeRange('610900000000')).toEqual(['610900000000', '610999999999']);
    expect(isInSubtree('610902001001', '610900000000')).toBe(true);
    expect(isInSubtree('611002001001', '610900000000')).toBe(false);
  });

  it('knows the western provinces', () => {
    expect(isWestern('610900000000')).toBe(true);
    expect(isWestern('360000000000')).toBe(false);
  });
});
