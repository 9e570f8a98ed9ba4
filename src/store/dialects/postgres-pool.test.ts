import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { poolSize } from './postgres.js';

describe('PostgreSQL pool size', () => {
  it('is 10 unless JINGZHUN_PG_POOL says otherwise', () => {
    expect(poolSize(undefined)).toBe(10);
    expect(poolSize('')).toBe(10);
    expect(poolSize('4')).toBe(4);
  });

  it('refuses a value that is not a whole number from 1 to 200, saying which', () => {
    for (const bad of ['0', '201', '2.5', 'ten']) {
      expect(() => poolSize(bad)).toThrow(StoreError);
      expect(() => poolSize(bad)).toThrow(`现为“${bad}”`);
    }
  });
});
