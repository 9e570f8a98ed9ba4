// Verification sampling (抽样核查): plans with their seed and method, drawn items, findings.
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function samplingMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sample_plan')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('seed', 'integer', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('method_version', 'text', (c) => c.notNull())
        .addColumn('params_json', 'text', (c) => c.notNull())
        .addColumn('counts_json', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sample_plan_county').on('sample_plan').columns(['county_code', 'year']).execute();
      await db.schema
        .createTable('sample_item')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('plan_id', 'integer', (c) => c.notNull())
        .addColumn('town_code', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('stratum', 'text', (c) => c.notNull())
        .addColumn('household_id', 'integer')
        .addColumn('slot_no', 'integer', (c) => c.notNull())
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .addColumn('people', 'integer')
        .execute();
      await db.schema.createIndex('sample_item_plan').on('sample_item').columns(['plan_id', 'village_code', 'stratum', 'slot_no']).unique().execute();
      await db.schema
        .createTable('sample_finding')
        .addColumn('item_id', 'integer', (c) => c.primaryKey())
        .addColumn('plan_id', 'integer', (c) => c.notNull())
        .addColumn('people', 'integer', (c) => c.notNull())
        .addColumn('wrongly_exited', 'integer', (c) => c.notNull())
        .addColumn('missed_poor', 'integer', (c) => c.notNull())
        .addColumn('recognises', 'integer')
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sample_finding_plan').on('sample_finding').column('plan_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['sample_finding', 'sample_item', 'sample_plan']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
