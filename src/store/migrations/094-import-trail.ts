// Which import batches created or changed a household, and which parts (migration 094). An
// import is audited as one entry for its whole batch (a county's file changes thousands of
// households at once), so a household's own history did not show that an import had changed it;
// this row per household and batch does, with what changed (values before and after, members by
// name), and leads to the file the batch kept.
import type { Kysely } from 'kysely';

export const importTrailMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('import_batch_household')
      .addColumn('household_id', 'integer', (c) => c.notNull())
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('parts', 'text', (c) => c.notNull())
      .addColumn('detail_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('import_batch_household_pk', ['household_id', 'batch_id'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('import_batch_household').ifExists().execute();
  },
};
