// A household's year-end statuses, as the dated pre-aggregate (store/year-stats.ts) records them:
// only the year-ends where the status differs from the year-end before, so that the counts at the
// end of a year are the sum of the changes up to it.
import type { HouseholdStatus, StatusEvent } from './registry.js';
import { statusAfter } from './status.js';

export interface YearEndChange {
  readonly year: number;
  /** The status at the previous year-end; null when the household was first counted this year. */
  readonly from: HouseholdStatus | null;
  readonly to: HouseholdStatus;
}

type Event = Pick<StatusEvent, 'type' | 'date'>;

/** The first year whose 31 December is on or after the event's date (compared as text, like the store). */
function yearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(4) <= '-12-31' ? year : year + 1;
}

/**
 * The year-ends at which a household's status changed. Events come in recording order (the store's
 * id order). The rule is the set-based count's (`countsAsOf` in store/stats.ts) and `statusAsOf`'s for
 * legal histories: counted from the first year-end on or after an identification, in the status the
 * last event up to that day (by date, then recording order) leaves. Odd histories (identified →
 * relapsed, backdated events) follow the same rule, never an error: the figures must agree with the
 * count whatever the stored history is.
 */
export function yearEndChanges(events: readonly Event[]): YearEndChange[] {
  const changes: YearEndChange[] = [];
  forEachYearEndChange(events, (year, from, to) => changes.push({ year, from, to }));
  return changes;
}

/** `yearEndChanges` without the list: bulk writes call this for every household. */
export function forEachYearEndChange(events: readonly Event[], visit: (year: number, from: HouseholdStatus | null, to: HouseholdStatus) => void): void {
  const sorted = inDateOrder(events);
  let identified = false;
  let previous: HouseholdStatus | null = null;
  let year = sorted.length > 0 ? yearOf((sorted[0] as Event).date) : 0;
  for (let i = 0; i < sorted.length; i++) {
    const event = sorted[i] as Event;
    if (event.type === 'identified') identified = true;
    const next = sorted[i + 1];
    const nextYear = next === undefined ? 0 : yearOf(next.date);
    // The year-end is reached once the last event before it is replayed.
    if (nextYear !== year && identified) {
      const status = statusAfter(event.type);
      if (status !== previous) visit(year, previous, status);
      previous = status;
    }
    year = nextYear;
  }
}

/** Events by date, same-day events in the order given; the input itself when already so. */
function inDateOrder(events: readonly Event[]): readonly Event[] {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as Event).date < (events[i - 1] as Event).date) return [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  return events;
}
