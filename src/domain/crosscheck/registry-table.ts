// The registry side of a comparison in typed columns: only the fields the kind's rules read, one
// row per member in household order. Ten million members as objects would cost more to build and
// to collect than the comparison itself; the rules read a member through one reused view.
import { CodedStrings, PackedFlags, PackedIds, PackedNumbers, PackedStrings, type PackedColumn } from './columns.js';
import type { RegistryField, RegistryPerson } from './rules.js';

const fieldColumns = {
  memberId: 'number',
  householdId: 'number',
  householdNo: 'text',
  villageCode: 'code',
  name: 'text',
  idNumber: 'id',
  relation: 'code',
  householdStatus: 'code',
  exitYear: 'number',
  housingSafetyGrade: 'code',
  renovationYear: 'number',
  renovationInProgress: 'flag',
  relocationPending: 'flag',
  schoolStatus: 'code',
  health: 'code',
  hasResidentMedicalInsurance: 'flag',
  hasEmployeeMedicalInsurance: 'flag',
  receivesMinimumLiving: 'flag',
  isExtremePoverty: 'flag',
  minimumLivingAllowance: 'number',
  extremePovertyAllowance: 'number',
} as const satisfies Record<RegistryField, 'number' | 'text' | 'code' | 'id' | 'flag'>;

/** A registry value as the store hands it over: typed already (numbers, text, true/false, null). */
export type RegistryValue = string | number | boolean | null;

function columnOf(type: (typeof fieldColumns)[RegistryField]): PackedColumn {
  if (type === 'number') return new PackedNumbers();
  if (type === 'flag') return new PackedFlags();
  if (type === 'id') return new PackedIds();
  if (type === 'code') return new CodedStrings();
  return new PackedStrings();
}

export class RegistryTable {
  private readonly columns: readonly PackedColumn[];
  /** Per column, how a value goes in: chosen once, not per member. */
  private readonly pushers: readonly ((v: RegistryValue) => void)[];
  private readonly byField = new Map<RegistryField, PackedColumn>();
  readonly memberIds: PackedNumbers;
  readonly householdIds: PackedNumbers;
  readonly names: PackedStrings;
  readonly ids: PackedIds;

  /** `fields` must include memberId, householdId, name and idNumber; rows are pushed in this order. */
  constructor(readonly fields: readonly RegistryField[]) {
    this.columns = fields.map((f) => columnOf(fieldColumns[f]));
    fields.forEach((f, k) => this.byField.set(f, this.columns[k] as PackedColumn));
    this.pushers = this.columns.map((c): ((v: RegistryValue) => void) => {
      if (c instanceof PackedNumbers) return (v) => c.push(typeof v === 'number' ? v : null);
      if (c instanceof PackedFlags) return (v) => c.push(typeof v === 'boolean' ? v : null);
      return (v) => c.push(v === null ? null : String(v));
    });
    const need = <C extends PackedColumn>(f: RegistryField): C => {
      const c = this.byField.get(f);
      if (!c) throw new Error(`the registry table needs the field ${f}`);
      return c as C;
    };
    this.memberIds = need('memberId');
    this.householdIds = need('householdId');
    this.names = need('name');
    this.ids = need('idNumber');
  }

  get size(): number {
    return this.memberIds.size;
  }

  /** One member's values, in the order of `fields`. */
  push(values: readonly RegistryValue[]): void {
    const pushers = this.pushers;
    for (let k = 0; k < pushers.length; k++) (pushers[k] as (v: RegistryValue) => void)(values[k] ?? null);
  }

  memberId(i: number): number {
    return this.memberIds.get(i) ?? 0;
  }

  householdId(i: number): number {
    return this.householdIds.get(i) ?? 0;
  }

  name(i: number): string {
    return this.names.get(i) ?? '';
  }

  idNumber(i: number): string {
    return this.ids.get(i) ?? '';
  }

  /**
   * A member as the rules see it, moved with `at`. A field the comparison did not read throws
   * rather than reading as missing: a rule that needs it must declare it.
   */
  view(): RegistryView {
    // Getters on a prototype stay fast to call; on the object itself they would not.
    class View {
      at = 0;
    }
    for (const field of Object.keys(fieldColumns) as RegistryField[]) {
      const c = this.byField.get(field);
      Object.defineProperty(View.prototype, field, {
        enumerable: true,
        get: c
          ? function (this: View) {
              return c.get(this.at);
            }
          : () => {
              throw new Error(`the comparison did not read the registry field ${field}`);
            },
      });
    }
    return new View() as RegistryView;
  }

  static of(fields: readonly RegistryField[], persons: readonly RegistryPerson[]): RegistryTable {
    const t = new RegistryTable(fields);
    for (const p of persons) t.push(fields.map((f) => p[f]));
    return t;
  }
}

export type RegistryView = RegistryPerson & { at: number };
