// Registry tables: regions, villages, households, members, incomes, status events, audit, years.
import { type Kysely, sql } from 'kysely';
import { autoId, type DialectName } from '../dialect.js';

const flag = 'integer' as const;

export function registryMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('region')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('parent_code', 'text')
        .execute();
      await db.schema.createIndex('region_parent').on('region').column('parent_code').execute();

      await db.schema
        .createTable('village')
        .addColumn('region_code', 'text', (c) => c.primaryKey())
        .addColumn('is_poor_village', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('is_deep_poverty', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('exit_year', 'integer')
        .addColumn('has_paved_road', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('has_power', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('has_telecom', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('has_broadband', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('has_clinic', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('has_cultural_venue', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('has_cooperative', flag, (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('village_year')
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('rural_households', 'integer', (c) => c.notNull())
        .addColumn('rural_population', 'integer', (c) => c.notNull())
        .addColumn('collective_income', 'bigint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('village_year_pk', ['region_code', 'year'])
        .execute();

      let household = db.schema
        .createTable('household')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('household_no', 'text', (c) => c.notNull().unique())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('identification_standard', 'text', (c) => c.notNull())
        .addColumn('identified_year', 'integer', (c) => c.notNull())
        .addColumn('attribute', 'text', (c) => c.notNull())
        .addColumn('main_cause', 'text', (c) => c.notNull())
        .addColumn('other_causes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('phone', 'text')
        .addColumn('housing_safety_grade', 'text')
        .addColumn('housing_area', 'real')
        .addColumn('house_structure', 'text')
        .addColumn('renovation_year', 'integer');
      for (const name of ['safe_drinking_water', 'drinking_water_difficulty']) {
        household = household.addColumn(name, flag, (c) => c.notNull().defaultTo(0));
      }
      household = household
        .addColumn('road_type', 'text')
        .addColumn('distance_to_main_road_km', 'real');
      for (const name of [
        'has_production_power',
        'has_domestic_power',
        'has_radio_tv',
        'has_sanitary_toilet',
      ]) {
        household = household.addColumn(name, flag, (c) => c.notNull().defaultTo(0));
      }
      household = household
        .addColumn('fuel_type', 'text')
        .addColumn('joined_cooperative', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('arable_land_mu', 'real')
        .addColumn('irrigated_land_mu', 'real')
        .addColumn('forest_land_mu', 'real')
        .addColumn('relocation_pending', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('renovation_in_progress', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('industry_project_pending', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('exit_year', 'integer')
        .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_at', 'text', (c) => c.notNull());
      await household.execute();
      await db.schema
        .createIndex('household_village_status')
        .on('household')
        .columns(['village_code', 'status'])
        .execute();

      let member = db.schema
        .createTable('member')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull().unique())
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('ethnicity', 'text', (c) => c.notNull())
        .addColumn('education', 'text')
        .addColumn('school_status', 'text', (c) => c.notNull())
        .addColumn('health', 'text', (c) => c.notNull())
        .addColumn('disability_type', 'text')
        .addColumn('labour_ability', 'text', (c) => c.notNull())
        .addColumn('work_status', 'text', (c) => c.notNull())
        .addColumn('work_months', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('political_status', 'text');
      for (const name of [
        'speaks_mandarin',
        'has_resident_medical_insurance',
        'has_employee_medical_insurance',
        'has_serious_illness_insurance',
        'has_resident_pension',
        'receives_minimum_living',
        'is_extreme_poverty',
      ]) {
        member = member.addColumn(name, flag, (c) => c.notNull().defaultTo(0));
      }
      await member.execute();
      await db.schema.createIndex('member_household').on('member').column('household_id').execute();

      let income = db.schema
        .createTable('household_income')
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull());
      for (const name of [
        'wage_income',
        'production_income',
        'production_cost',
        'asset_dividend_income',
        'other_property_income',
        'family_planning_allowance',
        'minimum_living_allowance',
        'extreme_poverty_allowance',
        'pension_income',
        'eco_compensation',
        'other_transfer_income',
        'expected_income',
      ]) {
        income = income.addColumn(name, 'bigint', (c) => c.notNull().defaultTo(0));
      }
      income = income.addPrimaryKeyConstraint('household_income_pk', ['household_id', 'year']);
      // On SQLite the key is the table itself: one B-tree instead of a table plus an index.
      await (dialect === 'sqlite' ? income.modifyEnd(sql`without rowid`) : income).execute();

      await db.schema
        .createTable('status_event')
        .addColumn('id', 'integer', autoId(dialect))
        .addColumn('household_id', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('basis', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('status_event_household')
        .on('status_event')
        .column('household_id')
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_entity')
        .on('audit_log')
        .columns(['entity_type', 'entity_id'])
        .execute();

      await db.schema
        .createTable('registry_year')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('closed', flag, (c) => c.notNull().defaultTo(0))
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text')
        .execute();

      const statColumns = [
        'households',
        'people',
        'poor_households',
        'poor_people',
        'exited_households',
        'exited_people',
        'relapsed_households',
        'relapsed_people',
        'removed_households',
        'removed_people',
      ];
      let villageStat = db.schema
        .createTable('village_stat')
        .addColumn('region_code', 'text', (c) => c.primaryKey());
      let snapshot = db.schema
        .createTable('year_snapshot')
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('rural_population', 'integer', (c) => c.notNull().defaultTo(0));
      for (const name of statColumns) {
        villageStat = villageStat.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
        snapshot = snapshot.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
      }
      await villageStat.execute();
      // Per-village counts by one dimension (main cause, attribute, exit year) for dashboards.
      await db.schema
        .createTable('village_breakdown')
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('households', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('people', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('village_breakdown_pk', ['region_code', 'dimension', 'key'])
        .execute();
      await snapshot.addPrimaryKeyConstraint('year_snapshot_pk', ['year', 'region_code']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'year_snapshot',
        'village_breakdown',
        'village_stat',
        'registry_year',
        'audit_log',
        'status_event',
        'household_income',
        'member',
        'household',
        'village_year',
        'village',
        'region',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
