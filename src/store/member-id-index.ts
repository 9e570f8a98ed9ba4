// One person, one household registry-wide is kept by a unique index on member ID numbers. Kept in
// order row by row, that index is a third of a bulk write's time on SQLite (ID numbers arrive in no
// order: each insert lands somewhere inside the B-tree); built once from the finished table it is a
// sort. So a bulk write into a registry smaller than itself drops it and builds it again before
// COMMIT, inside the same transaction: a failed build rolls the whole write back, and readers on
// their own snapshots keep the index meanwhile (WAL). PostgreSQL keeps its index: dropping it there
// would lock the member table against every reader for the length of the write.
import { sql } from 'kysely';
import { isUniqueViolation } from './errors.js';
import type { Executor, Store } from './store.js';

/** The households that hold one ID number, for an error that names them (never the number). */
export interface SharedIdNumber {
  readonly householdNos: readonly string[];
}

export interface DeferredMemberIdIndex {
  /** Builds the index again; the ID numbers held by more than one member if it could not (then nothing is built). */
  rebuild(): Promise<SharedIdNumber[]>;
}

export async function deferMemberIdIndex(store: Store, trx: Executor): Promise<DeferredMemberIdIndex | null> {
  if (store.dialect !== 'sqlite') return null;
  await sql`drop index member_id_number`.execute(trx);
  return {
    async rebuild() {
      try {
        await sql`create unique index member_id_number on member (id_number)`.execute(trx);
        return [];
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return sharedIdNumbers(trx);
      }
    },
  };
}

/** Without the index: one scan, on the failure path only. */
async function sharedIdNumbers(trx: Executor): Promise<SharedIdNumber[]> {
  const rows = await sql<{ id_number: string; household_no: string }>`
    select m.id_number, h.household_no from member m join household h on h.id = m.household_id
    where m.id_number in (select id_number from member group by id_number having count(*) > 1 limit 100)
    order by m.id_number, h.household_no`.execute(trx);
  const byId = new Map<string, string[]>();
  for (const r of rows.rows) byId.set(r.id_number, [...(byId.get(r.id_number) ?? []), r.household_no]);
  return [...byId.values()].map((householdNos) => ({ householdNos }));
}
