// A household's status is the result of its status events, replayed in order.
import type { HouseholdStatus, StatusEvent, StatusEventType } from './registry.js';

const transitions: Record<HouseholdStatus | 'none', readonly StatusEventType[]> = {
  none: ['identified'],
  poor: ['exited', 'removed'],
  exited: ['relapsed', 'removed'],
  relapsed: ['exited', 'removed'],
  removed: [],
};

const resultOf: Record<StatusEventType, HouseholdStatus> = {
  identified: 'poor',
  exited: 'exited',
  relapsed: 'relapsed',
  removed: 'removed',
};

export interface TransitionError {
  readonly message: string;
  readonly messageEn: string;
}

export function transitionError(from: HouseholdStatus | 'none', type: StatusEventType): TransitionError | null {
  if (transitions[from].includes(type)) return null;
  return {
    message: `当前状态为“${statusZh[from]}”，不能登记“${eventZh[type]}”：允许的操作为 ${transitions[from].map((t) => eventZh[t]).join('、') || '无'}`,
    messageEn: `A household that is ${from} cannot be ${type}; allowed: ${transitions[from].join(', ') || 'none'}`,
  };
}

/**
 * A new event may not be dated before the household's latest one: the status is the last event's
 * result, and a history that replays in date order to another status (an exit dated before the
 * relapse already recorded) would make past year-ends and the household's status disagree.
 * Same-day events are fine: they keep recording order.
 */
export function eventDateError(events: readonly Pick<StatusEvent, 'type' | 'date'>[], date: string): TransitionError | null {
  let latest: Pick<StatusEvent, 'type' | 'date'> | null = null;
  for (const e of events) if (latest === null || e.date >= latest.date) latest = e;
  if (latest === null || date >= latest.date) return null;
  return {
    message: `日期 ${date} 早于该户最近一次状态变动（${eventZh[latest.type]}，${latest.date}）：状态变动须按时间先后登记`,
    messageEn: `${date} is before the household's latest status change (${latest.type}, ${latest.date}): status changes are recorded in date order`,
  };
}

export interface DerivedStatus {
  readonly status: HouseholdStatus;
  readonly exitYear: number | null;
}

/** Replays events (sorted by date, then in given order); throws on an impossible sequence. */
export function statusFromEvents(events: readonly Pick<StatusEvent, 'type' | 'date'>[]): DerivedStatus {
  let status: HouseholdStatus | 'none' = 'none';
  let exitYear: number | null = null;
  const sorted = [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const event of sorted) {
    const error = transitionError(status, event.type);
    if (error) throw new Error(error.messageEn);
    status = resultOf[event.type];
    if (event.type === 'exited') exitYear = Number(event.date.slice(0, 4));
    if (event.type === 'relapsed') exitYear = null;
  }
  if (status === 'none') throw new Error('A household needs an identification event');
  return { status, exitYear };
}

/** The status an event leaves a household in (the last step of `statusFromEvents`). */
export function statusAfter(type: StatusEventType): HouseholdStatus {
  return resultOf[type];
}

/** The last day of a year, as events are dated (YYYY-MM-DD). */
export function endOfYear(year: number): string {
  return `${year}-12-31`;
}

/**
 * A household's status at the end of a day: the replay of its events dated on or before that day;
 * null when it was not yet identified then. Events come as `statusFromEvents` takes them (recording
 * order), so same-day events keep that order.
 *
 * Every replayed step is a legal transition, so the result is what the last event up to that day
 * (by date, then recording order) leaves (`statusAfter`): the rule the store's set-based count
 * (`subtreeCountsAsOf`) applies, tested against this function.
 */
export function statusAsOf(events: readonly Pick<StatusEvent, 'type' | 'date'>[], day: string): DerivedStatus | null {
  const upTo = events.filter((e) => e.date <= day);
  if (!upTo.some((e) => e.type === 'identified')) return null;
  return statusFromEvents(upTo);
}

const statusZh: Record<HouseholdStatus | 'none', string> = {
  none: '未登记',
  poor: '贫困',
  exited: '已脱贫',
  relapsed: '返贫',
  removed: '自然减少',
};
const eventZh: Record<StatusEventType, string> = {
  identified: '识别',
  exited: '脱贫',
  relapsed: '返贫',
  removed: '自然减少',
};
