// Workbook imports (issue 4): one row per import batch, and the rejected rows kept in quarantine.
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function workbookMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('import_batch')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_sha256', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('counts_json', 'text', (c) => c.notNull())
        .addColumn('issues_json', 'text', (c) => c.notNull())
        .addColumn('issue_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('import_batch_name').on('import_batch').column('name').execute();
      await db.schema
        .createTable('import_quarantine')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('batch_id', 'integer', (c) => c.notNull())
        .addColumn('household_no', 'text', (c) => c.notNull())
        .addColumn('sheet', 'text', (c) => c.notNull())
        .addColumn('row_number', 'integer')
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('issues_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('import_quarantine_batch').on('import_quarantine').columns(['batch_id', 'household_no']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('import_quarantine').ifExists().execute();
      await db.schema.dropTable('import_batch').ifExists().execute();
    },
  };
}
