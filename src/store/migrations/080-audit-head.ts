// The audit chain's head (issue: deleting the newest audit entries went unnoticed). The hash chain
// shows an entry edited, removed or reordered before the last one, but a log cut short at the end
// is still a valid chain. `audit_head` names the newest entry and moves with every append; each
// closed registry year keeps the entry that recorded its close as an anchor. Both start from the
// log as it stands: entries already cut off before this migration cannot be found.
import { sql, type Kysely } from 'kysely';
import { genesisHash } from '../../domain/audit-chain.js';

export const auditHeadMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    const last = await sql<{ seq: number; hash: string }>`select seq, hash from audit_log order by seq desc limit 1`.execute(db);
    const head = last.rows[0];
    await sql`insert into audit_head (id, seq, hash) values (1, ${head?.seq ?? 0}, ${head?.hash ?? genesisHash})`.execute(db);

    await db.schema.alterTable('registry_year').addColumn('audit_seq', 'integer').execute();
    await db.schema.alterTable('registry_year').addColumn('audit_hash', 'text').execute();
    // A year closed before this gets, as its anchor, the newest entry that recorded its close.
    await sql`update registry_year set
        audit_seq = (select max(a.seq) from audit_log a
          where a.entity_type = 'registryYear' and a.action = 'year-close' and a.entity_id = cast(registry_year.year as text))
      where closed = 1`.execute(db);
    await sql`update registry_year set audit_hash = (select a.hash from audit_log a where a.seq = registry_year.audit_seq)
      where audit_seq is not null`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('registry_year').dropColumn('audit_hash').execute();
    await db.schema.alterTable('registry_year').dropColumn('audit_seq').execute();
    await db.schema.dropTable('audit_head').execute();
  },
};
