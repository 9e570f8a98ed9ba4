// Verification sampling commands (抽样核查): draw a plan, list or export its items, load findings
// from a CSV (all or nothing), the three rates with intervals, and the re-draw simulation.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import type { Principal } from '../../domain/access.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import type { Rate } from '../../domain/sampling/rates.js';
import { systemClock } from '../../app/clock.js';
import { actorByName, operatorOver } from '../../app/actor.js';
import { presentItem, presentPlan } from '../../app/exit-present.js';
import { decodeText } from '../../app/workbook/read.js';
import { createSamplingService, type FindingInput } from '../../app/sampling.js';
import type { Store } from '../../store/store.js';
import { getPlan } from '../../store/sampling.js';
import { CliError, numberNameEn, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { checkOutFile, writeOutFile } from '../out-file.js';

const service = (store: Store) => createSamplingService({ store, clock: systemClock });

function count(value: string, what: string, allowAll: boolean): number | null {
  if (allowAll && (value === 'all' || value === '全部')) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError({ zh: `${what}“${value}”无效：请填写非负整数${allowAll ? '或 all' : ''}`, en: `${numberNameEn(what)} "${value}" is not valid: give a whole number of 0 or more${allowAll ? ' or all' : ''}` });
  return n;
}

async function principal(store: Store, asName: string | undefined, region: string): Promise<Principal> {
  return asName ? actorByName(store, asName) : operatorOver(region);
}

async function planPrincipal(store: Store, asName: string | undefined, id: number): Promise<Principal> {
  return principal(store, asName, (await getPlan(store.db, id))?.county_code ?? '000000000000');
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

function rateLine(name: string, r: Rate): string {
  const verdict = r.passes === null ? '无数据' : r.passes ? '达标' : '不达标';
  return `${name} ${pct(r.rate)}（${r.numerator}/${r.denominator}，${r.households} 户；Wilson 95% ${pct(r.wilson?.low)}–${pct(r.wilson?.high)}；按设计 ${pct(r.design?.interval.low)}–${pct(r.design?.interval.high)}；标准 ${r.threshold.op} ${pct(r.threshold.value)}）${verdict}`;
}

const yes = (v: string | undefined): boolean => ['1', '是', 'true', 'yes', 'y', '√'].includes((v ?? '').trim().toLowerCase());
const yesNoNull = (v: string | undefined): boolean | null => ((v ?? '').trim() === '' ? null : yes(v));
const header = ['样本编号', '乡镇', '村', '层', '户编号', '人口', '错退', '漏评', '认可', '备注'];

export function registerSample(program: Command): void {
  const cmd = program.command('sample').description('抽样核查：抽样、录入核查结果、错退率漏评率认可度、重抽模拟 (verification sampling)');

  cmd.command('draw')
    .description('按种子抽取核查样本：乡镇 → 村 → 户 (draw a sample)')
    .requiredOption('--county <code>', '县级区划代码，如 610902')
    .requiredOption('--year <year>', '核查年度（抽取该年已脱贫户）')
    .option('--name <text>', '核查计划名称')
    .option('--seed <n>', '随机种子（留空自动生成并保存）')
    .option('--towns <n>', '抽取乡镇数，或 all', '3')
    .option('--villages <n>', '每个乡镇抽取村数，或 all', '2')
    .option('--exited <n>', '每村抽取已脱贫户数，或 all', '10')
    .option('--poor <n>', '每村抽取未脱贫户数，或 all', '0')
    .option('--unregistered <n>', '每村走访非建档立卡户数', '10')
    .option('--as <username>', '以哪个账号抽样（默认系统管理员）')
    .action(async (o: { county: string; year: string; name?: string; seed?: string; towns: string; villages: string; exited: string; poor: string; unregistered: string; as?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const county = normalizeRegionCode(o.county);
      if (!county) throw new CliError({ zh: `区划代码“${o.county}”无效`, en: `region code "${o.county}" is not valid: give a county's 6-digit code` });
      const params = { towns: count(o.towns, '乡镇数', true), villagesPerTown: count(o.villages, '村数', true), exitedPerVillage: count(o.exited, '已脱贫户数', true), poorPerVillage: count(o.poor, '未脱贫户数', true), unregisteredPerVillage: count(o.unregistered, '非建档户数', false) ?? 0 };
      await withStore(g, { migrate: true }, async (store) => {
        const p = await principal(store, o.as, county);
        const plan = await service(store).draw(p, { name: o.name ?? `${o.year} 年 ${county.slice(0, 6)} 抽样核查`, countyCode: county, year: count(o.year, '年度', false) ?? 0, seed: o.seed === undefined ? null : count(o.seed, '种子', false), params });
        const v = presentPlan(plan);
        output(g.json ?? false, v, () => `已抽样：计划 ${plan.id}，种子 ${plan.seed}\n${plan.method}\n${plan.counts_json}`);
      });
    });

  cmd.command('items')
    .description('样本清单；--out 导出录入核查结果用的 CSV (list the items)')
    .argument('<plan>', '计划编号')
    .option('--out <file>', '导出 CSV')
    .option('--as <username>', '以哪个账号查看')
    .action(async (id: string, o: { out?: string; as?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const planId = count(id, '计划编号', false) ?? 0;
      checkOutFile(o.out);
      await withStore(g, { migrate: true }, async (store) => {
        const d = await service(store).plan(await planPrincipal(store, o.as, planId), planId);
        const items = d.items.map(presentItem);
        const stratumZh: Record<string, string> = { exited: '已脱贫户', poor: '未脱贫户', unregistered: '非建档立卡户' };
        const rows = items.map((i) => [String(i.id), i.townName ?? i.townCode, i.villageName ?? i.villageCode, stratumZh[i.stratum] ?? i.stratum, i.householdNo ?? `（现场随机第 ${i.slotNo} 户）`, String(i.finding?.people ?? i.people ?? ''), i.finding ? (i.finding.wronglyExited ? '是' : '否') : '', i.finding ? (i.finding.missedPoor ? '是' : '否') : '', i.finding?.recognises === null || !i.finding ? '' : i.finding.recognises ? '是' : '否', i.finding?.note ?? '']);
        if (o.out) await writeOutFile(o.out, `\uFEFF${[header, ...rows].map((r) => r.map((x) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x)).join(',')).join('\n')}\n`);
        output(g.json ?? false, o.out ? { out: o.out, items: items.length } : items, () => (o.out ? `已导出 ${items.length} 条样本：${o.out}` : rows.map((r) => r.join('  ')).join('\n')));
      });
    });

  cmd.command('findings')
    .description('从 CSV 录入核查结果（全部成功或全部不录入）(load findings)')
    .argument('<plan>', '计划编号')
    .argument('<file>', 'sample items --out 导出的 CSV，填好“人口/错退/漏评/认可”列')
    .option('--as <username>', '以哪个账号录入')
    .action(async (id: string, file: string, o: { as?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const planId = count(id, '计划编号', false) ?? 0;
      // Filled in Excel or WPS and saved as CSV on a Chinese desktop, the file is GBK.
      const records = parse(decodeText(readFileSync(file)), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
      // Rows with nothing in the finding columns are items not yet visited: skipped, not errors.
      const filled = records.filter((r) => [r['错退'], r['漏评'], r['认可']].some((v) => (v ?? '') !== ''));
      const findings: FindingInput[] = filled.map((r, i) => {
        const itemId = Number(r['样本编号'] ?? r['itemId']);
        if (!Number.isInteger(itemId) || itemId < 1) throw new CliError({ zh: `第 ${i + 2} 行：样本编号无效`, en: `row ${i + 2}: the sample number is not valid` }, 1);
        const people = (r['人口'] ?? '') === '' ? null : Number(r['人口']);
        return { itemId, people, wronglyExited: yes(r['错退']), missedPoor: yes(r['漏评']), recognises: yesNoNull(r['认可']), note: r['备注'] || null };
      });
      if (findings.length === 0) throw new CliError({ zh: '文件中没有已填写的核查结果', en: 'the file has no filled-in verification results' }, 1);
      await withStore(g, { migrate: true }, async (store) => {
        const r = await service(store).recordFindings(await planPrincipal(store, o.as, planId), planId, findings);
        output(g.json ?? false, r, () => `已录入 ${r.recorded} 条核查结果`);
      });
    });

  cmd.command('rates')
    .description('错退率、漏评率、认可度及 95% 置信区间 (the three rates)')
    .argument('<plan>', '计划编号')
    .option('--as <username>', '以哪个账号查看')
    .action(async (id: string, o: { as?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const planId = count(id, '计划编号', false) ?? 0;
      await withStore(g, { migrate: true }, async (store) => {
        const d = await service(store).plan(await planPrincipal(store, o.as, planId), planId);
        output(g.json ?? false, { plan: presentPlan(d.plan), rates: d.rates }, () => [`计划 ${d.plan.id}：${d.plan.name}（种子 ${d.plan.seed}）`, rateLine('错退率', d.rates.wrongExitRate), rateLine('漏评率', d.rates.missedPoorRate), rateLine('认可度', d.rates.recognitionRate)].join('\n'));
      });
    });

  cmd.command('simulate')
    .description('重抽模拟：同一设计换种子重抽 N 次，看县的结果有多依赖抽到哪些村 (re-draw simulation)')
    .argument('<plan>', '计划编号')
    .option('--runs <n>', '重抽次数', '1000')
    .option('--seed <n>', '模拟的基础种子（默认用计划的种子）')
    .option('--as <username>', '以哪个账号查看')
    .action(async (id: string, o: { runs: string; seed?: string; as?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const planId = count(id, '计划编号', false) ?? 0;
      await withStore(g, { migrate: true }, async (store) => {
        const s = await service(store).simulate(await planPrincipal(store, o.as, planId), planId, count(o.runs, '次数', false) ?? 0, o.seed === undefined ? null : count(o.seed, '种子', false));
        const line = (name: string, d: typeof s.wrongExitRate) => `${name}：中位数 ${pct(d.median)}，5%–95% 分位 ${pct(d.p5)}–${pct(d.p95)}，最低 ${pct(d.min)}，最高 ${pct(d.max)}；不达标的抽样占 ${pct(d.failShare)}`;
        output(g.json ?? false, s, () => [`重抽 ${s.runs} 次（基础种子 ${s.baseSeed}）；抽样框：已知结果 ${s.frame.households} 户，${s.frame.villages} 个村，${s.frame.towns} 个乡镇；已脱贫户覆盖 ${s.coverage.knownExited}/${s.coverage.exitedInCounty}`, line('错退率', s.wrongExitRate), line('漏评率', s.missedPoorRate), line('认可度', s.recognitionRate), `至少一项不达标的抽样占 ${pct(s.anyFailShare)}`].join('\n'));
      });
    });
}
