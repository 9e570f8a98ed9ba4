// Excel 97–2003 (.xls) and WPS (.et) workbooks, still what many town offices and older exports of
// the national system hand over, are read by having LibreOffice convert them to xlsx when the
// server has it. No npm reader of the format is one we can trust with uploads (SheetJS on the npm
// registry is a stale release with a known flaw in reading files; its maintained builds are not
// published there), and LibreOffice is the reader our own tests already use.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve as absolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstBytes, isCsv, legacyRefusal, oleMagic, UnreadableFile, type InputFile } from './read.js';

/** A large legacy workbook takes LibreOffice tens of seconds; one that takes longer is stuck. */
const timeoutMs = 180_000;

/**
 * Conversions at once. Each LibreOffice takes a core and about 250 MB (a 7 MB .xls here); on a
 * deadline day every town uploads within the hour, and a dozen at once would starve the server's
 * two cores and its memory. The others wait their turn, shown as converting.
 */
const maxConversions = 2;
let converting = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (converting < maxConversions) converting += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so a newcomer cannot overtake it.
    const next = waiting.shift();
    if (next) next();
    else converting -= 1;
  }
}

async function isOle(file: InputFile): Promise<boolean> {
  return (await firstBytes(file, 8)).equals(oleMagic);
}

/**
 * LibreOffice's program: `JINGZHUN_SOFFICE` (a path, or `off` to refuse legacy workbooks even
 * where LibreOffice is installed), else `soffice` or `libreoffice` on the PATH; null when none.
 */
export async function legacyConverter(): Promise<string | null> {
  const chosen = process.env['JINGZHUN_SOFFICE']?.trim();
  if (chosen === 'off') return null;
  const candidates = chosen ? [chosen] : (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '').flatMap((d) => [join(d, 'soffice'), join(d, 'libreoffice')]);
  for (const path of candidates) {
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // not here; the next candidate
    }
  }
  return null;
}

function failure(name: string): UnreadableFile {
  return new UnreadableFile(
    `文件“${name}”是旧版 Excel 97-2003（.xls）或 WPS（.et）格式，转换为 xlsx 时失败（文件可能已损坏或设有打开密码）：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再导入`,
    `"${name}" is an old Excel 97-2003 (.xls) or WPS (.et) workbook that could not be converted to xlsx (it may be damaged or password-protected): open it in Excel or WPS, save it as an Excel workbook (.xlsx), then import that`,
  );
}

/** Runs LibreOffice headless on `input`, writing `<base>.xlsx` into `outDir`; false when it failed or hung. */
function convert(program: string, input: string, outDir: string, profile: string): Promise<boolean> {
  return new Promise((resolve) => {
    // A profile of its own: LibreOffice refuses a second instance on a profile in use, and the
    // server may convert two uploads at once. The input filter is Excel 97's alone: left to guess,
    // LibreOffice reads a damaged workbook as a text file and "converts" it to a sheet of noise.
    const child = spawn(program, ['--headless', '--norestore', '--nologo', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--infilter=MS Excel 97', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, input], { stdio: 'ignore', detached: true });
    // The launcher starts soffice.bin beneath it: the whole process group goes on a timeout.
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

export interface XlsxCopies {
  /** The files to read: each legacy workbook replaced by its xlsx copy, under its own name. */
  readonly files: readonly InputFile[];
  readonly dispose: () => Promise<void>;
}

/**
 * Converts every legacy workbook among `files` to an xlsx copy in a temporary folder (the caller
 * disposes of it); other files pass through untouched. Refuses, by the file's name, a legacy
 * workbook this server cannot convert.
 */
export async function xlsxCopies(files: readonly InputFile[], onConvert?: () => void): Promise<XlsxCopies> {
  const legacy: number[] = [];
  for (const [i, file] of files.entries()) if (!isCsv(file.name) && (await isOle(file))) legacy.push(i);
  if (legacy.length === 0) return { files, dispose: async () => undefined };
  const program = await legacyConverter();
  if (program === null) throw legacyRefusal(files[legacy[0] ?? 0]?.name ?? '');
  onConvert?.();
  const dir = await mkdtemp(join(tmpdir(), 'jingzhun-xls-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const out = [...files];
    for (const i of legacy) {
      const file = files[i];
      if (!file) continue;
      // A plain name inside the folder (the officer's file name may hold anything), linked to a
      // file the CLI was given rather than copied.
      const input = join(dir, `${i}.xls`);
      if (Buffer.isBuffer(file.data)) await writeFile(input, file.data);
      else await symlink(absolute(file.data.path), input);
      const outDir = join(dir, `out-${i}`);
      const ok = await inTurn(() => convert(program, input, outDir, join(dir, `profile-${i}`)));
      const copy = join(outDir, `${i}.xlsx`);
      const size = ok ? await stat(copy).then((s) => s.size, () => -1) : -1;
      if (size < 0) throw failure(file.name);
      out[i] = { name: file.name, data: { path: copy, size } };
    }
    return { files: out, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * The bytes of an uploaded workbook read whole (problem lists, score sheets): an old .xls or .et
 * as its xlsx copy, anything else as given. Throws UnreadableFile as `xlsxCopies` does.
 */
export async function xlsxBytes(name: string, data: Buffer): Promise<Buffer> {
  const copies = await xlsxCopies([{ name, data }]);
  try {
    const file = copies.files[0];
    return !file || Buffer.isBuffer(file.data) ? data : await readFile(file.data.path);
  } finally {
    await copies.dispose();
  }
}
