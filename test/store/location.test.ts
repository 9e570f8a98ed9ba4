import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSqliteFile, resolveLocation } from '../../src/store/store.js';

describe('where the data lives', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('takes --db first, then DATABASE_URL, then data/jingzhun.db', () => {
    vi.stubEnv('DATABASE_URL', 'postgres://app@db/jingzhun');
    expect(resolveLocation('other.db')).toBe('other.db');
    expect(resolveLocation(undefined)).toBe('postgres://app@db/jingzhun');
    vi.stubEnv('DATABASE_URL', undefined);
    expect(resolveLocation(undefined)).toBe(defaultSqliteFile);
  });

  it('treats DATABASE_URL set but empty (DATABASE_URL= in a shell or a .env file) as not set', () => {
    vi.stubEnv('DATABASE_URL', '');
    expect(resolveLocation(undefined)).toBe('data/jingzhun.db');
    vi.stubEnv('DATABASE_URL', '  ');
    expect(resolveLocation(undefined)).toBe('data/jingzhun.db');
  });

  it('refuses an empty --db instead of quietly using another database', () => {
    expect(() => resolveLocation('')).toThrow(expect.objectContaining({ code: 'db_location_empty', messageEn: expect.stringContaining('--db is empty') }));
  });
});
