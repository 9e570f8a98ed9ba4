// The comparison itself: a hash join of the department records (held in memory, indexed by ID
// number) with the registry, fed one household at a time so the registry side streams. Pure:
// the caller reads the store and writes the findings.
import type { FieldValue } from '../workbook/cells.js';
import type { DatasetKind } from './kinds.js';
import type { DatasetRecord } from './parse.js';
import { householdAmountFinding, kindRules, type DiscrepancyType, type Finding, type RegistryPerson } from './rules.js';
import { isIdTypo, nameSimilarity, normalizeName, typoThreshold } from './similarity.js';

export interface Discrepancy {
  readonly type: DiscrepancyType;
  readonly memberId: number | null;
  readonly householdId: number | null;
  readonly villageCode: string | null;
  /** Both records, side by side: what the registry holds and what the department sent. */
  readonly registry: RegistryPerson | null;
  readonly department: (Readonly<Record<string, FieldValue>> & { row: number }) | null;
  readonly facts: Readonly<Record<string, FieldValue>> | null;
}

export interface CompareCounts {
  registryMembers: number;
  departmentRecords: number;
  matched: number;
  discrepancies: number;
}

const amountKinds: ReadonlySet<DatasetKind> = new Set(['minimumLiving']);

export class Comparer {
  private readonly index = new Map<string, number>();
  private readonly matchedFlags: Uint8Array;
  /** Registry members no record matched, by name: candidates for an ID typo in the file. */
  private readonly unmatchedByName = new Map<string, RegistryPerson[]>();
  readonly counts: CompareCounts;

  constructor(
    readonly kind: DatasetKind,
    private readonly records: readonly DatasetRecord[],
  ) {
    records.forEach((r, i) => this.index.set(r.idNumber, i));
    this.matchedFlags = new Uint8Array(records.length);
    this.counts = { registryMembers: 0, departmentRecords: records.length, matched: 0, discrepancies: 0 };
  }

  /** Compares all members of one household (household-level rules need them together). */
  household(persons: readonly RegistryPerson[]): Discrepancy[] {
    const out: Discrepancy[] = [];
    let departmentTotal = 0;
    let listed = false;
    const rule = kindRules[this.kind];
    for (const p of persons) {
      this.counts.registryMembers++;
      const i = this.index.get(p.idNumber);
      const record = i === undefined ? undefined : this.records[i];
      if (i === undefined || record === undefined) {
        for (const f of rule.absent?.(p) ?? []) out.push(this.found(f, p, null));
        this.rememberUnmatched(p);
        continue;
      }
      this.matchedFlags[i] = 1;
      this.counts.matched++;
      listed = true;
      const amount = record.values['annualAmount'];
      if (typeof amount === 'number') departmentTotal += amount;
      const similarity = nameSimilarity(p.name, record.name);
      if (similarity < typoThreshold) {
        // Another person's number: the other rules would judge the wrong person.
        out.push(this.found({ type: 'nameMismatch', facts: { similarity: Math.round(similarity * 100) / 100 } }, p, record));
        continue;
      }
      if (similarity < 1) out.push(this.found({ type: 'nameTypo', facts: { similarity: Math.round(similarity * 100) / 100 } }, p, record));
      for (const f of rule.matched(p, record.values)) out.push(this.found(f, p, record));
    }
    if (listed && amountKinds.has(this.kind)) {
      const head = persons.find((p) => p.relation === 'head') ?? persons[0];
      for (const f of householdAmountFinding(this.kind, persons, departmentTotal)) if (head) out.push(this.found(f, head, null));
    }
    this.counts.discrepancies += out.length;
    return out;
  }

  /** After the last household: department records whose ID number looks like a typo of a registry member's. */
  finish(): Discrepancy[] {
    const out: Discrepancy[] = [];
    this.records.forEach((r, i) => {
      if (this.matchedFlags[i] === 1) return;
      const candidates = this.unmatchedByName.get(normalizeName(r.name)) ?? [];
      const p = candidates.find((c) => isIdTypo(c.idNumber, r.idNumber));
      if (p) out.push(this.found({ type: 'idNumberTypo' }, p, r));
    });
    this.counts.discrepancies += out.length;
    return out;
  }

  private rememberUnmatched(p: RegistryPerson): void {
    const key = normalizeName(p.name);
    const list = this.unmatchedByName.get(key);
    if (list) list.push(p);
    else this.unmatchedByName.set(key, [p]);
  }

  private found(f: Finding, p: RegistryPerson, r: DatasetRecord | null): Discrepancy {
    return { type: f.type, memberId: p.memberId, householdId: p.householdId, villageCode: p.villageCode, registry: p, department: r ? { ...r.values, row: r.row } : null, facts: f.facts ?? null };
  }
}
