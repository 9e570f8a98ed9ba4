// Assistance commands (帮扶): units, cadres and pairings, work teams and leads, visits and
// follow-ups, plans, coverage, findings, surveys and synthetic demo data. Thin: parse, call, print.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import YAML from 'yaml';
import type { Principal } from '../../domain/access.js';
import { rateFlagLabels, type SurveyQuestion } from '../../domain/assistance/survey.js';
import { codeLabel } from '../../domain/code-lists.js';
import { actorByName } from '../../app/actor.js';
import { systemClock } from '../../app/clock.js';
import { createAssistance } from '../../app/assistance-module.js';
import { synthesizeAssistanceData } from '../../app/assistance-synth.js';
import { requireRegion } from '../../app/regions.js';
import { loadedRegionArg, parseRegionArg } from '../../app/stats.js';
import { getHousehold, getHouseholdByNo } from '../../store/households.js';
import { getPlan } from '../../store/sampling.js';
import type { Store } from '../../store/store.js';
import { CliError, output, positiveInteger } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';
import { registerMeasures } from './assistance-measures.js';

/** The operator at the command line acts as an admin of the province holding the target. */
const operatorOf = (code: string): Principal => ({ userId: 0, username: 'cli', role: 'admin', regionCode: `${code.slice(0, 2)}0000000000`, department: null });
const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);


const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A household by number (户编号) or by internal id. */
async function householdArg(store: Store, value: string) {
  const h = (await getHouseholdByNo(store.db, value)) ?? (/^\d{1,9}$/.test(value) ? await getHousehold(store.db, Number(value)) : undefined);
  if (!h) throw new CliError({ zh: `户“${value}”不存在：请填写户编号`, en: `no household "${value}": give its household number` });
  return h;
}

async function cadreRegion(store: Store, id: number): Promise<string> {
  const c = await store.db.selectFrom('cadre').select('region_code').where('id', '=', id).executeTakeFirst();
  if (!c) throw new CliError({ zh: `干部 ${id} 不存在`, en: `no cadre ${id}` });
  return c.region_code;
}

export type Run = <T>(cmd: Command, fn: (store: Store, a: ReturnType<typeof createAssistance>) => Promise<T>, human: (r: T) => string) => Promise<void>;

function run<T>(cmd: Command, fn: (store: Store, a: ReturnType<typeof createAssistance>) => Promise<T>, human: (r: T) => string): Promise<void> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  return withStore(g, { migrate: true }, async (store) => {
    const r = await fn(store, createAssistance({ store, clock: systemClock }));
    output(g.json ?? false, r, () => human(r));
  });
}

export function registerAssistance(program: Command): void {
  const root = program.command('assistance').description('帮扶：帮扶单位、驻村工作队、结对干部、因户施策、入户走访、满意度和知晓率调查 (assistance)');

  registerMeasures(root, run);

  const units = root.command('units').description('帮扶单位 (assisting units)');
  units.command('add').requiredOption('--name <text>', '单位名称').requiredOption('--region <code>', '管理该单位的县或乡镇代码').action(async (o: { name: string; region: string }, cmd: Command) => {
    const region = parseRegionArg(o.region);
    await run(cmd, (_s, a) => a.service.addUnit(operatorOf(region), { name: o.name, regionCode: region }), (u) => `已新建帮扶单位 ${u.id}：${u.name}`);
  });
  units.command('list').requiredOption('--under <code>', '区划代码').action(async (o: { under: string }, cmd: Command) => run(cmd, async (s, a) => a.service.listUnits(await loadedRegionArg(s.db, o.under)), (l) => l.map((u) => `${u.id}\t${u.name}`).join('\n') || '（无）'));

  const cadres = root.command('cadres').description('帮扶干部与结对 (cadres and pairings)');
  cadres
    .command('add')
    .requiredOption('--name <text>', '姓名')
    .requiredOption('--unit <id>', '帮扶单位编号')
    .requiredOption('--region <code>', '管理该干部的县或乡镇代码')
    .option('--phone <text>', '联系电话')
    .option('--position <text>', '职务')
    .option('--cap <n>', '包户上限（默认 5）')
    .option('--username <name>', '关联的驻村工作队登录账号（用于“我的帮扶户”）')
    .action(async (o: { name: string; unit: string; region: string; phone?: string; position?: string; cap?: string; username?: string }, cmd: Command) => {
      const region = parseRegionArg(o.region);
      await run(cmd, (_s, a) => a.service.addCadre(operatorOf(region), { name: o.name, unitId: positiveInteger(o.unit, '单位编号'), regionCode: region, phone: o.phone ?? null, position: o.position ?? null, username: o.username ?? null, ...(o.cap ? { cap: positiveInteger(o.cap, '包户上限') } : {}) }), (c) => `已登记干部 ${c.id}：${c.name}（包户上限 ${c.cap} 户）`);
    });
  cadres.command('list').requiredOption('--under <code>', '区划代码').action(async (o: { under: string }, cmd: Command) =>
    run(cmd, async (s, a) => a.service.listCadres(await loadedRegionArg(s.db, o.under)), (l) => l.map((c) => `${c.id}\t${c.name}\t${c.unitName}\t${c.phone ?? ''}\t包 ${c.households}/${c.cap} 户`).join('\n') || '（无）'),
  );
  cadres.command('pair').description('干部与贫困户结对（超过包户上限时拒绝）').requiredOption('--cadre <id>', '干部编号').requiredOption('--household <no>', '户编号').requiredOption('--from <date>', '结对开始日期 YYYY-MM-DD').action(async (o: { cadre: string; household: string; from: string }, cmd: Command) =>
    run(cmd, async (store, a) => {
      const h = await householdArg(store, o.household);
      return a.service.pair(operatorOf(h.villageCode), { cadreId: positiveInteger(o.cadre, '干部编号'), householdId: h.id, from: o.from });
    }, (p) => `已结对（结对编号 ${p.id}）：干部 ${p.cadre_id} ↔ 户 ${p.household_id}，自 ${p.from_date}`),
  );
  cadres.command('unpair').description('解除结对（保留历史）').requiredOption('--pairing <id>', '结对编号').requiredOption('--to <date>', '结束日期').action(async (o: { pairing: string; to: string }, cmd: Command) =>
    run(cmd, async (store, a) => {
      const p = await store.db.selectFrom('cadre_pairing').select('village_code').where('id', '=', positiveInteger(o.pairing, '结对编号')).executeTakeFirst();
      if (!p) throw new CliError({ zh: `结对 ${o.pairing} 不存在`, en: `no pairing ${o.pairing}` });
      await a.service.end(operatorOf(p.village_code), 'pairing', Number(o.pairing), o.to);
      return { ended: Number(o.pairing), to: o.to };
    }, (r) => `已解除结对 ${r.ended}（${r.to}）`),
  );
  cadres.command('cap').description('调整包户上限').requiredOption('--cadre <id>', '干部编号').requiredOption('--cap <n>', '上限').action(async (o: { cadre: string; cap: string }, cmd: Command) =>
    run(cmd, async (store, a) => {
      const id = positiveInteger(o.cadre, '干部编号');
      await a.service.setCap(operatorOf(await cadreRegion(store, id)), id, positiveInteger(o.cap, '上限'));
      return { cadre: id, cap: Number(o.cap) };
    }, (r) => `干部 ${r.cadre} 包户上限改为 ${r.cap} 户`),
  );

  const teams = root.command('teams').description('驻村工作队与第一书记 (work teams)');
  teams.command('add').requiredOption('--village <code>', '村代码').requiredOption('--unit <id>', '派出单位编号').requiredOption('--from <date>', '进驻日期').action(async (o: { village: string; unit: string; from: string }, cmd: Command) =>
    run(cmd, (_s, a) => a.service.addTeam(operatorOf(o.village), { villageCode: o.village, unitId: positiveInteger(o.unit, '单位编号'), from: o.from }), (id) => `已新建工作队 ${id}`),
  );
  teams.command('member').requiredOption('--team <id>', '工作队编号').requiredOption('--cadre <id>', '干部编号').requiredOption('--role <role>', 'firstSecretary（第一书记）、leader（队长）、member（队员）').requiredOption('--from <date>', '开始日期').action(async (o: { team: string; cadre: string; role: string; from: string }, cmd: Command) =>
    run(cmd, async (store, a) => a.service.addMember(operatorOf(await cadreRegion(store, positiveInteger(o.cadre, '干部编号'))), { teamId: positiveInteger(o.team, '工作队编号'), cadreId: Number(o.cadre), role: o.role, from: o.from }), (id) => `已加入工作队（任职编号 ${id}）`),
  );
  root.command('lead').description('包村领导（县级、乡镇）(village lead)').requiredOption('--village <code>', '村代码').requiredOption('--cadre <id>', '干部编号').requiredOption('--level <level>', 'county 或 town').requiredOption('--from <date>', '开始日期').action(async (o: { village: string; cadre: string; level: string; from: string }, cmd: Command) =>
    run(cmd, (_s, a) => a.service.addLead(operatorOf(o.village), { villageCode: o.village, cadreId: positiveInteger(o.cadre, '干部编号'), level: o.level, from: o.from }), (id) => `已登记包村领导（编号 ${id}）`),
  );
  root.command('org').description('一个村的帮扶力量及历史').requiredOption('--village <code>', '村代码').action(async (o: { village: string }, cmd: Command) =>
    run(cmd, (_s, a) => a.service.organisation(operatorOf(o.village), o.village), (r) =>
      [...r.teams.map((t) => `工作队 ${t.id}（${t.unitName}）${t.from_date} 至 ${t.to_date ?? '今'}`), ...r.members.map((m) => `  ${m.role} ${m.cadreName} ${m.from_date} 至 ${m.to_date ?? '今'}`), ...r.leads.map((l) => `包村领导（${l.level}）${l.cadreName} ${l.from_date} 至 ${l.to_date ?? '今'}`), `结对 ${r.pairings.filter((p) => p.to_date === null).length} 户（历史 ${r.pairings.length} 条）`].join('\n'),
    ),
  );

  const visit = root.command('visit').description('入户走访 (visits)');
  visit
    .command('record')
    .requiredOption('--cadre <id>', '干部编号')
    .requiredOption('--household <no>', '户编号')
    .requiredOption('--date <date>', '走访日期')
    .option('--purpose <code>', 'routine、policy、planning、incomeCheck、followUp、emergency', 'routine')
    .option('--findings <text>', '走访情况', '')
    .option('--follow-up <text@date>', '待办事项及期限，如 “办理慢病卡@2019-07-01”，可重复', collect)
    .option('--lat <n>', '纬度')
    .option('--lng <n>', '经度')
    .action(async (o: { cadre: string; household: string; date: string; purpose: string; findings: string; followUp?: string[]; lat?: string; lng?: string }, cmd: Command) =>
      run(cmd, async (store, a) => {
        const h = await householdArg(store, o.household);
        const followUps = (o.followUp ?? []).map((f) => {
          const at = f.lastIndexOf('@');
          if (at < 1) throw new CliError({ zh: `待办事项“${f}”格式不对：应为 “事项@YYYY-MM-DD”`, en: `follow-up "${f}" is malformed: write "item@YYYY-MM-DD"` });
          return { text: f.slice(0, at), due: f.slice(at + 1) };
        });
        return a.visits.record(operatorOf(h.villageCode), { householdId: h.id, cadreId: positiveInteger(o.cadre, '干部编号'), date: o.date, purpose: o.purpose, findings: o.findings, followUps, latitude: o.lat ? Number(o.lat) : null, longitude: o.lng ? Number(o.lng) : null });
      }, (r) => `已登记走访 ${r.id}（${r.date}），待办 ${r.followUps} 项`),
    );
  root.command('follow-up-done').description('待办事项办结').requiredOption('--id <id>', '事项编号').requiredOption('--date <date>', '办结日期').option('--note <text>', '办结说明', '').action(async (o: { id: string; date: string; note: string }, cmd: Command) =>
    run(cmd, async (store, a) => {
      const f = await store.db.selectFrom('visit_follow_up').select('village_code').where('id', '=', positiveInteger(o.id, '事项编号')).executeTakeFirst();
      if (!f) throw new CliError({ zh: `事项 ${o.id} 不存在`, en: `no follow-up ${o.id}` });
      await a.visits.completeFollowUp(operatorOf(f.village_code), Number(o.id), { date: o.date, note: o.note });
      return { done: Number(o.id) };
    }, (r) => `事项 ${r.done} 已办结`),
  );
  root.command('worklist').description('干部的帮扶户、应走访户和待办事项').requiredOption('--cadre <id>', '干部编号').action(async (o: { cadre: string }, cmd: Command) =>
    run(cmd, async (store, a) => a.visits.worklist(operatorOf(await cadreRegion(store, positiveInteger(o.cadre, '干部编号'))), Number(o.cadre)), (w) =>
      [`${w.cadre.name}：帮扶 ${w.households.length} 户，应走访 ${w.visitsDue} 户，待办 ${w.followUps.length} 项`, ...w.households.map((h) => `  ${h.due ? '●' : '○'} ${h.householdNo} ${h.headName ?? ''} ${h.villageName} 上次走访 ${h.lastVisit ?? '从未'}`), ...w.followUps.map((f) => `  □ ${f.dueDate} ${f.householdNo} ${f.text}${f.overdue ? '（逾期）' : ''}`)].join('\n'),
    ),
  );
  root
    .command('coverage')
    .description('入户率：期间内走访过的户 / 在册户 (visit coverage)')
    .requiredOption('--under <code>', '区划代码')
    .requiredOption('--from <date>', '开始日期')
    .requiredOption('--to <date>', '结束日期')
    .option('--by-cadre', '同时按干部统计')
    .action(async (o: { under: string; from: string; to: string; byCadre?: boolean }, cmd: Command) =>
      run(cmd, async (s, a) => a.visits.coverage(await loadedRegionArg(s.db, o.under), o.from, o.to, { byCadre: o.byCadre ?? false }), (c) =>
        [`${c.from} 至 ${c.to}：在册 ${c.households} 户，已结对 ${c.paired} 户，走访 ${c.visited} 户，入户率 ${pct(c.rate)}`, ...c.villages.map((v) => `  ${v.villageCode} ${v.name} ${v.visited}/${v.households} ${pct(v.rate)}`), ...(c.cadres ?? []).map((x) => `  干部 ${x.cadreId} ${x.name} ${x.visited}/${x.households} ${pct(x.rate)}`)].join('\n'),
      ),
    );
  root.command('not-visited').description('超过 N 天未走访的户').requiredOption('--under <code>', '区划代码').option('--days <n>', '天数', '30').action(async (o: { under: string; days: string }, cmd: Command) =>
    run(cmd, async (s, a) => a.visits.notVisited(await loadedRegionArg(s.db, o.under), positiveInteger(o.days, '天数')), (r) => [`${r.days} 天内未走访 ${r.total} 户`, ...r.items.map((x) => `  ${x.householdNo} ${x.headName ?? ''} ${x.villageName} 上次 ${x.lastVisit ?? '从未'} 干部 ${x.cadreName ?? '未结对'}`)].join('\n')),
  );

  const plan = root.command('plan').description('因户施策：年度帮扶计划 (household plans)');
  plan
    .command('set')
    .requiredOption('--household <no>', '户编号')
    .requiredOption('--year <n>', '年度')
    .requiredOption('--measure <code[:yuan[:status]]>', '措施代码[:金额元[:planned|inProgress|done]]，可重复', collect)
    .action(async (o: { household: string; year: string; measure: string[] }, cmd: Command) =>
      run(cmd, async (store, a) => {
        const h = await householdArg(store, o.household);
        const measures = o.measure.map((m) => {
          const [code = '', yuan = '0', status = 'planned'] = m.split(':');
          return { measure: code, amountFen: Math.round(Number(yuan) * 100), status, note: '' };
        });
        return a.service.savePlan(operatorOf(h.villageCode), { householdId: h.id, year: positiveInteger(o.year, '年度'), measures, expectedVersion: null });
      }, (r) => `已保存计划（第 ${r.version} 版）${r.uncoveredCauses.length > 0 ? `；注意：致贫原因 ${r.uncoveredCauses.map((c) => codeLabel('cause', c)).join('、')} 没有对应措施` : ''}`),
    );
  root.command('findings').description('措施与致贫原因不对应的户；“一个措施应对所有原因”的村和干部').requiredOption('--under <code>', '区划代码').requiredOption('--year <n>', '年度').action(async (o: { under: string; year: string }, cmd: Command) =>
    run(cmd, async (s, a) => a.service.findings(await loadedRegionArg(s.db, o.under), positiveInteger(o.year, '年度')), (f) =>
      [`${f.year} 年计划 ${f.plans} 户；措施未覆盖致贫原因 ${f.uncovered.length} 户；措施雷同的村 ${f.genericVillages.length} 个、干部 ${f.genericCadres.length} 名`, ...f.genericVillages.map((g) => `  村 ${g.key}：${g.sameCount}/${g.households} 户同为 ${g.sameSet.join('+')}（致贫原因 ${g.distinctCauses} 种）`), ...f.genericCadres.map((g) => `  干部 ${g.cadreName ?? g.key}：${g.sameCount}/${g.households} 户同为 ${g.sameSet.join('+')}`)].join('\n'),
    ),
  );

  const survey = root.command('survey').description('满意度、知晓率调查 (surveys)');
  survey
    .command('create')
    .requiredOption('--kind <kind>', 'satisfaction（满意度）或 awareness（知晓率）')
    .requiredOption('--name <text>', '调查名称')
    .option('--region <code>', '调查范围区划代码（使用 --sample-plan 时为该计划所在县，可不填）')
    .requiredOption('--year <n>', '年度')
    .option('--questions <file>', '问卷 YAML（问题列表：code、text、options[code,text,positive]）；默认用标准问卷')
    .option('--sample-plan <id>', '沿用抽样核查计划的样本：只有抽中的建档立卡户可以作答')
    .option('--as <username>', '以该账号的角色和管辖范围操作（默认为命令行管理员）')
    .action(async (o: { kind: string; name: string; region?: string; year: string; questions?: string; samplePlan?: string; as?: string }, cmd: Command) => {
      if (!o.region && !o.samplePlan) throw new CliError({ zh: '请用 --region 填写调查范围，或用 --sample-plan 选择抽样核查计划', en: 'give the survey area with --region, or choose a verification sample plan with --sample-plan' });
      const region = o.region ? parseRegionArg(o.region) : undefined;
      const samplePlanId = o.samplePlan ? positiveInteger(o.samplePlan, '抽样计划编号') : null;
      const questions = o.questions ? (YAML.parse(readFileSync(o.questions, 'utf8')) as SurveyQuestion[]) : undefined;
      await run(cmd, async (store, a) => {
        const planCounty = samplePlanId === null ? undefined : (await getPlan(store.db, samplePlanId))?.county_code;
        const actor = o.as ? await actorByName(store, o.as) : operatorOf(region ?? planCounty ?? '000000000000');
        return a.surveys.create(actor, { kind: o.kind, name: o.name, regionCode: region, year: positiveInteger(o.year, '年度'), samplePlanId, ...(questions ? { questions } : {}) });
      }, (s) => `已新建调查 ${s.id}：${s.name}（${s.questions.length} 题）${s.samplePlan ? `，调查对象为抽样核查计划“${s.samplePlan.name}”抽中的户` : ''}`);
    });
  survey.command('answer').requiredOption('--survey <id>', '调查编号').requiredOption('--household <no>', '户编号').requiredOption('--answers <q=a,…>', '回答，如 cadre=satisfied,measures=fair').action(async (o: { survey: string; household: string; answers: string }, cmd: Command) =>
    run(cmd, async (store, a) => {
      const h = await householdArg(store, o.household);
      const answers = Object.fromEntries(o.answers.split(',').map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
      return a.surveys.answer(operatorOf(h.villageCode), positiveInteger(o.survey, '调查编号'), [{ householdId: h.id, answers }]);
    }, (r) => `已保存 ${r.saved} 户的回答`),
  );
  survey.command('rates').requiredOption('--survey <id>', '调查编号').requiredOption('--under <code>', '区划代码').action(async (o: { survey: string; under: string }, cmd: Command) => {
    const under = parseRegionArg(o.under);
    const of = (x: { households: number; sampled: number | null }) => (x.sampled === null ? `${x.households} 户` : `已答 ${x.households}/抽中 ${x.sampled} 户`);
    await run(cmd, async (s, a) => {
      await requireRegion(s.db, under);
      return a.surveys.rates(operatorOf(under), positiveInteger(o.survey, '调查编号'), under);
    }, (r) =>
      [
        `${r.survey.name}：${r.name} ${pct(r.rate)}（${of(r)}）${rateFlagLabels[r.flag].zh}`,
        ...(r.sample ? [`  样本：抽样核查计划 ${r.sample.planId}“${r.sample.name}”，抽中 ${r.sample.sampled} 户，已答 ${r.sample.answered} 户`] : []),
        ...r.towns.map((t) => `  ${t.name} ${pct(t.rate)}（${of(t)}）${rateFlagLabels[t.flag].zh}`),
        ...r.villages.map((v) => `    ${v.name} ${pct(v.rate)}（${of(v)}）${rateFlagLabels[v.flag].zh}`),
      ].join('\n'),
    );
  });

  root
    .command('synth')
    .description('为一个县生成帮扶合成演示数据（姓名带“（演示）”标记，不是真实人员）')
    .requiredOption('--county <code>', '县级区划代码，如 610902')
    .option('--seed <n>', '随机种子', '7')
    .option('--to <date>', '走访截止日期（默认今天）')
    .option('--days <n>', '走访覆盖天数', '180')
    .option('--link-user <name>', '把该驻村工作队账号关联到第一名结对干部')
    .action(async (o: { county: string; seed: string; to?: string; days: string; linkUser?: string }, cmd: Command) =>
      run(cmd, (store) => synthesizeAssistanceData({ store, clock: systemClock }, 'cli', { county: parseRegionArg(o.county), seed: positiveInteger(o.seed, '种子'), days: positiveInteger(o.days, '天数'), ...(o.to ? { to: o.to } : {}), ...(o.linkUser ? { linkUsername: o.linkUser } : {}) }), (r) =>
        `已生成合成演示数据（${r.from} 至 ${r.to}）：帮扶单位 ${r.units}，干部 ${r.cadres}，结对 ${r.pairings}，工作队 ${r.teams}，计划 ${r.plans}，走访 ${r.visits}，待办 ${r.followUps}，调查回答 ${r.responses}`,
      ),
    );
}
