// Assistance (帮扶): organisation with dated assignments, the measure catalogue (seeded with the
// default list as it stood when this migration was written), plans, visits, follow-ups, surveys.
import type { Kysely } from 'kysely';
import { defaultMeasures } from '../../domain/assistance/catalogue.js';
import { autoId, type DialectName } from '../dialect.js';

const tables = ['survey_response', 'survey', 'visit_follow_up', 'visit', 'household_plan_measure', 'household_plan', 'assistance_measure', 'cadre_pairing', 'village_lead', 'work_team_member', 'work_team', 'cadre', 'assisting_unit'];

export function assistanceMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema;
      await s.createTable('assisting_unit').addColumn('id', 'integer', autoId(dialect)).addColumn('name', 'text', (c) => c.notNull()).addColumn('region_code', 'text', (c) => c.notNull()).addColumn('created_at', 'text', (c) => c.notNull()).execute();
      await s.createIndex('assisting_unit_region').on('assisting_unit').columns(['region_code', 'name']).unique().execute();
      await s
        .createTable('cadre')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('position', 'text')
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('cap', 'integer', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('cadre_region').on('cadre').columns(['region_code', 'name']).execute();
      await s.createIndex('cadre_username').on('cadre').column('username').unique().execute();
      await s.createTable('work_team').addColumn('id', 'integer', autoId(dialect)).addColumn('village_code', 'text', (c) => c.notNull()).addColumn('unit_id', 'integer', (c) => c.notNull()).addColumn('from_date', 'text', (c) => c.notNull()).addColumn('to_date', 'text').execute();
      await s.createIndex('work_team_village').on('work_team').columns(['village_code', 'to_date']).execute();
      const assignment = (name: string, extra: 'team' | 'lead' | 'pairing') => {
        let t = s.createTable(name).addColumn('id', 'integer', autoId(dialect));
        if (extra === 'team') t = t.addColumn('team_id', 'integer', (c) => c.notNull());
        if (extra === 'pairing') t = t.addColumn('household_id', 'integer', (c) => c.notNull());
        t = t.addColumn('village_code', 'text', (c) => c.notNull()).addColumn('cadre_id', 'integer', (c) => c.notNull());
        if (extra === 'team') t = t.addColumn('role', 'text', (c) => c.notNull());
        if (extra === 'lead') t = t.addColumn('level', 'text', (c) => c.notNull());
        return t.addColumn('from_date', 'text', (c) => c.notNull()).addColumn('to_date', 'text');
      };
      await assignment('work_team_member', 'team').execute();
      await s.createIndex('work_team_member_team').on('work_team_member').column('team_id').execute();
      await s.createIndex('work_team_member_cadre').on('work_team_member').column('cadre_id').execute();
      await s.createIndex('work_team_member_village').on('work_team_member').column('village_code').execute();
      await assignment('village_lead', 'lead').execute();
      await s.createIndex('village_lead_village').on('village_lead').column('village_code').execute();
      await s.createIndex('village_lead_cadre').on('village_lead').column('cadre_id').execute();
      await assignment('cadre_pairing', 'pairing').execute();
      await s.createIndex('cadre_pairing_cadre').on('cadre_pairing').columns(['cadre_id', 'to_date']).execute();
      await s.createIndex('cadre_pairing_household').on('cadre_pairing').columns(['household_id', 'cadre_id']).execute();
      await s.createIndex('cadre_pairing_village').on('cadre_pairing').columns(['village_code', 'to_date']).execute();
      await s
        .createTable('assistance_measure')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('zh', 'text', (c) => c.notNull())
        .addColumn('en', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('five_batch', 'text')
        .addColumn('causes', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .execute();
      await db
        .insertInto('assistance_measure' as never)
        .values(defaultMeasures.map((m) => ({ code: m.code, zh: m.zh, en: m.en, category: m.category, five_batch: m.fiveBatch, causes: m.causes.join(','), active: 1 })) as never)
        .execute();
      await s
        .createTable('household_plan')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('household_plan_household_year').on('household_plan').columns(['household_id', 'year']).unique().execute();
      await s.createIndex('household_plan_village_year').on('household_plan').columns(['village_code', 'year']).execute();
      await s
        .createTable('household_plan_measure')
        .addColumn('plan_id', 'integer', (c) => c.notNull())
        .addColumn('measure_code', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('household_plan_measure_plan').on('household_plan_measure').columns(['plan_id', 'measure_code']).unique().execute();
      await s
        .createTable('visit')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('cadre_id', 'integer', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('visit_date', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('latitude', 'double precision')
        .addColumn('longitude', 'double precision')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      // Coverage asks, per household, "a visit between from and to?": one probe of this index.
      await s.createIndex('visit_household_date').on('visit').columns(['household_id', 'visit_date', 'cadre_id']).execute();
      await s.createIndex('visit_cadre_date').on('visit').columns(['cadre_id', 'visit_date']).execute();
      await s.createIndex('visit_village_date').on('visit').columns(['village_code', 'visit_date']).execute();
      await s
        .createTable('visit_follow_up')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('visit_id', 'integer', (c) => c.notNull())
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('cadre_id', 'integer', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('done_date', 'text')
        .addColumn('done_note', 'text')
        .addColumn('done_by', 'text')
        .execute();
      await s.createIndex('visit_follow_up_cadre').on('visit_follow_up').columns(['cadre_id', 'done_date', 'due_date']).execute();
      await s.createIndex('visit_follow_up_village').on('visit_follow_up').columns(['village_code', 'due_date']).execute();
      await s.createIndex('visit_follow_up_household').on('visit_follow_up').column('household_id').execute();
      await s
        .createTable('survey')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('questions_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('survey_region').on('survey').columns(['region_code', 'year']).execute();
      await s
        .createTable('survey_response')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('survey_id', 'integer', (c) => c.notNull())
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text', (c) => c.notNull())
        .addColumn('answers_json', 'text', (c) => c.notNull())
        .addColumn('positive', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('survey_response_household').on('survey_response').columns(['survey_id', 'household_id']).unique().execute();
      await s.createIndex('survey_response_village').on('survey_response').columns(['survey_id', 'village_code']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of tables) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
