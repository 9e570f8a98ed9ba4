// The audit log: appended in the same transaction as the change it records, together with the
// head row (audit_head) that names the newest entry.
import { entryHash, ChainVerifier, checkAnchor, checkHead, type ChainAnchor, type ChainBreak, type ChainPoint } from '../domain/audit-chain.js';
import type { DialectName } from './dialect.js';
import { StoreError } from './errors.js';
import type { Executor } from './store.js';
import type { AuditRow } from './schema.js';
import { yearAnchors } from './years.js';

export interface AuditInput {
  readonly actor: string;
  readonly action: string; // create | update | delete | status | income | members | batch | year-close | year-reopen …
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Writes stop while the head row is gone: appending would bury the evidence of what was cut. */
export class AuditHeadMissing extends StoreError {
  constructor() {
    super(
      'audit_head_missing',
      '审计链头记录（audit_head）缺失，为保全证据已停止写入：请管理员运行 jingzhun audit verify 排查',
      'The audit head record (audit_head) is missing; writes are stopped to keep the evidence: an admin should run jingzhun audit verify',
    );
  }
}

/**
 * Appends entries after the recorded head (not after the log's last row: if rows were cut off
 * the end, the gap stays visible) and moves the head; returns the new head.
 */
export async function appendAudit(trx: Executor, dialect: DialectName, entries: readonly AuditInput[], at: string): Promise<ChainPoint | undefined> {
  if (entries.length === 0) return undefined;
  // Concurrent writers must not read the same head: PostgreSQL locks the row until commit (the
  // transaction's other writes are done by then); SQLite already serialises writers.
  const read = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (dialect === 'postgres' ? read.forUpdate() : read).executeTakeFirst();
  if (!head) throw new AuditHeadMissing();
  let seq = head.seq;
  let prevHash = head.hash;
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
  await trx.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
  return { seq, hash: prevHash };
}

export interface AnchorCheck extends ChainPoint {
  readonly source: string; // 'year:2019' | 'given'
  readonly ok: boolean;
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Entries that checked, from the first. */
  readonly checked: number;
  /** The hash of the last entry that checked. */
  readonly headHash: string;
  /** The head as recorded (null if the row is gone): what an operator writes down. */
  readonly head: ChainPoint | null;
  /** Year anchors and given anchors, each held to the chain (empty when the chain itself broke). */
  readonly anchors: readonly AnchorCheck[];
  /** The first problem: the chain's own break, else the lowest-numbered of the head's and anchors'. */
  readonly break: ChainBreak | null;
}

export interface VerifyOptions {
  /** Points an operator recorded earlier (`audit verify --anchor SEQ:HASH`). */
  readonly anchors?: readonly ChainPoint[];
  readonly chunk?: number;
}

export async function verifyAudit(db: Executor, options: VerifyOptions = {}): Promise<VerifyResult> {
  const chunk = options.chunk ?? 5000;
  const headRow = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const head = headRow ? { seq: headRow.seq, hash: headRow.hash } : null;
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(chunk).execute();
    for (const row of rows) {
      const problem = verifier.check(toEntry(row));
      if (problem) return { ok: false, checked: verifier.checked, headHash: verifier.headHash, head, anchors: [], break: problem };
    }
    const last = rows.at(-1);
    if (!last || rows.length < chunk) break;
    after = last.seq;
  }
  // The chain checks from entry 1 to `last`; what it cannot show is entries missing after `last`.
  const last = verifier.last;
  const anchors: (ChainAnchor & { source: string })[] = [
    ...(await yearAnchors(db)).map((y) => ({ ...y.anchor, source: `year:${y.year}`, label: `${y.year} 年度关账时记录的锚点`, labelEn: `the anchor recorded when ${y.year} was closed` })),
    ...(options.anchors ?? []).map((a) => ({ ...a, source: 'given', label: '所给锚点', labelEn: 'the given anchor' })),
  ];
  const seqs = [...new Set(anchors.map((a) => a.seq).filter((s) => s > 0 && s <= last.seq))];
  const hashes = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'in', seqs.slice(i, i + 500)).execute();
    for (const r of rows) hashes.set(r.seq, r.hash);
  }
  const problems: ChainBreak[] = [];
  const headProblem = checkHead(last, head);
  if (headProblem) problems.push(headProblem);
  const checks = anchors.map((a) => {
    const problem = checkAnchor(last, a, hashes.get(a.seq));
    if (problem) problems.push(problem);
    return { source: a.source, seq: a.seq, hash: a.hash, ok: problem === null };
  });
  const first = problems.reduce<ChainBreak | null>((min, p) => (min === null || p.seq < min.seq ? p : min), null);
  return { ok: first === null, checked: verifier.checked, headHash: verifier.headHash, head, anchors: checks, break: first };
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
