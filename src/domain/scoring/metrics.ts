// Named metrics (数据指标): component values the system computes from its own data instead of a
// score sheet. A metric gives each unit a share (0…1) or nothing (no data for that unit and
// period); the component's points are the share × its maximum, rounded half up to hundredths.
// Only metrics whose data exists in the system are listed (see docs/scoring.md).
import { formatPoints } from './points.js';

export interface MetricDefinition {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  /** What the share counts, said to the people who are scored by it. */
  readonly definition: string;
  /** Unit types the metric can score (it is computed per region). */
  readonly unitTypes: readonly ('city' | 'county')[];
}

export const metricDefinitions: readonly MetricDefinition[] = [
  {
    id: 'rectificationOnTime',
    name: '整改问题按期销号率',
    nameEn: 'share of rectification problems closed on time',
    definition: '本期内到期的整改问题（含下级乡村承担的和共性问题），在整改时限当日或之前销号的比例',
    unitTypes: ['city', 'county'],
  },
  {
    id: 'registryCompleteness',
    name: '建档立卡信息完整率',
    nameEn: 'registry data completeness',
    definition: '辖区建档立卡户的联系电话、住房安全等级、住房面积、房屋结构、道路类型、燃料类型、耕地面积七项信息已填写的比例',
    unitTypes: ['city', 'county'],
  },
  {
    id: 'visitCoverage',
    name: '入户走访覆盖率',
    nameEn: 'share of registered households visited',
    definition: '辖区建档立卡户（不含已清退）中，本期内至少有一次帮扶干部入户走访记录的户数比例',
    unitTypes: ['city', 'county'],
  },
  {
    id: 'satisfactionRate',
    name: '群众满意度',
    nameEn: 'satisfaction rate',
    definition: '本期内作答的满意度调查中，满意回答占全部回答的比例（与帮扶工作中的满意度口径一致）',
    unitTypes: ['city', 'county'],
  },
  {
    id: 'exitCompleteness',
    name: '退出程序完整率',
    nameEn: 'share of exits that went through the full exit procedure',
    definition: '本期内登记脱贫的户中，经退出程序（民主评议、公示、公告等各步签字）办结的户数比例',
    unitTypes: ['city', 'county'],
  },
];

export function metricById(id: string): MetricDefinition | undefined {
  return metricDefinitions.find((m) => m.id === id);
}

/** Shares are carried as integer parts per million so the points are exact and reproducible. */
export interface MetricValue {
  readonly unitId: string;
  /** Parts per million of 1; null when the unit has nothing to count this period. */
  readonly share: number | null;
  /** What was counted, e.g. { due: 12, onTime: 9 }. */
  readonly counts: Readonly<Record<string, number>>;
}

export function shareOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.floor((part * 1_000_000) / whole + 0.5);
}

/** Points (hundredths) for a share of a component's maximum, rounded half up. */
export function metricPoints(share: number, max: number): number {
  return Math.floor((share * max) / 1_000_000 + 0.5);
}

/** "75.00%". */
export function formatShare(share: number): string {
  return `${formatPoints(Math.floor(share / 100 + 0.5))}%`;
}
