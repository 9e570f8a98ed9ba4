// Rectification commands: create a batch, import a problem list, the escalation sweep (run it
// daily from cron), the board, counts per unit, reminders and the special report.
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Principal } from '../../domain/access.js';
import { rectificationLabel, resolveRectificationCode } from '../../domain/rectification/code-lists.js';
import { systemClock } from '../../app/clock.js';
import { createRectificationService } from '../../app/rectification.js';
import { createRectificationViews } from '../../app/rectification-views.js';
import { presentProblemFile } from '../../app/rectification-present.js';
import { readProblemWorkbook, reportWorkbook } from '../../app/rectification-xlsx.js';
import { loadedRegionArg, parseRegionArg } from '../../app/stats.js';
import type { Store } from '../../store/store.js';
import { CliError, output, positiveInteger } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { checkOutFile, writeOutFile, writingOutFile } from '../out-file.js';

const actor = 'cli';


function services(store: Store) {
  return { service: createRectificationService({ store, clock: systemClock }), views: createRectificationViews({ store, clock: systemClock }) };
}

/** The operator at the command line reads a batch as an admin of the region that assigned it. */
const operatorOf = (regionCode: string): Principal => ({ userId: 0, username: actor, role: 'admin', regionCode, department: null });

export function registerRectification(program: Command): void {
  const rect = program.command('rectification').description('整改：问题清单、任务清单、责任清单，销号与回头看 (rectification)');

  rect.command('batch')
    .description('新建问题批次 (create a batch of problems)')
    .requiredOption('--name <text>', '批次名称，如“2017 年第三季度省级交叉检查反馈问题”')
    .requiredOption('--source <code>', '问题来源，如 crossInspection、audit、unannouncedVisit（或中文名称）')
    .requiredOption('--assigning <code>', '交办单位区划代码，如 6109')
    .requiredOption('--deadline <date>', '整改总时限 YYYY-MM-DD')
    .option('--department <code>', '交办部门（部门交办时）')
    .option('--recheck-days <n>', '销号后回头看间隔天数', '90')
    .action(async (o: { name: string; source: string; assigning: string; deadline: string; department?: string; recheckDays: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const { service } = services(store);
        const source = resolveRectificationCode('problemSource', o.source) ?? o.source;
        const b = await service.createBatch(actor, { name: o.name, source, assigningRegion: parseRegionArg(o.assigning), assigningDepartment: o.department ?? null, finalDeadline: o.deadline, recheckDays: positiveInteger(o.recheckDays, '回头看间隔') });
        output(g.json ?? false, b, () => `已新建批次 ${b.id}：${b.name}（交办单位 ${b.assigning_region}，时限 ${b.final_deadline}）`);
      });
    });

  rect.command('import')
    .description('从 xlsx 或 csv 导入问题清单（全部成功或全部不导入）(import a problem list)')
    .requiredOption('--batch <id>', '批次编号')
    .argument('<file>', '问题清单 .xlsx 或 .csv')
    .action(async (file: string, o: { batch: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const data = readFileSync(file);
      const rows = await readProblemWorkbook(data, basename(file));
      await withStore(g, { migrate: true }, async (store) => {
        const r = await services(store).service.importRows(actor, 'system', positiveInteger(o.batch, '批次编号'), rows, { name: basename(file), data });
        output(g.json ?? false, r, () => `已导入 ${r.problems} 个问题，生成 ${r.rectifications} 条整改记录（共性问题按单位分别建档）`);
      });
    });

  rect.command('files')
    .description('一个批次导入过的问题清单原文件：列出，或原样取出到文件夹 (the problem lists a batch was given)')
    .requiredOption('--batch <id>', '批次编号')
    .option('--out <folder>', '把原文件写到该文件夹（文件名前加文件编号）')
    .action(async (o: { batch: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const batchId = positiveInteger(o.batch, '批次编号');
      if (o.out && !statSync(o.out, { throwIfNoEntry: false })?.isDirectory()) throw new CliError({ zh: `--out ${o.out} 不是已有的文件夹：请先建立该文件夹`, en: `--out ${o.out} is not an existing folder: create it first` });
      await withStore(g, {}, async (store) => {
        const { service } = services(store);
        await service.getBatch(batchId); // an unknown batch is said as such, not as "no files"
        const files = await service.problemFiles(batchId);
        const written: string[] = [];
        for (const f of o.out ? files : []) {
          const file = await service.problemFileContent(f);
          // A list corrected and imported again keeps its name: the file's number tells them apart.
          const path = join(o.out ?? '.', `${f.id}-${basename(f.file_name)}`);
          await writingOutFile(path, () => pipeline(file.stream, createWriteStream(path)));
          written.push(path);
        }
        const view = { batchId, files: files.map(presentProblemFile), ...(o.out ? { written } : {}) };
        output(g.json ?? false, view, () =>
          files.length === 0
            ? `批次 ${batchId} 没有导入过问题清单文件`
            : [...files.map((f) => `${f.id}  ${f.file_name}  ${f.problems} 个问题  ${f.imported_by}  ${f.imported_at}  SHA-256 ${f.sha256}`), ...written.map((p) => `已写出 ${p}`)].join('\n'),
        );
      });
    });

  rect.command('escalate')
    .description('逾期挂单督办：把超过时限仍未报结的问题挂到交办单位的督办清单 (escalate overdue records)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const r = await services(store).service.escalateOverdue('system');
        output(g.json ?? false, r, () => `本次挂单督办 ${r.escalated} 条`);
      });
    });

  rect.command('board')
    .description('整改状态看板 (status board)')
    .requiredOption('--under <code>', '区划代码')
    .action(async (o: { under: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const b = await services(store).views.board(await loadedRegionArg(store.db, o.under));
        output(g.json ?? false, b, () =>
          [`共 ${b.total} 条；逾期 ${b.overdue}；挂单督办 ${b.escalated}`, ...Object.entries(b.byStatus).map(([s, n]) => `  ${rectificationLabel('rectificationStatus', s)} ${n}`), ...b.batches.map((x) => `  批次 ${x.batchId} ${x.name}：${x.closed}/${x.total} 已销号，逾期 ${x.overdue}`)].join('\n'),
        );
      });
    });

  rect.command('counts')
    .description('各单位问题数（含继承的共性问题）(problems per unit)')
    .requiredOption('--under <code>', '区划代码，如 6109')
    .option('--level <n>', '单位层级：3 县、4 乡镇、5 村', '3')
    .action(async (o: { under: string; level: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const c = await services(store).views.unitCounts(await loadedRegionArg(store.db, o.under), positiveInteger(o.level, '层级'));
        output(g.json ?? false, c, () => [...c.units.map((u) => `${u.unitRegion} ${u.name.padEnd(6, '　')} ${u.total}（共性 ${u.inherited}，已销号 ${u.closed}，逾期 ${u.overdue}）`), `最多 ${c.most} 个，最少 ${c.least} 个`].join('\n'));
      });
    });

  rect.command('reminders')
    .description('临期提醒：N 天内到期的问题和任务 (due soon)')
    .requiredOption('--under <code>', '区划代码')
    .option('--days <n>', '提前天数', '7')
    .action(async (o: { under: string; days: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const r = await services(store).views.reminders(await loadedRegionArg(store.db, o.under), positiveInteger(o.days, '天数'));
        output(g.json ?? false, r, () => [`${r.from} 至 ${r.to} 到期 ${r.items.length} 项`, ...r.items.map((i) => `  ${i.deadline} ${i.unitRegion} ${i.problemNo} ${i.taskId === null ? '问题' : '任务'}：${i.what}${i.responsiblePerson ? `（${i.responsiblePerson}）` : ''}`)].join('\n'));
      });
    });

  rect.command('report')
    .description('批次整改专题报告 (special report of a batch)')
    .requiredOption('--batch <id>', '批次编号')
    .option('--out <file>', '另存为 xlsx 工作簿')
    .action(async (o: { batch: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      checkOutFile(o.out);
      await withStore(g, { migrate: true }, async (store) => {
        const { service, views } = services(store);
        const batch = await service.getBatch(positiveInteger(o.batch, '批次编号'));
        const r = await views.report(operatorOf(batch.assigning_region), batch.id);
        if (o.out) await writeOutFile(o.out, await reportWorkbook(r));
        const s = r.summary;
        output(g.json ?? false, o.out ? { out: o.out, summary: s } : r, () =>
          [`${r.batch.name}：问题 ${s.problems} 个，整改记录 ${s.rectifications} 条，已销号 ${s.closed}（${(s.closedRate * 100).toFixed(1)}%），逾期 ${s.overdue}，挂单督办 ${s.escalated}，台账不符 ${s.ledgerIssues}`, ...(o.out ? [`已保存：${o.out}`] : [])].join('\n'),
        );
      });
    });
}
