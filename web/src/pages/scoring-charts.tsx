// Charts of the scoring pages: the dashboard's Chart with line charts registered too (this module
// is only loaded with the lazily loaded scoring pages, so ECharts stays out of the first load).
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { Chart } from '../components/chart';
import type { RankedUnit, Trend } from '../scoring-api';

echarts.use([LineChart]);

export function TotalsChart({ units, label }: { units: RankedUnit[]; label: string }) {
  const option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, bottom: 80, top: 24 },
    xAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { rotate: units.length > 8 ? 45 : 0, interval: 0 } },
    yAxis: { type: 'value', min: (v: { min: number }) => Math.floor(v.min - 1) },
    series: [{ name: label, type: 'bar', data: units.map((u) => ({ value: u.total, itemStyle: { color: u.vetoed ? '#9e9e9e' : u.rank <= 3 ? '#2e7d32' : '#5470c6' } })) }],
  };
  return <Chart option={option} height={320} testId="scoring-totals-chart" />;
}

/** Ranks across periods; rank 1 at the top. */
export function TrendChart({ trend, unitIds, height = 320 }: { trend: Trend; unitIds: string[] | null; height?: number }) {
  const units = trend.units.filter((u) => unitIds === null || unitIds.includes(u.unitId));
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 16, bottom: 32, top: 40 },
    xAxis: { type: 'category', data: trend.periods },
    yAxis: { type: 'value', inverse: true, min: 1, minInterval: 1 },
    series: units.map((u) => ({ name: u.unitName, type: 'line', data: u.ranks, connectNulls: false, symbolSize: 8 })),
  };
  return <Chart option={option} height={height} testId="scoring-trend-chart" />;
}
