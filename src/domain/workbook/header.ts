// Finding the header of a sheet: under title rows, over one or two rows (merged group headers),
// by matching each cell against the alias table.
import { cleanText, type RawCell } from './cells.js';
import { classifySheet, matchHeader, namesRegistryData, specsFor, type ColumnSpec, type SheetKind } from './columns.js';

export interface SheetColumn {
  readonly index: number; // 1-based column
  readonly header: string; // as printed
  readonly spec: ColumnSpec;
}

export interface SheetLayout {
  readonly kind: SheetKind;
  /** The last header row (1-based); data starts below it. */
  readonly headerRow: number;
  readonly columns: readonly SheetColumn[];
  /** Headers that name no known column: shown to the user, never guessed. */
  readonly ignored: readonly string[];
}

/** Rows looked at for a header: official forms put a title, a unit line and a date above it. */
export const headerScanRows = 15;

function text(cell: RawCell | undefined): string {
  return cell === null || cell === undefined ? '' : cleanText(String(cell));
}

interface Candidate {
  readonly headerRow: number;
  readonly names: Map<number, string>;
}

function score(names: Map<number, string>): { matched: SheetColumn[]; keys: Set<string> } {
  const matched: SheetColumn[] = [];
  const keys = new Set<string>();
  for (const [index, header] of names) {
    const spec = matchHeader(header);
    if (spec && !keys.has(spec.key)) {
      keys.add(spec.key);
      matched.push({ index, header, spec });
    }
  }
  return { matched, keys };
}

/**
 * For a two-row header, each column takes the lower cell when it names a field, else the upper one
 * (a cell merged downwards), else both joined (a group title over a short sub-header).
 */
function twoRowNames(upper: readonly RawCell[], lower: readonly RawCell[]): Map<number, string> {
  const names = new Map<number, string>();
  let group = '';
  const width = Math.max(upper.length, lower.length);
  for (let i = 1; i < width; i++) {
    const u = text(upper[i]);
    const l = text(lower[i]);
    if (u !== '') group = u;
    if (l !== '' && matchHeader(l)) names.set(i, l);
    else if (u !== '' && matchHeader(u)) names.set(i, u);
    else if (l !== '' && matchHeader(group + l)) names.set(i, group + l);
    else if (l !== '' || u !== '') names.set(i, l || u);
  }
  return names;
}

function oneRowNames(row: readonly RawCell[]): Map<number, string> {
  const names = new Map<number, string>();
  for (let i = 1; i < row.length; i++) {
    const t = text(row[i]);
    if (t !== '') names.set(i, t);
  }
  return names;
}

/**
 * `rows[i]` is sheet row i+1, each a 1-based array of cells (index 0 unused), as exceljs gives them.
 * Returns null when no row names enough known columns to tell what the sheet holds.
 */
export function detectLayout(rows: readonly (readonly RawCell[])[]): SheetLayout | null {
  let best: { layout: SheetLayout; matched: number } | null = null;
  for (const candidate of headerCandidates(rows)) {
    const { matched, keys } = score(candidate.names);
    const kind = classifySheet(keys);
    if (!kind || matched.length < 3) continue;
    // A two-row candidate must add columns, or the single row below it is the header.
    if (best && matched.length <= best.matched) continue;
    const allowed = new Set(specsFor(kind).map((s) => s.key));
    const columns = matched.filter((m) => allowed.has(m.spec.key));
    const used = new Set(columns.map((m) => m.index));
    const ignored = [...candidate.names].filter(([i]) => !used.has(i)).map(([, h]) => h);
    best = { layout: { kind, headerRow: candidate.headerRow, columns, ignored }, matched: matched.length };
  }
  return best?.layout ?? null;
}

function headerCandidates(rows: readonly (readonly RawCell[])[]): Candidate[] {
  const candidates: Candidate[] = [];
  const limit = Math.min(rows.length, headerScanRows);
  for (let r = 0; r < limit; r++) {
    const row = rows[r] ?? [];
    candidates.push({ headerRow: r + 1, names: oneRowNames(row) });
    const next = rows[r + 1];
    if (next) candidates.push({ headerRow: r + 2, names: twoRowNames(row, next) });
  }
  return candidates;
}

/** A header naming the household number and a column only registry data has, yet too few to tell the sheet's kind. */
export interface UnclassifiedHeader {
  readonly headerRow: number;
  /** Headers that name registry columns, as printed. */
  readonly known: readonly string[];
  readonly unknown: readonly string[];
}

/**
 * For a sheet detectLayout() found no layout in: the header that looks like registry data under
 * column names the alias table lacks (户编号, 收入年度, 打工挣的 …), which skipping would silently
 * leave out of the import. A sheet with 户编号 and nothing only registry data has (the 错误清单 of
 * a marked-up copy; a 帮扶责任人 list with a cadre's name and phone) is not one.
 */
export function unclassifiedHeader(rows: readonly (readonly RawCell[])[]): UnclassifiedHeader | null {
  let best: UnclassifiedHeader | null = null;
  for (const candidate of headerCandidates(rows)) {
    const { matched, keys } = score(candidate.names);
    if (!keys.has('householdNo') || !namesRegistryData(keys) || (best && matched.length <= best.known.length)) continue;
    const used = new Set(matched.map((m) => m.index));
    best = { headerRow: candidate.headerRow, known: matched.map((m) => m.header), unknown: [...candidate.names].filter(([i]) => !used.has(i)).map(([, h]) => h) };
  }
  return best;
}

/** A column-number row under the header (1, 2, 3 …) or a blank row: not data. Runs on every row. */
export function isFillerRow(row: readonly RawCell[]): boolean {
  let k = 0;
  for (let i = 1; i < row.length; i++) {
    const cell = row[i];
    if (cell === null || cell === undefined) continue;
    const t = typeof cell === 'string' ? cell.trim() : String(cell);
    if (t === '') continue;
    k += 1;
    if (t !== String(k)) return false;
  }
  return k === 0 || k >= 3;
}
