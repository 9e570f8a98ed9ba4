// Statistics as of the end of a past year (store/stats.ts `subtreeCountsAsOf`) look up, for every
// household of a subtree, its last status event up to a day and whether it was identified by then.
// This index answers both from the index alone (household, date, recording order, type), and serves
// the household file's events in date order; it replaces the index on household_id alone, which is
// its prefix.
import type { Kysely } from 'kysely';

export const statusEventDateMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('status_event_household_date').on('status_event').columns(['household_id', 'date', 'id', 'type']).execute();
    await db.schema.dropIndex('status_event_household').ifExists().execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('status_event_household').on('status_event').column('household_id').execute();
    await db.schema.dropIndex('status_event_household_date').ifExists().execute();
  },
};
