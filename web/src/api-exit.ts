// Shapes of the exit-case and sample-plan answers (see src/app/exit-present.ts).
export interface ExitCase {
  id: number;
  kind: 'household' | 'village' | 'county';
  kindLabel: { zh: string; en: string };
  regionCode: string;
  householdId: number | null;
  year: number;
  noticeDays: number;
  round: number;
  status: 'open' | 'closed';
  currentStep: string | null;
  currentStepLabel: { zh: string; en: string } | null;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  version: number;
  householdNo?: string | null;
  regionName?: string | null;
}

export interface SlotView {
  id: string;
  zh: string;
  en: string;
  named: boolean;
  signature: { signatoryName: string; date: string; actor: string } | null;
}

export interface StepView {
  id: string;
  zh: string;
  en: string;
  status: 'done' | 'current' | 'pending';
  needsAttachment: boolean;
  slots: SlotView[];
}

export interface FormLine {
  step: string;
  stepZh: string;
  stepEn: string;
  slot: string;
  slotZh: string;
  slotEn: string;
  signatoryName: string | null;
  date: string | null;
  missing: boolean;
}

export interface CaseDetail {
  case: ExitCase;
  unit: { path: { code: string; name: string }[]; household: { id: number; householdNo: string; headName: string | null; memberCount: number; status: string; netIncomePerCapita: number | null } | null };
  state: { current: string | null; notice: { start: string; end: string } | null; noticeOpen: boolean; steps: StepView[] };
  signatures: { id: number; round: number; step: string; slot: string; actor: string; actorRole: string; signatoryName: string; date: string; note: string | null; signedAt: string; voided: boolean }[];
  objections: { id: number; round: number; date: string; content: string; objector: string | null; recordedBy: string }[];
  attachments: { id: number; round: number; step: string; fileName: string; size: number; sha256: string; uploadedBy: string; uploadedAt: string }[];
  form: { lines: FormLine[]; missing: number };
  signable: string[];
  canObject: boolean;
  canAttach: boolean;
}

export interface Interval {
  low: number;
  high: number;
}

export interface Rate {
  numerator: number;
  denominator: number;
  households: number;
  rate: number | null;
  wilson: Interval | null;
  design: { estimate: number; interval: Interval; deff: number | null; effectiveN: number; clusters: string } | null;
  threshold: { op: '<' | '>'; value: number };
  passes: boolean | null;
}

export interface Rates {
  wrongExitRate: Rate;
  missedPoorRate: Rate;
  recognitionRate: Rate;
}

export interface DrawParams {
  towns: number | null;
  villagesPerTown: number | null;
  exitedPerVillage: number | null;
  poorPerVillage: number | null;
  unregisteredPerVillage: number;
}

export interface Plan {
  id: number;
  name: string;
  countyCode: string;
  year: number;
  seed: number;
  method: string;
  /** The method in English; null for a plan drawn by an older method version. */
  methodEn: string | null;
  methodVersion: string;
  params: DrawParams;
  counts: { towns: [number, number]; villages: [number, number]; households: number; items: number };
  createdBy: string;
  createdAt: string;
}

export interface Item {
  id: number;
  townCode: string;
  townName: string | null;
  villageCode: string;
  villageName: string | null;
  stratum: 'exited' | 'poor' | 'unregistered';
  householdId: number | null;
  householdNo: string | null;
  slotNo: number;
  weight: number;
  people: number | null;
  finding: { people: number; wronglyExited: boolean; missedPoor: boolean; recognises: boolean | null; note: string | null } | null;
}

export interface Distribution {
  draws: number;
  mean: number | null;
  min: number | null;
  p5: number | null;
  median: number | null;
  p95: number | null;
  max: number | null;
  failShare: number | null;
  histogram: { from: number; to: number; count: number }[];
}

export interface Simulation {
  runs: number;
  baseSeed: number;
  frame: { households: number; villages: number; towns: number };
  coverage: { knownExited: number; exitedInCounty: number; knownUnregistered: number };
  wrongExitRate: Distribution;
  missedPoorRate: Distribution;
  recognitionRate: Distribution;
  anyFailShare: number;
}

/** A file as base64 for the JSON upload path. */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
