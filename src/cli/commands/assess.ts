// Exit assessment commands: assess households|villages|counties of a region for a year, with the
// national standard or a county's own rule-set file; list the standards; record county rates.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../app/clock.js';
import { createExitAssessmentService, type RunRequest } from '../../app/exit-assessment.js';
import { describeRuleSet, loadStandards } from '../../app/exit-standards.js';
import { parseRegionArg } from '../../app/stats.js';
import type { UnitKind } from '../../domain/exit-rules/facts.js';
import type { ParamValue } from '../../domain/exit-rules/rule-set.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { unitStatusZh } from '../../domain/exit-rules/evaluate.js';

const units: Record<string, UnitKind> = { households: 'household', household: 'household', villages: 'village', village: 'village', counties: 'county', county: 'county' };

function year(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2013 || n > 2100) throw new CliError({ zh: `年度“${value}”无效：请填写四位年度，如 2019`, en: `year "${value}" is not valid: give a four-digit year, e.g. 2019` });
  return n;
}

function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of pairs) {
    const m = /^([A-Za-z]\w*)=(.+)$/.exec(p);
    if (!m?.[1] || m[2] === undefined) throw new CliError({ zh: `参数“${p}”格式不对：应为 名称=值，如 povertyLine=3500`, en: `parameter "${p}" is malformed: write name=value, e.g. povertyLine=3500` });
    const v = m[2];
    out[m[1]] = v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

interface AssessOptions {
  under: string;
  year: string;
  rules?: string;
  ruleSet?: string;
  set?: string[];
  drop?: string[];
  all?: boolean;
}

export function registerAssess(program: Command): void {
  const assess = program.command('assess').description('脱贫评估：按退出标准逐户、逐村、逐县评估 (exit assessment)');

  // `run` is the default, so `jingzhun assess households …` works; it is listed so --help says how.
  assess.addHelpText('after', '\n例 (example): jingzhun assess households --under 610902 --year 2019\n选项 (options): jingzhun assess run --help');
  assess
    .command('run', { isDefault: true })
    .description('评估 households | villages | counties（可省略 run）(assess; "run" may be left out)')
    .argument('<units>', 'households | villages | counties')
    .requiredOption('--under <code>', '区划代码，如 610902')
    .requiredOption('--year <y>', '评估年度，如 2019')
    .option('--rules <file>', '自定义标准文件（YAML 或 JSON，可用 extends 叠加在国家标准上）')
    .option('--rule-set <id>', '已发布标准的编号，如 shaanxi-577-household')
    .option('--all', '评估全部已登记户（含往年已脱贫户，用于错退复核），默认只评估当年待退出户')
    .option('--set <name=value...>', '假设分析：改变参数，只比较不保存 (what-if)')
    .option('--drop <criterion...>', '假设分析：去掉某条标准，只比较不保存')
    .action(async (unitArg: string, o: AssessOptions, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const unit = units[unitArg];
      if (!unit) throw new CliError({ zh: `评估对象“${unitArg}”无效：应为 households、villages 或 counties`, en: `unit "${unitArg}" is not valid: use households, villages or counties` });
      const req: RunRequest = {
        unit, under: parseRegionArg(o.under), year: year(o.year), all: o.all ?? false,
        ...(o.rules ? { rulesText: readFileSync(o.rules, 'utf8'), rulesFile: basename(o.rules) } : {}),
        ...(o.ruleSet ? { ruleSetId: o.ruleSet } : {}),
      };
      await withStore(g, { migrate: true }, async (store) => {
        const service = createExitAssessmentService({ store, clock: systemClock });
        if (o.set || o.drop) {
          const w = await service.whatIf(req, { parameters: parseParams(o.set ?? []), criteria: (o.drop ?? []).map((id) => ({ id, remove: true })) });
          output(g.json ?? false, w, () => [`假设分析（未保存）：共 ${w.units} 个`, `  可退出 ${w.before.ready} → ${w.after.ready}；新增可退出 ${w.becomeReady}，不再可退出 ${w.becomeNotReady}`, ...w.flips.slice(0, 30).map((f) => `  ${f.unitCode}  ${unitStatusZh[f.before]} → ${unitStatusZh[f.after]}${f.failing.length ? `（${f.failing.join('、')}）` : ''}`)].join('\n'));
          return;
        }
        const run = await service.run('cli', req);
        if (g.json) {
          // Every unit with every criterion's result and the facts it used, streamed page by page.
          process.stdout.write(`{"run":${JSON.stringify(run)},"units":[`);
          let first = true;
          for await (const page of service.allResults(run.id)) {
            for (const item of page) {
              process.stdout.write(`${first ? '' : ','}\n${JSON.stringify(item)}`);
              first = false;
            }
          }
          process.stdout.write('\n]}\n');
          return;
        }
        const rs = service.resolveRules(req.unit, req.under, req.year, req);
        const labels = new Map(rs.criteria.map((k) => [k.id, k.label.zh]));
        output(false, run, () => [
          `评估 ${run.id}：${req.under} ${req.year} 年，标准 ${run.ruleSet.id}@${run.ruleSet.version}（${run.ruleSet.hash.slice(0, 12)}），数据截至 ${run.dataTime ?? '—'}`,
          `  共 ${run.units} 个：可退出 ${run.ready}，未达标 ${run.blocked}，缺数据 ${run.noData}，需核查标记 ${run.flagged}`,
          ...Object.entries(run.blockedBy).sort(([, a], [, b]) => b - a).map(([id, n]) => `  · ${labels.get(id) ?? id}：${n}`),
          ...Object.entries(run.flaggedBy).map(([id, n]) => `  ⚑ ${labels.get(id) ?? id}：${n}（不阻止退出）`),
        ].join('\n'));
      });
    });

  assess
    .command('standards')
    .description('列出已发布的退出标准 (list the shipped rule sets)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const list = loadStandards().all.map(describeRuleSet);
      output(g.json ?? false, list, () => list.map((r) => `${r.id}@${r.version}  ${r.title.zh}  ${r.years.from}–${r.years.to}  ${r.region || '全国'}${r.base ? `（叠加于 ${r.base.id}）` : ''}`).join('\n'));
    });

  assess
    .command('record')
    .description('登记县级抽样核查指标（错退率、漏评率、认可度，百分数）(record county sampling rates)')
    .requiredOption('--county <code>', '县级区划代码')
    .requiredOption('--year <y>', '年度')
    .requiredOption('--source <text>', '来源，如“2019 年第三方评估”')
    .option('--wrong-exit-rate <pct>')
    .option('--missed-poor-rate <pct>')
    .option('--recognition-rate <pct>')
    .action(async (o: { county: string; year: string; source: string; wrongExitRate?: string; missedPoorRate?: string; recognitionRate?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const facts: Record<string, number> = {};
      if (o.wrongExitRate !== undefined) facts['wrongExitRate'] = Number(o.wrongExitRate);
      if (o.missedPoorRate !== undefined) facts['missedPoorRate'] = Number(o.missedPoorRate);
      if (o.recognitionRate !== undefined) facts['recognitionRate'] = Number(o.recognitionRate);
      await withStore(g, { migrate: true }, async (store) => {
        const r = await createExitAssessmentService({ store, clock: systemClock }).recordCountyFacts('cli', parseRegionArg(o.county), year(o.year), facts, o.source);
        output(g.json ?? false, r, () => r.map((f) => `${f.fact} = ${f.value}%（${f.source}）`).join('\n'));
      });
    });
}
