// Time is a dependency: use cases ask a clock, tests set it.
import { businessDay } from '../domain/dates.js';
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

/** Today in Beijing (`businessDay`): deadlines and visit dates turn at China's midnight. */
export function today(clock: Clock): string {
  return businessDay(clock.now());
}

/** This year in Beijing. */
export function thisYear(clock: Clock): number {
  return Number(today(clock).slice(0, 4));
}
