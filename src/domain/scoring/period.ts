// Period names: month 2017-09, quarter 2017-Q3, year 2017. Text, so that files and JSON agree.
import type { PeriodType } from './scheme.js';

const patterns: Record<PeriodType, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

export const periodTypeZh: Record<PeriodType, string> = { month: '月', quarter: '季度', year: '年度' };

export const periodExamples: Record<PeriodType, string> = { month: '2017-09', quarter: '2017-Q3', year: '2017' };

export function isPeriod(type: PeriodType, period: string): boolean {
  return patterns[type].test(period);
}

/** The period before, or null when the text is not a period of this type. */
export function previousPeriod(type: PeriodType, period: string): string | null {
  const m = patterns[type].exec(period);
  if (m === null) return null;
  const year = Number(m[1]);
  if (type === 'year') return String(year - 1);
  const n = Number(m[2]);
  if (type === 'quarter') return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
  return n === 1 ? `${year - 1}-12` : `${year}-${String(n - 1).padStart(2, '0')}`;
}

const quarterZh = ['一', '二', '三', '四'];

/** "2017 年第三季度", "2017 年 9 月", "2017 年度". */
export function periodZh(type: PeriodType, period: string): string {
  const m = patterns[type].exec(period);
  if (m === null) return period;
  if (type === 'year') return `${m[1] ?? ''} 年度`;
  const n = Number(m[2]);
  return type === 'quarter' ? `${m[1] ?? ''} 年第${quarterZh[n - 1] ?? ''}季度` : `${m[1] ?? ''} 年 ${n} 月`;
}

const monthsEn = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2017 Q3", "September 2017", "2017". */
export function periodEn(type: PeriodType, period: string): string {
  const m = patterns[type].exec(period);
  if (m === null || type === 'year') return period;
  const n = Number(m[2]);
  return type === 'quarter' ? `${m[1] ?? ''} Q${n}` : `${monthsEn[n - 1] ?? ''} ${m[1] ?? ''}`;
}

/** First and last day of a period, as YYYY-MM-DD; null when the text is not a period of this type. */
export function periodBounds(type: PeriodType, period: string): readonly [string, string] | null {
  const m = patterns[type].exec(period);
  if (m === null) return null;
  const year = m[1] ?? '';
  const lastDay = (month: number): string => String(new Date(Date.UTC(Number(year), month, 0)).getUTCDate()).padStart(2, '0');
  const mm = (n: number): string => String(n).padStart(2, '0');
  if (type === 'year') return [`${year}-01-01`, `${year}-12-31`];
  const n = Number(m[2]);
  if (type === 'quarter') return [`${year}-${mm(3 * n - 2)}-01`, `${year}-${mm(3 * n)}-${lastDay(3 * n)}`];
  return [`${year}-${mm(n)}-01`, `${year}-${mm(n)}-${lastDay(n)}`];
}
