// The year-end changes a household adds to the dated pre-aggregate, summed up to a year, give the
// status the replay gives at that year-end (`statusAsOf`), and, for any history at all, what the
// store's set-based count takes: the last event up to the day, once identified by then.
import { describe, expect, it } from 'vitest';
import type { HouseholdStatus, StatusEventType } from './registry.js';
import { endOfYear, statusAfter, statusAsOf, transitionError } from './status.js';
import { yearEndChanges } from './year-end.js';
import { createRandom } from './synth/random.js';

type Event = { type: StatusEventType; date: string };


const dateIn = (rnd: () => number, from: number, to: number) => {
  const year = from + Math.floor(rnd() * (to - from + 1));
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  // Year-end days are where off-by-one mistakes live: pick them often.
  if (rnd() < 0.2) return endOfYear(year);
  if (rnd() < 0.1) return `${year}-01-01`;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** A legal history: each event a legal transition, dated on or after the one before. */
function legalHistory(rnd: () => number): Event[] {
  const events: Event[] = [];
  let status: HouseholdStatus | 'none' = 'none';
  let date = dateIn(rnd, 2013, 2016);
  const length = 1 + Math.floor(rnd() * 5);
  for (let i = 0; i < length; i++) {
    const allowed = (['identified', 'exited', 'relapsed', 'removed'] as const).filter((t) => transitionError(status, t) === null);
    const type = allowed[Math.floor(rnd() * allowed.length)];
    if (type === undefined) break;
    events.push({ type, date });
    status = statusAfter(type);
    // Same-day events too: they keep recording order.
    if (rnd() < 0.7) {
      const next = dateIn(rnd, Number(date.slice(0, 4)), Number(date.slice(0, 4)) + 2);
      if (next > date) date = next;
    }
  }
  return events;
}

/** Any history: random types and dates, in any recording order (backdated events, no identification, two identifications). */
function anyHistory(rnd: () => number): Event[] {
  const types = ['identified', 'exited', 'relapsed', 'removed'] as const;
  return Array.from({ length: Math.floor(rnd() * 6) }, () => ({ type: types[Math.floor(rnd() * 4)] ?? 'identified', date: dateIn(rnd, 2013, 2020) }));
}

/** Status at a year-end as the summed changes say: null when not counted. */
function summedStatus(events: readonly Event[], year: number): HouseholdStatus | null {
  let status: HouseholdStatus | null = null;
  for (const c of yearEndChanges(events)) {
    if (c.year > year) break;
    expect(c.from).toBe(status);
    status = c.to;
  }
  return status;
}

/** The store's rule (`countsAsOf`), written out: identified by the day, status after the last event up to it by (date, recording order). */
function storeRule(events: readonly Event[], year: number): HouseholdStatus | null {
  const day = endOfYear(year);
  const upTo = events.map((e, i) => ({ ...e, i })).filter((e) => e.date <= day);
  if (!upTo.some((e) => e.type === 'identified')) return null;
  upTo.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.i - b.i));
  return statusAfter((upTo.at(-1) as Event).type);
}

describe('year-end changes', () => {
  it('sum to statusAsOf at every year-end, for random legal histories', () => {
    const rnd = createRandom(20261128).next;
    for (let n = 0; n < 1500; n++) {
      const events = legalHistory(rnd);
      for (let year = 2012; year <= 2022; year++) expect(summedStatus(events, year), JSON.stringify(events)).toBe(statusAsOf(events, endOfYear(year))?.status ?? null);
    }
  });

  it('follow the store count’s rule for any history, odd ones included', () => {
    const rnd = createRandom(7).next;
    for (let n = 0; n < 1500; n++) {
      const events = anyHistory(rnd);
      for (let year = 2012; year <= 2021; year++) expect(summedStatus(events, year), JSON.stringify(events)).toBe(storeRule(events, year));
    }
  });

  it('record only the year-ends that changed, once per year', () => {
    const events: Event[] = [
      { type: 'identified', date: '2015-12-31' },
      { type: 'exited', date: '2016-03-01' },
      { type: 'relapsed', date: '2016-09-01' },
      { type: 'exited', date: '2018-01-01' },
    ];
    // 2016 ends relapsed, 2017 the same (no row), 2018 exited.
    expect(yearEndChanges(events)).toEqual([
      { year: 2015, from: null, to: 'poor' },
      { year: 2016, from: 'poor', to: 'relapsed' },
      { year: 2018, from: 'relapsed', to: 'exited' },
    ]);
    // Exit and relapse within one year leave the year-end where it was.
    expect(yearEndChanges([{ type: 'identified', date: '2015-01-01' }, { type: 'exited', date: '2016-02-01' }, { type: 'relapsed', date: '2016-05-01' }, { type: 'exited', date: '2016-08-01' }])).toEqual([
      { year: 2015, from: null, to: 'poor' },
      { year: 2016, from: 'poor', to: 'exited' },
    ]);
    expect(yearEndChanges([{ type: 'exited', date: '2015-01-01' }])).toEqual([]);
  });
});
