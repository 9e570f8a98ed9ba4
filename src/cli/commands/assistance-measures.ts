// The measure catalogue at the command line (帮扶措施目录): list it, add a county's own measure
// mapped to one of the five batches (五个一批) and to the causes it answers, edit one, and retire
// one no longer offered (or bring it back).
import type { Command } from 'commander';
import { fiveBatches, labelOf, measureCategories, type Measure } from '../../domain/assistance/catalogue.js';
import type { MeasureChanges } from '../../domain/assistance/measure-input.js';
import { codeLabel } from '../../domain/code-lists.js';
import { actorByName } from '../../app/actor.js';
import type { Store } from '../../store/store.js';
import { CliError } from '../common.js';
import type { Run } from './assistance.js';

const line = (m: Measure): string => `${m.code.padEnd(20)} ${m.zh}（${labelOf(measureCategories, m.category)}；${m.fiveBatch ? labelOf(fiveBatches, m.fiveBatch) : '五个一批之外'}）→ ${m.causes.map((c) => codeLabel('cause', c)).join('、')}${m.active ? '' : ' 【已停用】'}`;
const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
const choices = (labels: readonly { code: string; zh: string }[]) => labels.map((l) => `${l.code}（${l.zh}）`).join('、');
const batchOf = (value: string): string | null => (value === 'none' ? null : value);

/** The operator without --as acts as a system admin, who may change the shared catalogue. */
const cliAdmin = { userId: 0, username: 'cli', role: 'admin', regionCode: '000000000000', department: null } as const;
const actor = async (store: Store, as: string | undefined) => (as ? actorByName(store, as) : cliAdmin);
const asHelp = '以该账号的角色操作（默认为命令行管理员）';

interface EditOptions {
  code: string;
  name?: string;
  en?: string;
  category?: string;
  fiveBatch?: string;
  cause?: string[];
  as?: string;
}

/** Only the options given; none at all is a usage error (exit 2), not an empty edit. */
function changesOf(o: EditOptions): MeasureChanges {
  const changes: MeasureChanges = { ...(o.name === undefined ? {} : { zh: o.name }), ...(o.en === undefined ? {} : { en: o.en }), ...(o.category === undefined ? {} : { category: o.category }), ...(o.fiveBatch === undefined ? {} : { fiveBatch: batchOf(o.fiveBatch) }), ...(o.cause === undefined ? {} : { causes: o.cause }) };
  if (Object.keys(changes).length === 0) throw new CliError({ zh: '请至少给出一项要修改的内容：--name、--en、--category、--five-batch 或 --cause', en: 'give at least one thing to change: --name, --en, --category, --five-batch or --cause' });
  return changes;
}

export function registerMeasures(root: Command, run: Run): void {
  const measures = root.command('measures').description('帮扶措施目录（对应五个一批和致贫原因）(measure catalogue)');
  measures.command('list', { isDefault: true }).description('列出措施目录（含已停用的）').action(async (_o, cmd: Command) => run(cmd, (_s, a) => a.service.catalogue(), (list) => list.map(line).join('\n')));
  measures
    .command('add')
    .description('增加一项帮扶措施（管理员或县级管理员）')
    .requiredOption('--code <code>', '措施代码，字母开头，如 oilTeaJob')
    .requiredOption('--name <text>', '措施名称，如 油茶基地务工')
    .option('--en <text>', '英文名称（默认同中文）', '')
    .requiredOption('--category <code>', `类别：${choices(measureCategories)}`)
    .requiredOption('--five-batch <code>', `五个一批：${choices(fiveBatches)}；不属于时填 none`)
    .requiredOption('--cause <code>', '针对的致贫原因代码，可重复或用逗号分隔，如 lackSkills,lackLand', collect)
    .option('--as <username>', asHelp)
    .action(async (o: { code: string; name: string; en: string; category: string; fiveBatch: string; cause: string[]; as?: string }, cmd: Command) =>
      run(cmd, async (store, a) => a.service.addMeasure(await actor(store, o.as), { code: o.code, zh: o.name, en: o.en, category: o.category, fiveBatch: batchOf(o.fiveBatch), causes: o.cause }), (m) => `已增加帮扶措施 ${line(m)}`),
    );
  measures
    .command('edit')
    .description('修改一项帮扶措施（代码不变；只改给出的项）')
    .requiredOption('--code <code>', '要修改的措施代码')
    .option('--name <text>', '新的措施名称')
    .option('--en <text>', '新的英文名称（填空串则同中文）')
    .option('--category <code>', `类别：${choices(measureCategories)}`)
    .option('--five-batch <code>', `五个一批：${choices(fiveBatches)}；不属于时填 none`)
    .option('--cause <code>', '针对的致贫原因代码（替换原有的全部原因），可重复或用逗号分隔', collect)
    .option('--as <username>', asHelp)
    .action(async (o: EditOptions, cmd: Command) => {
      const changes = changesOf(o);
      await run(cmd, async (store, a) => a.service.updateMeasure(await actor(store, o.as), o.code, changes), (m) => `已修改帮扶措施 ${line(m)}`);
    });
  for (const [name, active, what, done] of [['retire', false, '停用一项帮扶措施：新计划不能再选，已有计划中的保留', '已停用'], ['reactivate', true, '恢复一项已停用的帮扶措施', '已恢复']] as const) {
    measures
      .command(name)
      .description(what)
      .requiredOption('--code <code>', '措施代码')
      .option('--as <username>', asHelp)
      .action(async (o: { code: string; as?: string }, cmd: Command) => run(cmd, async (store, a) => a.service.setMeasureActive(await actor(store, o.as), o.code, active), (m) => `${done}帮扶措施 ${line(m)}`));
  }
}
