// The registry's own rules applied to parsed households, before and against the database:
// field and member validation, IDs repeated in the file, IDs registered elsewhere, villages,
// scope, status, and what changed compared with the stored household.
import { isInSubtree } from '../../domain/region-code.js';
import type { HouseholdInput, IncomeComponents, MemberInput } from '../../domain/registry.js';
import { validateHouseholdFields, validateIncome, validateMembers, type ValidationContext } from '../../domain/validate.js';
import { validateStatusExitYear } from '../../domain/validate-exit-year.js';
import type { IdRegister } from '../../domain/workbook/id-register.js';
import { issueAt, locateFieldError, type ImportIssue, type ParsedHousehold } from '../../domain/workbook/assemble.js';
import { householdColumns, incomeColumns, memberColumns } from '../../store/mappers.js';
import type { StoredHousehold } from '../../store/workbook.js';
import { normalizeMember } from '../registry.js';

/** Members as the registry would store them (ID normalised, blank birth date and sex from the ID). */
export function normalizedMembers(h: ParsedHousehold): MemberInput[] {
  return h.members.map((m) => normalizeMember(m.input));
}

/** Rules that need no database. `membersGiven`: the files carry member rows for every household. */
export function checkInFile(h: ParsedHousehold, members: readonly MemberInput[], membersGiven: boolean, ctx: ValidationContext, seen: IdRegister): void {
  const errors = [];
  if (h.household) errors.push(...validateHouseholdFields(h.household, ctx));
  if (membersGiven && (h.household || h.members.length > 0)) errors.push(...validateMembers(members, ctx));
  // A field already refused while parsing is not reported a second time by the rules.
  if (errors.length > 0) {
    const parsed = new Set(h.issues.map((i) => `${i.sheet}|${i.row}|${i.field}`));
    const badId = membersWithBadId(h, errors);
    for (const e of errors) {
      // A sex or birth date left blank is taken from the ID number; with the ID refused, only the ID is the error.
      const derived = /^members\[(\d+)\]\.(sex|birthDate)$/.exec(e.field);
      if (derived && badId.has(Number(derived[1])) && blankInFile(h, Number(derived[1]), derived[2] as 'sex' | 'birthDate')) continue;
      const issue = locateFieldError(h, e);
      if (!parsed.has(`${issue.sheet}|${issue.row}|${issue.field}`)) h.issues.push(issue);
    }
  }
  if (h.household && h.status !== null) {
    const exit = { identifiedYear: h.household.identifiedYear, status: h.status, exitYear: h.exitYear };
    for (const e of validateStatusExitYear(exit, ctx)) h.issues.push(issueAt(h.ref, h.householdNo, 'exitYear', h.exitYear === null ? '' : String(h.exitYear), e));
  }
  for (const inc of h.incomes) {
    for (const e of validateIncome(inc.year, inc.income, ctx)) {
      const key = e.field.replace(/^income\./, '');
      h.issues.push(issueAt(inc.ref, h.householdNo, key === 'year' ? 'year' : key, '', e, e.field));
    }
  }
  members.forEach((m, i) => {
    const ref = h.members[i]?.ref;
    if (!ref || m.idNumber === '') return;
    const first = seen.firstOrAdd(m.idNumber, { no: h.householdNo, sheet: ref.sheet, row: ref.row });
    if (first && first.no !== h.householdNo) {
      h.issues.push(issueAt(ref, h.householdNo, 'idNumber', m.idNumber, { message: `同一身份证号在本次导入中出现两次（另见 ${first.sheet} 第 ${first.row} 行，户编号 ${first.no}）`, messageEn: `The ID number appears twice in this import (see sheet ${first.sheet}, row ${first.row}, household ${first.no})`, fix: '同一人只能登记在一户中，请删除重复的一行', fixEn: 'A person can be registered in one household only: delete the duplicate row' }));
    }
  });
}

/** Members whose ID number was refused, while parsing or by the rules. */
function membersWithBadId(h: ParsedHousehold, errors: readonly { field: string }[]): Set<number> {
  const bad = new Set<number>();
  for (const e of errors) {
    const m = /^members\[(\d+)\]\.idNumber$/.exec(e.field);
    if (m) bad.add(Number(m[1]));
  }
  h.members.forEach((m, i) => {
    if (h.issues.some((x) => x.field === 'idNumber' && x.sheet === m.ref.sheet && x.row === m.ref.row)) bad.add(i);
  });
  return bad;
}

const blankInFile = (h: ParsedHousehold, i: number, key: 'sex' | 'birthDate'): boolean => (h.members[i]?.input[key] ?? '') === '';

export interface DbFacts {
  readonly stored: StoredHousehold | undefined;
  readonly owners: ReadonlyMap<string, { readonly householdNo: string; readonly villageCode: string }>;
  readonly villages: ReadonlySet<string>;
  readonly scope: string | null;
  readonly closedYears: ReadonlySet<number>;
  readonly membersGiven: boolean;
}

export type Plan =
  | { kind: 'new' }
  | { kind: 'unchanged' }
  | { kind: 'changed'; household: HouseholdInput | null; members: readonly MemberInput[] | null; incomes: { year: number; income: IncomeComponents }[] };

/**
 * Two rows made by the same column mapper are the same when every value is: compared value by
 * value, not as JSON text, which was a third of re-importing an unchanged county's file. A value
 * JSON cannot hold (NaN) counts as null, as it did in the text.
 */
function sameRow(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  for (const key in a) {
    const x = a[key];
    const y = b[key];
    if (x !== y && jsonValue(x) !== jsonValue(y)) return false;
  }
  return true;
}
const jsonValue = (v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

/** The same people with the same values, in any order (matched by ID number, unique in the registry). */
function sameMembers(file: readonly MemberInput[], stored: readonly MemberInput[]): boolean {
  if (file.length !== stored.length) return false;
  const byId = new Map<string, MemberInput>();
  for (const m of stored) byId.set(m.idNumber, m);
  if (byId.size !== stored.length) return sameSorted(file, stored);
  for (const m of file) {
    const s = byId.get(m.idNumber);
    if (s === undefined || !sameRow(memberColumns(m), memberColumns(s))) return false;
    byId.delete(m.idNumber);
  }
  return true;
}

/** Equality of the two lists as multisets of rows, for stored members without unique ID numbers. */
function sameSorted(file: readonly MemberInput[], stored: readonly MemberInput[]): boolean {
  const key = (list: readonly MemberInput[]) => list.map((m) => JSON.stringify(memberColumns(m))).sort().join('\n');
  return key(file) === key(stored);
}

/** Checks against the database, then what writing this household would change. */
export function checkAgainstStore(h: ParsedHousehold, members: readonly MemberInput[], f: DbFacts): Plan | null {
  const at = h.ref ?? h.members[0]?.ref ?? h.incomes[0]?.ref ?? null;
  const stored = f.stored?.household;
  const issue = (key: string, value: string, message: string, messageEn: string, fix: string, fixEn: string, ref = at) => h.issues.push(issueAt(ref, h.householdNo, key, value, { message, messageEn, fix, fixEn }));
  // The browser takes one file: a household sheet and a member sheet arrive together only as two
  // sheets of one workbook (or, on the command line, as two files given at once).
  if (!stored && !h.household) issue('householdNo', h.householdNo, `户编号 ${h.householdNo} 在系统中不存在`, `household ${h.householdNo} does not exist`, '已登记的户请核对户编号；新户请在户表中登记户信息，与成员表一同导入（放在同一个工作簿的两个工作表中）', 'For a registered household, check the household number; register a new one in the household sheet and import it with the member sheet (two sheets of one workbook)');
  if (!stored && h.household && !f.membersGiven) issue('householdNo', h.householdNo, '新户必须同时导入家庭成员', 'a new household needs its members', '请在成员表中填写该户的成员，与户表一同导入（放在同一个工作簿的两个工作表中）', "Fill in the household's members in the member sheet and import it with the household sheet (two sheets of one workbook)");
  const village = h.household?.villageCode;
  // A code already refused by the rules (a town's, say) is not reported again as unknown.
  const villageRefused = h.issues.some((i) => i.field === 'villageCode');
  if (village && /^\d{12}$/.test(village) && !villageRefused && !f.villages.has(village)) {
    issue('villageCode', village, `村代码 ${village} 不存在或不是村级区划`, `village ${village} does not exist or is not a village`, '请核对村的 12 位区划代码；若该村确实存在，请联系管理员载入本地区划', 'Check the 12-digit village code; if the village does exist, ask an administrator to load the regions');
  }
  if (f.scope !== null && ((village && !isInSubtree(village, f.scope)) || (stored && !isInSubtree(stored.villageCode, f.scope)))) {
    issue('villageCode', village ?? '', '该户不在您的管辖范围内', 'household outside your region', '只能导入本辖区的贫困户', 'Only households of your region can be imported');
  }
  if (!stored && h.household && h.status === null && h.exitYear !== null) {
    issue('status', '', `填写了脱贫年度 ${h.exitYear}，但脱贫状态为空`, `The exit year ${h.exitYear} is given but the status is empty`, '请填写脱贫状态（如“已脱贫”“返贫”）；尚未脱贫的户请清空脱贫年度', 'Enter the status (e.g. exited, relapsed); for a household that has not exited, clear the exit year');
  }
  // A relapsed household's row keeps no exit year (the relapse cleared it): a file that gives the
  // year of its earlier exit is held to the year its history records; one that leaves it empty is not.
  const relapsedExit = f.stored?.relapsedExitYear ?? null;
  const exitYearDiffers = stored !== undefined && (h.status === 'relapsed' ? h.exitYear !== null && h.exitYear !== relapsedExit : h.exitYear !== stored.exitYear);
  if (stored && h.status === 'relapsed' && stored.status === 'relapsed' && exitYearDiffers) {
    issue('exitYear', String(h.exitYear), `该户登记为 ${relapsedExit ?? '（无）'} 年脱贫后返贫，文件填的脱贫年度是 ${h.exitYear}：导入不能修改脱贫年度`, `The household is registered as exited in ${relapsedExit ?? '(none)'} and relapsed since; the file gives ${h.exitYear}: an import cannot change the exit year`, `请把脱贫年度改回 ${relapsedExit ?? ''} 或留空；登记的年度有误的，请报数据管理员核实更正`, `Set the exit year back to ${relapsedExit ?? ''} or leave it empty; if the registered year is wrong, ask the data officer to check and correct it`);
  } else if (stored && h.status !== null && (h.status !== stored.status || exitYearDiffers)) {
    issue('status', h.status, '导入不能修改脱贫状态或脱贫年度', 'an import cannot change status or exitYear', '请通过“脱贫/返贫/自然减少”办理状态变动，或改回系统中的状态', 'Change status through exit/return/removal, or restore the status in the system');
  }
  members.forEach((m, i) => {
    const owner = f.owners.get(m.idNumber);
    if (owner !== undefined && owner.householdNo !== h.householdNo) {
      // A household outside the importer's region is not named: its existence is not theirs to know.
      const visible = f.scope === null || isInSubtree(owner.villageCode, f.scope);
      const where = visible ? `（户编号 ${owner.householdNo}）` : '（在您的管辖范围以外）';
      const whereEn = visible ? ` ${owner.householdNo}` : ' outside your region';
      issue('idNumber', m.idNumber, `${m.name} 已登记在其他贫困户${where}中：同一人只能属于一户`, `The person is already registered in household${whereEn}: a person can belong to one household only`, visible ? '请先从原户中移除该成员，或核对身份证号' : '请核对身份证号；确属同一人的，请联系上级数据管理员办理迁移', visible ? 'Remove the member from the other household first, or check the ID number' : 'Check the ID number; if it is the same person, ask the data officer above you to move them', h.members[i]?.ref ?? at);
    }
  });
  if (h.issues.length > 0) return null;
  if (!f.stored || !stored) return { kind: 'new' };
  const household = h.household && !sameRow(householdColumns(h.household), householdColumns(stored)) ? h.household : null;
  const changedMembers = f.membersGiven && h.members.length > 0 && !sameMembers(members, f.stored.members) ? members : null;
  const incomes: { year: number; income: IncomeComponents }[] = [];
  for (const inc of h.incomes) {
    const old = f.stored.incomes.find((x) => x.year === inc.year);
    if (old && sameRow(incomeColumns(old), incomeColumns(inc.income))) continue;
    if (f.closedYears.has(inc.year)) {
      issue('year', String(inc.year), `${inc.year} 年度已关账，不能修改收入`, `year ${inc.year} is closed`, '请管理员重新开账后再导入', 'Ask an administrator to reopen the year, then import', inc.ref);
      return null;
    }
    incomes.push({ year: inc.year, income: inc.income });
  }
  if (!household && !changedMembers && incomes.length === 0) return { kind: 'unchanged' };
  return { kind: 'changed', household, members: changedMembers, incomes };
}
