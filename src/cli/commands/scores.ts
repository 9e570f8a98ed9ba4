// scores: stored scoring schemes and scores. Publish a scheme version, import a quarter's workbook
// (all or nothing), score from the system's own data, and list what is stored.
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { systemClock } from '../../app/clock.js';
import { createScoringService } from '../../app/scoring.js';
import { presentMetrics } from '../../app/scoring-present.js';
import { formatPoints } from '../../domain/scoring/points.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { writingOutFile } from '../out-file.js';

const actor = 'cli';

const sourceZh = { import: '导入得分表', entry: '手工录入', metrics: '由系统数据计算', sample: '示例数据' } as const;

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError({ zh: `无法读取文件 ${file}：${error instanceof Error ? error.message : String(error)}`, en: `cannot read file ${file}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

export function registerScores(program: Command): void {
  const scores = program.command('scores').description('考核得分：方案版本、得分导入、系统指标计算与已存排名 (stored scoring schemes and scores)');

  scores.command('scheme')
    .description('发布考核方案的一个版本（同一版本内容不同时拒绝）(store a scheme version)')
    .argument('<file>', '考核方案 YAML 或 JSON')
    .requiredOption('--owner <code>', '发布排名的地区代码，如 61（全省）、6109（安康市）')
    .action(async (file: string, o: { owner: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { create: true, migrate: true }, async (store) => {
        const r = await createScoringService({ store, clock: systemClock }).addScheme(actor, { text: readInput(file).toString('utf8'), fileName: basename(file), ownerRegion: o.owner });
        output(g.json ?? false, { created: r.created, schemeId: r.stored.row.scheme_id, version: r.stored.row.version, ownerRegion: r.stored.row.owner_region }, () => `${r.created ? '已发布' : '已存在（内容相同）'}：${r.stored.scheme.name}（${r.stored.row.scheme_id} 版本 ${r.stored.row.version}，发布地区 ${r.stored.row.owner_region}）`);
      });
    });

  scores.command('import')
    .description('导入得分表（xlsx、CSV 或 JSON）；有任何问题则全部不导入 (import a score sheet, all or nothing)')
    .argument('<file>', '得分表')
    .requiredOption('--scheme <id>', '方案标识，如 shaanxi-county-quarter')
    .option('--period <period>', '只导入此期间；缺省时导入表中所有期间')
    .option('--version <version>', '方案版本；缺省为最新版本')
    .option('--sample', '标记为示例数据（演示用，页面和导出中注明）')
    .action(async (file: string, o: { scheme: string; period?: string; version?: string; sample?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const r = await createScoringService({ store, clock: systemClock }).importScores(actor, o.scheme, { fileName: basename(file), bytes: readInput(file), ...(o.period === undefined ? {} : { period: o.period }), ...(o.version === undefined ? {} : { version: o.version }), sample: o.sample === true });
        output(g.json ?? false, r, () => `已导入 ${o.scheme}（版本 ${r.version}）：${r.periods.map((p) => `${p.period} ${p.units} 个单位`).join('，')}；排名已更新`);
      });
    });

  scores.command('compute')
    .description('由系统数据（整改按期销号率、建档立卡信息完整率）计算一期得分 (score a period from metrics)')
    .requiredOption('--scheme <id>', '方案标识（全部考核项均为指标）')
    .requiredOption('--period <period>', '期间，如 2017-Q3')
    .action(async (o: { scheme: string; period: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const r = await createScoringService({ store, clock: systemClock }).computePeriod(actor, o.scheme, o.period);
        output(g.json ?? false, r, () => `已由系统数据计算 ${o.scheme} ${o.period}：${r.periods[0]?.units ?? 0} 个单位`);
      });
    });

  scores.command('metrics')
    .description('可用的系统指标及待接入的指标 (the metric registry)')
    .action((_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const m = presentMetrics();
      output(g.json ?? false, m, () => [...m.available.map((x) => `${x.id}  ${x.name}：${x.definition}`), ...m.planned.map((x) => `${x.id}  ${x.name}（待接入：${x.waitsFor}）`)].join('\n'));
    });

  scores.command('sources')
    .description('一期得分的来源：每次导入、录入或计算，及导入时的得分表；--out 时原样取出得分表 (where a period\'s scores came from)')
    .requiredOption('--scheme <id>', '方案标识')
    .requiredOption('--period <period>', '期间，如 2017-Q3')
    .option('--out <folder>', '把保存的得分表写到该文件夹（文件名前加导入编号）')
    .action(async (o: { scheme: string; period: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (o.out && !statSync(o.out, { throwIfNoEntry: false })?.isDirectory()) throw new CliError({ zh: `--out ${o.out} 不是已有的文件夹：请先建立该文件夹`, en: `--out ${o.out} is not an existing folder: create it first` });
      await withStore(g, {}, async (store) => {
        const scoring = createScoringService({ store, clock: systemClock });
        const report = await scoring.report(o.scheme, o.period);
        const written: string[] = [];
        for (const i of o.out ? report.imports.filter((x) => x.fileKept) : []) {
          const file = await scoring.importFile(i.id);
          // Two imports of one file name (a sheet corrected and imported again) are told apart by their number.
          const path = join(o.out ?? '.', `${i.id}-${basename(file.name)}`);
          await writingOutFile(path, () => pipeline(file.stream, createWriteStream(path)));
          written.push(path);
        }
        const view = { schemeId: o.scheme, period: o.period, imports: report.imports, ...(o.out ? { written } : {}) };
        output(g.json ?? false, view, () =>
          [
            ...report.imports.map((i) => `第 ${i.id} 次  ${sourceZh[i.kind as keyof typeof sourceZh] ?? i.kind}${i.fileName ? `：${i.fileName}${i.fileKept ? '' : '（未保存原文件）'}` : ''}  ${i.rows} 个单位  ${i.importedBy}  ${i.importedAt}`),
            ...written.map((p) => `已写出 ${p}`),
          ].join('\n'),
        );
      });
    });

  scores.command('list')
    .description('已存方案、版本与期间；给出 --scheme 与 --period 时列出该期已存排名 (list stored schemes, periods or results)')
    .option('--scheme <id>', '方案标识')
    .option('--period <period>', '期间')
    .action(async (o: { scheme?: string; period?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, {}, async (store) => {
        const scoring = createScoringService({ store, clock: systemClock });
        if (o.scheme !== undefined && o.period !== undefined) {
          const rows = await scoring.storedResults(o.scheme, o.period);
          if (rows.length === 0) throw new CliError({ zh: `没有 ${o.scheme} ${o.period} 的已存排名`, en: `no stored ranking for ${o.scheme} ${o.period}` }, 1);
          const items = rows.map((r) => ({ rank: r.rank, unitId: r.unit_id, unitName: r.unit_name, total: r.total / 100, vetoed: r.vetoed === 1, previousRank: r.previous_rank, rankChange: r.rank_change }));
          output(g.json ?? false, { schemeId: o.scheme, period: o.period, items }, () =>
            items.map((r) => `${String(r.rank).padStart(3)}  ${r.unitId}  ${r.unitName}  ${formatPoints(Math.round(r.total * 100))}${r.vetoed ? '  一票否决' : ''}${r.rankChange === null ? '' : r.rankChange > 0 ? `  ↑${r.rankChange}` : r.rankChange < 0 ? `  ↓${-r.rankChange}` : '  —'}`).join('\n'),
          );
          return;
        }
        const items = (await scoring.listSchemes(() => true)).filter((s) => o.scheme === undefined || s.schemeId === o.scheme);
        output(g.json ?? false, { items }, () =>
          items.length === 0 ? '尚无考核方案：先用 jingzhun scores scheme FILE --owner CODE 发布' : items.map((s) => `${s.schemeId}  ${s.name}（版本 ${s.versions.map((v) => v.version).join('、')}；发布地区 ${s.ownerRegion}）\n  期间：${s.periods.map((p) => `${p.period}（${p.units}）`).join('、') || '无'}`).join('\n'),
        );
      });
    });
}
