// Scoring (考核排名, issue 8): scheme versions, scores per unit and period, import records and the
// stored results (totals, ranks, change against the previous period).
import type { Kysely } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

export function scoringMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row per version: old versions stay so that old periods are recomputed under their own rules.
      await db.schema
        .createTable('scoring_scheme')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('scheme_id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('period_type', 'text', (c) => c.notNull())
        .addColumn('unit_type', 'text', (c) => c.notNull())
        .addColumn('owner_region', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scoring_scheme_version').on('scoring_scheme').columns(['scheme_id', 'version']).unique().execute();
      await db.schema
        .createTable('scoring_import')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('scheme_key', 'integer', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('sha256', 'text')
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scoring_import_period').on('scoring_import').columns(['scheme_key', 'period']).execute();
      // Scores as entered: decimal values in JSON, exactly as the sheet gave them (two decimals at most).
      await db.schema
        .createTable('scoring_score')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('scheme_key', 'integer', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('unit_name', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text')
        .addColumn('peer_groups', 'text', (c) => c.notNull())
        .addColumn('components', 'text', (c) => c.notNull())
        .addColumn('bonuses', 'text', (c) => c.notNull())
        .addColumn('deductions', 'text', (c) => c.notNull())
        .addColumn('vetoes', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scoring_score_unit').on('scoring_score').columns(['scheme_key', 'period', 'unit_id']).unique().execute();
      // Results are derived, but stored so that tables, trends and exports read without re-ranking.
      await db.schema
        .createTable('scoring_result')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('scheme_key', 'integer', (c) => c.notNull())
        .addColumn('scheme_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('unit_name', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text')
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('tied', 'integer', (c) => c.notNull())
        .addColumn('vetoed', 'integer', (c) => c.notNull())
        .addColumn('peer_ranks', 'text', (c) => c.notNull())
        .addColumn('previous_rank', 'integer')
        .addColumn('rank_change', 'integer')
        .addColumn('total_change', 'integer')
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scoring_result_unit').on('scoring_result').columns(['scheme_key', 'period', 'unit_id']).unique().execute();
      await db.schema.createIndex('scoring_result_trend').on('scoring_result').columns(['scheme_id', 'unit_id', 'period']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['scoring_result', 'scoring_score', 'scoring_import', 'scoring_scheme']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
