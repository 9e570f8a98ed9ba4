// The error report as a workbook: a copy of the input with every bad cell filled and carrying a
// note (message and fix), plus an error list sheet. CSV inputs become one sheet each.
import { basename, extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excel } from '../excel.js';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { ImportIssue } from '../../domain/workbook/assemble.js';
import { detectEncoding, isCsv, type InputFile } from './read.js';

const badFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const rowFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

async function bytesOf(file: InputFile): Promise<Buffer> {
  return Buffer.isBuffer(file.data) ? file.data : readFile(file.data.path);
}

async function addCsv(wb: ExcelJS.Workbook, file: InputFile): Promise<void> {
  const bytes = await bytesOf(file);
  const text = iconv.decode(bytes, detectEncoding(bytes.subarray(0, 1 << 20)), { stripBOM: true });
  const records: unknown = parse(text, { relax_column_count: true, relax_quotes: true });
  const ws = wb.addWorksheet(basename(file.name, extname(file.name)));
  if (!Array.isArray(records)) return;
  for (const record of records) {
    const row = ws.addRow(Array.isArray(record) ? record.map((v) => String(v)) : []);
    row.eachCell((cell) => {
      cell.numFmt = '@';
    });
  }
}

/** Builds the report for the issues of one import; issues without a row only appear in the list. */
export async function reportWorkbook(files: readonly InputFile[], issues: readonly ImportIssue[]): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  for (const file of files) {
    if (isCsv(file.name)) {
      await addCsv(wb, file);
      continue;
    }
    const source = new (await excel()).Workbook();
    await source.xlsx.read(Readable.from([await bytesOf(file)]));
    source.eachSheet((sheet) => {
      const ws = wb.addWorksheet(sheet.name);
      ws.columns = (sheet.columns ?? []).map((c) => ({ width: c.width ?? 10 }));
      sheet.eachRow({ includeEmpty: false }, (row, n) => {
        const copy = ws.getRow(n);
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          copy.getCell(col).value = cell.value;
          copy.getCell(col).numFmt = cell.numFmt;
        });
      });
      // `model.merges` is a list of ranges ("A1:J1"); its keys are list indexes, not ranges.
      for (const range of sheet.model.merges ?? []) ws.mergeCells(range);
    });
  }
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
        c.fill = rowFill;
      });
      r.getCell(1).note = list.map((i) => `${i.message}。${i.fix}`).join('\n');
      continue;
    }
    const cell = r.getCell(column);
    cell.fill = badFill;
    cell.note = list.map((i) => `${i.message}。${i.fix}`).join('\n');
  }
  const sheet = wb.addWorksheet('错误清单', { views: [{ state: 'frozen', ySplit: 1 }] });
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
