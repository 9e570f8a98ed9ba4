// Dates of rectification: backward scheduling (倒排工期), overdue and escalation (挂单督办),
// reminders and the burn-down of a batch. Dates are YYYY-MM-DD text; `today` is always passed in.
import { addDays, daysBetween } from '../dates.js';

export { addDays, daysBetween, isDate } from '../dates.js';

export interface ScheduleStep {
  readonly name: string;
  /** Working time the step needs, in days. */
  readonly days: number;
}

/**
 * Lays steps out backwards from the final deadline: the last step ends on the deadline, each
 * earlier one ends when the next begins. Returns each step's deadline, in the given order, and
 * the date the first step must start (before `today` means the plan cannot be met).
 */
export function backwardSchedule(finalDeadline: string, steps: readonly ScheduleStep[]): { deadlines: string[]; startBy: string } {
  const deadlines: string[] = new Array<string>(steps.length);
  let end = finalDeadline;
  for (let i = steps.length - 1; i >= 0; i--) {
    deadlines[i] = end;
    end = addDays(end, -Math.max(0, steps[i]?.days ?? 0));
  }
  return { deadlines, startBy: end };
}

export interface DueItem {
  readonly status: string;
  readonly deadline: string;
  readonly escalatedAt: string | null;
}

/** Overdue: not closed and the deadline has passed (the deadline day itself still counts as in time). */
export function isOverdue(item: DueItem, today: string): boolean {
  return item.status !== 'closed' && item.status !== 'submitted' && item.deadline < today;
}

/** Overdue and not yet escalated: the sweep hangs these on the supervision list (挂单督办). */
export function needsEscalation(item: DueItem, today: string): boolean {
  return isOverdue(item, today) && item.escalatedAt === null;
}

/** The window of a reminder: due from today to today + days, inclusive. */
export function reminderWindow(today: string, days: number): readonly [string, string] {
  return [today, addDays(today, Math.max(0, days))];
}

export interface BurnEvent {
  readonly date: string;
  /** +1 a record (re)opened, −1 a record closed. */
  readonly delta: number;
}

/** Remaining open records per step from the batch's start to today: the burn-down line. */
export function burnDown(total: number, start: string, today: string, events: readonly BurnEvent[], stepDays = 7): { date: string; remaining: number }[] {
  const sorted = [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const points: { date: string; remaining: number }[] = [];
  let remaining = total;
  let i = 0;
  const step = Math.max(1, stepDays);
  for (let date = start; ; date = addDays(date, step)) {
    const at = date > today ? today : date;
    for (; i < sorted.length && (sorted[i]?.date ?? '') <= at; i++) remaining += sorted[i]?.delta ?? 0;
    points.push({ date: at, remaining });
    if (at >= today) break;
  }
  return points;
}
