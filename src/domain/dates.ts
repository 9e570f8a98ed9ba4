// Calendar days as YYYY-MM-DD text, shared by every capability's schedules and checks. Day
// arithmetic is done on UTC midnights; which day it is *now* is Beijing's (UTC+8, no daylight
// saving since 1991): a deadline, a visit or an overdue count turns at midnight in China, not at
// 08:00 as it would on the UTC day.

/** Minutes east of UTC of the time every date and time in the registry is kept in (北京时间). */
export const businessUtcOffsetMinutes = 480;

const shifted = (instant: Date): string => new Date(instant.getTime() + businessUtcOffsetMinutes * 60_000).toISOString();

/** The calendar day in Beijing at `instant`. */
export function businessDay(instant: Date): string {
  return shifted(instant).slice(0, 10);
}

/** An ISO instant as Beijing wall time, "YYYY-MM-DD HH:mm", for ledgers and reports read in China. */
export function businessDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : shifted(d).slice(0, 16).replace('T', ' ');
}

export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
