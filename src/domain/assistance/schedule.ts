// When a household is due a visit, and coverage rates. Dates are YYYY-MM-DD strings (UTC days).
import { addDays, daysBetween } from '../dates.js';

export { addDays, daysBetween } from '../dates.js';

/** How often a responsible cadre should visit; many counties asked for once a month. */
export const defaultVisitIntervalDays = 30;

export interface DueState {
  readonly due: boolean;
  /** Days since the last visit, or null when never visited. */
  readonly daysSince: number | null;
  /** The date the next visit is due (today when overdue or never visited). */
  readonly dueDate: string;
}

/** Due when never visited since the pairing began, or when the last visit is `interval` days old. */
export function visitDue(lastVisit: string | null, pairedFrom: string, today: string, interval = defaultVisitIntervalDays): DueState {
  const base = lastVisit ?? pairedFrom;
  const dueDate = lastVisit === null ? today : addDays(base, interval);
  return { due: lastVisit === null || dueDate <= today, daysSince: lastVisit === null ? null : daysBetween(lastVisit, today), dueDate: dueDate < today ? today : dueDate };
}

export const coverageRate = (visited: number, households: number): number | null => (households === 0 ? null : visited / households);

/** The calendar periods (year, quarter, month) a date falls in, as pre-aggregate keys. */
export function periodsOf(date: string): [string, string, string] {
  const month = Number(date.slice(5, 7));
  return [date.slice(0, 4), `${date.slice(0, 4)}-Q${Math.floor((month + 2) / 3)}`, date.slice(0, 7)];
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The calendar period [from, to] is exactly, if any: a whole year, quarter or month. */
export function calendarPeriod(from: string, to: string): string | null {
  const y = Number(from.slice(0, 4));
  if (from.slice(0, 4) !== to.slice(0, 4) || from.slice(8) !== '01') return null;
  const m1 = Number(from.slice(5, 7));
  const m2 = Number(to.slice(5, 7));
  if (to !== lastDayOfMonth(y, m2)) return null;
  if (m1 === 1 && m2 === 12) return String(y);
  if (m1 === m2) return from.slice(0, 7);
  if (m2 === m1 + 2 && (m1 - 1) % 3 === 0) return `${y}-Q${(m1 + 2) / 3}`;
  return null;
}

/** The start and end of the period key (inverse of periodsOf). */
export function periodRange(period: string): [string, string] {
  const y = Number(period.slice(0, 4));
  if (period.length === 4) return [`${y}-01-01`, `${y}-12-31`];
  if (period[5] === 'Q') {
    const q = Number(period.slice(6));
    return [`${y}-${String(q * 3 - 2).padStart(2, '0')}-01`, lastDayOfMonth(y, q * 3)];
  }
  const m = Number(period.slice(5, 7));
  return [`${period}-01`, lastDayOfMonth(y, m)];
}
