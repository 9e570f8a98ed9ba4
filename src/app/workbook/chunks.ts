// The rows of an import grouped into chunks of whole households, whatever the layout: a member
// sheet may follow the household sheet, and one household's rows may be anywhere in a sheet.
// While reading, each row goes to the chunk of its household (numbered by first appearance) in a
// spill on disk; a chunk is then assembled alone. Memory holds the household numbers, not rows.
import type { RawCell } from '../../domain/workbook/cells.js';
import { WorkbookAssembler, householdNoOf, isNoteLine, type ParsedHousehold } from '../../domain/workbook/assemble.js';
import type { SheetLayout } from '../../domain/workbook/header.js';
import { ownCopy } from '../../domain/workbook/own-copy.js';
import { decimalInText } from '../../domain/workbook/decimal.js';
import type { RowSink } from './read.js';
import { LineSpill } from './spill.js';

export class HouseholdChunks implements RowSink {
  private readonly chunkOf = new Map<string, number>();
  private readonly sheets: { name: string; layout: SheetLayout }[] = [];
  private readonly spill = new LineSpill();
  /** Rows that belong to no household, with their issues. */
  readonly orphans = new WorkbookAssembler();
  readonly sheetKinds = new Set<string>();

  constructor(readonly chunkSize: number) {}

  row(sheet: number, name: string, layout: SheetLayout, row: number, cells: RawCell[]): boolean {
    this.sheets[sheet] ??= { name, layout };
    this.sheetKinds.add(layout.kind);
    const no = householdNoOf(layout, cells);
    // Rows of no household (blank number, or a 填表人/合计 line) are the orphans' to report or skip.
    if (no === '' || isNoteLine(no)) return this.orphans.addRow(name, layout, row, cells);
    let chunk = this.chunkOf.get(no);
    if (chunk === undefined) {
      chunk = Math.floor(this.chunkOf.size / this.chunkSize);
      this.chunkOf.set(ownCopy(no), chunk);
    }
    this.spill.add(chunk, encodeRow(sheet, row, cells));
    return true;
  }

  get households(): number {
    return this.chunkOf.size;
  }

  get chunkCount(): number {
    return this.spill.partCount;
  }

  /** Chunk `k`'s households in order of first appearance, as the assembler makes them from all their rows. */
  take(k: number): ParsedHousehold[] {
    const assembler = new WorkbookAssembler();
    this.spill.forEachLine(k, (line) => {
      const { sheet, row, cells } = decodeRow(line);
      const s = this.sheets[sheet];
      if (s) assembler.addRow(s.name, s.layout, row, cells);
    });
    this.spill.drop(k);
    return [...assembler.households.values()];
  }

  close(): void {
    this.spill.close();
  }
}

// A row as one line: sheet, row number and cells joined by \u0001; a number cell starts with
// \u0002, a yes/no cell is \u0003 plus 1 or 0, an empty text \u0005, and text holding a newline or
// one of these marks is JSON after \u0006. JSON for every row cost a third of a CSV import's CPU.
const sep = '\u0001';

/** Whether `c` holds a newline or a mark (\u0001–\u0006): a loop, a third of a regular expression's cost on short cells. */
function special(c: string): boolean {
  for (let i = 0; i < c.length; i++) {
    const code = c.charCodeAt(i);
    if (code <= 10 && (code === 10 || (code >= 1 && code <= 6))) return true;
  }
  return false;
}

export function encodeRow(sheet: number, row: number, cells: readonly RawCell[]): string {
  let line = `${sheet}${sep}${row}`;
  for (let i = 1; i < cells.length; i += 1) {
    const c = cells[i];
    line += sep;
    if (c === null || c === undefined) continue;
    if (typeof c === 'string') line += c === '' ? '\u0005' : special(c) ? `\u0006${JSON.stringify(c)}` : c;
    else if (typeof c === 'number') line += `\u0002${c}`;
    else line += c ? '\u00031' : '\u00030';
  }
  return line;
}

/** A spilled line back into its row: one pass, no list of parts, numbers read without a substring. */
export function decodeRow(line: string): { sheet: number; row: number; cells: RawCell[] } {
  const n = line.length;
  let p = line.indexOf(sep);
  const sheet = Number(line.slice(0, p));
  let end = line.indexOf(sep, p + 1);
  if (end < 0) end = n;
  const row = Number(line.slice(p + 1, end));
  const cells: RawCell[] = [null];
  p = end;
  // p is at the mark before a cell, or at the end.
  while (p < n) {
    const start = p + 1;
    end = line.indexOf(sep, start);
    if (end < 0) end = n;
    if (end === start) cells.push(null);
    else {
      const mark = line.charCodeAt(start);
      if (mark === 2) cells.push(decimalInText(line, start + 1, end));
      else if (mark === 3) cells.push(line.charCodeAt(start + 1) === 49);
      else if (mark === 5) cells.push('');
      else if (mark === 6) cells.push(JSON.parse(line.slice(start + 1, end)) as string);
      else cells.push(line.slice(start, end));
    }
    p = end;
  }
  return { sheet, row, cells };
}
