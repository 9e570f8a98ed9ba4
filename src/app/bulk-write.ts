// Writes many households in one transaction: validated by the same domain rules as single writes,
// all or nothing, with one audit entry for the batch carrying a digest of every row written.
import { createHash } from 'node:crypto';
import type { HouseholdInput, HouseholdStatus, IncomeComponents, MemberInput, StatusEventType } from '../domain/registry.js';
import { IdNumberSet } from '../domain/id-number-set.js';
import { validateHousehold, type FieldError } from '../domain/validate.js';
import { subtreeRange } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import { deferMemberIdIndex, type DeferredMemberIdIndex } from '../store/member-id-index.js';
import { maxIds } from '../store/households.js';
import { appendHousehold, appendIncome, appendMember, appendStatusEvent, flushRegistry, registryAppenders, syncIdSequences, type RegistryAppenders } from '../store/registry-bulk.js';
import { ContributionTally, applyTally } from '../store/stats.js';
import type { Executor, Store } from '../store/store.js';
import { type Clock, isoNow, today } from './clock.js';
import { ValidationFailed } from './errors.js';

export interface BulkHousehold {
  readonly household: HouseholdInput;
  readonly members: readonly MemberInput[];
  readonly events: readonly { type: StatusEventType; date: string; reason: string | null }[];
  readonly incomes: readonly { year: number; income: IncomeComponents }[];
  readonly status: HouseholdStatus;
  readonly exitYear: number | null;
}

export interface BulkMeta {
  readonly actor: string;
  readonly action: string; // synth | import
  readonly region: string; // the subtree whose village counts are rebuilt
  readonly description: Record<string, unknown>;
}

export interface BulkResult {
  households: number;
  members: number;
  digest: string;
}

/**
 * Streams chunks of households into the store inside `trx`. Throws ValidationFailed (first 100
 * errors, each prefixed with the household number) before anything is committed.
 */
export class BulkWriter {
  private nextHousehold = 0;
  private nextMember = 0;
  private readonly hash = createHash('sha256');
  private readonly seenIds = new IdNumberSet();
  private households = 0;
  private members = 0;
  private readonly tally = new ContributionTally();
  private readonly rows: RegistryAppenders;
  private pending: Promise<void> | null = null;
  private deferredIndex: DeferredMemberIdIndex | null = null;

  private constructor(
    private readonly store: Store,
    private readonly trx: Executor,
    private readonly clock: Clock,
  ) {
    this.rows = registryAppenders(store, trx);
  }

  /**
   * `expectedMembers`: about how many members the write will add. A write larger than the registry
   * it goes into builds the unique index on ID numbers once at the end (store/member-id-index.ts);
   * the caller must then not look members up by ID number inside the transaction.
   */
  static async open(store: Store, trx: Executor, clock: Clock, expectedMembers = 0): Promise<BulkWriter> {
    const writer = new BulkWriter(store, trx, clock);
    const ids = await maxIds(trx);
    writer.nextHousehold = ids.household;
    writer.nextMember = ids.member;
    // The largest member id bounds how many members are stored.
    if (expectedMembers > ids.member) writer.deferredIndex = await deferMemberIdIndex(store, trx);
    return writer;
  }

  /**
   * Validates the chunk, then hands its rows to the store. On PostgreSQL the chunk's COPYs are still
   * under way when this returns: the server stores one chunk while the caller makes the next, and
   * the next write() (or finish()) waits for them, so a failed COPY fails that call.
   */
  async write(chunk: readonly BulkHousehold[]): Promise<void> {
    await this.check(chunk);
    const now = isoNow(this.clock);
    const rows = this.rows;
    // The digest covers the same text as before, hashed once per chunk instead of once per row.
    let digest = '';
    for (let i = 0; i < chunk.length; i++) {
      if (i % yieldEvery === yieldEvery - 1) await yieldToIo();
      const h = chunk[i] as BulkHousehold;
      const id = ++this.nextHousehold;
      const household = h.household;
      const members = h.members;
      appendHousehold(rows.households, id, household, h.status, h.exitYear, members.length, now);
      digest += `${household.householdNo}|${household.villageCode}|${h.status}|${members.length}\n`;
      for (const m of members) {
        appendMember(rows.members, ++this.nextMember, id, m);
        digest += `${m.idNumber}|${m.name}|${m.relation}\n`;
      }
      for (const { year, income } of h.incomes) appendIncome(rows.incomes, id, year, income);
      for (const e of h.events) appendStatusEvent(rows.events, id, e.type, e.date, e.reason, null, 'synth');
      this.tally.add({ villageCode: household.villageCode, status: h.status, memberCount: members.length, mainCause: household.mainCause, attribute: household.attribute, exitYear: h.exitYear }, h.events);
      this.members += members.length;
    }
    this.households += chunk.length;
    this.hash.update(digest);
    await this.settle();
    const pending = flushRegistry(rows);
    // Watched here so that a failure is not reported as unhandled before settle() takes it up.
    pending.catch(() => undefined);
    this.pending = pending;
  }

  /** Waits for the rows handed to the store so far. */
  private async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (pending) await pending;
  }

  /** Validates the whole chunk before any of it is written; throws the first 100 errors. */
  private async check(chunk: readonly BulkHousehold[]): Promise<void> {
    const ctx = { today: today(this.clock) };
    const errors: FieldError[] = [];
    for (let i = 0; i < chunk.length; i++) {
      if (i % yieldEvery === yieldEvery - 1) await yieldToIo();
      const h = chunk[i] as BulkHousehold;
      const problems = validateHousehold(h.household, h.members, ctx);
      const members = h.members;
      for (let k = 0; k < members.length; k++) {
        if (!this.seenIds.add((members[k] as MemberInput).idNumber)) {
          problems.push({ field: `members[${k}].idNumber`, message: '同一身份证号在本批数据中出现两次', messageEn: 'ID number appears twice in this batch', fix: '同一人只能登记在一户中', fixEn: 'A person can be registered in one household only' });
        }
      }
      for (const p of problems) errors.push({ ...p, field: `${h.household.householdNo}.${p.field}` });
    }
    if (errors.length > 0) throw new ValidationFailed(errors.slice(0, 100));
  }

  async finish(meta: BulkMeta): Promise<BulkResult> {
    await this.settle();
    await rebuildMemberIdIndex(this.deferredIndex);
    await syncIdSequences(this.store, this.trx);
    await applyTally(this.store, this.trx, this.tally);
    const digest = this.hash.digest('hex');
    const result = { households: this.households, members: this.members, digest };
    await appendAudit(this.trx, this.store.dialect, [
      { actor: meta.actor, action: meta.action, entityType: 'batch', entityId: meta.region, before: null, after: { ...meta.description, ...result } },
    ], isoNow(this.clock));
    return result;
  }
}

/**
 * Builds the deferred index, or refuses the write (rolled back with it) naming the households that
 * share an ID number: people the write's own checks could not see, registered before it.
 */
export async function rebuildMemberIdIndex(deferred: DeferredMemberIdIndex | null): Promise<void> {
  if (!deferred) return;
  const shared = await deferred.rebuild();
  if (shared.length === 0) return;
  throw new ValidationFailed(
    shared.map(({ householdNos }) => ({
      field: `${householdNos.at(-1) ?? ''}.members.idNumber`,
      message: `同一身份证号登记在 ${householdNos.length} 户：${householdNos.join('、')}`,
      messageEn: `One ID number is registered in ${householdNos.length} households: ${householdNos.join(', ')}`,
      fix: '同一人只能登记在一户中：核实后从其余户中删除此人',
      fixEn: 'A person can be registered in one household only: check, then remove the person from the others',
    })),
  );
}

/**
 * Validating and encoding a chunk takes a while; every few hundred households the event loop gets
 * a turn, so that the previous chunk's COPY data reaches the socket and its next COPY can start.
 */
const yieldEvery = 250;
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function regionBounds(code: string): readonly [string, string] {
  return subtreeRange(code);
}
