// The error report as a workbook: a copy of the input with every bad cell filled and carrying a
// note (message and fix), plus an error list sheet. CSV inputs become one sheet each.
import { basename, extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excel } from '../excel.js';
import { parse } from 'csv-parse/sync';
import type { ImportIssue } from '../../domain/workbook/assemble.js';
import { decodeText, isCsv, type InputFile } from './read.js';
import { xlsxCopies } from './legacy-xls.js';

const badFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const rowFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/**
 * Fills one cell only. exceljs hands every cell read with the same style (a whole text-formatted
 * ID column, say) one shared style object, so `cell.fill = …` would paint them all: the cell gets
 * a style of its own first.
 */
function mark(cell: ExcelJS.Cell, fill: ExcelJS.Fill): void {
  cell.style = { ...cell.style, fill };
}

async function bytesOf(file: InputFile): Promise<Buffer> {
  return Buffer.isBuffer(file.data) ? file.data : readFile(file.data.path);
}

async function addCsv(wb: ExcelJS.Workbook, file: InputFile): Promise<void> {
  const bytes = await bytesOf(file);
  const text = decodeText(bytes);
  const records: unknown = parse(text, { relax_column_count: true, relax_quotes: true });
  const name = basename(file.name, extname(file.name));
  if (wb.getWorksheet(name) || !Array.isArray(records)) return;
  const ws = wb.addWorksheet(name);
  for (const record of records) {
    const row = ws.addRow(Array.isArray(record) ? record.map((v) => String(v)) : []);
    row.eachCell((cell) => {
      cell.numFmt = '@';
    });
  }
}

const listSheet = '错误清单';

/** Whether `fill` is one of the marks this report makes. */
function isOurMark(fill: ExcelJS.Fill | undefined): boolean {
  const argb = fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
  return argb === 'FFFFC7CE' || argb === 'FFFFF2CC';
}

/**
 * An officer fixes the marked-up copy and uploads it again: the marks and the error list of the
 * earlier round go, so that what is marked now is what is wrong now.
 */
function clearEarlierReport(wb: ExcelJS.Workbook): void {
  const list = wb.getWorksheet(listSheet);
  if (list) wb.removeWorksheet(list.id);
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (!isOurMark(cell.fill)) return;
        const { fill: _mark, ...style } = cell.style;
        cell.style = style;
        // exceljs cannot remove a note: drop the cell's comment, and set the value anew, since a
        // value read from a file keeps the comment in its own model too.
        Reflect.set(cell, '_comment', undefined);
        cell.value = cell.value;
      });
    });
  });
}

/** A sheet of a second workbook, copied into the first: values, number formats, widths and merges. */
function copySheet(wb: ExcelJS.Workbook, sheet: ExcelJS.Worksheet): void {
  if (sheet.name === listSheet || wb.getWorksheet(sheet.name)) return;
  const ws = wb.addWorksheet(sheet.name, { views: sheet.views, state: sheet.state });
  ws.columns = (sheet.columns ?? []).map((c) => ({ width: c.width ?? 10, style: c.style }));
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const copy = ws.getRow(n);
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      copy.getCell(col).value = cell.value;
      copy.getCell(col).style = cell.style;
      if (cell.note) copy.getCell(col).note = cell.note;
    });
  });
  // `model.merges` is a list of ranges ("A1:J1"); its keys are list indexes, not ranges.
  for (const range of sheet.model.merges ?? []) ws.mergeCells(range);
  const validations = Reflect.get(sheet, 'dataValidations') as { model: Record<string, unknown> } | undefined;
  const target = Reflect.get(ws, 'dataValidations') as { model: Record<string, unknown> } | undefined;
  if (validations && target) Object.assign(target.model, validations.model);
}

/**
 * Builds the report for the issues of one import; issues without a row only appear in the list.
 * The first workbook uploaded is itself the copy, so that what the officer fills in keeps what
 * the template gave: drop-down lists, the frozen header, ID columns formatted as text, the header
 * notes, the hidden code sheet. Later workbooks' sheets and CSV files are copied into it.
 */
export async function reportWorkbook(given: readonly InputFile[], issues: readonly ImportIssue[]): Promise<Buffer> {
  // An old .xls is marked up in its xlsx copy, the workbook the issues' cells were read from.
  const copies = await xlsxCopies(given);
  try {
    return await markedUp(copies.files, issues);
  } finally {
    await copies.dispose();
  }
}

async function markedUp(files: readonly InputFile[], issues: readonly ImportIssue[]): Promise<Buffer> {
  const ExcelJS = await excel();
  let wb: ExcelJS.Workbook | null = null;
  for (const file of files) {
    if (isCsv(file.name)) continue;
    const source = new ExcelJS.Workbook();
    await source.xlsx.read(Readable.from([await bytesOf(file)]));
    if (wb === null) {
      wb = source;
      clearEarlierReport(wb);
    } else {
      source.eachSheet((sheet) => copySheet(wb as ExcelJS.Workbook, sheet));
    }
  }
  wb ??= new ExcelJS.Workbook();
  for (const file of files) if (isCsv(file.name)) await addCsv(wb, file);
  const notes = new Map<string, ImportIssue[]>();
  for (const issue of issues) {
    if (issue.row === null) continue;
    const key = `${issue.sheet}|${issue.row}|${issue.column ?? ''}`;
    notes.set(key, [...(notes.get(key) ?? []), issue]);
  }
  for (const [key, list] of notes) {
    const [sheet = '', row = '0', column = ''] = key.split('|');
    const ws = wb.getWorksheet(sheet);
    if (!ws) continue;
    const r = ws.getRow(Number(row));
    if (column === '') {
      r.eachCell((c) => {
        mark(c, rowFill);
      });
      // Filled too, so that the next round's clearing finds the note by its mark.
      mark(r.getCell(1), rowFill);
      r.getCell(1).note = list.map((i) => `${i.message}。${i.fix}`).join('\n');
      continue;
    }
    const cell = r.getCell(column);
    mark(cell, badFill);
    cell.note = list.map((i) => `${i.message}。${i.fix}`).join('\n');
  }
  const sheet = wb.addWorksheet(listSheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '工作表', width: 12 },
    { header: '行', width: 7 },
    { header: '列', width: 6 },
    { header: '列名', width: 14 },
    { header: '户编号', width: 20 },
    { header: '内容', width: 22 },
    { header: '错误', width: 50 },
    { header: '修改建议', width: 50 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const i of issues) sheet.addRow([i.sheet, i.row, i.column, i.header, i.householdNo, i.value, i.message, i.fix]);
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data);
}
