// Rows of household, member, income and flat sheets gathered into households, each keeping
// where its values came from so that every error can name its sheet, row and column.
import { maskIdNumber, scientific } from '../id-number.js';
import type { HouseholdInput, HouseholdStatus, IncomeComponents, MemberInput } from '../registry.js';
import { cellText, isBlank, parseCell, type FieldValue, type RawCell } from './cells.js';
import { codeLabel } from '../code-lists.js';
import { columnLetter, specsFor, type ColumnSpec } from './columns.js';
import type { SheetLayout } from './header.js';
import type { PlaceNames } from '../place-names.js';

export interface RowRef {
  readonly sheet: string;
  readonly row: number;
  readonly layout: SheetLayout;
}

export interface ImportIssue {
  readonly sheet: string;
  readonly row: number | null;
  readonly column: string | null; // letter, e.g. "C"
  readonly header: string | null;
  readonly field: string;
  readonly value: string; // ID numbers masked
  readonly householdNo: string | null;
  readonly message: string;
  readonly messageEn: string;
  readonly fix: string;
  readonly fixEn: string;
}

export interface ParsedMember {
  readonly input: MemberInput;
  readonly ref: RowRef;
}

export interface ParsedIncome {
  readonly year: number;
  readonly income: IncomeComponents;
  readonly ref: RowRef;
}

export interface ParsedHousehold {
  readonly householdNo: string;
  household: HouseholdInput | null;
  /** Status columns as given (null: not given). */
  status: HouseholdStatus | null;
  exitYear: number | null;
  /** The county, town and village names of the household row (null: none given), read to find or check its village. */
  place: PlaceNames | null;
  ref: RowRef | null;
  householdJson: string | null;
  members: ParsedMember[];
  readonly incomes: ParsedIncome[];
  readonly issues: ImportIssue[];
}

/** A row's parsed values by field key (undefined: no such column, or the cell was refused). */
interface Values {
  get(key: string): FieldValue | undefined;
}

/**
 * A row's values in the order of its sheet's columns, looked up through one key → position map per
 * layout: a Map of thirty entries per row was the import's largest source of garbage.
 */
class RowValues implements Values {
  constructor(
    private readonly slots: ReadonlyMap<string, number>,
    readonly values: (FieldValue | undefined)[],
  ) {}

  get(key: string): FieldValue | undefined {
    const i = this.slots.get(key);
    return i === undefined ? undefined : this.values[i];
  }
}

interface LayoutPlan {
  readonly slots: ReadonlyMap<string, number>;
  readonly householdNo: number;
}

const plans = new WeakMap<SheetLayout, LayoutPlan>();

function planOf(layout: SheetLayout): LayoutPlan {
  let plan = plans.get(layout);
  if (!plan) {
    const slots = new Map<string, number>();
    layout.columns.forEach((c, i) => slots.set(c.spec.key, i));
    plan = { slots, householdNo: slots.get('householdNo') ?? -1 };
    plans.set(layout, plan);
  }
  return plan;
}

const str = (v: Values, k: string): string => {
  const x = v.get(k);
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
};
const strOrNull = (v: Values, k: string): string | null => {
  const x = v.get(k);
  return typeof x === 'string' && x !== '' ? x : null;
};
const num = (v: Values, k: string): number | null => {
  const x = v.get(k);
  return typeof x === 'number' ? x : null;
};
const bool = (v: Values, k: string): boolean => v.get(k) === true;
const list = (v: Values, k: string): string[] => {
  const x = v.get(k);
  return Array.isArray(x) ? x : [];
};

export function toHouseholdInput(householdNo: string, v: Values): HouseholdInput {
  return {
    householdNo,
    villageCode: str(v, 'villageCode'),
    identificationStandard: str(v, 'identificationStandard'),
    identifiedYear: num(v, 'identifiedYear') ?? Number.NaN,
    attribute: str(v, 'attribute'),
    mainCause: str(v, 'mainCause'),
    otherCauses: list(v, 'otherCauses'),
    phone: strOrNull(v, 'phone'),
    housingSafetyGrade: strOrNull(v, 'housingSafetyGrade'),
    housingArea: num(v, 'housingArea'),
    houseStructure: strOrNull(v, 'houseStructure'),
    renovationYear: num(v, 'renovationYear'),
    safeDrinkingWater: bool(v, 'safeDrinkingWater'),
    drinkingWaterDifficulty: bool(v, 'drinkingWaterDifficulty'),
    roadType: strOrNull(v, 'roadType'),
    distanceToMainRoadKm: num(v, 'distanceToMainRoadKm'),
    hasProductionPower: bool(v, 'hasProductionPower'),
    hasDomesticPower: bool(v, 'hasDomesticPower'),
    hasRadioTv: bool(v, 'hasRadioTv'),
    hasSanitaryToilet: bool(v, 'hasSanitaryToilet'),
    fuelType: strOrNull(v, 'fuelType'),
    joinedCooperative: bool(v, 'joinedCooperative'),
    arableLandMu: num(v, 'arableLandMu'),
    irrigatedLandMu: num(v, 'irrigatedLandMu'),
    forestLandMu: num(v, 'forestLandMu'),
    relocationPending: bool(v, 'relocationPending'),
    renovationInProgress: bool(v, 'renovationInProgress'),
    industryProjectPending: bool(v, 'industryProjectPending'),
  };
}

export function toMemberInput(v: Values): MemberInput {
  return {
    name: str(v, 'name'),
    idNumber: str(v, 'idNumber'),
    relation: str(v, 'relation'),
    sex: str(v, 'sex'),
    birthDate: str(v, 'birthDate'),
    ethnicity: str(v, 'ethnicity'),
    education: strOrNull(v, 'education'),
    schoolStatus: str(v, 'schoolStatus'),
    health: str(v, 'health'),
    disabilityType: strOrNull(v, 'disabilityType'),
    labourAbility: str(v, 'labourAbility'),
    workStatus: str(v, 'workStatus'),
    workMonths: num(v, 'workMonths') ?? 0,
    politicalStatus: strOrNull(v, 'politicalStatus'),
    speaksMandarin: bool(v, 'speaksMandarin'),
    hasResidentMedicalInsurance: bool(v, 'hasResidentMedicalInsurance'),
    hasEmployeeMedicalInsurance: bool(v, 'hasEmployeeMedicalInsurance'),
    hasSeriousIllnessInsurance: bool(v, 'hasSeriousIllnessInsurance'),
    hasResidentPension: bool(v, 'hasResidentPension'),
    receivesMinimumLiving: bool(v, 'receivesMinimumLiving'),
    isExtremePoverty: bool(v, 'isExtremePoverty'),
  };
}

function placeOf(v: Values): PlaceNames | null {
  const place = { county: str(v, 'countyName'), town: str(v, 'townName'), village: str(v, 'villageName') };
  return place.county === '' && place.town === '' && place.village === '' ? null : place;
}

function toIncome(v: Values): IncomeComponents {
  return {
    wageIncome: num(v, 'wageIncome') ?? 0,
    productionIncome: num(v, 'productionIncome') ?? 0,
    productionCost: num(v, 'productionCost') ?? 0,
    assetDividendIncome: num(v, 'assetDividendIncome') ?? 0,
    otherPropertyIncome: num(v, 'otherPropertyIncome') ?? 0,
    familyPlanningAllowance: num(v, 'familyPlanningAllowance') ?? 0,
    minimumLivingAllowance: num(v, 'minimumLivingAllowance') ?? 0,
    extremePovertyAllowance: num(v, 'extremePovertyAllowance') ?? 0,
    pensionIncome: num(v, 'pensionIncome') ?? 0,
    ecoCompensation: num(v, 'ecoCompensation') ?? 0,
    otherTransferIncome: num(v, 'otherTransferIncome') ?? 0,
    expectedIncome: num(v, 'expectedIncome') ?? 0,
  };
}

/** A code as the officer wrote it (女, not female); anything else, and an unknown code, as it is. */
function shownValue(spec: ColumnSpec | undefined, value: string): string {
  return spec?.kind === 'code' && spec.list && value !== '' ? codeLabel(spec.list, value) : value;
}

/** An issue located at a row and the column of `key` in that row's sheet (if the sheet has one). */
export function issueAt(ref: RowRef | null, householdNo: string | null, key: string, value: string, e: { message: string; messageEn: string; fix: string; fixEn: string }, field = key): ImportIssue {
  const column = ref?.layout.columns.find((c) => c.spec.key === key);
  // A field the sheet has no column for: the cell cannot be fixed, the header must be.
  const absent = ref && !column ? specsFor(ref.layout.kind).find((s) => s.key === key && !s.display) : undefined;
  const said = ref && absent
    ? {
      message: `${ref.sheet}没有“${absent.zh}”列：${e.message}`,
      messageEn: `sheet ${ref.sheet} has no "${absent.zh}" column: ${e.messageEn}`,
      fix: `请在${ref.sheet}的表头中加上“${absent.zh}”列（列名见导入模板），再逐户填写`,
      fixEn: `Add a "${absent.zh}" column to the header of sheet ${ref.sheet} (names as in the import template), then fill it in for each household`,
    }
    : e;
  return {
    sheet: ref?.sheet ?? '',
    row: ref?.row ?? null,
    column: column ? columnLetter(column.index) : null,
    header: column?.header ?? null,
    field,
    // 6.10926E+17 holds no more than the address digits a mask shows: masked it read 6.1092*E+17,
    // as if the star were in the officer's file.
    value: key === 'idNumber' && value.length >= 10 && !scientific.test(value) ? maskIdNumber(value) : shownValue(column?.spec, value),
    householdNo,
    message: said.message,
    messageEn: said.messageEn,
    fix: said.fix,
    fixEn: said.fixEn,
  };
}

/** How the lines under a table begin; no household number begins so (it is letters, digits and dashes). */
const noteWords = /^(填表|填报|制表|审核|审批|负责人|联系人|单位负责|备注|说明|注[:：]|合计|小计|总计)/;

/** A signature, note or totals line under a table, told by what its household number cell holds. */
export function isNoteLine(householdNo: string): boolean {
  return noteWords.test(householdNo);
}

const householdKeys = new Set(['villageCode', 'identificationStandard', 'identifiedYear', 'attribute', 'mainCause', 'otherCauses', 'status', 'exitYear', 'phone', 'housingSafetyGrade', 'housingArea', 'houseStructure', 'renovationYear', 'safeDrinkingWater', 'drinkingWaterDifficulty', 'roadType', 'distanceToMainRoadKm', 'hasProductionPower', 'hasDomesticPower', 'hasRadioTv', 'hasSanitaryToilet', 'fuelType', 'joinedCooperative', 'arableLandMu', 'irrigatedLandMu', 'forestLandMu', 'relocationPending', 'renovationInProgress', 'industryProjectPending']);

/** The household number a data row belongs to, read as `addRow` reads it ('' when blank). */
export function householdNoOf(layout: SheetLayout, cells: readonly RawCell[]): string {
  const col = layout.columns[planOf(layout).householdNo];
  if (!col) return '';
  const parsed = parseCell(col.spec, cells[col.index] ?? null);
  const x = parsed.ok ? parsed.value : null;
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

/**
 * Collects rows in file order. Households keep file order; the member and income rows of a
 * household may come anywhere in their sheets.
 */
export class WorkbookAssembler {
  readonly households = new Map<string, ParsedHousehold>();
  /** Rows that belong to no household (no household number). */
  readonly orphanIssues: ImportIssue[] = [];
  readonly sheetKinds = new Set<string>();
  rows = 0;

  private get(no: string): ParsedHousehold {
    let h = this.households.get(no);
    if (!h) {
      h = { householdNo: no, household: null, status: null, exitYear: null, place: null, ref: null, householdJson: null, members: [], incomes: [], issues: [] };
      this.households.set(no, h);
    }
    return h;
  }

  /** `cells` is 1-based (index 0 unused). Returns false for rows skipped as empty notes. */
  addRow(sheet: string, layout: SheetLayout, row: number, cells: readonly RawCell[]): boolean {
    this.sheetKinds.add(layout.kind);
    const ref: RowRef = { sheet, row, layout };
    const columns = layout.columns;
    const parsedValues = new Array<FieldValue | undefined>(columns.length);
    // Most rows have no issue: the list is made for the first one.
    let issues: ImportIssue[] | null = null;
    for (let i = 0; i < columns.length; i += 1) {
      const col = columns[i] as (typeof columns)[number];
      const raw = cells[col.index] ?? null;
      const parsed = parseCell(col.spec, raw);
      if (parsed.ok) parsedValues[i] = parsed.value;
      else (issues ??= []).push(issueAt(ref, null, col.spec.key, cellText(raw), parsed));
    }
    const values = new RowValues(planOf(layout).slots, parsedValues);
    const no = str(values, 'householdNo');
    // Signatures, dates and totals under a table: written in the first column, which in our own
    // template is the household number's (填表人：张三 … 审核人：), or with no household number at all.
    if (isNoteLine(no)) return false;
    if (no === '') {
      // Notes, signatures and totals under a table have no household number and few cells.
      if (layout.columns.filter((col) => !isBlank(cells[col.index] ?? null)).length <= 2) return false;
      // A household number that was there but refused (Excel turned it into a number) says so.
      const refused = issues?.find((i) => i.field === 'householdNo');
      if (refused) {
        this.orphanIssues.push(refused);
        return true;
      }
      this.orphanIssues.push(issueAt(ref, null, 'householdNo', '', { message: '户编号为空：无法确定该行属于哪一户', messageEn: 'The household number is empty: the row cannot be placed in a household', fix: '请填写户编号；同一户的各行户编号相同', fixEn: 'Enter the household number; rows of the same household share it' }));
      return true;
    }
    this.rows += 1;
    const h = this.get(no);
    if (issues) for (const i of issues) h.issues.push({ ...i, householdNo: no });
    if (layout.kind === 'household' || layout.kind === 'flat') this.householdPart(h, ref, values, layout.kind === 'flat');
    if (layout.kind === 'member' || layout.kind === 'flat') h.members.push({ input: toMemberInput(values), ref });
    if (layout.kind === 'income') this.incomePart(h, ref, values);
    return true;
  }

  private householdPart(h: ParsedHousehold, ref: RowRef, values: Values, flat: boolean): void {
    const input = toHouseholdInput(h.householdNo, values);
    const status = str(values, 'status');
    // Only flat sheets repeat household columns; only they need the text to compare rows with.
    const json = flat ? JSON.stringify([input, status, num(values, 'exitYear')]) : null;
    if (h.ref === null) {
      h.household = input;
      h.ref = ref;
      h.householdJson = json;
      h.status = status === 'poor' || status === 'exited' || status === 'relapsed' || status === 'removed' ? status : null;
      h.exitYear = num(values, 'exitYear');
      h.place = placeOf(values);
      return;
    }
    if (!flat || h.ref.sheet !== ref.sheet) {
      h.issues.push(issueAt(ref, h.householdNo, 'householdNo', h.householdNo, { message: `户编号与 ${h.ref.sheet} 第 ${h.ref.row} 行重复`, messageEn: `householdNo repeats row ${h.ref.row}`, fix: '每户在户表中只登记一行；请合并或更正户编号', fixEn: 'Register each household once in the household sheet: merge the rows or correct the household number' }));
    } else if (json !== h.householdJson) {
      const first = h.household;
      const key = first ? [...householdKeys].find((k) => JSON.stringify(Reflect.get(first, k)) !== JSON.stringify(Reflect.get(input, k))) : undefined;
      h.issues.push(issueAt(ref, h.householdNo, key ?? 'householdNo', '', { message: `同一户的户信息与第 ${h.ref.row} 行不一致`, messageEn: `household columns differ from row ${h.ref.row}`, fix: '同一户各成员行的户信息应完全相同', fixEn: 'Household columns must be the same on every member row of a household' }));
    }
  }

  private incomePart(h: ParsedHousehold, ref: RowRef, values: Values): void {
    const year = num(values, 'year');
    if (year === null) {
      h.issues.push(issueAt(ref, h.householdNo, 'year', '', { message: '收入年度不能为空', messageEn: 'income year is required', fix: '请填写收入所属年度，如 2019', fixEn: 'Enter the year of the income, e.g. 2019' }));
      return;
    }
    const twice = h.incomes.find((i) => i.year === year);
    if (twice) {
      h.issues.push(issueAt(ref, h.householdNo, 'year', String(year), { message: `${year} 年收入与 ${twice.ref.sheet} 第 ${twice.ref.row} 行重复`, messageEn: `income of ${year} appears twice`, fix: '每户每年只填一行收入', fixEn: 'One income row per household per year' }));
      return;
    }
    h.incomes.push({ year, income: toIncome(values), ref });
  }
}

/** Locates a registry FieldError (`mainCause`, `members[2].idNumber`, `members`) in the sheets. */
export function locateFieldError(h: ParsedHousehold, e: { field: string; message: string; messageEn: string; fix: string; fixEn: string }): ImportIssue {
  const m = /^members\[(\d+)\]\.(\w+)$/.exec(e.field);
  if (m) {
    const member = h.members[Number(m[1])];
    const key = m[2] ?? '';
    const value = member ? Reflect.get(member.input, key) : '';
    return issueAt(member?.ref ?? h.ref, h.householdNo, key, value === null || value === undefined ? '' : String(value), e, key);
  }
  if (e.field === 'members') return issueAt(h.members[0]?.ref ?? h.ref, h.householdNo, 'relation', '', e, 'members');
  const key = e.field.replace(/\[\d+\]$/, '').replace(/^.*\./, '');
  const value = h.household ? Reflect.get(h.household, key) : '';
  const text = value === null || value === undefined || Number.isNaN(value) ? '' : Array.isArray(value) ? value.join('、') : String(value);
  return issueAt(h.ref, h.householdNo, key, text, e, key);
}
