import { describe, expect, it } from 'vitest';
import { addDays, businessDateTime, businessDay, daysBetween } from './dates.js';

describe('business day (Beijing time)', () => {
  it('turns at midnight in China, not at midnight UTC', () => {
    expect(businessDay(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(businessDay(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(businessDay(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });

  it('writes an instant as Beijing wall time to the minute', () => {
    expect(businessDateTime('2026-11-30T23:05:00.000Z')).toBe('2026-12-01 07:05');
    expect(businessDateTime('2019-12-31T00:00:00Z')).toBe('2019-12-31 08:00');
    expect(businessDateTime('not a time')).toBe('not a time');
  });

  it('does day arithmetic on calendar days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2026-11-27', '2027-01-01')).toBe(35);
  });
});
