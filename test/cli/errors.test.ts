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
});
