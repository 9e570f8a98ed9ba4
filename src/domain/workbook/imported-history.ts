// The status events an import writes for a new household: the history a file can vouch for.
import type { HouseholdStatus, StatusEventType } from '../registry.js';
import { endOfYear } from '../status.js';

export interface ImportedHousehold {
  readonly household: { readonly identifiedYear: number };
  readonly status: HouseholdStatus;
  /** The year of the household's (last) exit, for an exited, relapsed or removed household; checked by `validateStatusExitYear`. */
  readonly exitYear: number | null;
}

/**
 * Identification on 1 January of the identified year, then what the stated status needs to be a
 * legal history (`statusFromEvents`): an exit on 31 December of the exit year; a relapse today,
 * after an exit on 31 December of the exit year the file gives or, when it gives none, an exit
 * recorded the same day (a relapse straight from identification is not a legal history); a removal
 * today, after the exit when an exit year is given (as our own ledger writes it: the ledger imports
 * back unchanged). Past year-ends therefore count a relapsed household as exited from its exit year
 * on, or, without one, as poor, as they did before it exited.
 *
 * An exit in this year is dated today rather than on a 31 December still to come: no event lies
 * in the future, so the status as of today is the stated one, and a relapse or removal today
 * follows the exit.
 */
export function importedHistory(h: ImportedHousehold, today: string): { type: StatusEventType; date: string }[] {
  const events: { type: StatusEventType; date: string }[] = [{ type: 'identified', date: `${h.household.identifiedYear}-01-01` }];
  const exit = { type: 'exited' as const, date: h.exitYear === null ? today : minDate(endOfYear(h.exitYear), today) };
  if (h.status === 'exited' && h.exitYear !== null) events.push(exit);
  else if (h.status === 'relapsed') events.push(exit, { type: 'relapsed', date: today });
  else if (h.status === 'removed') events.push(...(h.exitYear === null ? [] : [exit]), { type: 'removed', date: today });
  return events;
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
