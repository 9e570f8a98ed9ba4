// Scores carry two decimals. Everything is computed in integer hundredths of a point so that
// 0.1 + 0.2 is exactly 0.3 and a 0.10 gap is never 0.0999999.

/** Float noise tolerated on numbers that came from JSON or a workbook (1.6000000000000001). */
const noise = 1e-6;

/** Hundredths of a point, or null when the value is not a number with at most two decimals. */
export function toHundredths(value: number | string): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const scaled = value * 100;
    const rounded = Math.round(scaled);
    return Math.abs(scaled - rounded) <= noise * Math.max(1, Math.abs(scaled)) ? rounded : null;
  }
  const m = /^([+-]?)(\d+)(?:\.(\d{0,2})0*)?$/.exec(value.trim());
  if (m === null) return null;
  const whole = Number(m[2] ?? '0');
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const h = whole * 100 + frac;
  return m[1] === '-' ? -h : h;
}

/** Millionths (500000 = 50%); weights with more than six decimals are refused. */
export function toMillionths(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const scaled = value * 1_000_000;
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) <= noise * Math.max(1, Math.abs(scaled)) ? rounded : null;
}

/** value × weight, rounded half up to hundredths: the 折合分 officials write down. */
export function weighted(hundredths: number, millionths: number): number {
  const product = hundredths * millionths;
  const sign = product < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(product) + 500_000) / 1_000_000);
}

/** 9980 → "99.80"; -40 → "-0.40". */
export function formatPoints(hundredths: number): string {
  const abs = Math.abs(hundredths);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return hundredths < 0 ? `-${text}` : text;
}

/** 500000 → "50%"; 333333 → "33.3333%". */
export function formatWeight(millionths: number): string {
  return `${String(millionths / 10_000)}%`;
}

/** Hundredths back to a JSON number (9980 → 99.8). */
export function toDecimal(hundredths: number): number {
  return hundredths / 100;
}
