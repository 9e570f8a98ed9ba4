// Ledger (台账) export: the import layout written with exceljs's streaming writer, a page of
// households at a time: frozen header, widths, ID numbers as text (masked per role), code labels
// in Chinese. Reading the file back with the importer changes nothing.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excel } from '../excel.js';
import { departmentFields, departmentIdentityFields, type Principal } from '../../domain/access.js';
import { codeLabel } from '../../domain/code-lists.js';
import type { Household, IncomeComponents, Member } from '../../domain/registry.js';
import { ancestorCodes, parentCode, subtreeRange } from '../../domain/region-code.js';
import { householdColumns, incomeColumns, memberColumns, sheetTitles, type ColumnSpec } from '../../domain/workbook/columns.js';
import { ledgerPage, regionNamesUnder } from '../../store/workbook-ledger.js';
import type { Executor } from '../../store/store.js';
import type { ListFilter } from '../../store/household-list.js';
import { presentIdNumber } from '../present.js';

export const ledgerKinds = ['registry', 'households', 'members', 'incomes'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export interface LedgerRequest {
  readonly under: string; // 12-digit
  readonly kind: LedgerKind;
  /** Whose view: masks ID numbers and limits department users to their fields; null shows all (CLI operator). */
  readonly viewer: Principal | null;
  /** The household list's filter (its region is `under`): the list exported as it reads. */
  readonly filter?: Omit<ListFilter, 'region'>;
}

const pageSize = 2000;

/** Formats one value for its column: labels for codes, 是/否 for flags, yuan for amounts. */
export function cellValue(spec: ColumnSpec, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  switch (spec.kind) {
    case 'bool':
      return value === true ? '是' : '否';
    case 'code':
      return spec.list && typeof value === 'string' ? codeLabel(spec.list, value) : String(value);
    case 'codes':
      return Array.isArray(value) ? value.map((v) => (spec.list ? codeLabel(spec.list, String(v)) : String(v))).join('、') : null;
    case 'yuan':
      return typeof value === 'number' ? value / 100 : null;
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : null;
    default:
      return String(value);
  }
}

function visibleColumns(specs: readonly ColumnSpec[], viewer: Principal | null, part: 'household' | 'member'): ColumnSpec[] {
  if (viewer?.role !== 'department') return [...specs];
  const fields = departmentFields[viewer.department ?? ''];
  const allowed = new Set<string>([...departmentIdentityFields[part], ...(fields?.[part] ?? []), 'householdNo', 'countyName', 'townName', 'villageName', 'headName']);
  return specs.filter((s) => allowed.has(s.key));
}

function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, title: string, specs: readonly ColumnSpec[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = specs.map((s) => ({ header: s.zh, key: s.key, width: s.width }));
  return ws;
}

type Pages = AsyncGenerator<{ households: Household[]; members: Map<number, Member[]>; incomes: Map<number, (IncomeComponents & { year: number })[]> }>;

async function* pages(db: Executor, req: LedgerRequest, want: { members: boolean; incomes: boolean }): Pages {
  const range = subtreeRange(req.under);
  const filter = req.filter ? { ...req.filter, region: req.under } : undefined;
  let after: readonly [string, string] | null = null;
  for (;;) {
    const page = await ledgerPage(db, range, after, pageSize, want, filter);
    yield page;
    if (!page.next) return;
    after = page.next;
  }
}

/**
 * exceljs's streaming writer never pushes back, and SQLite answers without a turn of the event
 * loop: unchecked, rows pile up in memory ahead of the deflate stream (3.4 GB for 330,000
 * households). Wait until the sheet's zip entry has been started and its deflate stream drained.
 */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  const stream = (ws as unknown as { stream?: { pipes?: Writable[] } }).stream;
  for (let i = 0; i < 1000 && stream?.pipes?.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  // The entry's input is a readable-stream 2 PassThrough: its state sits in _writableState.
  for (const pipe of stream?.pipes ?? []) {
    const state = (pipe as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
    if (state?.needDrain ?? pipe.writableNeedDrain) await once(pipe, 'drain');
  }
}

/** Writes the ledger to a stream (an HTTP reply) or a file; returns the rows written per sheet. */
export async function writeLedger(db: Executor, req: LedgerRequest, target: { stream: Writable } | { filename: string }): Promise<Record<string, number>> {
  // Styles off: per-cell style lookups halve the writer's speed. Frozen panes and widths are not
  // styles; ID numbers stay text because they are written as strings.
  const wb = new (await excel()).stream.xlsx.WorkbookWriter({ ...target, useStyles: false, useSharedStrings: false });
  const names = await regionNamesUnder(db, subtreeRange(req.under), ancestorCodes(req.under));
  const id = (value: string) => (req.viewer ? (presentIdNumber(req.viewer, value) ?? '') : value);
  const written: Record<string, number> = {};
  if (req.kind === 'registry' || req.kind === 'households') {
    const specs = visibleColumns(householdColumns, req.viewer, 'household');
    const ws = addSheet(wb, sheetTitles.household, specs);
    let n = 0;
    for await (const page of pages(db, req, { members: true, incomes: false })) {
      for (const h of page.households) {
        const town = parentCode(h.villageCode) ?? '';
        const display: Record<string, unknown> = {
          countyName: names.get(parentCode(town) ?? ''),
          townName: names.get(town),
          villageName: names.get(h.villageCode),
          headName: page.members.get(h.id)?.find((m) => m.relation === 'head')?.name ?? null,
        };
        ws.addRow(specs.map((s) => cellValue(s, s.key in display ? display[s.key] : Reflect.get(h, s.key)))).commit();
        n += 1;
      }
      await drained(ws);
    }
    ws.commit();
    written[sheetTitles.household] = n;
  }
  if (req.kind === 'registry' || req.kind === 'members') {
    const specs = visibleColumns(memberColumns, req.viewer, 'member');
    const ws = addSheet(wb, sheetTitles.member, specs);
    let n = 0;
    for await (const page of pages(db, req, { members: true, incomes: false })) {
      for (const h of page.households) {
        for (const m of page.members.get(h.id) ?? []) {
          ws.addRow(specs.map((s) => (s.key === 'householdNo' ? h.householdNo : s.key === 'idNumber' ? id(m.idNumber) : cellValue(s, Reflect.get(m, s.key))))).commit();
          n += 1;
        }
      }
      await drained(ws);
    }
    ws.commit();
    written[sheetTitles.member] = n;
  }
  const seesIncomes = req.viewer?.role !== 'department' || (departmentFields[req.viewer.department ?? '']?.incomes ?? false);
  if ((req.kind === 'registry' || req.kind === 'incomes') && seesIncomes) {
    const ws = addSheet(wb, sheetTitles.income, incomeColumns);
    let n = 0;
    for await (const page of pages(db, req, { members: false, incomes: true })) {
      for (const h of page.households) {
        for (const inc of page.incomes.get(h.id) ?? []) {
          ws.addRow(incomeColumns.map((s) => (s.key === 'householdNo' ? h.householdNo : cellValue(s, Reflect.get(inc, s.key))))).commit();
          n += 1;
        }
      }
      await drained(ws);
    }
    ws.commit();
    written[sheetTitles.income] = n;
  }
  await wb.commit();
  return written;
}
