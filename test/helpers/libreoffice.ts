// Old Excel 97-2003 workbooks for the tests, saved by LibreOffice as an office's old Excel would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Saves the xlsx at `path` as `<same name>.xls` beside it; returns the new file's path. */
export function saveAsXls(path: string): string {
  // A profile of its own: other test files may run LibreOffice at the same time.
  const profile = mkdtempSync(join(tmpdir(), 'jingzhun-lo-'));
  try {
    execFileSync('libreoffice', ['--headless', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', 'xls', '--outdir', dirname(path), path], { stdio: 'ignore', timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return join(dirname(path), `${basename(path).replace(/\.xlsx$/i, '')}.xls`);
}

/** The bytes of an xlsx workbook saved as .xls. */
export function xlsBytes(xlsx: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'jingzhun-xls-'));
  try {
    const source = join(dir, 'book.xlsx');
    writeFileSync(source, xlsx);
    return readFileSync(saveAsXls(source));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
