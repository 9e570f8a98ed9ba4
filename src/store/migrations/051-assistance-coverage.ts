// Visit coverage pre-aggregate: per village and calendar period (year 2019, quarter 2019-Q2, month
// 2019-06) the number of distinct households visited. Kept exact on every visit (one probe of the
// household's visits decides whether it is the first in each period) and rebuilt after bulk loads,
// so a county's coverage for a month, quarter or year reads ~500 rows instead of a million visits.
import type { Kysely } from 'kysely';

export const assistanceCoverageMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('village_visit_period')
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('visited', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('village_visit_period_pk', ['period', 'village_code'])
      .execute();
    // The same per cadre (and village, so a subtree is one range): the cadre's own visits.
    await db.schema
      .createTable('cadre_visit_period')
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('cadre_id', 'integer', (c) => c.notNull())
      .addColumn('visited', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('cadre_visit_period_pk', ['period', 'village_code', 'cadre_id'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('cadre_visit_period').ifExists().execute();
    await db.schema.dropTable('village_visit_period').ifExists().execute();
  },
};
