// Writes many households in one transaction: validated by the same domain rules as single writes,
// all or nothing, with one audit entry for the batch carrying a digest of every row written.
// The checking and row making (bulk-prepare.ts) run here, or in a worker thread that hands over
// the rows of each chunk ready made (writePrepared).
import { BulkPreparer, type BulkHousehold, type PreparedTotals } from './bulk-prepare.js';
import type { FieldError } from '../domain/validate.js';
import { subtreeRange } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import { deferMemberIdIndex, type DeferredMemberIdIndex } from '../store/member-id-index.js';
import { maxIds } from '../store/households.js';
import { flushRegistry, registryAppenders, syncIdSequences, unpackRegistryRows, type PackedRegistryRows, type RegistryAppenders } from '../store/registry-bulk.js';
import { applyTally } from '../store/stats.js';
import type { Executor, Store } from '../store/store.js';
import { type Clock, isoNow, today } from './clock.js';
import { ValidationFailed } from './errors.js';

export type { BulkHousehold } from './bulk-prepare.js';

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

/** Where a worker's preparer starts: the ids stored before the write, the clock's now and today. */
export interface PrepareStart {
  readonly lastHousehold: number;
  readonly lastMember: number;
  readonly today: string;
  readonly now: string;
}

/**
 * Streams chunks of households into the store inside `trx`. Throws ValidationFailed (first 100
 * errors, each prefixed with the household number) before anything is committed.
 */
export class BulkWriter {
  private readonly rows: RegistryAppenders;
  private pending: Promise<void> | null = null;
  private deferredIndex: DeferredMemberIdIndex | null = null;
  private preparer: BulkPreparer | null = null;

  private constructor(
    private readonly store: Store,
    private readonly trx: Executor,
    private readonly clock: Clock,
    readonly start: PrepareStart,
  ) {
    this.rows = registryAppenders(store, trx);
  }

  /**
   * `expectedMembers`: about how many members the write will add. A write larger than the registry
   * it goes into builds the unique index on ID numbers once at the end (store/member-id-index.ts);
   * the caller must then not look members up by ID number inside the transaction.
   */
  static async open(store: Store, trx: Executor, clock: Clock, expectedMembers = 0): Promise<BulkWriter> {
    const ids = await maxIds(trx);
    const writer = new BulkWriter(store, trx, clock, { lastHousehold: ids.household, lastMember: ids.member, today: today(clock), now: isoNow(clock) });
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
    const preparer = this.ownPreparer();
    refuse(await preparer.check(chunk));
    await preparer.build(chunk, this.rows);
    await this.handOn();
  }

  /** A chunk checked and made by a worker's BulkPreparer started at `start`, in the order made. */
  async writePrepared(rows: PackedRegistryRows): Promise<void> {
    unpackRegistryRows(rows, this.rows);
    await this.handOn();
  }

  /** The preparer of chunks written here (write), made at the first. */
  private ownPreparer(): BulkPreparer {
    const s = this.start;
    return (this.preparer ??= new BulkPreparer(s.lastHousehold, s.lastMember, s.today, s.now));
  }

  private async handOn(): Promise<void> {
    await this.settle();
    const pending = flushRegistry(this.rows);
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

  /** `prepared`: the worker's totals, when a worker prepared the chunks (writePrepared). */
  async finish(meta: BulkMeta, prepared?: PreparedTotals): Promise<BulkResult> {
    await this.settle();
    const totals = prepared ?? this.ownPreparer().totals();
    await rebuildMemberIdIndex(this.deferredIndex);
    await syncIdSequences(this.store, this.trx);
    await applyTally(this.store, this.trx, totals.tally);
    const result = { households: totals.households, members: totals.members, digest: totals.digest };
    await appendAudit(this.trx, this.store.dialect, [
      { actor: meta.actor, action: meta.action, entityType: 'batch', entityId: meta.region, before: null, after: { ...meta.description, ...result } },
    ], isoNow(this.clock));
    return result;
  }
}

/** Throws the first 100 of a chunk's problems, if any. */
function refuse(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw new ValidationFailed(errors.slice(0, 100));
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

export function regionBounds(code: string): readonly [string, string] {
  return subtreeRange(code);
}
