// The exit year a household's status needs, and the years it may lie in. Kept apart from
// `validate.ts` because the household input carries no status: imports state one with an exit year,
// single writes reach it through status events and edits of the year identified.
import type { HouseholdStatus } from './registry.js';
import type { FieldError, ValidationContext } from './validate.js';

/**
 * An exit lies between the household's identification and today: not in a year before the year
 * identified (the history would exit a household not yet registered), not in a year to come.
 */
export function validateExitYearRange(identifiedYear: number, exitYear: number, ctx: ValidationContext): FieldError[] {
  const thisYear = Number(ctx.today.slice(0, 4));
  if (Number.isInteger(identifiedYear) && exitYear < identifiedYear) {
    return [{
      field: 'exitYear',
      message: `脱贫年度 ${exitYear} 早于识别年度 ${identifiedYear}：不能在识别之前脱贫`,
      messageEn: `The exit year ${exitYear} is before the year identified ${identifiedYear}: a household cannot exit before it is identified`,
      fix: '请核对脱贫年度和识别年度',
      fixEn: 'Check the exit year and the year identified',
    }];
  }
  if (!Number.isInteger(exitYear) || exitYear > thisYear) {
    return [{
      field: 'exitYear',
      message: `脱贫年度 ${exitYear} 晚于今年（${thisYear}）`,
      messageEn: `The exit year ${exitYear} is after this year (${thisYear})`,
      fix: '请填写该户实际脱贫的年度；尚未脱贫的户，脱贫状态填“未脱贫”，脱贫年度留空',
      fixEn: 'Enter the year the household actually exited; for a household that has not exited, set the status to poor and leave the exit year empty',
    }];
  }
  return [];
}

/**
 * The exit year a stated status needs: an exited household has one, a poor one has none, and a
 * relapsed or removed one may give the year of its earlier exit, in the same years.
 */
export function validateStatusExitYear(h: { identifiedYear: number; status: HouseholdStatus; exitYear: number | null }, ctx: ValidationContext): FieldError[] {
  if (h.status === 'exited' && h.exitYear === null) {
    return [{ field: 'exitYear', message: '已脱贫户必须填写脱贫年度', messageEn: 'an exited household needs exitYear', fix: '请填写脱贫年度，如 2019', fixEn: 'Enter the exit year, e.g. 2019' }];
  }
  if (h.status === 'poor' && h.exitYear !== null) {
    return [{
      field: 'exitYear',
      message: `未脱贫户不能填写脱贫年度（填了 ${h.exitYear}）`,
      messageEn: `A poor household that has not exited has no exit year (${h.exitYear} given)`,
      fix: '请清空脱贫年度；若该户已经脱贫，请把脱贫状态改为“已脱贫”',
      fixEn: 'Clear the exit year; if the household has exited, set its status to exited',
    }];
  }
  if (h.status !== 'poor' && h.exitYear !== null) return validateExitYearRange(h.identifiedYear, h.exitYear, ctx);
  return [];
}
