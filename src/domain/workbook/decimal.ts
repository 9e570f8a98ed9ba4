// Plain decimal numbers ([-]digits[.digits], at most 15 digits) read straight from the text or
// bytes that hold them, without a substring: millions of workbook cells and spilled cells are such
// numbers. The digits as an integer divided by a power of ten, both exact, is the correctly rounded
// value that Number() gives; any other form (exponents, more digits, stray characters) is handed
// to Number(). Two twins, one per representation: a loop shared through a callback or a union
// type ran slower in both hot paths.

const powersOfTen = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The value of the digits read, or NaN when they were not all of [-]digits[.digits] or were more than 15. */
function scaled(n: number, digits: number, scale: number, negative: boolean, complete: boolean): number {
  if (!complete || digits === 0 || digits > 15 || scale === 0) return Number.NaN;
  const value = scale > 0 ? n / (powersOfTen[scale] as number) : n;
  return negative ? -value : value;
}

/** The number written in [from, to) of `text`. */
export function decimalInText(text: string, from: number, to: number): number {
  let q = from;
  const negative = text.charCodeAt(q) === 45;
  if (negative) q++;
  let n = 0;
  let digits = 0;
  let scale = -1;
  for (; q < to; q++) {
    const c = text.charCodeAt(q);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else break;
  }
  const value = scaled(n, digits, scale, negative, q === to);
  return value === value ? value : Number(text.slice(from, to));
}

/** The number written in [from, to) of `bytes` (ASCII). */
export function decimalInBytes(bytes: Uint8Array, from: number, to: number): number {
  let q = from;
  const negative = bytes[q] === 45;
  if (negative) q++;
  let n = 0;
  let digits = 0;
  let scale = -1;
  for (; q < to; q++) {
    const c = bytes[q] ?? 0;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else break;
  }
  const value = scaled(n, digits, scale, negative, q === to);
  return value === value ? value : Number(String.fromCharCode(...bytes.subarray(from, to)));
}
