// Exit assessment (issue 5, parts 1–2): runs with the exact rule set they used, per-unit results with
// each criterion's result and the facts read, counts per area, and county facts recorded from outside
// the registry (sampling rates).
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function exitAssessmentMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('exit_run')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        // candidates: households still poor in the year (or exited in it or later); all: every household
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('rule_set_id', 'text', (c) => c.notNull())
        .addColumn('rule_set_version', 'text', (c) => c.notNull())
        .addColumn('rule_set_hash', 'text', (c) => c.notNull())
        // The whole resolved rule set: a past run is explained by the rules it used, not today's file.
        .addColumn('rule_set_json', 'text', (c) => c.notNull())
        .addColumn('fact_names_json', 'text', (c) => c.notNull())
        .addColumn('data_time', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('units', 'integer', (c) => c.notNull())
        .addColumn('ready', 'integer', (c) => c.notNull())
        .addColumn('blocked', 'integer', (c) => c.notNull())
        .addColumn('no_data', 'integer', (c) => c.notNull())
        .addColumn('flagged', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exit_run_region').on('exit_run').columns(['region_code', 'unit', 'year']).execute();
      await db.schema
        .createTable('exit_result')
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('household_id', 'integer')
        .addColumn('area_code', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('codes', 'text', (c) => c.notNull())
        .addColumn('facts_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exit_result_area').on('exit_result').columns(['run_id', 'area_code', 'unit_code']).execute();
      await db.schema.createIndex('exit_result_household').on('exit_result').columns(['household_id', 'run_id']).execute();
      await db.schema
        .createTable('exit_summary')
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('area_code', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exit_summary_run').on('exit_summary').columns(['run_id', 'area_code']).execute();
      await db.schema
        .createTable('exit_recorded_fact')
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('fact', 'text', (c) => c.notNull())
        .addColumn('value', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exit_recorded_fact_pk', ['region_code', 'year', 'fact'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['exit_recorded_fact', 'exit_summary', 'exit_result', 'exit_run']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
