// The problem-list workbooks an assigning unit imported into a rectification batch (migration
// 095): which file, under its SHA-256, how many problems it added, who and when. The bytes are kept
// once per content in the import files' store (migration 093), so every problem of a batch can be
// traced to the inspection's list it came from.
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function problemListFilesMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('rectification_problem_file')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('batch_id', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('problems', 'integer', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rectification_problem_file_batch').on('rectification_problem_file').columns(['batch_id', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('rectification_problem_file').ifExists().execute();
    },
  };
}
