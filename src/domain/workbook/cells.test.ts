import { describe, expect, it } from 'vitest';
import { checkDigit } from '../id-number.js';
import { parseCell, parseDate } from './cells.js';
import { householdColumns, matchHeader, memberColumns } from './columns.js';

const spec = (key: string) => {
  const s = [...householdColumns, ...memberColumns].find((c) => c.key === key);
  if (!s) throw new Error(key);
  return s;
};

describe('cell parsing', () => {
  it('matches headers through aliases, full-width characters, stars and units', () => {
    expect(matchHeader('公民身份号码')?.key).toBe('idNumber');
    expect(matchHeader('证件号码')?.key).toBe('idNumber');
    expect(matchHeader(' 户 编 号 ')?.key).toBe('householdNo');
    expect(matchHeader('*耕地面积（亩）')?.key).toBe('arableLandMu');
    expect(matchHeader('备注')).toBeUndefined();
  });

  it('refuses ID numbers that Excel turned into numbers, by name', () => {
    const first17 = '61090219700315001';
    const id = first17 + checkDigit(first17);
    expect(parseCell(spec('idNumber'), Number(id))).toMatchObject({ ok: false });
    expect(parseCell(spec('idNumber'), '6.10926E+17')).toMatchObject({ ok: false, message: expect.stringContaining('Excel') });
    expect(parseCell(spec('idNumber'), '610902197003150000')).toMatchObject({ ok: false });
    // How Excel prints 610902198001014567 once it is a number: its last digits rounded to zeros.
    expect(parseCell(spec('idNumber'), String(610902198001014567))).toMatchObject({ ok: false, message: expect.stringContaining('Excel') });
    expect(parseCell(spec('idNumber'), id)).toEqual({ ok: true, value: id });
    expect(parseCell(spec('idNumber'), ` ${id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))} `)).toEqual({ ok: true, value: id });
  });

  it('reads dates as text, digits or Excel serial numbers', () => {
    expect(parseDate(25642)).toBe('1970-03-15');
    expect(parseDate('1970/3/15')).toBe('1970-03-15');
    expect(parseDate('1970年3月15日')).toBe('1970-03-15');
    expect(parseDate('19700315')).toBe('1970-03-15');
    expect(parseDate('1970-02-30')).toBeNull();
    expect(parseDate('1970/03/15 00:00:00')).toBe('1970-03-15');
    expect(parseDate('1970-03-15T00:00:00')).toBe('1970-03-15');
  });

  it('refuses a 16-digit household number that Excel kept as a number, and takes short or text ones', () => {
    const no = spec('householdNo');
    for (const raw of [6109020022059400, '6.10902E+15', '６.１０９０２Ｅ＋１５', 6.109020022059401e17]) {
      const r = parseCell(no, raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('户编号被 Excel 存成了数字');
    }
    expect(parseCell(no, 12345)).toEqual({ ok: true, value: '12345' });
    expect(parseCell(no, 6109020022059401)).toEqual({ ok: true, value: '6109020022059401' });
    expect(parseCell(no, ' 6109020022059400 ')).toEqual({ ok: true, value: '6109020022059400' });
  });

  it('does not read a year and month (1985.03) as an Excel serial number, and says the day is missing', () => {
    for (const text of ['1985.03', '1985.3', '1985-3', '1985年3月', '198503']) expect(parseDate(text)).toBeNull();
    expect(parseDate('28282')).toBe('1977-06-06');
    const birth = memberColumns.find((c) => c.key === 'birthDate');
    if (!birth) throw new Error('no birthDate column');
    const r = parseCell(birth, '1985.03');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe('出生日期“1985.03”只有年和月，缺少日');
      expect(r.fix).toContain('留空');
    }
  });

  it('reads codes by label or national code, numbers stored as text, yes/no words and yuan', () => {
    expect(parseCell(spec('attribute'), '04')).toEqual({ ok: true, value: 'minimumLiving' });
    expect(parseCell(spec('attribute'), ' 一般贫困户 ')).toEqual({ ok: true, value: 'ordinary' });
    expect(parseCell(spec('attribute'), '特别户')).toMatchObject({ ok: false, fix: expect.stringContaining('一般贫困户'), fixEn: expect.stringContaining('drop-down list, e.g. 一般贫困户') });
    expect(parseCell(spec('identifiedYear'), '２０１６')).toEqual({ ok: true, value: 2016 });
    expect(parseCell(spec('housingArea'), '80.5平方米')).toEqual({ ok: true, value: 80.5 });
    expect(parseCell(spec('safeDrinkingWater'), '是')).toEqual({ ok: true, value: true });
    expect(parseCell(spec('safeDrinkingWater'), '')).toEqual({ ok: true, value: false });
    expect(parseCell(spec('otherCauses'), '缺技术、缺资金')).toEqual({ ok: true, value: ['lackSkills', 'lackCapital'] });
    expect(parseCell(spec('name'), '王 建国')).toEqual({ ok: true, value: '王建国' });
  });
});

describe('parseDate on the ledger form', () => {
  it('takes real dates and refuses impossible ones, as the other forms do', () => {
    expect(parseDate('1970-08-28')).toBe('1970-08-28');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate('1900-02-29')).toBeNull();
    expect(parseDate('2019-02-29')).toBeNull();
    expect(parseDate('2019-04-31')).toBeNull();
    expect(parseDate('2019-13-01')).toBeNull();
    expect(parseDate('1899-12-31')).toBeNull();
    for (const text of ['1970-08-28', '2000-02-29', '2019-02-29', '2019-04-31', '1900-02-29']) expect(parseDate(text)).toBe(parseDate(text.replaceAll('-', '/')));
  });
});
