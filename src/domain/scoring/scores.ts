// Score sheets (得分表): what each unit got in a period, as entered or imported, and their checks.
import type { ScoringIssue } from './issues.js';
import { isPeriod, periodExamples, periodTypeZh } from './period.js';
import { formatPoints, toHundredths } from './points.js';
import type { Scheme, SchemeItem } from './scheme.js';

export interface UnitScore {
  readonly period: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly peerGroups: readonly string[];
  /** Component values as entered (two decimals); null when the cell was left blank. */
  readonly components: Readonly<Record<string, number | null>>;
  readonly bonuses: Readonly<Record<string, number>>;
  /** Points taken away, entered as positive numbers. */
  readonly deductions: Readonly<Record<string, number>>;
  /** Ids of veto items (一票否决) the unit triggered. */
  readonly vetoes: readonly string[];
  /** Where the row came from, so that problems can point at it. */
  readonly line?: number;
}

export interface ScoreSheet {
  readonly file?: string;
  /** Scheme the sheet was filled in for, when the file says. */
  readonly schemeId?: string;
  readonly rows: readonly UnitScore[];
}

export interface ValidateOptions {
  /**
   * Report units that have scores in other periods of the sheet (or are on the scheme's roster)
   * but none in this one. Off for a previous period read only for comparison.
   */
  readonly requireAllUnits?: boolean;
}

/** Every problem with one period of a sheet, each naming the unit and component; [] when it can be ranked. */
export function validateScores(scheme: Scheme, sheet: ScoreSheet, period: string, options: ValidateOptions = {}): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const file = sheet.file;
  if (!isPeriod(scheme.periodType, period)) {
    issues.push({ code: 'period', file, message: `期间“${period}”格式不对，本方案按${periodTypeZh[scheme.periodType]}考核，应写作 ${periodExamples[scheme.periodType]}`, messageEn: `period "${period}" is not a ${scheme.periodType} such as ${periodExamples[scheme.periodType]}` });
    return issues;
  }
  if (sheet.schemeId !== undefined && sheet.schemeId !== scheme.id) {
    issues.push({ code: 'schemeMismatch', file, message: `得分表填报的是方案“${sheet.schemeId}”，不是“${scheme.id}”`, messageEn: `the sheet is for scheme "${sheet.schemeId}", not "${scheme.id}"` });
  }
  const rows = sheet.rows.filter((row) => row.period === period);
  if (rows.length === 0) {
    issues.push({ code: 'noScores', file, message: `得分表中没有 ${period} 的得分`, messageEn: `no scores for period ${period}` });
    return issues;
  }
  const seen = new Map<string, UnitScore>();
  for (const row of rows) {
    const first = seen.get(row.unitId);
    if (first !== undefined) {
      issues.push({ ...at(row, file), code: 'duplicateUnit', message: `${who(row)}在 ${period} 重复出现（第 ${first.line ?? '?'} 行已有）`, messageEn: `${whoEn(row)} appears twice in ${period}` });
    } else seen.set(row.unitId, row);
    issues.push(...checkRow(scheme, row, file));
  }
  if (options.requireAllUnits ?? true) issues.push(...missingUnits(scheme, sheet, period, seen));
  return issues;
}

function missingUnits(scheme: Scheme, sheet: ScoreSheet, period: string, present: ReadonlyMap<string, UnitScore>): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const expected = new Map<string, string>();
  if (scheme.units !== null) {
    for (const u of scheme.units) expected.set(u.id, u.name);
    for (const row of present.values()) {
      if (!expected.has(row.unitId)) {
        issues.push({ ...at(row, sheet.file), code: 'unknownUnit', message: `${who(row)}不在方案“${scheme.name}”的考核单位名单中`, messageEn: `${whoEn(row)} is not on the scheme's list of units` });
      }
    }
  } else {
    // Without a roster, a unit scored in another period of the same sheet is expected in this one too.
    for (const row of sheet.rows) if (row.period !== period && !expected.has(row.unitId)) expected.set(row.unitId, row.unitName);
  }
  for (const [unitId, unitName] of expected) {
    if (!present.has(unitId)) {
      issues.push({ code: 'missingUnit', file: sheet.file, unitId, unitName, message: `${unitName}（${unitId}）缺少 ${period} 的得分`, messageEn: `${unitName} (${unitId}) has no scores for ${period}` });
    }
  }
  return issues;
}

function checkRow(scheme: Scheme, row: UnitScore, file: string | undefined): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const push = (component: string, code: ScoringIssue['code'], message: string, messageEn: string): void => {
    issues.push({ ...at(row, file), component, code, message: `${who(row)}${message}`, messageEn: `${whoEn(row)}: ${messageEn}` });
  };
  if (row.unitId.trim() === '' || row.unitName.trim() === '') push('unitId', 'field', '单位代码和名称不能为空', 'unit id and name are required');
  for (const c of scheme.components) {
    const value = row.components[c.id];
    if (value === undefined || value === null) {
      push(c.id, 'missingScore', `缺少“${c.name}”得分`, `no score for ${c.id}`);
      continue;
    }
    const h = toHundredths(value);
    if (h === null) push(c.id, 'invalidNumber', `“${c.name}”得分 ${value} 应为最多两位小数的数`, `${c.id} score ${value} must have at most two decimals`);
    else if (h < 0) push(c.id, 'negative', `“${c.name}”得分 ${formatPoints(h)} 不能为负数`, `${c.id} score ${formatPoints(h)} is negative`);
    else if (h > c.max) push(c.id, 'aboveMax', `“${c.name}”得分 ${formatPoints(h)} 超过满分 ${formatPoints(c.max)}`, `${c.id} score ${formatPoints(h)} exceeds the maximum ${formatPoints(c.max)}`);
  }
  for (const key of Object.keys(row.components)) {
    if (!scheme.components.some((c) => c.id === key)) push(key, 'unknownItem', `“${key}”不是本方案的考核项`, `${key} is not a component of the scheme`);
  }
  checkItems(row.bonuses, scheme.bonuses.items, '加分项', 'bonus', push);
  checkItems(row.deductions, scheme.deductions.items, '扣分项', 'deduction', push);
  for (const v of row.vetoes) {
    if (!scheme.vetoes.some((x) => x.id === v)) push(v, 'unknownItem', `一票否决项“${v}”不在本方案中`, `veto "${v}" is not in the scheme`);
  }
  for (const g of row.peerGroups) {
    if (!scheme.peerGroups.some((x) => x.id === g)) push(g, 'unknownItem', `分组“${g}”不在本方案中`, `peer group "${g}" is not in the scheme`);
  }
  return issues;
}

type Push = (component: string, code: ScoringIssue['code'], message: string, messageEn: string) => void;

function checkItems(values: Readonly<Record<string, number>>, items: readonly SchemeItem[], kindZh: string, kindEn: string, push: Push): void {
  for (const [id, value] of Object.entries(values)) {
    const item = items.find((i) => i.id === id);
    if (item === undefined) {
      push(id, 'unknownItem', `${kindZh}“${id}”不在本方案中`, `${kindEn} item "${id}" is not in the scheme`);
      continue;
    }
    const h = toHundredths(value);
    if (h === null) push(id, 'invalidNumber', `${kindZh}“${item.name}” ${value} 应为最多两位小数的数`, `${kindEn} ${id} ${value} must have at most two decimals`);
    else if (h < 0) push(id, 'negative', `${kindZh}“${item.name}”不能为负数（扣分也填正数）`, `${kindEn} ${id} must not be negative`);
    else if (h > item.cap) push(id, 'aboveCap', `${kindZh}“${item.name}” ${formatPoints(h)} 超过上限 ${formatPoints(item.cap)}`, `${kindEn} ${id} ${formatPoints(h)} exceeds its cap ${formatPoints(item.cap)}`);
  }
}

function at(row: UnitScore, file: string | undefined): Pick<ScoringIssue, 'file' | 'line' | 'unitId' | 'unitName'> {
  return { file, line: row.line, unitId: row.unitId, unitName: row.unitName };
}

function who(row: UnitScore): string {
  return `${row.unitName}（${row.unitId}）`;
}

function whoEn(row: UnitScore): string {
  return `${row.unitName} (${row.unitId})`;
}
