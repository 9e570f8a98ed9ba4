import { describe, expect, it } from 'vitest';
import { statusFromEvents, transitionError } from './status.js';

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

  it('refuses impossible sequences', () => {
    expect(() => statusFromEvents([])).toThrow();
    expect(() => statusFromEvents([{ type: 'exited', date: '2016-01-01' }])).toThrow();
    expect(transitionError('removed', 'exited')?.message).toContain('自然减少');
    expect(transitionError('poor', 'relapsed')).not.toBeNull();
    expect(transitionError('exited', 'relapsed')).toBeNull();
  });
});
