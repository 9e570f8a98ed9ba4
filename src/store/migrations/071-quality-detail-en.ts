// Data-quality findings keep their detail in English beside the Chinese, so that the English
// workbench reads "Aged 11, recorded as a preschool child" rather than the stored Chinese.
// Findings stored before this have no English and are shown in Chinese.
import type { Kysely } from 'kysely';

export const qualityDetailEnMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('quality_finding').addColumn('detail_en', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('quality_finding').dropColumn('detail_en').execute();
  },
};
