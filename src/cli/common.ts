// Shared plumbing for CLI commands: exit codes and output shape.
// Exit codes: 0 ok, 1 validation failed, 2 usage or system error.

/** A message in Chinese, the users' language, and its English twin (shown together by --json). */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export class CliError extends Error {
  readonly messageEn: string | undefined;
  constructor(
    message: string | Bilingual,
    readonly exitCode: 1 | 2 = 2,
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : message.zh);
    this.messageEn = typeof message === 'string' ? undefined : message.en;
  }
}

/** A problem the user can fix, with a code of its own and an English twin (both shown by --json). */
export class CliProblem extends CliError {
  constructor(
    readonly code: string,
    message: string,
    messageEn: string,
  ) {
    super({ zh: message, en: messageEn }, 2);
  }
}

/** English names of the numbers commands take, for the English twin of their errors. */
const numberNamesEn: Readonly<Record<string, string>> = {
  单位编号: 'unit id',
  包户上限: 'household cap',
  上限: 'cap',
  干部编号: 'cadre id',
  结对编号: 'pairing id',
  工作队编号: 'work team id',
  事项编号: 'item id',
  天数: 'number of days',
  年度: 'year',
  抽样计划编号: 'sample plan id',
  调查编号: 'survey id',
  种子: 'seed',
  '贫困户 id': 'household id',
  公示天数: 'notice days',
  回头看间隔: 'review interval',
  批次编号: 'batch id',
  层级: 'level',
  乡镇数: 'number of towns',
  村数: 'villages per town',
  已脱贫户数: 'exited households per village',
  未脱贫户数: 'poor households per village',
  非建档户数: 'unregistered households per village',
};

/** The English name of a number a command takes (its Chinese name when none is listed). */
export const numberNameEn = (what: string): string => numberNamesEn[what] ?? what;

/** A whole number of 1 or more, or a bilingual error naming the value. */
export function positiveInteger(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError({ zh: `${what}“${value}”无效：请填写正整数`, en: `${numberNameEn(what)} "${value}" is not valid: give a whole number of 1 or more` });
  return n;
}

/** Print a result as JSON (for --json) or as the human text the command gives. */
export function output(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}
