// Shapes of the assistance API answers the pages read.

/** Who may record visits, close follow-ups and change plans: the server's `canRecordVisits` (domain/assistance/access.ts). */
export const assistanceVisitors = new Set(['admin', 'regionAdmin', 'villageCadre', 'workTeam']);
export interface Labelled {
  code: string;
  zh: string;
  en: string;
}

export interface Measure extends Labelled {
  category: string;
  fiveBatch: string | null;
  causes: string[];
  active: boolean;
}

export interface Catalogue {
  measures: Measure[];
  visitPurposes: Labelled[];
  planStatuses: Labelled[];
  fiveBatches: Labelled[];
  measureCategories: Labelled[];
  surveyKinds: Labelled[];
}

export interface Survey {
  id: number;
  kind: string;
  name: string;
  regionCode: string;
  year: number;
  createdAt: string;
  samplePlan: { id: number; name: string } | null;
}

export interface RateRow {
  code: string;
  name: string;
  households: number;
  sampled: number | null;
  positive: number;
  total: number;
  rate: number | null;
  flag: Flag;
}

export interface SurveyRates {
  survey: Survey;
  sample: { planId: number; name: string; sampled: number; answered: number } | null;
  name: string;
  households: number;
  sampled: number | null;
  rate: number | null;
  flag: Flag;
  towns: RateRow[];
  villages: RateRow[];
}

export interface WorklistHousehold {
  householdId: number;
  householdNo: string;
  villageCode: string;
  villageName: string;
  headName: string | null;
  phone: string | null;
  mainCause: string;
  status: string;
  pairedFrom: string;
  lastVisit: string | null;
  due: boolean;
  daysSince: number | null;
  dueDate: string;
}

export interface Worklist {
  today: string;
  cadre: { id: number; name: string; phone: string | null; cap: number };
  households: WorklistHousehold[];
  visitsDue: number;
  followUps: { id: number; householdId: number; householdNo: string; text: string; dueDate: string; overdue: boolean; dueSoon: boolean }[];
  followUpsDue: number;
}

export interface Plan {
  version: number;
  year: number;
  measures: { measure_code: string; amount_fen: number; status: string; note: string }[];
}

export type Flag = 'accountability' | 'pass' | 'excellent' | 'noData';

export interface VillageRow {
  code: string;
  name: string;
  households: number;
  paired: number;
  visited: number;
  coverage: number | null;
  plans: number;
  planRate: number | null;
  uncovered: number;
  generic: { measures: string[]; share: number; households: number } | null;
  followUpsOpen: number;
  followUpsOverdue: number;
  satisfaction: { rate: number | null; households: number; flag: Flag };
  awareness: { rate: number | null; households: number; flag: Flag };
}

export interface Overview {
  from: string;
  to: string;
  year: number;
  surveys: Record<string, { id: number; name: string; year: number } | null>;
  totals: { households: number; visited: number; rate: number | null; plans: number; uncovered: number; genericVillages: number; genericCadres: number };
  villages: VillageRow[];
  genericCadres: { key: string; cadreName: string | null; households: number; sameSet: string[]; share: number }[];
}
