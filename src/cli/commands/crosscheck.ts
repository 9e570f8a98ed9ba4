// Data-truth commands: compare a department file with the registry (数据比对), score the
// registry's quality (数据质量), and export the registry subset a department may read (共享).
import { createWriteStream, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { systemClock } from '../../app/clock.js';
import { createCrosscheckService } from '../../app/crosscheck.js';
import { ValidationFailed } from '../../app/errors.js';
import { createQualityService } from '../../app/quality.js';
import { createRectificationService } from '../../app/rectification.js';
import { requireRegion } from '../../app/regions.js';
import { parseRegionArg } from '../../app/stats.js';
import { writeLedger } from '../../app/workbook/export.js';
import { departmentFields } from '../../domain/access.js';
import { datasetKindLabels, datasetKinds } from '../../domain/crosscheck/kinds.js';
import { discrepancyTypes } from '../../domain/crosscheck/rules.js';
import { qualityRules } from '../../domain/quality/rules.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { checkOutFile, writingOutFile } from '../out-file.js';

const actor = 'cli';

function readAliases(file: string | undefined): Record<string, string[]> | undefined {
  if (!file) return undefined;
  const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new CliError({ zh: `表头别名文件 ${file} 应为“列名: [别名, …]”形式的 YAML`, en: `header alias file ${file} must be YAML of the form "column: [alias, …]"` });
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed)) out[k] = Array.isArray(v) ? v.map(String) : [String(v)];
  return out;
}

export function registerCrosscheck(program: Command): void {
  program
    .command('crosscheck')
    .description('数据比对：把行业部门数据与建档立卡数据逐人比对，差异进入核查清单 (cross-check a department file)')
    .requiredOption('--dataset <file>', '部门数据文件 .xlsx 或 .csv（UTF-8 或 GBK）；旧版 .xls 在装有 LibreOffice 时先转换')
    .requiredOption('--kind <kind>', `数据类型：${datasetKinds.map((k) => `${k}（${datasetKindLabels[k].zh}）`).join('、')}`)
    .requiredOption('--under <code>', '比对范围的区划代码，如 610902')
    .option('--aliases <file>', '本地表头别名 YAML（列名: [别名…]）')
    .action(async (o: { dataset: string; kind: string; under: string; aliases?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const under = parseRegionArg(o.under);
      let size: number;
      try {
        size = statSync(o.dataset).size;
      } catch {
        throw new CliError({ zh: `找不到文件 ${o.dataset}`, en: `file not found: ${o.dataset}` });
      }
      const aliases = readAliases(o.aliases);
      await withStore(g, { migrate: true }, async (store) => {
        await requireRegion(store.db, under);
        const service = createCrosscheckService({ store, clock: systemClock, rectification: createRectificationService({ store, clock: systemClock }) });
        const r = await service.run(actor, { kind: o.kind, under, file: { name: basename(o.dataset), data: { path: o.dataset, size } }, ...(aliases ? { aliases } : {}) });
        if (r.run.status === 'rejected') {
          throw new ValidationFailed(r.issues.map((i) => ({ field: i.row === null ? i.field : `第 ${i.row} 行 ${i.field}`, message: i.message, messageEn: i.messageEn, fix: i.fix, fixEn: i.fixEn })));
        }
        const result = { runId: r.run.id, kind: r.run.kind, under, status: r.run.status, counts: r.counts, byType: r.byType };
        output(g.json ?? false, result, () =>
          [
            `比对完成（第 ${r.run.id} 次）：文件 ${r.counts['rows'] ?? 0} 行，建档成员 ${r.counts['registryMembers'] ?? 0} 人，匹配 ${r.counts['matched'] ?? 0} 人，差异 ${r.counts['discrepancies'] ?? 0} 条`,
            ...Object.entries(r.byType).map(([t, n]) => `  · ${discrepancyTypes[t as keyof typeof discrepancyTypes]?.zh ?? t}：${n}`),
          ].join('\n'),
        );
      });
    });

  program
    .command('crosscheck-file')
    .description('一次数据比对所用的部门原文件：列出名称、大小和 SHA-256，或原样取出到文件夹 (the department file a comparison was given)')
    .requiredOption('--run <id>', '比对编号（jingzhun crosscheck 输出的“第 N 次”）')
    .option('--out <folder>', '把原文件写到该文件夹（文件名照旧）')
    .action(async (o: { run: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (!/^[1-9]\d*$/.test(o.run)) throw new CliError({ zh: `--run ${o.run} 不是比对编号：请用 jingzhun crosscheck 输出的编号`, en: `--run ${o.run} is not a comparison number: use the number jingzhun crosscheck printed` });
      if (o.out && !statSync(o.out, { throwIfNoEntry: false })?.isDirectory()) throw new CliError({ zh: `--out ${o.out} 不是已有的文件夹：请先建立该文件夹`, en: `--out ${o.out} is not an existing folder: create it first` });
      await withStore(g, {}, async (store) => {
        const service = createCrosscheckService({ store, clock: systemClock, rectification: createRectificationService({ store, clock: systemClock }) });
        const file = await service.runFile(null, Number(o.run));
        const path = o.out ? join(o.out, basename(file.name)) : null;
        if (path) await writingOutFile(path, () => pipeline(file.stream, createWriteStream(path)));
        else file.stream.destroy();
        const view = { runId: Number(o.run), name: file.name, size: file.size, sha256: file.sha256, ...(path ? { written: path } : {}) };
        output(g.json ?? false, view, () => `第 ${view.runId} 次比对的原文件：${view.name}（${view.size} 字节，SHA-256 ${view.sha256}）${path ? `\n已写出 ${path}` : ''}`);
      });
    });

  program
    .command('quality')
    .description('数据质量：完整性、一致性、重复、身份证校验，按村、镇、县评分并留存趋势 (registry quality score)')
    .requiredOption('--under <code>', '检查范围的区划代码，如 610902')
    .action(async (o: { under: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const under = parseRegionArg(o.under);
      await withStore(g, { migrate: true }, async (store) => {
        await requireRegion(store.db, under);
        const r = await createQualityService({ store, clock: systemClock }).run(actor, under);
        output(g.json ?? false, r, () =>
          [
            `数据质量得分 ${r.score}（${r.households} 户中 ${r.householdsWithFindings} 户有问题，共 ${r.findings} 项；第 ${r.runId} 次检查）`,
            ...Object.entries(r.byRule).map(([k, n]) => `  · ${qualityRules[k as keyof typeof qualityRules]?.zh ?? k}：${n}`),
          ].join('\n'),
        );
      });
    });

  program
    .command('share')
    .description('数据共享：按部门角色可见的字段导出建档立卡数据 (export the registry subset a department may read)')
    .requiredOption('--department <code>', `部门：${Object.keys(departmentFields).join('、')}`)
    .requiredOption('--under <code>', '区划代码')
    .requiredOption('--out <file>', '输出 .xlsx 文件')
    .action(async (o: { department: string; under: string; out: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (!(o.department in departmentFields)) throw new CliError({ zh: `部门“${o.department}”没有可共享的字段：可选 ${Object.keys(departmentFields).join('、')}`, en: `department "${o.department}" has no fields to share: choose one of ${Object.keys(departmentFields).join(', ')}` });
      const under = parseRegionArg(o.under);
      checkOutFile(o.out);
      await withStore(g, { migrate: false }, async (store) => {
        await requireRegion(store.db, under);
        const viewer = { userId: 0, username: actor, role: 'department' as const, regionCode: under, department: o.department };
        const written = await writingOutFile(o.out, () => writeLedger(store.db, { under, kind: 'registry', viewer }, { filename: o.out }));
        output(g.json ?? false, { file: o.out, department: o.department, rows: written }, () => `已导出 ${o.out}：${Object.entries(written).map(([k, n]) => `${k} ${n} 行`).join('，')}`);
      });
    });
}
