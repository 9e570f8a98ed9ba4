// The measure catalogue at the command line (帮扶措施目录): list it, and add a county's own
// measure mapped to one of the five batches (五个一批) and to the causes it answers.
import type { Command } from 'commander';
import { fiveBatches, labelOf, measureCategories, type Measure } from '../../domain/assistance/catalogue.js';
import { codeLabel } from '../../domain/code-lists.js';
import { actorByName } from '../../app/actor.js';
import type { Run } from './assistance.js';

const line = (m: Measure): string => `${m.code.padEnd(20)} ${m.zh}（${labelOf(measureCategories, m.category)}；${m.fiveBatch ? labelOf(fiveBatches, m.fiveBatch) : '五个一批之外'}）→ ${m.causes.map((c) => codeLabel('cause', c)).join('、')}`;
const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
const choices = (labels: readonly { code: string; zh: string }[]) => labels.map((l) => `${l.code}（${l.zh}）`).join('、');

/** The operator without --as acts as a system admin, who may add to the shared catalogue. */
const cliAdmin = { userId: 0, username: 'cli', role: 'admin', regionCode: '000000000000', department: null } as const;

export function registerMeasures(root: Command, run: Run): void {
  const measures = root.command('measures').description('帮扶措施目录（对应五个一批和致贫原因）(measure catalogue)');
  measures.command('list', { isDefault: true }).description('列出措施目录').action(async (_o, cmd: Command) => run(cmd, (_s, a) => a.service.catalogue(), (list) => list.map(line).join('\n')));
  measures
    .command('add')
    .description('增加一项帮扶措施（管理员或县级管理员）')
    .requiredOption('--code <code>', '措施代码，字母开头，如 oilTeaJob')
    .requiredOption('--name <text>', '措施名称，如 油茶基地务工')
    .option('--en <text>', '英文名称（默认同中文）', '')
    .requiredOption('--category <code>', `类别：${choices(measureCategories)}`)
    .requiredOption('--five-batch <code>', `五个一批：${choices(fiveBatches)}；不属于时填 none`)
    .requiredOption('--cause <code>', '针对的致贫原因代码，可重复或用逗号分隔，如 lackSkills,lackLand', collect)
    .option('--as <username>', '以该账号的角色操作（默认为命令行管理员）')
    .action(async (o: { code: string; name: string; en: string; category: string; fiveBatch: string; cause: string[]; as?: string }, cmd: Command) =>
      run(
        cmd,
        async (store, a) => a.service.addMeasure(o.as ? await actorByName(store, o.as) : cliAdmin, { code: o.code, zh: o.name, en: o.en, category: o.category, fiveBatch: o.fiveBatch === 'none' ? null : o.fiveBatch, causes: o.cause }),
        (m) => `已增加帮扶措施 ${line(m)}`,
      ),
    );
}
