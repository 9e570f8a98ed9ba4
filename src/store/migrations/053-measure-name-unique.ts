// One name per catalogue measure, enforced by the database: the use cases check the name inside
// their transaction, but two offices adding or renaming to the same name at the same moment
// could both pass that check. The loser of such a race now gets the API's 409.
import { sql, type Kysely } from 'kysely';

export const measureNameUniqueMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // A race before this index may already have left two measures with one name; the later
    // codes get their code appended (…（code）) so that the index can be built and both stay
    // recognisable to the people who chose them.
    await sql`update assistance_measure set zh = zh || '（' || code || '）'
      where exists (select 1 from assistance_measure as first where first.zh = assistance_measure.zh and first.code < assistance_measure.code)`.execute(db);
    await db.schema.createIndex('assistance_measure_zh').on('assistance_measure').column('zh').unique().execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('assistance_measure_zh').ifExists().execute();
  },
};
