// Workbook commands: import registry workbooks, export ledgers and the blank template.
import { createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { normalizeRegionCode } from '../../domain/region-code.js';
import type { ImportIssue } from '../../domain/workbook/assemble.js';
import { systemClock } from '../../app/clock.js';
import { requireRegion } from '../../app/regions.js';
import { ledgerKinds, writeLedger, type LedgerKind } from '../../app/workbook/export.js';
import { importRegistry, type ImportMode, type ImportResult } from '../../app/workbook/import.js';
import type { InputFile, SheetSummary } from '../../app/workbook/read.js';
import { reportWorkbook } from '../../app/workbook/report.js';
import { templateWorkbook } from '../../app/workbook/template.js';
import { createWorkbookService } from '../../app/workbook/service.js';
import { quarantineView, type QuarantineList } from '../../app/workbook/quarantine.js';
import { quarantineStatusZh, resolvedByZh } from '../../app/workbook/quarantine-xlsx.js';
import { CliError, output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { checkOutFile, writeOutFile, writingOutFile } from '../out-file.js';
import { importProgress, terminalProgress } from '../progress.js';

const statusZh: Record<ImportResult['status'], string> = {
  validated: '校验通过（未写入）',
  invalid: '有错误，未写入任何数据',
  imported: '已导入',
  partial: '已导入有效户，其余已隔离',
  unchanged: '与系统数据一致，未做任何修改',
};

/** What a sheet was read as, in the words of the template. */
const kindZh: Record<NonNullable<SheetSummary['kind']>, string> = { household: '户表', member: '成员表', income: '收入表', flat: '花名册（每人一行）' };

export function issueLine(i: ImportIssue): string {
  const where = [i.sheet, i.row === null ? '' : `第 ${i.row} 行`, i.column === null ? '' : `${i.column} 列${i.header ? `（${i.header}）` : ''}`].filter((s) => s !== '').join(' ');
  // Most messages already quote the value (“残疾”不是…), or name it (村代码 610902002206 是…): it is
  // not repeated; nor are the header names of a sheet-wide issue, which its message lists.
  const said = i.message.includes(`“${i.value}”`) || (i.value.length >= 4 && i.message.includes(i.value));
  const value = i.value && !said && i.field !== 'sheet' ? `，内容“${i.value}”` : '';
  return `${where}${i.householdNo ? ` [户 ${i.householdNo}]` : ''}：${i.message}${value}。${i.fix}`;
}

export function importSummary(r: ImportResult, shown: number): string {
  const c = r.counts;
  const lines = [
    `${r.fileName}（sha256 ${r.fileSha256.slice(0, 12)}…）批次“${r.batchName}”：${statusZh[r.status]}`,
    ...r.sheets.map((s) => `  ${s.sheet}：${s.kind === null && s.unclassified ? `第 ${s.unclassified.headerRow} 行的表头有户编号，但认不出是哪种表（见下方错误）` : s.kind === null ? '不是户表、成员表或收入表，已跳过' : `读作${kindZh[s.kind]}，表头在第 ${s.headerRow} 行，${s.rows} 行数据${s.ignored.length > 0 ? `；未识别的列：${s.ignored.join('、')}` : ''}`}`),
    `  户 ${c.households}，成员 ${c.members}，收入 ${c.incomes}；新增 ${c.created}，更新 ${c.updated}，未变 ${c.unchanged}，有错 ${c.rejected}${c.quarantined > 0 ? `，隔离 ${c.quarantined}` : ''}`,
  ];
  if (c.households === 0 && r.issues.length === 0) lines.push('  文件中没有户的数据：各表表头下没有数据行');
  if (r.issues.length > 0) lines.push(`错误 ${r.issues.length} 条：`, ...r.issues.slice(0, shown).map((i) => `  · ${issueLine(i)}`));
  if (r.issues.length > shown) lines.push(`  …另有 ${r.issues.length - shown} 条，请用 --report 导出标注了错误的工作簿`);
  return lines.join('\n');
}

/** A batch's set-aside households: the counts, then one line each (the first `shown`), outstanding first. */
export function quarantineText(list: QuarantineList & { readonly batch: { readonly name: string }; readonly open: boolean }, out: string | undefined, shown: number): string {
  const lines = [
    `${out ? `已导出 ${out}：` : ''}批次“${list.batch.name}”的隔离户 ${list.total} 户，其中 ${list.resolved} 户已登记，${list.outstanding} 户待修正`,
  ];
  if (out) return lines[0] ?? '';
  const items = [...list.items].sort((a, b) => Number(a.resolved) - Number(b.resolved));
  for (const h of items.slice(0, shown)) {
    // The first problem with a place is the one `sheet` and `row` point to.
    const first = h.issues.find((i) => i.sheet !== '') ?? h.issues[0];
    const more = h.issueCount > 1 ? `（另有 ${h.issueCount - 1} 个问题）` : '';
    const where = [h.sheet, h.row === null ? '' : `第 ${h.row} 行`].filter((s) => s !== '').join(' ');
    const at = !where ? `${h.issueCount} 个问题` : h.issueCount === 1 ? `问题在 ${where}` : `${h.issueCount} 个问题，第一个在 ${where}`;
    lines.push(`  [${quarantineStatusZh(h)}] 户 ${h.householdNo}（${at}）${h.resolved ? `：${resolvedByZh(h)}` : first ? `：${first.message}。${first.fix}${more}` : ''}`);
  }
  if (items.length > shown) lines.push(`  …另有 ${items.length - shown} 户，请用 --out 导出清单或 --json`);
  if (list.open && list.outstanding === 0) lines.push('  没有待修正的户');
  return lines.join('\n');
}

function under(value: string): string {
  const code = normalizeRegionCode(value);
  if (!code) throw new CliError({ zh: `区划代码“${value}”无效：请填写 2、4、6、9 或 12 位代码，如 6109`, en: `region code "${value}" is not valid: give a 2, 4, 6, 9 or 12-digit code, e.g. 6109` });
  return code;
}

export function registerWorkbook(program: Command): void {
  const imp = program.command('import').description('导入 (import)');
  imp
    .command('registry')
    .description('从 Excel (xlsx) 或 CSV (UTF-8/GBK) 导入贫困户、成员和收入 (import registry workbooks)')
    .argument('<files...>', '一个或多个 xlsx/csv 文件（户表、成员表、收入表，或每人一行的宽表）；旧版 xls 在装有 LibreOffice 时先转换')
    .option('--dry-run', '只校验，不写入')
    .option('--accept-valid', '写入无误的户，有错的户放入隔离批次')
    .option('--batch <name>', '批次名称（默认：文件名@时间）')
    .option('--report <file.xlsx>', '有错误时写出标注了错误单元格的工作簿')
    .option('--actor <name>', '操作人（记入审计日志）', 'cli')
    .option('--under <code>', '只允许导入该地区的户')
    .action(async (paths: string[], o: { dryRun?: boolean; acceptValid?: boolean; batch?: string; report?: string; actor: string; under?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (o.dryRun && o.acceptValid) throw new CliError({ zh: '--dry-run 与 --accept-valid 不能同时使用', en: '--dry-run and --accept-valid cannot be used together' });
      const files: InputFile[] = paths.map((path) => {
        try {
          return { name: basename(path), data: { path, size: statSync(path).size } };
        } catch {
          throw new CliError({ zh: `文件不存在或无法读取：${path}`, en: `file missing or unreadable: ${path}` });
        }
      });
      const mode: ImportMode = o.dryRun ? 'dryRun' : o.acceptValid ? 'acceptValid' : 'all';
      checkOutFile(o.report);
      const scope = o.under ? under(o.under) : null;
      await withStore(g, { migrate: true }, async (store) => {
        if (scope !== null) await requireRegion(store.db, scope);
        const progress = terminalProgress(g.json);
        const result = await importRegistry({ store, clock: systemClock }, { files, mode, actor: o.actor, scope, ...(o.batch ? { batchName: o.batch } : {}) }, importProgress(progress, mode === 'dryRun')).finally(() => progress.stop());
        if (o.report && result.issues.length > 0) await writeOutFile(o.report, await reportWorkbook(files, result.issues));
        output(g.json ?? false, result, () => importSummary(result, 200));
        if (result.issues.length > 0) process.exitCode = 1;
      });
    });

  imp
    .command('quarantine')
    .description('列出一个批次的隔离户及其是否已登记，或导出问题清单，改好原文件后重新导入 (the households a batch set aside, registered since or still to fix)')
    .requiredOption('--batch <name|id>', '批次名称或编号')
    .option('--out <file.xlsx>', '导出问题清单工作簿（不给则在终端列出）')
    .option('--open', '只列待修正（尚未登记）的户')
    .action(async (o: { batch: string; out?: string; open?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (o.out) checkOutFile(o.out);
      await withStore(g, {}, async (store) => {
        const service = createWorkbookService({ store, clock: systemClock });
        const list = await service.quarantine(/^\d+$/.test(o.batch) ? Number(o.batch) : o.batch, o.open ?? false);
        if (!list) throw new CliError({ zh: `没有名称或编号为“${o.batch}”的导入批次：请用 jingzhun import registry 输出的批次名称或编号`, en: `no import batch named or numbered "${o.batch}": use the batch name or number that jingzhun import registry printed` });
        const out = o.out;
        if (out) await writeOutFile(out, service.quarantineWorkbook(list));
        output(g.json ?? false, { ...(out ? { out } : {}), ...quarantineView(list) }, () => quarantineText(list, out, 200));
      });
    });

  imp
    .command('files')
    .description('列出一个批次导入时给出的原文件，或原样取出到文件夹 (the files an import batch was given, listed or written out as given)')
    .requiredOption('--batch <name|id>', '批次名称或编号')
    .option('--out <folder>', '把原文件写到该文件夹（文件名照旧）')
    .action(async (o: { batch: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (o.out && !statSync(o.out, { throwIfNoEntry: false })?.isDirectory()) throw new CliError({ zh: `--out ${o.out} 不是已有的文件夹：请先建立该文件夹`, en: `--out ${o.out} is not an existing folder: create it first` });
      await withStore(g, {}, async (store) => {
        const service = createWorkbookService({ store, clock: systemClock });
        const batch = await service.batchByRef(/^\d+$/.test(o.batch) ? Number(o.batch) : o.batch);
        if (!batch) throw new CliError({ zh: `没有名称或编号为“${o.batch}”的导入批次：请用 jingzhun import registry 输出的批次名称或编号`, en: `no import batch named or numbered "${o.batch}": use the batch name or number that jingzhun import registry printed` });
        const files = await service.keptFiles(batch.id);
        const written: string[] = [];
        for (const f of o.out ? files : []) {
          // Two files of one name in a batch (from two folders) are told apart by their place in it.
          const name = files.filter((x) => x.name === f.name).length > 1 ? `${f.position + 1}-${f.name}` : f.name;
          const path = join(o.out ?? '.', basename(name));
          const kept = await service.keptFile(batch.id, f.position);
          if (kept) await writingOutFile(path, () => pipeline(kept.stream, createWriteStream(path)));
          written.push(path);
        }
        const view = { batch: batch.name, batchId: batch.id, fileSha256: batch.file_sha256, files: files.map((f) => ({ position: f.position, name: f.name, size: f.size, sha256: f.sha256 })), ...(o.out ? { written } : {}) };
        output(g.json ?? false, view, () => keptFilesText(view));
      });
    });

  const exp = program.command('export').description('导出 (export)');
  exp
    .command('ledger')
    .description('导出台账工作簿 (export a ledger workbook)')
    .requiredOption('--under <code>', '区划代码，如 610902')
    .option('--kind <kind>', `台账类型：${ledgerKinds.join('|')}`, 'registry')
    .requiredOption('--out <file.xlsx>', '输出文件')
    .action(async (o: { under: string; kind: string; out: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const kind = ledgerKinds.find((k) => k === o.kind);
      if (!kind) throw new CliError({ zh: `台账类型“${o.kind}”无效：可选 ${ledgerKinds.join('、')}`, en: `ledger kind "${o.kind}" is not valid: choose one of ${ledgerKinds.join(', ')}` });
      const code = under(o.under);
      checkOutFile(o.out);
      await withStore(g, {}, async (store) => {
        // An unknown region is said as stats says it, before anything is written (not an empty workbook).
        await requireRegion(store.db, code);
        const started = performance.now();
        const rows = await writingOutFile(o.out, () => writeLedger(store.db, { under: code, kind: kind satisfies LedgerKind, viewer: null }, { filename: o.out }));
        const seconds = (performance.now() - started) / 1000;
        output(g.json ?? false, { out: o.out, kind, under: code, rows, seconds }, () => `已导出 ${o.out}：${Object.entries(rows).map(([s, n]) => `${s} ${n} 行`).join('，')}（${seconds.toFixed(1)} 秒）`);
      });
    });
  exp
    .command('template')
    .description('导出空白导入模板（含说明和下拉列表）(export the blank import template)')
    .requiredOption('--out <file.xlsx>', '输出文件')
    .action(async (o: { out: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      checkOutFile(o.out);
      await writeOutFile(o.out, await templateWorkbook());
      output(g.json ?? false, { out: o.out }, () => `已导出模板 ${o.out}`);
    });
}

function keptFilesText(view: { batch: string; files: { name: string; size: number; sha256: string }[]; written?: string[] }): string {
  if (view.files.length === 0) return `批次“${view.batch}”没有保留原文件（保留原文件之前的导入）\nBatch "${view.batch}" kept no files (imported before files were kept)`;
  const lines = view.files.map((f) => `  ${f.name}  ${f.size.toLocaleString('en-US')} 字节  SHA-256 ${f.sha256}`);
  const out = view.written ? [`已写出 ${view.written.length} 个文件 / files written: ${view.written.join(', ')}`] : [];
  return [`批次“${view.batch}”导入时给出的文件 / files given to batch "${view.batch}":`, ...lines, ...out].join('\n');
}
