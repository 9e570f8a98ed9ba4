// The comparison itself: a hash join of the department records (held in memory by ID number) with
// the registry, fed one household at a time so the registry side streams. Pure: the caller reads
// the store and writes the findings.
import type { FieldValue } from '../workbook/cells.js';
import type { DatasetKind } from './kinds.js';
import type { DatasetTable } from './table.js';
import { householdAmountFinding, kindRules, type DiscrepancyType, type Finding, type RegistryPerson } from './rules.js';
import { isIdTypo, nameSimilarity, typoKeys, typoThreshold } from './similarity.js';

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
  /** Set when the ID-typo search stopped remembering registry members (see `typoMemory`). */
  typoSearchTruncated?: number;
}

/**
 * The ID-typo search keeps one side in memory by name and ID blocks: the department file when it
 * is small (a deaths list), else the registry members no record matched (few when the file covers
 * the registry). Past `typoMemory` members it stops and says so in the counts, never silently.
 */
export const typoMemory = { smallFile: 100_000, unmatchedMembers: 3_000_000 };

export class Comparer {
  private readonly matched: Uint8Array;
  private readonly fileBlocks = new Map<string, number[]>();
  private readonly memberBlocks = new Map<string, RegistryPerson[]>();
  private readonly indexFile: boolean;
  private readonly pairs: { p: RegistryPerson; i: number }[] = [];
  private remembered = 0;
  readonly counts: CompareCounts;

  constructor(
    readonly kind: DatasetKind,
    private readonly table: DatasetTable,
  ) {
    this.matched = new Uint8Array(table.size);
    this.counts = { registryMembers: 0, departmentRecords: table.size, matched: 0, discrepancies: 0 };
    this.indexFile = table.size <= typoMemory.smallFile;
    if (this.indexFile) for (let i = 0; i < table.size; i++) for (const k of typoKeys(table.nameAt(i), table.idAt(i))) push(this.fileBlocks, k, i);
  }

  /** Compares all members of one household (household-level rules need them together). */
  household(persons: readonly RegistryPerson[]): Discrepancy[] {
    const out: Discrepancy[] = [];
    let departmentTotal = 0;
    let listed = false;
    const rule = kindRules[this.kind];
    for (const p of persons) {
      this.counts.registryMembers++;
      const i = this.table.find(p.idNumber);
      if (i === undefined) {
        for (const f of rule.absent?.(p) ?? []) out.push(this.found(f, p, null));
        this.rememberUnmatched(p);
        continue;
      }
      this.matched[i] = 1;
      this.counts.matched++;
      listed = true;
      const amount = this.table.valueAt(i, 'annualAmount');
      if (typeof amount === 'number') departmentTotal += amount;
      const name = this.table.nameAt(i);
      const similarity = name === p.name ? 1 : nameSimilarity(p.name, name);
      if (similarity < typoThreshold) {
        // Another person's number: the other rules would judge the wrong person.
        out.push(this.found({ type: 'nameMismatch', facts: { similarity: Math.round(similarity * 100) / 100 } }, p, i));
        continue;
      }
      if (similarity < 1) out.push(this.found({ type: 'nameTypo', facts: { similarity: Math.round(similarity * 100) / 100 } }, p, i));
      for (const f of rule.matched(p, (k) => this.table.valueAt(i, k))) out.push(this.found(f, p, i));
    }
    if (listed) {
      const head = persons.find((p) => p.relation === 'head') ?? persons[0];
      for (const f of householdAmountFinding(this.kind, persons, departmentTotal)) if (head) out.push(this.found(f, head, null));
    }
    this.counts.discrepancies += out.length;
    return out;
  }

  /** After the last household: department records whose ID number looks like a typo of a registry member's. */
  finish(): Discrepancy[] {
    const out: Discrepancy[] = [];
    const reported = new Set<number>();
    const report = (p: RegistryPerson, i: number): void => {
      if (this.matched[i] === 1 || reported.has(i)) return;
      reported.add(i);
      out.push(this.found({ type: 'idNumberTypo' }, p, i));
    };
    if (this.indexFile) for (const { p, i } of this.pairs) report(p, i);
    else {
      for (let i = 0; i < this.table.size; i++) {
        if (this.matched[i] === 1) continue;
        const id = this.table.idAt(i);
        for (const k of typoKeys(this.table.nameAt(i), id)) {
          const p = this.memberBlocks.get(k)?.find((c) => isIdTypo(c.idNumber, id));
          if (p) {
            report(p, i);
            break;
          }
        }
      }
    }
    this.counts.discrepancies += out.length;
    return out;
  }

  private rememberUnmatched(p: RegistryPerson): void {
    if (this.indexFile) {
      // The file is indexed: look the member up now, report at the end if the record stays unmatched.
      for (const k of typoKeys(p.name, p.idNumber)) {
        const i = this.fileBlocks.get(k)?.find((c) => isIdTypo(this.table.idAt(c), p.idNumber));
        if (i !== undefined) {
          this.pairs.push({ p, i });
          return;
        }
      }
      return;
    }
    if (this.remembered >= typoMemory.unmatchedMembers) {
      this.counts.typoSearchTruncated = (this.counts.typoSearchTruncated ?? 0) + 1;
      return;
    }
    this.remembered++;
    for (const k of typoKeys(p.name, p.idNumber)) push(this.memberBlocks, k, p);
  }

  private found(f: Finding, p: RegistryPerson, i: number | null): Discrepancy {
    const r = i === null ? null : this.table.record(i);
    const department = r ? { ...r.values, row: r.row } : null;
    return { type: f.type, memberId: p.memberId, householdId: p.householdId, villageCode: p.villageCode, registry: p, department, facts: f.facts ?? null };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
