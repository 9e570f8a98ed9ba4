// The audit chain's head and anchors: entries cut off the end of the log are found, and a head
// moved back to hide them is caught by a year's anchor or an anchor the operator wrote down.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { closeYear, reopenYear } from '../../src/app/years.js';
import { entryHash, genesisHash } from '../../src/domain/audit-chain.js';
import { AuditHeadMissing, appendAudit, verifyAudit } from '../../src/store/audit.js';
import { migrations } from '../../src/store/migrations/index.js';
import type { Clock } from '../../src/app/clock.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

const clock: Clock = { now: () => new Date('2019-12-01T08:00:00Z') };

describe.each(dialects)('audit head and anchors on %s', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore(dialect);
  });
  afterEach(async () => t?.dispose());

  /** Appends `n` entries, one transaction each, as single edits do. */
  async function edits(n: number): Promise<void> {
    for (let i = 0; i < n; i += 1) {
      await t.store.db.transaction().execute((trx) =>
        appendAudit(trx, t.store.dialect, [{ actor: 'tester', action: 'update', entityType: 'household', entityId: String(i + 1), before: { n: i }, after: { n: i + 1 } }], '2019-11-01T08:00:00.000Z'),
      );
    }
  }
  const run = (q: ReturnType<typeof sql>) => q.execute(t.store.db);
  const last = () => t.store.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

  it('passes a clean log, empty or not, and reports its head', async () => {
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true, checked: 0, head: { seq: 0, hash: genesisHash }, break: null });
    await edits(3);
    await t.store.db.transaction().execute((trx) =>
      appendAudit(trx, t.store.dialect, [1, 2].map((i) => ({ actor: 'tester', action: 'batch', entityType: 'batch', entityId: String(i), before: null, after: null })), '2019-11-02T08:00:00.000Z'),
    );
    const r = await verifyAudit(t.store.db);
    expect(r).toMatchObject({ ok: true, checked: 5, head: await last(), headHash: (await last()).hash, break: null });
  });

  it('catches the last entry deleted', async () => {
    await edits(4);
    await run(sql`delete from audit_log where seq = 4`);
    const r = await verifyAudit(t.store.db);
    expect(r.ok).toBe(false);
    expect(r.break).toMatchObject({ seq: 4, problem: 'removed' });
    expect(r.break?.message).toContain('第 3 条之后的 1 条');
    expect(r.break?.messageEn).toContain('after entry 3');
  });

  it('catches every entry deleted, and keeps the gap visible when writing goes on', async () => {
    await edits(3);
    await run(sql`delete from audit_log`);
    const r = await verifyAudit(t.store.db);
    expect(r.break).toMatchObject({ seq: 1, problem: 'removed' });
    expect(r.break?.message).toContain('全部 3 条被删除');
    // The next write continues after the recorded head, not after what is left of the log.
    await edits(1);
    expect((await last()).seq).toBe(4);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 1, problem: 'removed' });
  });

  it('catches the last entry deleted and the head moved back, by the anchor of a year closed after it', async () => {
    await edits(3);
    const anchor = await closeYear({ store: t.store, clock }, 'admin', 2018);
    expect(anchor).toEqual(await last());
    expect(anchor.seq).toBe(4);
    expect((await verifyAudit(t.store.db)).anchors).toEqual([{ source: 'year:2018', seq: 4, hash: anchor.hash, ok: true }]);

    const third = await t.store.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', 3).executeTakeFirstOrThrow();
    await run(sql`delete from audit_log where seq = 4`);
    await run(sql`update audit_head set seq = ${third.seq}, hash = ${third.hash}`);
    const r = await verifyAudit(t.store.db);
    expect(r.ok).toBe(false);
    expect(r.break).toMatchObject({ seq: 4, problem: 'removed' });
    expect(r.break?.message).toContain('2018 年度关账时记录的锚点为第 4 条');
    expect(r.anchors).toEqual([{ source: 'year:2018', seq: 4, hash: anchor.hash, ok: false }]);
  });

  it('keeps a year anchor through a reopen; an anchor written down catches what no year covers', async () => {
    await edits(2);
    const anchor = await closeYear({ store: t.store, clock }, 'admin', 2018);
    await reopenYear({ store: t.store, clock }, 'admin', 2018, '更正收入录入错误');
    await edits(2);
    const written = await last();
    expect(await verifyAudit(t.store.db, { anchors: [written, { seq: written.seq, hash: written.hash.slice(0, 16) }] })).toMatchObject({ ok: true });
    // Cut the newest entry and move the head back: the year anchor (entry 3) still stands on the chain.
    const previous = await t.store.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', written.seq - 1).executeTakeFirstOrThrow();
    await run(sql`delete from audit_log where seq = ${written.seq}`);
    await run(sql`update audit_head set seq = ${previous.seq}, hash = ${previous.hash}`);
    const unaided = await verifyAudit(t.store.db);
    expect(unaided.ok).toBe(true); // the limit the documentation states
    expect(unaided.anchors).toEqual([{ source: 'year:2018', seq: anchor.seq, hash: anchor.hash, ok: true }]);
    const r = await verifyAudit(t.store.db, { anchors: [written] });
    expect(r.break).toMatchObject({ seq: written.seq, problem: 'removed' });
    expect(r.break?.message).toContain('所给锚点');
  });

  it('catches a log rewritten with fresh hashes and a matching head, by the year anchor', async () => {
    await edits(2);
    const anchor = await closeYear({ store: t.store, clock }, 'admin', 2018);
    await edits(1);
    // Edit entry 2 and recompute every hash from it: the chain and the head check again.
    const rows = await t.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prevHash = genesisHash;
    for (const row of rows) {
      const actor = row.seq === 2 ? 'mallory' : row.actor;
      const hash = entryHash({ seq: row.seq, at: row.at, actor, action: row.action, entityType: row.entity_type, entityId: row.entity_id, beforeJson: row.before_json, afterJson: row.after_json }, prevHash);
      await run(sql`update audit_log set actor = ${actor}, prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq}`);
      prevHash = hash;
    }
    await run(sql`update audit_head set hash = ${prevHash}`);
    const r = await verifyAudit(t.store.db);
    expect(r.break).toMatchObject({ seq: anchor.seq, problem: 'rewritten' });
    expect(r.break?.message).toContain('2018 年度关账时记录的锚点（第 3 条）的哈希与该条现在的哈希不符');
  });

  it('catches a head moved back over entries still in the log, and a head changed alone', async () => {
    await edits(3);
    const head = await last();
    await run(sql`update audit_head set seq = 2`);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 3, problem: 'unanchored' });
    await run(sql`update audit_head set seq = ${head.seq}, hash = ${'f'.repeat(64)}`);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 3, problem: 'rewritten' });
  });

  it('reports a missing head and stops writes, rather than burying the evidence', async () => {
    await edits(2);
    await run(sql`delete from audit_head`);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 3, problem: 'head-missing' });
    await expect(edits(1)).rejects.toBeInstanceOf(AuditHeadMissing);
    expect((await last()).seq).toBe(2);
  });

  it('still names edited and reordered entries first', async () => {
    await edits(4);
    await run(sql`update audit_log set actor = 'mallory' where seq = 2`);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 2, problem: 'edited' });
    await run(sql`update audit_log set actor = 'tester' where seq = 2`);
    // Swap entries 2 and 3.
    await run(sql`update audit_log set seq = 100 where seq = 2`);
    await run(sql`update audit_log set seq = 2 where seq = 3`);
    await run(sql`update audit_log set seq = 3 where seq = 100`);
    expect((await verifyAudit(t.store.db)).break).toMatchObject({ seq: 2, problem: 'reordered' });
  });

  it('the migration starts the head and the closed years\' anchors from the log as it stands', async () => {
    await edits(2);
    const anchor = await closeYear({ store: t.store, clock }, 'admin', 2018);
    await edits(1);
    const head = await last();
    const migration = migrations(dialect)['080-audit-head'];
    if (!migration) throw new Error('080-audit-head is not registered');
    const db = t.store.db as unknown as Parameters<typeof migration.up>[0];
    await migration.down?.(db);
    await migration.up(db);
    const r = await verifyAudit(t.store.db);
    expect(r).toMatchObject({ ok: true, head, anchors: [{ source: 'year:2018', seq: anchor.seq, hash: anchor.hash, ok: true }] });
  });
});
