// Indexes that let dashboards and the household list read rows in its default order (village, household
// number) and stop after one page, with or without a status filter, instead of sorting a subtree.
import type { Kysely } from 'kysely';

export const listIndexesMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('household_village_no').on('household').columns(['village_code', 'household_no']).execute();
    await db.schema.createIndex('household_status_village_no').on('household').columns(['status', 'village_code', 'household_no']).execute();
    // Dashboards read one dimension of a subtree; covering it avoids visiting the other dimensions.
    await db.schema.createIndex('village_breakdown_dimension').on('village_breakdown').columns(['dimension', 'region_code', 'key', 'households', 'people']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('village_breakdown_dimension').ifExists().execute();
    await db.schema.dropIndex('household_status_village_no').ifExists().execute();
    await db.schema.dropIndex('household_village_no').ifExists().execute();
  },
};
