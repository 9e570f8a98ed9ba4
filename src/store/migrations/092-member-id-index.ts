// On SQLite the uniqueness of a member's ID number was a column constraint, whose index SQLite
// does not let anyone drop. A bulk write into a registry smaller than itself drops the index and
// builds it again before COMMIT (store/member-id-index.ts), which is cheaper than keeping it in
// order row by row; that needs the index to be a named one. The table is rebuilt once, from its own
// stored definition with only the column constraint taken out, so every column, default and other
// index stays as it was. PostgreSQL keeps its constraint: there the write does not defer it.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

const inline = '"id_number" text not null unique';

export function memberIdIndexMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'sqlite') return;
      // SQLite runs migrations outside a transaction; the rebuild must not stop half-way.
      await db.transaction().execute(async (trx) => {
        const table = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'member'`.execute(trx)).rows[0];
        if (!table?.sql.includes(inline)) throw new Error(`member table definition not as created by 001-registry: ${table?.sql ?? 'missing'}`);
        const indexes = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'member' and sql is not null`.execute(trx)).rows;
        await sql.raw(table.sql.replace(/^CREATE TABLE "member"/, 'CREATE TABLE "member_rebuilt"').replace(inline, '"id_number" text not null')).execute(trx);
        await sql`insert into member_rebuilt select * from member`.execute(trx);
        await sql`drop table member`.execute(trx);
        await sql`alter table member_rebuilt rename to member`.execute(trx);
        for (const index of indexes) await sql.raw(index.sql).execute(trx);
        await sql`create unique index member_id_number on member (id_number)`.execute(trx);
      });
    },
    async down(): Promise<void> {
      // The named unique index enforces the same rule; nothing to undo.
    },
  };
}
