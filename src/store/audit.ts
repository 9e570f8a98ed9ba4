// The audit log: appended in the same transaction as the change it records.
import { sql } from 'kysely';
import { entryHash, genesisHash, ChainVerifier, type ChainBreak } from '../domain/audit-chain.js';
import type { DialectName } from './dialect.js';
import type { Executor } from './store.js';
import type { AuditRow } from './schema.js';

export interface AuditInput {
  readonly actor: string;
  readonly action: string; // create | update | delete | status | income | members | batch | year-close | year-reopen …
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
}

export async function appendAudit(trx: Executor, dialect: DialectName, entries: readonly AuditInput[], at: string): Promise<void> {
  if (entries.length === 0) return;
  // Concurrent writers must not read the same head; SQLite already serialises writers.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7310001)`.execute(trx);
  const head = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? genesisHash;
  const rows = entries.map((e) => {
    seq += 1;
    const content = {
      seq,
      at,
      actor: e.actor,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      beforeJson: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
      afterJson: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
    };
    const hash = entryHash(content, prevHash);
    const row = {
      seq,
      at,
      actor: content.actor,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      before_json: content.beforeJson,
      after_json: content.afterJson,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly checked: number;
  readonly headHash: string;
  readonly break: ChainBreak | null;
}

export async function verifyAudit(db: Executor, chunk = 5000): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(chunk).execute();
    for (const row of rows) {
      const problem = verifier.check(toEntry(row));
      if (problem) return { ok: false, checked: verifier.checked, headHash: verifier.headHash, break: problem };
    }
    const last = rows.at(-1);
    if (!last || rows.length < chunk) break;
    after = last.seq;
  }
  return { ok: true, checked: verifier.checked, headHash: verifier.headHash, break: null };
}

export async function auditFor(db: Executor, entityType: string, entityId: string): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('seq', 'desc')
    .execute();
}

function toEntry(row: AuditRow) {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
