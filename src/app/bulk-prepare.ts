// The half of a bulk write that needs no database: every household checked by the registry's
// rules, its rows made with the ids the write gives them, the digest and the pre-aggregate tally.
// It runs in the writing thread (bulk-write.ts) or, for a large synthesis, in a worker thread that
// generates the households (synth-worker.ts) while the writing thread stores the rows.
import { createHash } from 'node:crypto';
import type { HouseholdInput, HouseholdStatus, IncomeComponents, MemberInput, StatusEventType } from '../domain/registry.js';
import { IdNumberSet } from '../domain/id-number-set.js';
import { validateHousehold, type FieldError } from '../domain/validate.js';
import { appendHousehold, appendIncome, appendMember, appendStatusEvent, type RegistryAppenders } from '../store/registry-bulk.js';
import { ContributionTally } from '../store/stats.js';

export interface BulkHousehold {
  readonly household: HouseholdInput;
  readonly members: readonly MemberInput[];
  readonly events: readonly { type: StatusEventType; date: string; reason: string | null }[];
  readonly incomes: readonly { year: number; income: IncomeComponents }[];
  readonly status: HouseholdStatus;
  readonly exitYear: number | null;
}

/** What a bulk write's audit entry and pre-aggregates need once every chunk is prepared. */
export interface PreparedTotals {
  readonly households: number;
  readonly members: number;
  readonly digest: string;
  readonly tally: ContributionTally;
}

export class BulkPreparer {
  private readonly hash = createHash('sha256');
  private readonly seenIds = new IdNumberSet();
  private readonly tally = new ContributionTally();
  private households = 0;
  private members = 0;

  /** `lastHousehold`, `lastMember`: the largest ids stored before the write; `now` stamps the rows. */
  constructor(
    private lastHousehold: number,
    private lastMember: number,
    private readonly today: string,
    private readonly now: string,
  ) {}

  /** Every problem of the chunk (none: it may be built), each field prefixed with the household number. */
  async check(chunk: readonly BulkHousehold[]): Promise<FieldError[]> {
    const ctx = { today: this.today };
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
    return errors;
  }

  /** Hands a checked chunk's rows to `to`, numbering households and members on from the last ones. */
  async build(chunk: readonly BulkHousehold[], to: RegistryAppenders): Promise<void> {
    const now = this.now;
    // The digest covers the same text as before, hashed once per chunk instead of once per row.
    let digest = '';
    for (let i = 0; i < chunk.length; i++) {
      if (i % yieldEvery === yieldEvery - 1) await yieldToIo();
      const h = chunk[i] as BulkHousehold;
      const id = ++this.lastHousehold;
      const household = h.household;
      const members = h.members;
      appendHousehold(to.households, id, household, h.status, h.exitYear, members.length, now);
      digest += `${household.householdNo}|${household.villageCode}|${h.status}|${members.length}\n`;
      for (const m of members) {
        appendMember(to.members, ++this.lastMember, id, m);
        digest += `${m.idNumber}|${m.name}|${m.relation}\n`;
      }
      for (const { year, income } of h.incomes) appendIncome(to.incomes, id, year, income);
      for (const e of h.events) appendStatusEvent(to.events, id, e.type, e.date, e.reason, null, 'synth');
      this.tally.add({ villageCode: household.villageCode, status: h.status, memberCount: members.length, mainCause: household.mainCause, attribute: household.attribute, exitYear: h.exitYear }, h.events);
      this.members += members.length;
    }
    this.households += chunk.length;
    this.hash.update(digest);
  }

  /** Once, after the last chunk. */
  totals(): PreparedTotals {
    return { households: this.households, members: this.members, digest: this.hash.digest('hex'), tally: this.tally };
  }
}

/**
 * Validating and encoding a chunk takes a while; every few hundred households the event loop gets
 * a turn, so that the previous chunk's COPY data reaches the socket and its next COPY can start.
 */
const yieldEvery = 250;
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
