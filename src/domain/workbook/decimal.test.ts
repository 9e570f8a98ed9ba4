import { describe, expect, it } from 'vitest';
import { decimalInBytes, decimalInText } from './decimal.js';

// Written as workbooks and String() write numbers, and forms that must fall back to Number().
const written = ['0', '7', '-7', '0.1', '0.3', '6946.58', '-1234.5', '99999.99', '007', '.5', '-.25', '123456789012345', '1234567890123456', '9007199254740993', '1e-7', '1.5E+3', '-0.000123', '3.141592653589793', '1.', '', '-', '12a', ' 8', 'NaN', 'Infinity', '0.30000000000000004'];

describe('decimal', () => {
  it('reads every text as Number() does, in text and in bytes, also inside a longer line', () => {
    for (const w of written) {
      const line = `x,${w},y`;
      expect(decimalInText(line, 2, 2 + w.length), w).toBe(Number(w));
      expect(decimalInBytes(Buffer.from(line, 'latin1'), 2, 2 + w.length), w).toBe(Number(w));
    }
  });

  it('agrees with Number() on amounts of every size and scale', () => {
    for (let i = 0; i < 20_000; i++) {
      const w = ((Math.random() - 0.5) * 10 ** (i % 14)).toFixed(i % 6);
      expect(decimalInText(w, 0, w.length)).toBe(Number(w));
      expect(decimalInBytes(Buffer.from(w), 0, w.length)).toBe(Number(w));
    }
  });
});
