// Files the CLI writes (--out, --report): a path that cannot take the file is said before the
// work starts, naming the path and the fix, in Chinese and English; failures while writing the same.
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CliProblem } from './common.js';

/** Checks an output path before the work: its folder exists and is a folder, and the path is not a folder. */
export function checkOutFile(path: string | undefined): void {
  if (path === undefined) return;
  const folder = dirname(path);
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR', path: folder });
  } catch (error) {
    throw outFileError(path, error);
  }
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw outFileError(path, { code: 'EISDIR', path });
}

/** Writes an output file, saying what is wrong with the path when it cannot be written. */
export async function writeOutFile(path: string, data: string | Uint8Array): Promise<void> {
  await writingOutFile(path, () => writeFile(path, data));
}

/** Runs a writer that writes the file itself (a streamed workbook), saying the same when it fails on the file. */
export async function writingOutFile<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw outFileError(path, error);
  }
}

/** A file-system failure on the output path in words, or the error unchanged when it is about something else. */
function outFileError(path: string, error: unknown): unknown {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const failedOn = typeof error === 'object' && error !== null && 'path' in error ? String(error.path) : null;
  // An error about another file (one the writer reads, say) is not this path's fault.
  if (failedOn !== null && resolve(failedOn) !== resolve(path) && resolve(failedOn) !== resolve(dirname(path))) return error;
  const folder = dirname(path);
  switch (code) {
    case 'ENOENT':
      return new CliProblem('out_folder_missing', `无法写入 ${path}：文件夹 ${folder} 不存在。请先建立该文件夹，或改写到已有的文件夹`, `Cannot write ${path}: the folder ${folder} does not exist. Create it first, or choose a folder that exists`);
    case 'ENOTDIR':
      return new CliProblem('out_folder_missing', `无法写入 ${path}：${folder} 不是文件夹。请核对路径`, `Cannot write ${path}: ${folder} is not a folder. Check the path`);
    case 'EISDIR':
      return new CliProblem('out_is_folder', `无法写入 ${path}：这是一个文件夹。请在后面加上文件名，如 ${join(path, '导出.xlsx')}`, `Cannot write ${path}: it is a folder. Add a file name, e.g. ${join(path, 'export.xlsx')}`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new CliProblem('out_not_writable', `无法写入 ${path}：没有写入该位置的权限。请改写到有权限的文件夹，或关闭正打开该文件的程序（如 Excel）`, `Cannot write ${path}: no permission to write there. Choose a folder you can write to, or close the program that has the file open (such as Excel)`);
    case 'ENOSPC':
      return new CliProblem('out_disk_full', `无法写入 ${path}：磁盘空间不足。请清理磁盘，或改写到其他磁盘`, `Cannot write ${path}: the disk is full. Free some space, or write to another disk`);
    default:
      return error;
  }
}
