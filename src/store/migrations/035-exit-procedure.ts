// Exit procedures (脱贫退出程序): cases, their signatures (kept when voided), objections and attachments.
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function exitProcedureMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('exit_case')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('household_id', 'integer')
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('notice_days', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('current_step', 'text')
        .addColumn('open_unit_key', 'text')
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // One open case per unit; closed cases keep their history (NULLs do not collide).
      await db.schema.createIndex('exit_case_open_unit').on('exit_case').column('open_unit_key').unique().execute();
      await db.schema.createIndex('exit_case_region').on('exit_case').columns(['region_code', 'status']).execute();
      await db.schema.createIndex('exit_case_household').on('exit_case').column('household_id').execute();
      await db.schema
        .createTable('exit_signature')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('actor_region', 'text', (c) => c.notNull())
        .addColumn('signatory_name', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('details_json', 'text')
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('voided_at', 'text')
        .execute();
      await db.schema.createIndex('exit_signature_case').on('exit_signature').columns(['case_id', 'id']).execute();
      await db.schema
        .createTable('exit_objection')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('objector', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exit_objection_case').on('exit_objection').column('case_id').execute();
      await db.schema
        .createTable('exit_attachment')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exit_attachment_case').on('exit_attachment').columns(['case_id', 'round', 'step']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['exit_attachment', 'exit_objection', 'exit_signature', 'exit_case']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
