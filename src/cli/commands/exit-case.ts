// Exit procedure commands (脱贫退出程序): open a case, attach a file, sign a step, record an
// objection, show a case with its form. Writes act as a named account (--as), checked like the web.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { isUnitKind } from '../../domain/exit-procedure/steps.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { systemClock } from '../../app/clock.js';
import { actorByName, operatorOver } from '../../app/actor.js';
import { createExitCaseService } from '../../app/exit-cases.js';
import { presentCase, presentForm, presentSignature, presentState } from '../../app/exit-present.js';
import { createRegistryService } from '../../app/registry.js';
import type { Store } from '../../store/store.js';
import { getCase } from '../../store/exit-cases.js';
import { CliError, output, positiveInteger } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';


const service = (store: Store) => createExitCaseService({ store, clock: systemClock, registry: createRegistryService({ store, clock: systemClock }) });

const mediaTypes: Record<string, string> = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

async function showText(store: Store, id: number, asName: string | undefined) {
  const c = await getCase(store.db, id);
  const p = asName ? await actorByName(store, asName) : operatorOver(c?.region_code ?? '000000000000');
  const d = await service(store).detail(p, id);
  const form = presentForm(d.form);
  const value = { case: presentCase(d.case), unit: d.unit, state: presentState(d.state), signatures: d.signatures.map(presentSignature), form };
  const text = () =>
    [
      `退出事项 ${d.case.id}（${presentCase(d.case).kindLabel.zh} ${d.unit.household?.householdNo ?? d.case.region_code}，${d.case.year} 年）：${d.case.status === 'closed' ? '已销号' : `当前步骤 ${d.state.steps.find((s) => s.status === 'current')?.step.zh ?? ''}`}，第 ${d.case.round} 轮`,
      ...(d.state.notice ? [`公示：${d.state.notice.start} 起，${d.state.notice.end} 起可进入下一步`] : []),
      ...form.lines.map((l) => `  ${l.missing ? '✗ 缺' : '✓'} ${l.stepZh} · ${l.slotZh}${l.missing ? '' : `：${l.signatoryName ?? ''} ${l.date ?? ''}`}`),
      `缺少签字 ${form.missing} 处`,
    ].join('\n');
  return { value, text };
}

export function registerExitCase(program: Command): void {
  const cmd = program.command('exit-case').description('脱贫退出程序：提出、民主评议、核实、认可、公示、审核、审定、销号 (exit procedures)');

  cmd.command('open')
    .description('启动退出程序 (open an exit case)')
    .requiredOption('--as <username>', '以哪个账号办理')
    .requiredOption('--year <year>', '退出年度')
    .option('--household <id>', '贫困户 id（户退出）')
    .option('--village <code>', '村级区划代码（村退出）')
    .option('--county <code>', '县级区划代码（县摘帽）')
    .option('--notice-days <n>', '公示天数', '7')
    .action(async (o: { as: string; year: string; household?: string; village?: string; county?: string; noticeDays: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const kind = o.household ? 'household' : o.village ? 'village' : o.county ? 'county' : null;
      if (kind === null || !isUnitKind(kind)) throw new CliError({ zh: '请用 --household、--village 或 --county 指定退出单位', en: 'name the exit unit with --household, --village or --county' });
      const region = o.village ?? o.county;
      await withStore(g, { migrate: true }, async (store) => {
        const p = await actorByName(store, o.as);
        const r = await service(store).open(p, { kind, householdId: o.household ? positiveInteger(o.household, '贫困户 id') : null, regionCode: region ? (normalizeRegionCode(region) ?? region) : null, year: positiveInteger(o.year, '年度'), noticeDays: positiveInteger(o.noticeDays, '公示天数') });
        output(g.json ?? false, presentCase(r), () => `已启动退出事项 ${r.id}（${r.region_code}，${r.year} 年），下一步：${r.current_step ?? ''}`);
      });
    });

  cmd.command('attach')
    .description('为当前步骤上传附件：会议记录、签字表、公示照片 (attach a file to the current step)')
    .argument('<case>', '退出事项编号')
    .argument('<file>', '文件')
    .requiredOption('--as <username>', '以哪个账号办理')
    .requiredOption('--step <step>', '步骤，如 democraticAppraisal')
    .action(async (id: string, file: string, o: { as: string; step: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const content = readFileSync(file);
      await withStore(g, { migrate: true }, async (store) => {
        const p = await actorByName(store, o.as);
        const r = await service(store).addAttachment(p, positiveInteger(id, '事项编号'), { step: o.step, fileName: basename(file), mediaType: mediaTypes[extname(file).toLowerCase()] ?? 'application/octet-stream', content });
        output(g.json ?? false, r, () => `已上传附件 ${r.id}：${basename(file)}（${r.size} 字节，sha256 ${r.sha256}）`);
      });
    });

  cmd.command('step')
    .description('签署当前步骤的一个签字栏 (sign a step)')
    .argument('<case>', '退出事项编号')
    .requiredOption('--as <username>', '以哪个账号签字')
    .requiredOption('--step <step>', '步骤，如 proposal、townReview')
    .requiredOption('--slot <slot>', '签字栏，如 villageCommittee、workTeam、householdHead、countyLeader')
    .requiredOption('--date <date>', '签字日期 YYYY-MM-DD')
    .option('--signatory <name>', '纸质表上签字人的姓名（户主、包片县级领导须填）')
    .option('--participants <n>', '民主评议参会人数')
    .option('--in-favour <n>', '民主评议同意人数')
    .option('--note <text>', '备注')
    .action(async (id: string, o: { as: string; step: string; slot: string; date: string; signatory?: string; participants?: string; inFavour?: string; note?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const caseId = positiveInteger(id, '事项编号');
      const details = o.participants !== undefined || o.inFavour !== undefined ? { participants: o.participants === undefined ? null : Number(o.participants), inFavour: o.inFavour === undefined ? null : Number(o.inFavour) } : null;
      await withStore(g, { migrate: true }, async (store) => {
        const p = await actorByName(store, o.as);
        const s = service(store);
        const before = await s.detail(p, caseId);
        const r = await s.sign(p, caseId, before.case.version, { step: o.step, slot: o.slot, date: o.date, signatoryName: o.signatory ?? null, details, note: o.note ?? null });
        output(g.json ?? false, presentCase(r), () => (r.status === 'closed' ? `已签字；退出事项 ${r.id} 已销号` : `已签字；下一步：${r.current_step ?? ''}`));
      });
    });

  cmd.command('object')
    .description('登记公示期间的群众异议：事项退回核实 (record an objection)')
    .argument('<case>', '退出事项编号')
    .requiredOption('--as <username>', '以哪个账号登记')
    .requiredOption('--date <date>', '提出异议的日期')
    .requiredOption('--content <text>', '异议内容')
    .option('--objector <name>', '提出人（可匿名）')
    .action(async (id: string, o: { as: string; date: string; content: string; objector?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      const caseId = positiveInteger(id, '事项编号');
      await withStore(g, { migrate: true }, async (store) => {
        const p = await actorByName(store, o.as);
        const s = service(store);
        const before = await s.detail(p, caseId);
        const r = await s.object(p, caseId, before.case.version, { date: o.date, content: o.content, objector: o.objector ?? null });
        output(g.json ?? false, presentCase(r), () => `已登记异议；事项退回“${r.current_step ?? ''}”，第 ${r.round} 轮`);
      });
    });

  cmd.command('show')
    .description('查看退出事项和退出核验表（缺少的签字标出）(show a case and its form)')
    .argument('<case>', '退出事项编号')
    .option('--as <username>', '以哪个账号查看（默认系统管理员）')
    .action(async (id: string, o: { as?: string }, c: Command) => {
      const g = c.optsWithGlobals<GlobalOptions>();
      await withStore(g, { migrate: true }, async (store) => {
        const r = await showText(store, positiveInteger(id, '事项编号'), o.as);
        output(g.json ?? false, r.value, r.text);
      });
    });
}
