// Data truth (issue 9): cross-check runs with their discrepancies (both records side by side, as
// JSON), and quality runs with a score snapshot per region and their findings.
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function datatruthMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('crosscheck_run')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('under_code', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_sha256', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('counts_json', 'text', (c) => c.notNull())
        .addColumn('issues_json', 'text', (c) => c.notNull())
        .addColumn('issue_count', 'integer', (c) => c.notNull())
        .addColumn('batch_id', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('crosscheck_run_under').on('crosscheck_run').column('under_code').execute();
      await db.schema
        .createTable('crosscheck_discrepancy')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('household_id', 'integer')
        .addColumn('member_id', 'integer')
        .addColumn('registry_json', 'text')
        .addColumn('department_json', 'text')
        .addColumn('facts_json', 'text')
        .addColumn('note', 'text')
        .addColumn('problem_id', 'integer')
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('crosscheck_discrepancy_run').on('crosscheck_discrepancy').columns(['run_id', 'status']).execute();
      await db.schema.createIndex('crosscheck_discrepancy_village').on('crosscheck_discrepancy').columns(['village_code', 'status']).execute();

      await db.schema
        .createTable('quality_run')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('under_code', 'text', (c) => c.notNull())
        .addColumn('checked_on', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('households', 'integer', (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('quality_snapshot')
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('households', 'integer', (c) => c.notNull())
        .addColumn('households_with_findings', 'integer', (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('by_rule_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('quality_snapshot_pk', ['run_id', 'region_code'])
        .execute();
      await db.schema.createIndex('quality_snapshot_region').on('quality_snapshot').columns(['region_code', 'run_id']).execute();
      await db.schema
        .createTable('quality_finding')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('household_no', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('member_name', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('quality_finding_run').on('quality_finding').columns(['run_id', 'village_code']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['quality_finding', 'quality_snapshot', 'quality_run', 'crosscheck_discrepancy', 'crosscheck_run']) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
