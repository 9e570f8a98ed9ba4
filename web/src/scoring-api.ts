// Shapes of the scoring API (/api/v1/scoring/…) as the pages read them; points are decimals.
export interface SchemeItem {
  id: string;
  name: string;
  cap: number;
  component: string | null;
}

export interface SchemeDetail {
  id: string;
  version: string;
  name: string;
  periodType: string;
  unitType: string;
  scope: string;
  ownerRegion: string;
  components: { id: string; name: string; max: number; weight: number | null; metric: string | null; metricName: string | null }[];
  bonuses: { cap: number | null; items: SchemeItem[] };
  deductions: { cap: number | null; items: SchemeItem[] };
  vetoes: { id: string; name: string }[];
  peerGroups: { id: string; name: string }[];
}

export interface SchemeSummary {
  schemeId: string;
  name: string;
  periodType: string;
  unitType: string;
  ownerRegion: string;
  latestVersion: string;
  versions: { key: number; version: string; createdAt: string }[];
  periods: { period: string; version: string; units: number }[];
  canImport: boolean;
}

export interface GapPart {
  key: string;
  name: string;
  diff: number;
}

export interface Gap {
  unitId: string;
  unitName: string;
  rank: number;
  diff: number;
  parts: GapPart[];
  byVeto: boolean;
  decidedBy: string | null;
}

export interface PeerRank {
  groupId: string;
  rank: number;
  of: number;
}

export type Counterfactual =
  | { kind: 'withoutBonus'; total: number; rank: number; peerRanks: PeerRank[] }
  | { kind: 'componentAtPeerMedian'; componentId: string; groupId: string | null; median: number; total: number; rank: number; peerRanks: PeerRank[] }
  | { kind: 'vetoLifted'; vetoId: string; stillVetoed: boolean; total: number; rank: number; peerRanks: PeerRank[] };

export interface RankedUnit {
  rank: number;
  tied: boolean;
  unitId: string;
  unitName: string;
  total: number;
  vetoed: boolean;
  vetoes: string[];
  peerGroups: string[];
  peerRanks: PeerRank[];
  values: Record<string, number>;
  contributions: Record<string, number>;
  bonus: number;
  bonusItems: Record<string, number>;
  deduction: number;
  deductionItems: Record<string, number>;
  change: { previousPeriod: string; previousRank: number; rankChange: number; previousTotal: number; totalChange: number } | null;
  componentRanks: { componentId: string; value: number; rank: number }[];
  gaps: { above: Gap | null; below: Gap | null; top: Gap | null };
  counterfactuals: Counterfactual[];
  explanation: string;
  explanationEn: string;
}

export interface UnitRef {
  unitId: string;
  unitName: string;
  rank: number;
  total: number;
}

export interface Consequences {
  reward: UnitRef[];
  accountability: UnitRef[];
  vetoed: UnitRef[];
  funds: { total: number; lines: (UnitRef & { amount: number; base: number; share: number; vetoed: boolean })[] } | null;
}

export interface Trend {
  periods: string[];
  units: { unitId: string; unitName: string; ranks: (number | null)[]; totals: (number | null)[] }[];
}

export interface RankingPage {
  scheme: SchemeDetail;
  period: string;
  periodName: string;
  periodNameEn: string;
  previousPeriod: string | null;
  summary: string;
  summaryEn: string;
  units: RankedUnit[];
  consequences: Consequences;
  sample: boolean;
  sampleNote: string | null;
  sampleNoteEn: string | null;
  trend: Trend;
  canImport: boolean;
  /** The writes the period's scores come from, newest first. */
  imports: ScoreImport[];
}

export interface ScoreImport {
  id: number;
  kind: 'import' | 'entry' | 'metrics' | 'sample';
  fileName: string | null;
  rows: number;
  importedBy: string;
  importedAt: string;
  /** The sheet is kept and downloads from `/scoring/imports/:id/file`. */
  fileKept: boolean;
}

export interface UnitPage extends Omit<RankingPage, 'units'> {
  of: number;
  unit: RankedUnit;
}

export const scoringPath = (schemeId: string, period?: string, unitId?: string): string =>
  `/scoring/schemes/${encodeURIComponent(schemeId)}${period === undefined ? '' : `/periods/${encodeURIComponent(period)}`}${unitId === undefined ? '' : `/units/${encodeURIComponent(unitId)}`}`;
