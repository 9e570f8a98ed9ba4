// Time is a dependency: use cases ask a clock, tests set it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

export function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
