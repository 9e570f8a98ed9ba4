// What a synthesis counts of the households it generates, and the messages of its worker thread.
import type { SynthErrorKind, SynthHousehold, SynthOptions, SynthVillagePlan } from '../domain/synth/generate.js';
import type { FieldError } from '../domain/validate.js';
import type { PackedRegistryRows } from '../store/registry-bulk.js';
import type { PreparedTotals } from './bulk-prepare.js';
import type { PrepareStart } from './bulk-write.js';

/** People per village (for the villages' rural population) and the planted mistakes by kind. */
export class GeneratedTally {
  readonly peoplePerVillage = new Map<string, number>();
  readonly errors: Partial<Record<SynthErrorKind, number>> = {};

  add(h: SynthHousehold): void {
    const code = h.household.villageCode;
    this.peoplePerVillage.set(code, (this.peoplePerVillage.get(code) ?? 0) + h.members.length);
    if (h.errorKind) this.errors[h.errorKind] = (this.errors[h.errorKind] ?? 0) + 1;
  }

  parts(): GeneratedParts {
    return { peoplePerVillage: this.peoplePerVillage, errors: this.errors };
  }
}

export interface GeneratedParts {
  readonly peoplePerVillage: ReadonlyMap<string, number>;
  readonly errors: Partial<Record<SynthErrorKind, number>>;
}

export interface SynthWorkerData {
  readonly options: Omit<SynthOptions, 'taken'>;
  /** ID numbers registered before, which the generated people must not take. */
  readonly taken: readonly string[];
  readonly plans: readonly SynthVillagePlan[];
  readonly start: PrepareStart;
  readonly chunkSize: number;
}

/** Posted by the worker; the writing thread answers each `rows` once stored. */
export type SynthWorkerMessage =
  | { readonly type: 'rows'; readonly rows: PackedRegistryRows; readonly households: number }
  | { readonly type: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly type: 'done'; readonly totals: PreparedTotals; readonly generated: GeneratedParts }
  | { readonly type: 'error'; readonly message: string; readonly stack: string };
