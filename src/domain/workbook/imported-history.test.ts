import { describe, expect, it } from 'vitest';
import type { HouseholdStatus } from '../registry.js';
import { statusFromEvents } from '../status.js';
import { importedHistory } from './imported-history.js';

describe('the history an import writes for a new household', () => {
  it('is a legal history that replays to the status the file states', () => {
    for (const status of ['poor', 'exited', 'relapsed', 'removed'] as HouseholdStatus[]) {
      const events = importedHistory({ household: { identifiedYear: 2015 }, status, exitYear: status === 'exited' ? 2018 : null }, '2020-06-30');
      expect(statusFromEvents(events)).toEqual({ status, exitYear: status === 'exited' ? 2018 : null });
    }
  });

  it('records a relapsed household’s exit on the day of its relapse, since the file does not say when it exited', () => {
    expect(importedHistory({ household: { identifiedYear: 2015 }, status: 'relapsed', exitYear: null }, '2020-06-30')).toEqual([
      { type: 'identified', date: '2015-01-01' },
      { type: 'exited', date: '2020-06-30' },
      { type: 'relapsed', date: '2020-06-30' },
    ]);
  });

  it('keeps the exit of a household removed after it had exited, so that its status and exit year replay as the file states', () => {
    const events = importedHistory({ household: { identifiedYear: 2014 }, status: 'removed', exitYear: 2016 }, '2020-06-30');
    expect(events).toEqual([
      { type: 'identified', date: '2014-01-01' },
      { type: 'exited', date: '2016-12-31' },
      { type: 'removed', date: '2020-06-30' },
    ]);
    expect(statusFromEvents(events)).toEqual({ status: 'removed', exitYear: 2016 });
    // Exited "this year" and removed today: the exit cannot be dated after the removal.
    const thisYear = importedHistory({ household: { identifiedYear: 2014 }, status: 'removed', exitYear: 2020 }, '2020-06-30');
    expect(statusFromEvents(thisYear)).toEqual({ status: 'removed', exitYear: 2020 });
  });

  it('records a relapsed household’s exit on 31 December of the exit year the file gives, its relapse today; the replay clears the exit year as a relapse does', () => {
    const events = importedHistory({ household: { identifiedYear: 2015 }, status: 'relapsed', exitYear: 2018 }, '2020-06-30');
    expect(events).toEqual([
      { type: 'identified', date: '2015-01-01' },
      { type: 'exited', date: '2018-12-31' },
      { type: 'relapsed', date: '2020-06-30' },
    ]);
    expect(statusFromEvents(events)).toEqual({ status: 'relapsed', exitYear: null });
  });

  it('dates an exit in this year today, not on a 31 December still to come, so that a relapse today follows it', () => {
    expect(importedHistory({ household: { identifiedYear: 2015 }, status: 'exited', exitYear: 2020 }, '2020-06-30')).toEqual([
      { type: 'identified', date: '2015-01-01' },
      { type: 'exited', date: '2020-06-30' },
    ]);
    const relapsed = importedHistory({ household: { identifiedYear: 2015 }, status: 'relapsed', exitYear: 2020 }, '2020-06-30');
    expect(relapsed.map((e) => e.date)).toEqual(['2015-01-01', '2020-06-30', '2020-06-30']);
    expect(statusFromEvents(relapsed).status).toBe('relapsed');
  });
});
