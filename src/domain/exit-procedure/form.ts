// The signed form (退出核验表): every signature the procedure requires, in order, with the
// ones not yet given marked missing — what an inspector checks first (seed 002).
import type { CaseState } from './workflow.js';
import type { StepId } from './steps.js';

export interface FormLine {
  readonly step: StepId;
  readonly stepZh: string;
  readonly stepEn: string;
  readonly slot: string;
  readonly slotZh: string;
  readonly slotEn: string;
  readonly signatoryName: string | null;
  readonly date: string | null;
  readonly missing: boolean;
}

export function formLines(state: CaseState): FormLine[] {
  return state.steps.flatMap((s) =>
    s.slots.map((x) => ({
      step: s.step.id,
      stepZh: s.step.zh,
      stepEn: s.step.en,
      slot: x.slot.id,
      slotZh: x.slot.zh,
      slotEn: x.slot.en,
      signatoryName: x.signature?.signatoryName ?? null,
      date: x.signature?.date ?? null,
      missing: x.signature === null,
    })),
  );
}

export function missingCount(state: CaseState): number {
  return formLines(state).filter((l) => l.missing).length;
}
