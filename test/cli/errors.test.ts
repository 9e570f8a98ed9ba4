import { CommanderError } from 'commander';
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

  it('commander\'s usage errors under --json: code usage, the message in Chinese and English, exit 2', () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const cases: [string, string, string, string][] = [
      ['commander.missingMandatoryOptionValue', "error: required option '--under <code>' not specified", '缺少必填选项 --under <code>', "required option '--under <code>' not specified"],
      ['commander.unknownOption', "error: unknown option '--undr'\n(Did you mean --under?)", '未知选项 --undr（是否要用 --under？）', "unknown option '--undr' (did you mean --under?)"],
      ['commander.optionMissingArgument', "error: option '--out <file.xlsx>' argument missing", '选项 --out <file.xlsx> 缺少取值', "option '--out <file.xlsx>' argument missing"],
      ['commander.excessArguments', "error: too many arguments for 'close'. Expected 1 argument but got 2.", '参数过多：应为 1 个，实为 2 个', "too many arguments for 'close'. Expected 1 argument but got 2"],
      ['commander.unknownCommand', "error: unknown command 'stat'\n(Did you mean stats?)", '未知命令 stat（是否要用 stats？）', "unknown command 'stat' (did you mean stats?)"],
      ['commander.help', '(outputHelp)', '请指定要运行的命令', 'a command is required'],
    ];
    for (const [code, message, zh, en] of cases) {
      out.length = 0;
      expect(reportError(new CommanderError(1, code, message), true), code).toBe(2);
      expect(JSON.parse(out.join('')), code).toEqual({ error: 'usage', message: `${zh}；用 --help 查看用法`, messageEn: `${en}; see --help for the usage` });
    }
    out.length = 0;
    expect(reportError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), false)).toBe(2);
    expect(reportError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), true)).toBe(0);
    expect(out).toEqual([]);
  });
});
