// Rectification (整改): batches of problems, per-unit records, tasks, evidence and their history.
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function rectificationMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('rectification_batch')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('assigning_region', 'text', (c) => c.notNull())
        .addColumn('assigning_department', 'text')
        .addColumn('final_deadline', 'text', (c) => c.notNull())
        .addColumn('recheck_days', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rectification_batch_assigning').on('rectification_batch').column('assigning_region').execute();
      await db.schema
        .createTable('rectification_problem')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('batch_id', 'integer', (c) => c.notNull())
        .addColumn('problem_no', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('unit_region', 'text', (c) => c.notNull())
        .addColumn('unit_department', 'text')
        .addColumn('applies_level', 'integer')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rectification_problem_no').on('rectification_problem').columns(['batch_id', 'problem_no']).unique().execute();
      // One record per responsible unit: a common problem has one per inheriting unit.
      await db.schema
        .createTable('rectification')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('problem_id', 'integer', (c) => c.notNull())
        .addColumn('batch_id', 'integer', (c) => c.notNull())
        .addColumn('unit_region', 'text', (c) => c.notNull())
        .addColumn('unit_department', 'text')
        .addColumn('inherited', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text')
        .addColumn('recheck_due', 'text')
        .addColumn('escalated_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rectification_unit_status').on('rectification').columns(['unit_region', 'status', 'deadline']).execute();
      await db.schema.createIndex('rectification_batch_unit').on('rectification').columns(['batch_id', 'unit_region']).execute();
      await db.schema.createIndex('rectification_problem_unit').on('rectification').columns(['problem_id', 'unit_region', 'unit_department']).execute();
      await db.schema.createIndex('rectification_status_deadline').on('rectification').columns(['status', 'deadline']).execute();
      await db.schema
        .createTable('rectification_task')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('rectification_id', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('measure', 'text', (c) => c.notNull())
        .addColumn('lead_unit', 'text', (c) => c.notNull())
        .addColumn('responsible_leader', 'text', (c) => c.notNull())
        .addColumn('responsible_person', 'text', (c) => c.notNull())
        .addColumn('cooperating_units', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .execute();
      await db.schema.createIndex('rectification_task_rect').on('rectification_task').column('rectification_id').execute();
      await db.schema.createIndex('rectification_task_due').on('rectification_task').columns(['deadline']).execute();
      await db.schema
        .createTable('rectification_evidence')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('rectification_id', 'integer', (c) => c.notNull())
        .addColumn('task_id', 'integer')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rectification_evidence_rect').on('rectification_evidence').column('rectification_id').execute();
      // Every move, escalation and chase: the record of who chased whom (督办记录).
      await db.schema
        .createTable('rectification_event')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('rectification_id', 'integer', (c) => c.notNull())
        .addColumn('batch_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_unit', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('rectification_event_rect').on('rectification_event').column('rectification_id').execute();
      await db.schema.createIndex('rectification_event_batch').on('rectification_event').columns(['batch_id', 'action']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['rectification_event', 'rectification_evidence', 'rectification_task', 'rectification', 'rectification_problem', 'rectification_batch']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
