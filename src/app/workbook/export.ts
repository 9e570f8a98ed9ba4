// Ledger (台账) export: the import layout streamed into the workbook a page of households at a
// time: frozen header, widths, ID numbers as text (masked per role), code labels
// in Chinese. Reading the file back with the importer changes nothing.
import type { Writable } from 'node:stream';
import { XlsxStreamBook, type XlsxStreamSheet } from '../xlsx-stream-writer.js';
import { departmentFields, departmentIdentityFields, type Principal } from '../../domain/access.js';
import { codeLabel, codes } from '../../domain/code-lists.js';
import { ancestorCodes, parentCode, subtreeRange } from '../../domain/region-code.js';
import { householdColumns, incomeColumns, memberColumns, sheetTitles, type ColumnSpec } from '../../domain/workbook/columns.js';
import { ledgerPage, regionNamesUnder, type LedgerPage, type LedgerWant } from '../../store/workbook-ledger.js';
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

/** A sheet with its bold, frozen header row and the columns' widths. */
function addSheet(wb: XlsxStreamBook, title: string, specs: readonly ColumnSpec[]): XlsxStreamSheet {
  const ws = wb.addSheet(title, specs.map((s) => s.width), 1);
  ws.addRow(specs.map((s) => s.zh), 'bold');
  return ws;
}

async function* pages(db: Executor, req: LedgerRequest, want: LedgerWant): AsyncGenerator<LedgerPage> {
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

/** Writes the ledger to a stream (an HTTP reply) or a file; returns the rows written per sheet. */
export async function writeLedger(db: Executor, req: LedgerRequest, target: { stream: Writable } | { filename: string }): Promise<Record<string, number>> {
  const names = await regionNamesUnder(db, subtreeRange(req.under), ancestorCodes(req.under));
  // ID numbers stay text because they are written as strings.
  const wb = new XlsxStreamBook(target, sharedTexts(names));
  try {
    return await writeSheets(db, req, wb, names);
  } catch (error) {
    wb.abort();
    throw error;
  }
}

/** What most text cells of a ledger repeat: every code list's labels, 是/否 and the place names. */
function* sharedTexts(names: ReadonlyMap<string, string>): Generator<string> {
  yield '是';
  yield '否';
  for (const spec of [...householdColumns, ...memberColumns, ...incomeColumns]) {
    if (spec.list) for (const code of codes(spec.list)) yield codeLabel(spec.list, code);
  }
  // A province has about 25,000 places; under the whole country the table would outweigh a
  // filtered list's rows, and the names are written in place instead.
  if (names.size <= 50_000) yield* names.values();
}

async function writeSheets(db: Executor, req: LedgerRequest, wb: XlsxStreamBook, names: ReadonlyMap<string, string>): Promise<Record<string, number>> {
  const id = (value: string) => (req.viewer ? (presentIdNumber(req.viewer, value) ?? '') : value);
  const written: Record<string, number> = {};
  if (req.kind === 'registry' || req.kind === 'households') {
    const specs = visibleColumns(householdColumns, req.viewer, 'household');
    const ws = addSheet(wb, sheetTitles.household, specs);
    let n = 0;
    for await (const page of pages(db, req, { members: 'heads', incomes: false })) {
      for (const h of page.households) {
        const town = parentCode(h.villageCode) ?? '';
        const display: Record<string, unknown> = {
          countyName: names.get(parentCode(town) ?? ''),
          townName: names.get(town),
          villageName: names.get(h.villageCode),
          headName: page.headNames.get(h.id) ?? null,
          // A relapsed household's row keeps no exit year; the ledger gives the year it exited in, as
          // the national system's 脱贫年度 does, so that its history survives an import elsewhere.
          exitYear: h.exitYear ?? page.relapsedExitYears.get(h.id) ?? null,
        };
        ws.addRow(specs.map((s) => cellValue(s, s.key in display ? display[s.key] : Reflect.get(h, s.key))));
        n += 1;
        if (ws.needsFlush) await ws.flush();
      }
    }
    await ws.end();
    written[sheetTitles.household] = n;
  }
  if (req.kind === 'registry' || req.kind === 'members') {
    const specs = visibleColumns(memberColumns, req.viewer, 'member');
    const ws = addSheet(wb, sheetTitles.member, specs);
    let n = 0;
    for await (const page of pages(db, req, { households: 'keys', members: true, incomes: false })) {
      for (const h of page.keys) {
        for (const m of page.members.get(h.id) ?? []) {
          ws.addRow(specs.map((s) => (s.key === 'householdNo' ? h.householdNo : s.key === 'idNumber' ? id(m.idNumber) : cellValue(s, Reflect.get(m, s.key)))));
          n += 1;
          if (ws.needsFlush) await ws.flush();
        }
      }
    }
    await ws.end();
    written[sheetTitles.member] = n;
  }
  const seesIncomes = req.viewer?.role !== 'department' || (departmentFields[req.viewer.department ?? '']?.incomes ?? false);
  if ((req.kind === 'registry' || req.kind === 'incomes') && seesIncomes) {
    const ws = addSheet(wb, sheetTitles.income, incomeColumns);
    let n = 0;
    for await (const page of pages(db, req, { households: 'keys', members: false, incomes: true })) {
      for (const h of page.keys) {
        for (const inc of page.incomes.get(h.id) ?? []) {
          ws.addRow(incomeColumns.map((s) => (s.key === 'householdNo' ? h.householdNo : cellValue(s, Reflect.get(inc, s.key)))));
          n += 1;
          if (ws.needsFlush) await ws.flush();
        }
      }
    }
    await ws.end();
    written[sheetTitles.income] = n;
  }
  await wb.finish();
  return written;
}
