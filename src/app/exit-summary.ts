// Counts of a run per area, kept while units are evaluated so that "how many are blocked by what,
// in which village" never needs a scan of the results.
import type { CompiledRuleSet, UnitOutcome } from '../domain/exit-rules/evaluate.js';
import type { RuleSet } from '../domain/exit-rules/rule-set.js';

export function flagsOf(ruleSet: RuleSet, codes: string): string[] {
  return ruleSet.criteria.filter((k, i) => k.kind === 'flag' && codes.charAt(i) === 'F').map((k) => k.id);
}

export class SummaryTally {
  readonly total = { units: 0, ready: 0, blocked: 0, noData: 0, flagged: 0 };
  private readonly areas = new Map<string, Int32Array>();
  // Slots: units, ready, blocked, noData, flagged, then fail:<i> and noData:<i> per criterion.
  private readonly width: number;
  private readonly ids: readonly string[];
  private readonly flags: readonly number[];

  constructor(private readonly c: CompiledRuleSet) {
    this.ids = c.criteria.map((k) => k.def.id);
    this.width = 5 + 2 * this.ids.length;
    this.flags = c.criteria.flatMap((k, i) => (k.requirement ? [] : [i]));
  }

  add(area: string, out: UnitOutcome): void {
    let slots = this.areas.get(area);
    if (!slots) {
      slots = new Int32Array(this.width);
      this.areas.set(area, slots);
    }
    const n = this.ids.length;
    slots[0] = (slots[0] ?? 0) + 1;
    this.total.units++;
    const s = out.status === 'ready' ? 1 : out.status === 'blocked' ? 2 : 3;
    slots[s] = (slots[s] ?? 0) + 1;
    this.total[out.status]++;
    let flagged = false;
    for (const i of this.flags) if (out.codes.charCodeAt(i) === 70) flagged = true;
    if (flagged) {
      slots[4] = (slots[4] ?? 0) + 1;
      this.total.flagged++;
    }
    for (let i = 0; i < n; i++) {
      const ch = out.codes.charCodeAt(i);
      if (ch === 70) slots[5 + i] = (slots[5 + i] ?? 0) + 1; // 'F'
      else if (ch === 78) slots[5 + n + i] = (slots[5 + n + i] ?? 0) + 1; // 'N'
    }
  }

  keys(): string[] {
    return ['units', 'ready', 'blocked', 'noData', 'flagged', ...this.ids.map((id) => `fail:${id}`), ...this.ids.map((id) => `noData:${id}`)];
  }

  rows(runId: number): unknown[][] {
    const keys = this.keys();
    const out: unknown[][] = [];
    for (const [area, slots] of this.areas) {
      keys.forEach((key, i) => {
        const v = slots[i] ?? 0;
        if (v > 0) out.push([runId, area, key, v]);
      });
    }
    return out;
  }

  /** Units failing each requirement (or, with `flags`, carrying each flag), over the whole run. */
  blockedBy(flags = false): Record<string, number> {
    const result: Record<string, number> = {};
    this.c.criteria.forEach((k, i) => {
      if (k.requirement === flags) return;
      let sum = 0;
      for (const slots of this.areas.values()) sum += slots[5 + i] ?? 0;
      if (sum > 0) result[k.def.id] = sum;
    });
    return result;
  }
}
