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
