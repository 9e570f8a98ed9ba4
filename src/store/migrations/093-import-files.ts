// The files an import was given, kept with its batch: the audit entry of an import names the
// file's hash, and an inspector asking where a figure came from can open that very file; the
// marked-up error report can be made again after the server forgot the upload. Stored once per
// content (a file validated, then imported, is one copy), in parts so that neither side of the
// database connection ever holds a 200 MB value.
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export function importFilesMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('import_file')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('parts', 'integer', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('import_file_part')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_file_part_pk', ['sha256', 'seq'])
        .execute();
      await db.schema
        .createTable('import_batch_file')
        .addColumn('batch_id', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_batch_file_pk', ['batch_id', 'position'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('import_batch_file').ifExists().execute();
      await db.schema.dropTable('import_file_part').ifExists().execute();
      await db.schema.dropTable('import_file').ifExists().execute();
    },
  };
}
