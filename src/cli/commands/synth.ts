// jingzhun synth: a deterministic synthetic registry over real villages.
import type { Command } from 'commander';
import { systemClock } from '../../app/clock.js';
import { parseRegionArg } from '../../app/stats.js';
import { synthesize } from '../../app/synth.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { terminalProgress } from '../progress.js';

function integer(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CliError({ zh: `${name} 应为整数：“${value}”`, en: `${name} must be a whole number: "${value}"` });
  return n;
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('生成合成建档立卡数据 (generate a synthetic registry)')
    .requiredOption('--under <code>', '区划代码，如 6109')
    .requiredOption('--households <n>', '户数')
    .option('--seed <s>', '随机种子：相同种子生成相同数据', '1')
    .option('--year <y>', '登记年度（事件与收入截至该年）', '2019')
    .option('--with-errors', '按已知比例加入常见错误记录（供数据质量检查测试）')
    .option('--replace', '删除该地区现有数据后重新生成（记入审计日志）')
    .action(async (o: { under: string; households: string; seed: string; year: string; withErrors?: boolean; replace?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const req = {
        under: parseRegionArg(o.under),
        households: integer('--households', o.households),
        seed: integer('--seed', o.seed),
        year: integer('--year', o.year),
        withErrors: o.withErrors ?? false,
        replace: o.replace ?? false,
      };
      await withStore(g, { create: true, migrate: true }, async (store) => {
        const progress = terminalProgress(g.json);
        const report = await synthesize({ store, clock: systemClock }, 'cli:synth', req, (done) => progress.update('生成并写入', done, req.households, '户')).finally(() => progress.stop());
        output(g.json ?? false, report, () =>
          `已生成 ${report.households} 户、${report.members} 人，分布于 ${report.villages} 个村（${report.seconds.toFixed(1)} 秒）` +
          (Object.keys(report.errors).length > 0 ? `\n含已知错误记录：${JSON.stringify(report.errors)}` : ''),
        );
      });
    });
}
