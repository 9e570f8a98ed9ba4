// A survey may ask the households of an inspection's verification sample (抽样核查) instead of
// any household of its region: the survey keeps the plan it reuses. Sample items are never
// rewritten after the draw, so the plan's items are the survey's household list as they stand.
import type { Kysely } from 'kysely';

export const surveySampleMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('survey').addColumn('sample_plan_id', 'integer').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('survey').dropColumn('sample_plan_id').execute();
  },
};
