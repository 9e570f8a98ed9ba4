import { describe, expect, it } from 'vitest';
import { validateExitYearRange, validateStatusExitYear } from './validate-exit-year.js';

const ctx = { today: '2020-06-30' };
const fields = (identifiedYear: number, status: 'poor' | 'exited' | 'relapsed' | 'removed', exitYear: number | null) =>
  validateStatusExitYear({ identifiedYear, status, exitYear }, ctx).map((e) => e.message);

describe('the exit year a status needs', () => {
  it('an exited household needs one, between the year identified and this year', () => {
    expect(fields(2016, 'exited', null)).toEqual(['已脱贫户必须填写脱贫年度']);
    expect(fields(2016, 'exited', 2015)).toEqual(['脱贫年度 2015 早于识别年度 2016：不能在识别之前脱贫']);
    expect(fields(2016, 'exited', 2021)).toEqual(['脱贫年度 2021 晚于今年（2020）']);
    expect(fields(2016, 'exited', 2016)).toEqual([]);
    expect(fields(2016, 'exited', 2020)).toEqual([]);
  });

  it('a poor household has none; a relapsed or removed one may give its earlier exit’s, in the same years', () => {
    expect(fields(2016, 'poor', 2018)).toEqual(['未脱贫户不能填写脱贫年度（填了 2018）']);
    expect(fields(2016, 'poor', null)).toEqual([]);
    expect(fields(2016, 'relapsed', null)).toEqual([]);
    expect(fields(2016, 'relapsed', 2018)).toEqual([]);
    expect(fields(2016, 'relapsed', 2014)).toHaveLength(1);
    expect(fields(2016, 'removed', 2014)).toHaveLength(1);
    expect(fields(2016, 'removed', 2018)).toEqual([]);
    expect(fields(2016, 'removed', null)).toEqual([]);
  });

  it('every refusal names the field and a fix in both languages', () => {
    for (const e of [...validateStatusExitYear({ identifiedYear: 2016, status: 'poor', exitYear: 2018 }, ctx), ...validateExitYearRange(2016, 2015, ctx), ...validateExitYearRange(2016, 2030, ctx)]) {
      expect(e.field).toBe('exitYear');
      expect(e.messageEn.length).toBeGreaterThan(0);
      expect(e.fix.length).toBeGreaterThan(0);
      expect(e.fixEn).not.toBe(e.fix);
    }
  });
});
