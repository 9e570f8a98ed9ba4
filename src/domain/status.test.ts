import { describe, expect, it } from 'vitest';
import type { StatusEventType } from './registry.js';
import { endOfYear, eventDateError, statusAfter, statusAsOf, statusFromEvents, transitionError } from './status.js';

describe('status from events', () => {
  it('replays identification, exit and relapse in date order', () => {
    expect(statusFromEvents([{ type: 'identified', date: '2014-05-01' }])).toEqual({ status: 'poor', exitYear: null });
    expect(
      statusFromEvents([
        { type: 'exited', date: '2016-11-01' },
        { type: 'identified', date: '2014-05-01' },
      ]),
    ).toEqual({ status: 'exited', exitYear: 2016 });
    expect(
      statusFromEvents([
        { type: 'identified', date: '2014-05-01' },
        { type: 'exited', date: '2016-11-01' },
        { type: 'relapsed', date: '2018-03-01' },
      ]),
    ).toEqual({ status: 'relapsed', exitYear: null });
  });

  it('refuses a new event dated before the latest one, and takes one of the same day', () => {
    const events = [
      { type: 'identified' as const, date: '2014-05-01' },
      { type: 'exited' as const, date: '2018-11-20' },
    ];
    expect(eventDateError(events, '2018-06-01')?.message).toContain('2018-11-20');
    expect(eventDateError(events, '2018-06-01')?.messageEn).toContain('exited, 2018-11-20');
    expect(eventDateError(events, '2018-11-20')).toBeNull();
    expect(eventDateError(events, '2019-03-01')).toBeNull();
    expect(eventDateError([], '2000-01-01')).toBeNull();
  });

  it('refuses impossible sequences', () => {
    expect(() => statusFromEvents([])).toThrow();
    expect(() => statusFromEvents([{ type: 'exited', date: '2016-01-01' }])).toThrow();
    expect(transitionError('removed', 'exited')?.message).toContain('自然减少');
    expect(transitionError('poor', 'relapsed')).not.toBeNull();
    expect(transitionError('exited', 'relapsed')).toBeNull();
  });
});

describe('status as of a day', () => {
  const history = [
    { type: 'identified', date: '2016-04-01' },
    { type: 'exited', date: '2018-11-20' },
    { type: 'relapsed', date: '2019-03-01' },
    { type: 'exited', date: '2019-11-30' },
    { type: 'removed', date: '2020-06-01' },
  ] as const;

  it('replays only the events dated on or before the day; null before the identification', () => {
    expect(statusAsOf(history, endOfYear(2015))).toBeNull();
    expect(statusAsOf(history, endOfYear(2016))).toEqual({ status: 'poor', exitYear: null });
    expect(statusAsOf(history, endOfYear(2017))).toEqual({ status: 'poor', exitYear: null });
    expect(statusAsOf(history, endOfYear(2018))).toEqual({ status: 'exited', exitYear: 2018 });
    expect(statusAsOf(history, '2019-06-30')).toEqual({ status: 'relapsed', exitYear: null });
    expect(statusAsOf(history, endOfYear(2019))).toEqual({ status: 'exited', exitYear: 2019 });
    expect(statusAsOf(history, endOfYear(2020))).toEqual({ status: 'removed', exitYear: 2019 });
    // The day itself counts: an event dated 31 December belongs to that year.
    expect(statusAsOf([{ type: 'identified', date: '2016-12-31' }], endOfYear(2016))?.status).toBe('poor');
  });

  it('is what the last event up to the day leaves, for every legal history (the rule the store counts by)', () => {
    const dates = ['2015-03-01', '2016-05-01', '2016-05-01', '2016-12-31', '2017-01-01', '2018-07-01'];
    const days = ['2014-12-31', '2015-12-31', '2016-05-01', '2016-12-31', '2017-12-31', '2018-12-31'];
    let checked = 0;
    // Every legal sequence of up to five events, dated in non-decreasing order (same-day events included).
    const walk = (events: { type: StatusEventType; date: string }[], from: 'none' | ReturnType<typeof statusAfter>, next: number): void => {
      if (events.length > 0) {
        for (const day of days) {
          const upTo = events.filter((e) => e.date <= day);
          const last = upTo.at(-1);
          expect(statusAsOf(events, day)?.status ?? null).toBe(last ? statusAfter(last.type) : null);
          checked++;
        }
      }
      if (events.length === 5) return;
      for (const type of ['identified', 'exited', 'relapsed', 'removed'] as const) {
        if (transitionError(from, type)) continue;
        for (let d = next; d < dates.length; d++) walk([...events, { type, date: dates[d] ?? '' }], statusAfter(type), d);
      }
    };
    walk([], 'none', 0);
    expect(checked).toBeGreaterThan(1000);
  });
});
