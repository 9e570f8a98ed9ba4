// The report as JSON: points as decimal numbers (99.8), never as internal hundredths.
import type { Counterfactual, Gap } from './explain.js';
import { toDecimal } from './points.js';
import type { RankReport } from './report.js';

const decimals = (record: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toDecimal(v)]));

function gapJson(g: Gap | null): unknown {
  return g === null ? null : { ...g, diff: toDecimal(g.diff), parts: g.parts.map((p) => ({ ...p, diff: toDecimal(p.diff) })) };
}

function counterfactualJson(c: Counterfactual): unknown {
  const base = { ...c, total: toDecimal(c.total) };
  return c.kind === 'componentAtPeerMedian' ? { ...base, median: toDecimal(c.median) } : base;
}

export function rankReportJson(report: RankReport) {
  const { scheme, ranking, explanations, consequences } = report;
  const paragraphs = report.explanationZh.slice(1);
  const paragraphsEn = report.explanationEn.slice(1);
  const units = ranking.units.map((u, i) => {
    const e = explanations[i];
    return {
      rank: u.rank,
      tied: u.tied,
      unitId: u.unitId,
      unitName: u.unitName,
      total: toDecimal(u.total),
      vetoed: u.vetoed,
      vetoes: u.vetoes,
      peerGroups: u.peerGroups,
      peerRanks: u.peerRanks,
      values: decimals(u.values),
      contributions: decimals(u.contributions),
      bonus: toDecimal(u.bonus),
      bonusItems: decimals(u.bonusItems),
      deduction: toDecimal(u.deduction),
      deductionItems: decimals(u.deductionItems),
      change: e === undefined || e.change === null ? null : { ...e.change, previousTotal: toDecimal(e.change.previousTotal), totalChange: toDecimal(e.change.totalChange) },
      componentRanks: (e?.componentRanks ?? []).map((r) => ({ ...r, value: toDecimal(r.value) })),
      gaps: { above: gapJson(e?.above ?? null), below: gapJson(e?.below ?? null), top: gapJson(e?.top ?? null) },
      counterfactuals: (e?.counterfactuals ?? []).map(counterfactualJson),
      explanation: paragraphs[i] ?? '',
      explanationEn: paragraphsEn[i] ?? '',
    };
  });
  const refs = <T extends { total: number }>(list: readonly T[]): unknown[] => list.map((r) => ({ ...r, total: toDecimal(r.total) }));
  return {
    scheme: { id: scheme.id, version: scheme.version, name: scheme.name, periodType: scheme.periodType, unitType: scheme.unitType },
    period: ranking.period,
    previousPeriod: report.previous?.period ?? null,
    summary: report.explanationZh[0] ?? '',
    summaryEn: report.explanationEn[0] ?? '',
    units,
    consequences: {
      reward: refs(consequences.reward),
      accountability: refs(consequences.accountability),
      vetoed: refs(consequences.vetoed),
      funds: consequences.funds === null ? null : { ...consequences.funds, lines: refs(consequences.funds.lines) },
    },
  };
}

export type TableCell = string | number | null;

export interface RankTable {
  readonly header: readonly string[];
  /** Points as decimal numbers; ranks as integers; text as text. */
  readonly rows: readonly (readonly TableCell[])[];
  /** Indexes of the columns that hold points (shown with two decimals). */
  readonly pointColumns: readonly number[];
}

/** The ranking as one table, for the terminal and for workbooks. */
export function rankTable(report: RankReport): RankTable {
  const { scheme, ranking, explanations, consequences } = report;
  const groups = scheme.peerGroups;
  const funds = consequences.funds;
  const header = [
    '名次',
    '单位代码',
    '单位名称',
    '总分',
    ...scheme.components.map((c) => c.name),
    ...(scheme.bonuses.items.length > 0 ? ['加分'] : []),
    ...(scheme.deductions.items.length > 0 ? ['扣分'] : []),
    ...groups.map((g) => `${g.name}名次`),
    ...(report.previous === null ? [] : ['上期名次', '名次变化']),
    ...(funds === null ? [] : ['资金（元）']),
    '备注',
  ];
  const rows = ranking.units.map((u, i) => {
    const e = explanations[i];
    const vetoNames = u.vetoes.map((v) => scheme.vetoes.find((x) => x.id === v)?.name ?? v);
    return [
      u.rank,
      u.unitId,
      u.unitName,
      toDecimal(u.total),
      ...scheme.components.map((c) => toDecimal(u.values[c.id] ?? 0)),
      ...(scheme.bonuses.items.length > 0 ? [toDecimal(u.bonus)] : []),
      ...(scheme.deductions.items.length > 0 ? [toDecimal(u.deduction)] : []),
      ...groups.map((g) => {
        const p = u.peerRanks.find((x) => x.groupId === g.id);
        return p === undefined ? null : p.rank;
      }),
      ...(report.previous === null ? [] : [e?.change?.previousRank ?? null, e?.change?.rankChange ?? null]),
      ...(funds === null ? [] : [funds.lines[i]?.amount ?? null]),
      [u.tied ? '并列' : '', vetoNames.length > 0 ? `一票否决：${vetoNames.join('、')}` : ''].filter((s) => s !== '').join('；'),
    ];
  });
  const points = 1 + scheme.components.length + Number(scheme.bonuses.items.length > 0) + Number(scheme.deductions.items.length > 0);
  return { header, rows, pointColumns: Array.from({ length: points }, (_, i) => 3 + i) };
}
