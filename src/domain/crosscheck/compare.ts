// The comparison itself: a hash join of the department records (held in memory by ID number) with
// the registry members (in typed columns, household by household). Pure: the caller reads the
// store, attaches each finding's full registry record and writes the findings.
import type { FieldValue } from '../workbook/cells.js';
import type { DatasetKind } from './kinds.js';
import type { DatasetTable } from './table.js';
import type { RegistryTable, RegistryView } from './registry-table.js';
import { amountKinds, householdAmountFinding, kindRules, type DiscrepancyType, type Finding, type RegistryPerson } from './rules.js';
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

/** A discrepancy by position: the member in the registry table, the record in the department table. */
export interface Found {
  readonly type: DiscrepancyType;
  readonly member: number;
  readonly record: number | null;
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
  /** Unmatched members by typo key: their place in `memberIds` (the 18 characters of each, side by side). */
  private readonly memberBlocks = new Map<string, number[]>();
  private memberIds = new Uint8Array(18 * 1024);
  private readonly memberOf: number[] = [];
  private readonly indexFile: boolean;
  private readonly pairs: { m: number; i: number }[] = [];
  private remembered = 0;
  /** The department record the rules are reading, and their accessor to its values. */
  private at = -1;
  private readonly values = (k: string): FieldValue => this.table.valueAt(this.at, k);
  private readonly amount: ((i: number) => FieldValue) | null;
  readonly counts: CompareCounts;

  constructor(
    readonly kind: DatasetKind,
    private readonly table: DatasetTable,
  ) {
    this.matched = new Uint8Array(table.size);
    this.counts = { registryMembers: 0, departmentRecords: table.size, matched: 0, discrepancies: 0 };
    this.amount = table.column('annualAmount');
    this.indexFile = table.size <= typoMemory.smallFile;
    if (this.indexFile) for (let i = 0; i < table.size; i++) for (const k of typoKeys(table.nameAt(i), table.idAt(i))) push(this.fileBlocks, k, i);
  }

  /**
   * Compares every member of the registry table (in household order: household rules need a
   * household's members together), then looks for ID-number typos. Call once per table.
   */
  compare(registry: RegistryTable): Found[] {
    const out: Found[] = [];
    const view = registry.view();
    const hids = registry.householdIds;
    for (let start = 0; start < registry.size; ) {
      const hid = hids.get(start);
      let end = start + 1;
      while (end < registry.size && hids.get(end) === hid) end++;
      this.household(registry, view, start, end, out);
      start = end;
    }
    this.typos(out);
    this.counts.discrepancies += out.length;
    return out;
  }

  /** The department record of a finding as stored beside the registry's: its values and row. */
  department(i: number): Readonly<Record<string, FieldValue>> & { row: number } {
    const values = this.table.values(i);
    return Object.assign(values, { row: this.table.rowNumber(i) });
  }

  /** A finding with the member's full registry record. */
  discrepancy(f: Found, person: RegistryPerson): Discrepancy {
    return { type: f.type, memberId: person.memberId, householdId: person.householdId, villageCode: person.villageCode, registry: person, department: f.record === null ? null : this.department(f.record), facts: f.facts };
  }

  /** Members [start, end) of one household. */
  private household(registry: RegistryTable, p: RegistryView, start: number, end: number, out: Found[]): void {
    const rule = kindRules[this.kind];
    const table = this.table;
    const ids = registry.ids;
    let departmentTotal = 0;
    let listed = false;
    for (let m = start; m < end; m++) {
      this.counts.registryMembers++;
      p.at = m;
      const slot = table.slotOf(ids.keyAt(m), ids.checkAt(m));
      if (slot < 0) {
        if (rule.absent) for (const f of rule.absent(p)) out.push(found(f, m, null));
        this.rememberUnmatched(registry, m);
        continue;
      }
      const i = table.rowAt(slot);
      this.matched[i] = 1;
      this.counts.matched++;
      listed = true;
      const amount = this.amount?.(i);
      if (typeof amount === 'number') departmentTotal += amount;
      // Nearly every name is the same: compared as numbers (short names) or in place, made into strings only when not.
      const a = registry.names.codeAt(m);
      const b = table.nameCodeAt(slot);
      if (a >= 0 || b >= 0 ? a !== b : !registry.names.equalsAt(m, table.names, i)) {
        const similarity = nameSimilarity(registry.name(m), table.nameAt(i));
        if (similarity < typoThreshold) {
          // Another person's number: the other rules would judge the wrong person.
          out.push(found({ type: 'nameMismatch', facts: { similarity: Math.round(similarity * 100) / 100 } }, m, i));
          continue;
        }
        if (similarity < 1) out.push(found({ type: 'nameTypo', facts: { similarity: Math.round(similarity * 100) / 100 } }, m, i));
      }
      this.at = i;
      for (const f of rule.matched(p, this.values)) out.push(found(f, m, i));
    }
    if (listed && amountKinds.has(this.kind)) {
      let head = start;
      for (let m = start; m < end; m++) {
        p.at = m;
        if (p.relation === 'head') {
          head = m;
          break;
        }
      }
      p.at = start;
      for (const f of householdAmountFinding(this.kind, p, departmentTotal)) out.push(found(f, head, null));
    }
  }

  /** After the last household: department records whose ID number looks like a typo of a registry member's. */
  private typos(out: Found[]): void {
    const reported = new Set<number>();
    const report = (m: number, i: number): void => {
      if (this.matched[i] === 1 || reported.has(i)) return;
      reported.add(i);
      out.push({ type: 'idNumberTypo', member: m, record: i, facts: null });
    };
    if (this.indexFile) {
      for (const { m, i } of this.pairs) report(m, i);
      return;
    }
    if (this.memberBlocks.size === 0) return;
    const id = new Uint8Array(18);
    const ids = this.memberIds;
    // Candidates are compared byte by byte in one array: lists of a common name run long.
    const typo = (r: number): boolean => {
      let diff = 0;
      for (let k = 0, at = r * 18; k < 18; k++) if (ids[at + k] !== id[k] && ++diff > 2) return false;
      return diff > 0;
    };
    for (let i = 0; i < this.table.size; i++) {
      if (this.matched[i] === 1) continue;
      const text = this.table.idAt(i);
      for (let k = 0; k < 18; k++) id[k] = text.charCodeAt(k);
      for (const k of typoKeys(this.table.nameAt(i), text)) {
        const r = this.memberBlocks.get(k)?.find(typo);
        if (r !== undefined) {
          report(this.memberOf[r] ?? 0, i);
          break;
        }
      }
    }
  }

  private rememberUnmatched(registry: RegistryTable, m: number): void {
    if (this.indexFile) {
      if (this.fileBlocks.size === 0) return;
      // The file is indexed: look the member up now, report at the end if the record stays unmatched.
      const id = registry.idNumber(m);
      for (const k of typoKeys(registry.name(m), id)) {
        const i = this.fileBlocks.get(k)?.find((c) => isIdTypo(this.table.idAt(c), id));
        if (i !== undefined) {
          this.pairs.push({ m, i });
          return;
        }
      }
      return;
    }
    if (this.remembered >= typoMemory.unmatchedMembers) {
      this.counts.typoSearchTruncated = (this.counts.typoSearchTruncated ?? 0) + 1;
      return;
    }
    const id = registry.idNumber(m);
    // Department numbers are 18 characters: a number of another length is no typo of one.
    if (id.length !== 18) return;
    const r = this.remembered++;
    if ((r + 1) * 18 > this.memberIds.length) {
      const grown = new Uint8Array(this.memberIds.length * 2);
      grown.set(this.memberIds);
      this.memberIds = grown;
    }
    for (let k = 0; k < 18; k++) this.memberIds[r * 18 + k] = id.charCodeAt(k);
    this.memberOf.push(m);
    for (const k of typoKeys(registry.name(m), id)) push(this.memberBlocks, k, r);
  }
}

const found = (f: Finding, member: number, record: number | null): Found => ({ type: f.type, member, record, facts: f.facts ?? null });

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
