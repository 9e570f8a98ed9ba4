// Commander's usage errors (unknown option, missing option or argument, …) in Chinese and English,
// for --json, where they are answered as one JSON object like every other error.
import type { CommanderError } from 'commander';

export interface UsageProblem {
  readonly message: string;
  readonly messageEn: string;
}

const seeHelp = { zh: '用 --help 查看用法', en: 'see --help for the usage' };

/** The problem commander found, from its error code and the names its English message quotes. */
export function usageProblem(error: CommanderError): UsageProblem {
  // A command group run without its subcommand: commander shows the help and says nothing more.
  const said = error.code === 'commander.help' ? 'a command is required' : error.message.replace(/^error: /, '');
  const [line = '', ...rest] = said.split('\n');
  const first = line.replace(/\.$/, '');
  // commander's "(Did you mean --under?)" line, kept as a hint in both languages.
  const suggestion = /^\(Did you mean (?:one of )?(.+)\?\)$/.exec(rest.join(' ').trim())?.[1];
  const quoted = [...first.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  const zh = chinese(error.code, quoted, first);
  return {
    message: `${zh}${suggestion ? `（是否要用 ${suggestion}？）` : ''}；${seeHelp.zh}`,
    messageEn: `${first}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ${seeHelp.en}`,
  };
}

function chinese(code: string, quoted: string[], english: string): string {
  const [a = '', b = ''] = quoted;
  switch (code) {
    case 'commander.unknownOption':
      return `未知选项 ${a}`;
    case 'commander.unknownCommand':
      return `未知命令 ${a}`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必填选项 ${a}`;
    case 'commander.optionMissingArgument':
      return `选项 ${a} 缺少取值`;
    case 'commander.missingArgument':
      return `缺少参数 <${a}>`;
    case 'commander.excessArguments': {
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(english);
      return m ? `参数过多：应为 ${m[1]} 个，实为 ${m[2]} 个` : '参数过多';
    }
    case 'commander.invalidArgument':
      return english.startsWith('option') ? `选项 ${a} 的取值“${b}”无效` : `参数 <${b}> 的取值“${a}”无效`;
    case 'commander.conflictingOption':
      return '所给的选项不能同时使用';
    case 'commander.help':
      return '请指定要运行的命令';
    default:
      return english;
  }
}
