// A set-aside household (隔离户) whose refused change was corrected back to the values the registry
// already held is imported as unchanged: nothing is written, so the registry's `updated_at` never
// shows it was fixed. The later import that finds the household valid records that here instead:
// which batch resolved the entry and when. Looked up by household number at every import.
import type { Kysely } from 'kysely';

export const quarantineResolvedMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('import_quarantine').addColumn('resolved_batch_id', 'integer').execute();
    await db.schema.alterTable('import_quarantine').addColumn('resolved_at', 'text').execute();
    await db.schema.createIndex('import_quarantine_household').on('import_quarantine').column('household_no').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('import_quarantine_household').ifExists().execute();
    await db.schema.alterTable('import_quarantine').dropColumn('resolved_at').execute();
    await db.schema.alterTable('import_quarantine').dropColumn('resolved_batch_id').execute();
  },
};
