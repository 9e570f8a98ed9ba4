import { describe, expect, it } from 'vitest';
import { checkDigit, checkIdNumber, looksExcelMangled, maskIdNumber, normalizeIdInput, upgradeLegacyId, type IdCheck } from './id-number.js';

/** A valid number for a birth date (YYYYMMDD) and sequence, with the address code of Hanbin, Ankang. */
const idFor = (birth: string, sequence = '301', address = '610902'): string => {
  const first17 = address + birth + sequence;
  return first17 + checkDigit(first17);
};

/** The same number with a check character that does not fit. */
const withWrongCheck = (id: string): string => {
  const wrong = id.endsWith('1') ? '2' : '1';
  return id.slice(0, 17) + wrong;
};

const failure = (r: IdCheck): { reason: string; reasonEn: string; fix: string; fixEn: string } => {
  if (r.valid) throw new Error('expected an invalid ID number');
  return r;
};

const toFullWidth = (s: string): string => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('checkDigit', () => {
  it('follows the weights and table of GB 11643', () => {
    // The example of the standard's appendix.
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('44052418800101001')).toBe('4');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => checkDigit('1101051949123100')).toThrow(RangeError);
    expect(() => checkDigit('1101051949123100A')).toThrow(RangeError);
  });
});

describe('checkIdNumber', () => {
  it('accepts a valid number and reads birth date and sex from it', () => {
    const man = idFor('19850612', '301');
    expect(checkIdNumber(man)).toEqual({ valid: true, normalized: man, birthDate: '1985-06-12', sex: 'male' });
    const woman = idFor('19850612', '302');
    expect(checkIdNumber(woman)).toEqual({ valid: true, normalized: woman, birthDate: '1985-06-12', sex: 'female' });
  });

  it('accepts X as check character, typed in either case', () => {
    expect(checkIdNumber('11010519491231002X')).toMatchObject({ valid: true, birthDate: '1949-12-31', sex: 'female' });
    expect(checkIdNumber('11010519491231002x')).toMatchObject({ valid: true, normalized: '11010519491231002X' });
  });

  it('accepts full-width digits and stray spaces', () => {
    const id = idFor('19900101');
    expect(checkIdNumber(toFullWidth(id))).toMatchObject({ valid: true, normalized: id });
    expect(checkIdNumber(` ${id.slice(0, 6)} ${id.slice(6, 14)}\u3000${id.slice(14)} `)).toMatchObject({ valid: true, normalized: id });
    expect(checkIdNumber(toFullWidth('11010519491231002x'))).toMatchObject({ valid: true, normalized: '11010519491231002X' });
  });

  it('refuses a wrong check character, naming the expected and the actual one but never the number', () => {
    const id = '110105194912310021';
    const r = failure(checkIdNumber(id));
    expect(r.reason).toBe('校验位应为 X，实际为 1');
    expect(r.reasonEn).toContain('should be X');
    expect(r.fix).toContain('核对');
    expect(JSON.stringify(r)).not.toContain(id);
    expect(JSON.stringify(r)).not.toContain(id.slice(0, 6));
  });

  it('checks that the birth date exists', () => {
    expect(checkIdNumber(idFor('19990230')).valid).toBe(false);
    expect(checkIdNumber(idFor('20000229')).valid).toBe(true); // divisible by 400: leap
    expect(checkIdNumber(idFor('19000229')).valid).toBe(false); // divisible by 100: not leap
    expect(checkIdNumber(idFor('19960229')).valid).toBe(true);
    expect(checkIdNumber(idFor('19970229')).valid).toBe(false);
    expect(checkIdNumber(idFor('19850431')).valid).toBe(false);
    expect(checkIdNumber(idFor('19851301')).valid).toBe(false);
    expect(checkIdNumber(idFor('19850001')).valid).toBe(false);
    expect(checkIdNumber(idFor('19850100')).valid).toBe(false);
    expect(failure(checkIdNumber(idFor('19990230'))).reason).toContain('出生日期不存在');
    expect(failure(checkIdNumber(idFor('19851301'))).reason).toContain('月份');
  });

  it('refuses birth dates before 1900 and, given today, after today', () => {
    expect(failure(checkIdNumber(idFor('18991231'))).reason).toContain('1900');
    expect(checkIdNumber(idFor('19000101')).valid).toBe(true);
    const today = '2026-11-22';
    expect(checkIdNumber(idFor('20261122'), { today }).valid).toBe(true);
    expect(failure(checkIdNumber(idFor('20261123'), { today })).reason).toBe('出生日期晚于今天');
    expect(checkIdNumber(idFor('20300101'), { today: '2026-11-22T08:00:00.000Z' }).valid).toBe(false);
    expect(failure(checkIdNumber('110105209912310029', { today })).reasonEn).toBe('the birth date is in the future');
  });

  it('refuses an address code whose first two digits are no province-level region (GB/T 2260)', () => {
    for (const province of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82']) {
      expect(checkIdNumber(idFor('19900101', '001', `${province}0105`)).valid).toBe(true);
    }
    for (const province of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '83', '90', '99']) {
      const r = failure(checkIdNumber(idFor('19900101', '001', `${province}0105`)));
      expect(r.reason).toBe('前两位不是省级行政区划代码（第 1–2 位）');
      expect(r.reasonEn).toContain('province');
      expect(r.fixEn).toContain('characters 1–2');
    }
    // The tester's numbers: check characters that fit, provinces that do not exist.
    expect(failure(checkIdNumber('000000199001010018')).reason).toContain('省级');
    expect(failure(checkIdNumber('990105199001010014')).reason).toContain('省级');
    expect(failure(checkIdNumber('990105900101001', { allowLegacy15: true })).reason).toContain('省级');
  });

  it('refuses wrong lengths', () => {
    const id = idFor('19850612');
    expect(failure(checkIdNumber(id.slice(0, 17))).reason).toBe('身份证号应为 18 位，实际为 17 位');
    expect(failure(checkIdNumber(`${id}1`)).reason).toBe('身份证号应为 18 位，实际为 19 位');
    expect(failure(checkIdNumber('61090219850612')).reason).toContain('18 位');
    expect(failure(checkIdNumber('')).reason).toBe('身份证号为空');
    expect(failure(checkIdNumber('   ')).reason).toBe('身份证号为空');
  });

  it('refuses letters and symbols, naming the position', () => {
    const r = failure(checkIdNumber('6109021985061230A1'));
    expect(r.reason).toBe('第 17 位“A”不是数字');
    expect(failure(checkIdNumber('61090219850612O011')).fix).toContain('O 与 0');
    expect(failure(checkIdNumber('61090219850612O011')).fixEn).toContain('the letter "O" is easily mistaken for a digit: O/0');
    expect(failure(checkIdNumber('6109021985061230A1')).fixEn).not.toContain('mistaken');
    expect(failure(checkIdNumber('610902-19850612301')).reason).toBe('第 7 位“-”不是数字');
    expect(failure(checkIdNumber('61090219850612X011')).reason).toContain('只有第 18 位');
  });

  it('accepts a 15-digit legacy number only when asked to upgrade it', () => {
    const legacy = '610902850612301';
    const refused = failure(checkIdNumber(legacy));
    expect(refused.reason).toContain('15 位');
    expect(refused.fix).toContain('18 位');
    expect(refused.fixEn).toContain('18-digit');
    const upgraded = upgradeLegacyId(legacy);
    expect(upgraded).toBe(idFor('19850612', '301'));
    expect(checkIdNumber(legacy, { allowLegacy15: true })).toEqual({ valid: true, normalized: upgraded, birthDate: '1985-06-12', sex: 'male' });
    expect(failure(checkIdNumber('610902850230301', { allowLegacy15: true })).reason).toContain('第 7–12 位');
  });

  it('explains numbers mangled by a spreadsheet instead of reporting a checksum', () => {
    const sci = failure(checkIdNumber('6.10926E+17'));
    expect(sci.reason).toContain('科学计数法');
    expect(sci.fix).toContain('文本');
    expect(sci.fixEn).toContain('Text');
    const lost = failure(checkIdNumber('610902199001011000'));
    expect(lost.reason).toContain('Excel');
  });
});

describe('looksExcelMangled', () => {
  it('recognises scientific notation', () => {
    expect(looksExcelMangled('6.10926E+17')).toBe(true);
    expect(looksExcelMangled('6.10902199001013e17')).toBe(true);
    expect(looksExcelMangled(' 6,10926E+17 ')).toBe(true);
  });

  it('recognises a number that went through a double above 2^53', () => {
    const original = idFor('19900101', '301');
    const lost = String(Number(original));
    expect(lost).not.toBe(original);
    expect(looksExcelMangled(lost)).toBe(true);
    expect(checkIdNumber(lost).valid).toBe(false);
    expect(looksExcelMangled('610902199001011000')).toBe(true);
  });

  it('leaves genuine numbers alone, including those ending in zeros', () => {
    expect(looksExcelMangled(idFor('19900101', '301'))).toBe(false);
    expect(looksExcelMangled('11010519491231002X')).toBe(false);
    // A real number whose digits happen to print the same as a double: its check character fits.
    const zeros = idFor('19900101', '200');
    expect(zeros).toBe('610902199001012000');
    expect(String(Number(zeros))).toBe(zeros);
    expect(looksExcelMangled(zeros)).toBe(false);
    expect(checkIdNumber(zeros).valid).toBe(true);
    // A typo is a typo, not a spreadsheet accident.
    expect(looksExcelMangled(withWrongCheck(idFor('19850612')))).toBe(false);
    expect(looksExcelMangled('61090219850612')).toBe(false);
  });
});

describe('normalizeIdInput', () => {
  it('trims, drops spaces, converts full-width characters and upper-cases x', () => {
    expect(normalizeIdInput(' １１０１０５ 19491231002ｘ ')).toBe('11010519491231002X');
    expect(normalizeIdInput('\u200B110105194912310021\t')).toBe('110105194912310021');
  });
});

describe('upgradeLegacyId', () => {
  it('inserts the century and appends the check character', () => {
    expect(upgradeLegacyId('110105491231002')).toBe('11010519491231002X');
    expect(() => upgradeLegacyId('11010549123100')).toThrow(RangeError);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first six and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('610902850612301')).toBe('610902*****2301');
    expect(maskIdNumber('12345')).toBe('*****');
  });
});
