// When a household is due a visit, and coverage rates. Dates are YYYY-MM-DD strings (UTC days).

/** How often a responsible cadre should visit; many counties asked for once a month. */
export const defaultVisitIntervalDays = 30;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

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
