// Statistics as of a past year that is not closed were counted from the status events, two index
// lookups per household: seconds for a province. `village_year_stat` holds, per village and year,
// the change of the village's year-end counts (store/year-stats.ts), so that a year-end is a range
// sum over villages. Filled here from the households and their events, so that an existing
// database answers right after `db migrate`.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { rebuildVillageYearStats } from '../year-stats.js';

const countColumns = ['households', 'people', 'poor_households', 'poor_people', 'exited_households', 'exited_people', 'relapsed_households', 'relapsed_people', 'removed_households', 'removed_people'];

export const villageYearStatMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    let table = db.schema.createTable('village_year_stat').addColumn('region_code', 'text', (c) => c.notNull()).addColumn('year', 'integer', (c) => c.notNull());
    for (const name of countColumns) table = table.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
    await table.addPrimaryKeyConstraint('village_year_stat_pk', ['region_code', 'year']).execute();
    await rebuildVillageYearStats(db as unknown as Kysely<DB>, ['000000000000', '999999999999']);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('village_year_stat').ifExists().execute();
  },
};
