// A scoring scheme (考核方案): what is scored, how points add up, how ties and vetoes work.
// Versioned and kept as a file so that a ranking can always be recomputed under the rules of its day.
import { FieldReader } from './fields.js';
import { ScoringInputError } from './issues.js';
import { readComponents, readConsequences, readItemGroup, readNamed, readRoster, readTieRule } from './scheme-parts.js';
import { readSourceTree } from './source.js';

export const periodTypes = ['month', 'quarter', 'year'] as const;
export type PeriodType = (typeof periodTypes)[number];

export const unitTypes = ['city', 'county', 'department', 'assistingUnit', 'pilotSite'] as const;
export type UnitType = (typeof unitTypes)[number];

export interface SchemeComponent {
  readonly id: string;
  readonly name: string;
  /** Highest value a unit may be given, in hundredths of a point. */
  readonly max: number;
  /** Weighted components add value × weight (millionths, 500000 = 50%); null adds the points as they are. */
  readonly weight: number | null;
  /** A named metric (metrics.ts) the system computes this component from; absent when scores are entered. */
  readonly metric?: string;
}

/** A bonus (加分项) or deduction (扣分项) item. */
export interface SchemeItem {
  readonly id: string;
  readonly name: string;
  /** Most a unit may be given for this item, in hundredths. */
  readonly cap: number;
  /** The component the item is reported with (月通报得分 includes its bonus items); null stands alone. */
  readonly component: string | null;
}

export interface ItemGroup {
  /** Most all items together may add (or take away), in hundredths; beyond it they are cut off. */
  readonly cap: number | null;
  readonly items: readonly SchemeItem[];
}

export interface SchemeVeto {
  readonly id: string;
  readonly name: string;
}

/** Equal totals share a rank (1224), unless components listed in `breakBy` separate them, in order. */
export type TieRule = { readonly kind: 'shared' } | { readonly kind: 'breakBy'; readonly components: readonly string[] };

export interface PeerGroup {
  readonly id: string;
  readonly name: string;
}

export interface RosterUnit {
  readonly id: string;
  readonly name: string;
  readonly peerGroups: readonly string[];
}

export interface FundsRule {
  /** Yuan every ranked unit receives. */
  readonly base: number;
  /** Yuan shared out by rank weight; shares always add up to the pool exactly. */
  readonly pool: number;
  /** linear: weight n − rank + 1; score: weight = total; bands: weight by rank range. */
  readonly formula: 'linear' | 'score' | 'bands';
  readonly bands: readonly { readonly from: number; readonly to: number; readonly weight: number }[];
  /** Whether a vetoed unit keeps its base amount (it never gets a share of the pool). */
  readonly vetoedKeepsBase: boolean;
}

export interface ConsequenceRules {
  /** Reward list: units ranked 1…N (ties at the boundary included). */
  readonly rewardTop: number;
  /** Accountability list: the last N units not vetoed (ties included); vetoed units have their own list. */
  readonly accountabilityBottom: number;
  readonly funds: FundsRule | null;
}

export interface Scheme {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly periodType: PeriodType;
  readonly unitType: UnitType;
  /** What a rank is "in", e.g. 全省; '' when the scheme does not say. */
  readonly scope: string;
  readonly components: readonly SchemeComponent[];
  readonly bonuses: ItemGroup;
  readonly deductions: ItemGroup;
  readonly vetoes: readonly SchemeVeto[];
  readonly tieRule: TieRule;
  readonly peerGroups: readonly PeerGroup[];
  /** Units that must be scored every period; null when the score sheet decides. */
  readonly units: readonly RosterUnit[] | null;
  readonly consequences: ConsequenceRules;
}

/** Column names of a score sheet; no scheme item may take them as ids. */
export const reservedIds = ['period', 'unitId', 'unitName', 'peerGroups', 'vetoes'];

/** Parse and validate a scheme from YAML or JSON; throws ScoringInputError listing every problem with its line. */
export function parseScheme(text: string, fileName: string): Scheme {
  const tree = readSourceTree(text, fileName);
  if (tree.syntaxIssues.length > 0) throw new ScoringInputError(tree.syntaxIssues);
  const r = new FieldReader(tree, fileName);
  const root = r.record(tree.value, [], '考核方案');
  if (root === null) throw new ScoringInputError(r.issues);

  const id = r.id(root, 'id', []);
  const version = r.text(root, 'version', []);
  const name = r.text(root, 'name', []);
  const periodType = r.oneOf(root, 'periodType', [], periodTypes);
  const unitType = r.oneOf(root, 'unitType', [], unitTypes);
  const scope = r.text(root, 'scope', [], '') ?? '';
  const components = readComponents(r, root);
  const bonuses = readItemGroup(r, root, 'bonuses', components);
  const deductions = readItemGroup(r, root, 'deductions', components);
  const vetoes = readNamed(r, root, 'vetoes');
  const peerGroups = readNamed(r, root, 'peerGroups');
  checkUnique(r, [
    ...components.map((c, i) => ({ ...c, path: ['components', i] })),
    ...bonuses.items.map((c, i) => ({ ...c, path: ['bonuses', 'items', i] })),
    ...deductions.items.map((c, i) => ({ ...c, path: ['deductions', 'items', i] })),
    ...vetoes.map((c, i) => ({ ...c, path: ['vetoes', i] })),
  ]);
  checkUnique(r, peerGroups.map((g, i) => ({ ...g, path: ['peerGroups', i] })));
  const tieRule = readTieRule(r, root, components);
  const units = readRoster(r, root, peerGroups);
  const consequences = readConsequences(r, root);

  if (r.issues.length > 0 || id === null || version === null || name === null || periodType === null || unitType === null) {
    throw new ScoringInputError(r.issues);
  }
  return { id, version, name, periodType, unitType, scope, components, bonuses, deductions, vetoes, tieRule, peerGroups, units, consequences };
}

/** Ids and names share one namespace: score sheet columns may use either. */
function checkUnique(r: FieldReader, entries: readonly { id: string; name: string; path: (string | number)[] }[]): void {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const here = e.path.join('.');
    for (const [key, value] of [['id', e.id], ['name', e.name]] as const) {
      const first = seen.get(value);
      if (first !== undefined && first !== here) {
        r.fail([...e.path, key], `“${value}”重复：已在 ${first} 使用，标识和名称都必须唯一`, `"${value}" is used twice (first at ${first}); ids and names must be unique`, { code: 'duplicateId', component: e.id });
      } else seen.set(value, here);
      if (key === 'id' && reservedIds.includes(value)) {
        r.fail([...e.path, key], `“${value}”是得分表的保留列名，不能作标识`, `"${value}" is a reserved column name`, { component: value });
      }
    }
  }
}
