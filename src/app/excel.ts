// exceljs, loaded on first use: it costs ~0.4 s of CPU to load, which every CLI command and
// server start paid whether or not it touched a workbook.
import type ExcelJS from 'exceljs';

let loaded: Promise<typeof ExcelJS> | null = null;

export function excel(): Promise<typeof ExcelJS> {
  loaded ??= import('exceljs').then((m) => m.default);
  return loaded;
}
