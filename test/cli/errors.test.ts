import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnreadableFile } from '../../src/app/workbook/read.js';
import { reportError } from '../../src/cli/errors.js';

describe('CLI errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an unreadable file (an old .xls) is reported as such, in both languages, not as an internal error', () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const code = reportError(new UnreadableFile('文件“a.xls”是旧版 Excel 97-2003（.xls）…', '"a.xls" is an old Excel 97-2003 (.xls) …'), true);
    expect(code).toBe(2);
    expect(JSON.parse(out.join(''))).toEqual({ error: 'unreadable_file', message: '文件“a.xls”是旧版 Excel 97-2003（.xls）…', messageEn: '"a.xls" is an old Excel 97-2003 (.xls) …' });
  });

  it('a driver error of unknown origin gets the store\'s words without making up a file name', () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(reportError(busy, true)).toBe(2);
    expect(JSON.parse(out.join(''))).toEqual({ error: 'db_locked', message: '数据库文件正被其他程序占用。请稍后重试，或关闭正在写入的程序', messageEn: 'The database file is locked by another program. Retry later' });
  });
});
