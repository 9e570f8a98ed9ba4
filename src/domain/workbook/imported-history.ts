// The status events an import writes for a new household: the history a file can vouch for.
import type { HouseholdStatus, StatusEventType } from '../registry.js';

export interface ImportedHousehold {
  readonly household: { readonly identifiedYear: number };
  readonly status: HouseholdStatus;
  readonly exitYear: number | null;
}

/**
 * Identification on 1 January of the identified year, then what the stated status needs to be a
 * legal history (`statusFromEvents`): an exit on 31 December of the exit year; a removal today; a
 * relapse today, after an exit recorded the same day, because the file says the household relapsed
 * but not when it exited (a relapse straight from identification is not a legal history). Past
 * year-ends therefore count the relapsed household as poor, as they did before it exited. A removed
 * household with an exit year exited first.
 */
export function importedHistory(h: ImportedHousehold, today: string): { type: StatusEventType; date: string }[] {
  const events: { type: StatusEventType; date: string }[] = [{ type: 'identified', date: `${h.household.identifiedYear}-01-01` }];
  if (h.status === 'exited' && h.exitYear !== null) events.push({ type: 'exited', date: `${h.exitYear}-12-31` });
  else if (h.status === 'relapsed') events.push({ type: 'exited', date: today }, { type: 'relapsed', date: today });
  else if (h.status === 'removed') {
    // Removed after it had exited (an exit year given, as our own ledger writes it): the exit is
    // kept, so that the ledger imports back unchanged and past year-ends count it as exited. An exit
    // "on 31 December" of this year is dated today at the latest: it came before the removal.
    if (h.exitYear !== null) {
      const exit = `${h.exitYear}-12-31`;
      events.push({ type: 'exited', date: exit < today ? exit : today });
    }
    events.push({ type: 'removed', date: today });
  }
  return events;
}
