// Writes an import inside the caller's transaction: new households in bulk (rows as arrays, ids
// assigned here), changed ones updated in place with their pre-aggregates moved, and one audit
// entry for the whole batch carrying the file's name and hash.
import { createHash } from 'node:crypto';
import type { HouseholdInput, HouseholdStatus, IncomeComponents, MemberInput } from '../../domain/registry.js';
import { appendAudit } from '../../store/audit.js';
import { householdColumns } from '../../store/mappers.js';
import { maxIds, updateHouseholdRow, upsertIncome } from '../../store/households.js';
import { appendHousehold, appendIncome, appendMember, appendStatusEvent, flushRegistry, registryAppenders, syncIdSequences, type RegistryAppenders } from '../../store/registry-bulk.js';
import { appendImportTrail, importTrailAppender } from '../../store/import-trail.js';
import { importDetail } from '../../domain/workbook/import-detail.js';
import type { BulkAppender } from '../../store/store.js';
import { ContributionTally, applyTally, moveContribution, type HouseholdSummary } from '../../store/stats.js';
import type { StoredHousehold } from '../../store/workbook.js';
import { moveHouseholdYears } from '../../store/year-stats.js';
import { importedHistory } from '../../domain/workbook/imported-history.js';
import { statusFromEvents } from '../../domain/status.js';
import { deleteMembersOf } from '../../store/workbook.js';
import type { Executor, Store } from '../../store/store.js';
import { deferMemberIdIndex, type DeferredMemberIdIndex } from '../../store/member-id-index.js';
import { rebuildMemberIdIndex } from '../bulk-write.js';

export interface NewImportHousehold {
  readonly household: HouseholdInput;
  readonly members: readonly MemberInput[];
  readonly incomes: readonly { year: number; income: IncomeComponents }[];
  readonly status: HouseholdStatus;
  /** As the file gives it: a relapsed household's is the year of its earlier exit. */
  readonly exitYear: number | null;
}

export interface HouseholdChange {
  readonly stored: StoredHousehold;
  readonly household: HouseholdInput | null; // null: household columns unchanged
  readonly members: readonly MemberInput[] | null; // null: members unchanged
  readonly incomes: readonly { year: number; income: IncomeComponents }[];
}

export interface BatchMeta {
  readonly actor: string;
  readonly batchId: number;
  readonly batchName: string;
  readonly fileName: string;
  readonly fileSha256: string;
}

// Rows held before they are handed on: PostgreSQL's COPY text grows until a flush.
const flushAt = 5000;

export class ImportWriter {
  private nextHousehold = 0;
  private nextMember = 0;
  private readonly rows: RegistryAppenders;
  private pending = 0;
  private readonly tally = new ContributionTally();
  private readonly digest = createHash('sha256');
  readonly changes: { householdNo: string; parts: string[] }[] = [];
  created = 0;
  updated = 0;
  /** Member rows above this id were written by this import. */
  memberIdsBefore = 0;
  /** Households the registry held before this import (0: none, nothing to compare with). */
  householdIdsBefore = 0;
  private deferredIndex: DeferredMemberIdIndex | null = null;

  /** One row per household written, so that its own history shows the batch (store/import-trail.ts). */
  private readonly trail: BulkAppender;

  private constructor(
    private readonly store: Store,
    private readonly trx: Executor,
    private readonly now: string,
    private readonly today: string,
    private readonly basis: string,
    private readonly batchId: number,
  ) {
    // The same row builders as synthetic bulk writes: values go straight to the store's statements.
    this.rows = registryAppenders(store, trx);
    this.trail = importTrailAppender(store, trx);
  }

  /**
   * `mayWrite`: false for a dry run. Into a registry without members (a county's first import) the
   * import looks nobody up by ID number, so the unique index on them is built once at the end
   * (store/member-id-index.ts) instead of kept row by row.
   */
  static async open(store: Store, trx: Executor, now: string, basis: string, mayWrite: boolean, batchId: number): Promise<ImportWriter> {
    const w = new ImportWriter(store, trx, now, now.slice(0, 10), basis, batchId);
    const ids = await maxIds(trx);
    w.nextHousehold = ids.household;
    w.nextMember = ids.member;
    w.memberIdsBefore = ids.member;
    w.householdIdsBefore = ids.household;
    if (mayWrite && ids.member === 0) w.deferredIndex = await deferMemberIdIndex(store, trx);
    return w;
  }

  private pushMembers(householdId: number, members: readonly MemberInput[]): void {
    for (const m of members) appendMember(this.rows.members, ++this.nextMember, householdId, m);
  }

  async addNew(h: NewImportHousehold, actor: string): Promise<void> {
    const id = ++this.nextHousehold;
    const rows = this.rows;
    const events = importedHistory(h, this.today);
    // The row keeps the exit year its history gives (a relapse clears it), so the two cannot disagree.
    const exitYear = statusFromEvents(events).exitYear;
    appendHousehold(rows.households, id, h.household, h.status, exitYear, h.members.length, this.now);
    this.pushMembers(id, h.members);
    for (const { year, income } of h.incomes) appendIncome(rows.incomes, id, year, income);
    for (const e of events) appendStatusEvent(rows.events, id, e.type, e.date, e.type === 'removed' ? 'other' : null, this.basis, actor);
    this.tally.add({ villageCode: h.household.villageCode, status: h.status, memberCount: h.members.length, mainCause: h.household.mainCause, attribute: h.household.attribute, exitYear }, events);
    appendImportTrail(this.trail, id, this.batchId, 'created', [], {});
    this.digest.update(`+${h.household.householdNo}|${h.members.map((m) => m.idNumber).join(',')}\n`);
    this.created += 1;
    if (++this.pending >= flushAt) await this.flush();
  }

  async update(change: HouseholdChange): Promise<void> {
    const before = change.stored.household;
    const parts: string[] = [];
    const memberCount = change.members?.length ?? before.memberCount;
    const columns = change.household ? householdColumns(change.household) : {};
    if (change.household) parts.push('household');
    if (change.household || change.members) await updateHouseholdRow(this.trx, before.id, before.version, { ...columns, member_count: memberCount }, this.now);
    else await updateHouseholdRow(this.trx, before.id, before.version, {}, this.now);
    if (change.members) {
      parts.push('members');
      await deleteMembersOf(this.trx, before.id);
      this.pushMembers(before.id, change.members);
    }
    for (const { year, income } of change.incomes) {
      parts.push(`income:${year}`);
      await upsertIncome(this.trx, before.id, year, income);
    }
    const after: HouseholdSummary = { ...before, ...(change.household ?? {}), memberCount };
    await moveContribution(this.trx, before, after);
    await moveHouseholdYears(this.trx, before.id, before, after);
    // The audit entry lists the first 1,000 changes; the digest covers them all.
    if (this.changes.length < 1000) this.changes.push({ householdNo: before.householdNo, parts });
    appendImportTrail(this.trail, before.id, this.batchId, 'updated', parts, importDetail(change.stored, change));
    this.digest.update(`~${before.householdNo}|${parts.join(',')}\n`);
    this.updated += 1;
    if (++this.pending >= flushAt) await this.flush();
  }

  /** Writes the rows the appenders still hold (full statements' worth were written as they filled). */
  async flush(): Promise<void> {
    await Promise.all([flushRegistry(this.rows), this.trail.flush()]);
    this.pending = 0;
  }

  /** Appends the batch's audit entry, only when something was written. */
  async finish(meta: BatchMeta): Promise<void> {
    await this.flush();
    await rebuildMemberIdIndex(this.deferredIndex);
    if (this.created + this.updated === 0) return;
    await syncIdSequences(this.store, this.trx);
    await applyTally(this.store, this.trx, this.tally);
    await appendAudit(this.trx, this.store.dialect, [
      {
        actor: meta.actor,
        action: 'import',
        entityType: 'batch',
        entityId: meta.batchName,
        before: null,
        after: {
          batchId: meta.batchId,
          fileName: meta.fileName,
          fileSha256: meta.fileSha256,
          created: this.created,
          updated: this.updated,
          changes: this.changes,
          digest: this.digest.digest('hex'),
        },
      },
    ], this.now);
  }
}
