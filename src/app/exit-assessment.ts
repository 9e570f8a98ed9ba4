// Exit assessment use cases: run a rule set over the households, villages or counties of a region
// for a year and store every result with the facts it used; read runs back (counts per town and
// village, results by criterion, one unit's checklist); what-if without storing anything.
import type { UnitKind } from '../domain/exit-rules/facts.js';
import { compileRuleSet, evaluateUnit, explain, ruleSetHash, type ChecklistItem, type CompiledRuleSet, type UnitStatus } from '../domain/exit-rules/evaluate.js';
import type { RuleSet } from '../domain/exit-rules/rule-set.js';
import { applyWhatIf, type WhatIfChange } from '../domain/exit-rules/what-if.js';
import { ancestorCodes, isInSubtree, subtreeRange } from '../domain/region-code.js';
import { factCatalog, recordedCountyFacts } from '../domain/exit-rules/facts.js';
import * as ex from '../store/exit-assessment.js';
import { getRegion, getRegions } from '../store/regions.js';
import type { Store } from '../store/store.js';
import { type Clock, isoNow } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';
import { asValidation, checkApplies, loadStandards, type Standards } from './exit-standards.js';
import { householdFactsNow, unitPages, type AssessedUnit } from './exit-units.js';
import { SummaryTally, flagsOf } from './exit-summary.js';

export interface RuleChoice {
  /** A shipped rule set by id; the national set of the unit when neither is given. */
  readonly ruleSetId?: string;
  /** A rule-set file's text (a county's own checklist). */
  readonly rulesText?: string;
  readonly rulesFile?: string;
}

export interface RunRequest extends RuleChoice {
  readonly unit: UnitKind;
  readonly under: string;
  readonly year: number;
  /** Households: every registered household, not only this year's candidates (to re-check earlier exits). */
  readonly all?: boolean;
}

export interface RunResult {
  readonly id: number;
  readonly unit: UnitKind;
  readonly under: string;
  readonly year: number;
  readonly ruleSet: { id: string; version: string; hash: string };
  readonly units: number;
  readonly ready: number;
  readonly blocked: number;
  readonly noData: number;
  readonly flagged: number;
  readonly dataTime: string | null;
  readonly blockedBy: Record<string, number>;
  readonly flaggedBy: Record<string, number>;
}

const unitZh: Record<UnitKind, string> = { household: '贫困户', village: '贫困村', county: '县' };

export function createExitAssessmentService(deps: { store: Store; clock: Clock; standards?: Standards }) {
  const { store, clock } = deps;
  const standards = (): Standards => deps.standards ?? loadStandards();

  function resolveRules(unit: UnitKind, under: string, year: number, choice: RuleChoice): RuleSet {
    let rs: RuleSet | undefined;
    if (choice.rulesText !== undefined) rs = standards().parse(choice.rulesText, choice.rulesFile ?? 'rules.yaml');
    else if (choice.ruleSetId) {
      rs = standards().get(choice.ruleSetId);
      if (!rs) throw new ValidationFailed([{ field: 'ruleSetId', message: `没有编号为“${choice.ruleSetId}”的标准`, messageEn: `no rule set '${choice.ruleSetId}'`, fix: '从已发布的标准中选择', fixEn: 'Choose a published rule set' }]);
    } else rs = standards().national(unit, year);
    if (!rs) throw new ValidationFailed([{ field: 'year', message: `没有适用于 ${year} 年的${unitZh[unit]}退出国家标准`, messageEn: `no national ${unit} standard for ${year}`, fix: '国家标准覆盖 2014–2020 年', fixEn: 'National standards cover 2014–2020' }]);
    if (rs.unit !== unit) throw new ValidationFailed([{ field: 'rules', message: `所选标准评估的是${unitZh[rs.unit]}，不是${unitZh[unit]}`, messageEn: `rule set is for ${rs.unit}s`, fix: '选择同类对象的标准', fixEn: 'Choose a rule set for the same kind of unit' }]);
    checkApplies(rs, under, year);
    return rs;
  }

  function compiled(rs: RuleSet, year: number): CompiledRuleSet {
    try {
      return compileRuleSet(rs, year);
    } catch (error) {
      throw asValidation(error);
    }
  }

  async function mustRegion(under: string): Promise<void> {
    if (!(await getRegion(store.db, under))) throw new ValidationFailed([{ field: 'under', message: `区划 ${under} 不存在`, messageEn: `region ${under} not found`, fix: '核对区划代码，或先载入该地区的区划', fixEn: 'Check the region code, or load the regions of that area first' }]);
  }

  const noUnits = (req: RunRequest) => new ValidationFailed([{ field: 'under', message: `${req.under} 在 ${req.year} 年没有可评估的${unitZh[req.unit]}数据`, messageEn: `no ${req.unit} data to assess under ${req.under} for ${req.year}`, fix: req.unit === 'county' ? '先载入该县的建档立卡数据' : '核对地区与年度，或先导入建档立卡数据', fixEn: req.unit === 'county' ? 'Load the registry data of the county first' : 'Check the region and year, or import registry data first' }]);

  async function run(actor: string, req: RunRequest): Promise<RunResult> {
    await mustRegion(req.under);
    const rs = resolveRules(req.unit, req.under, req.year, req);
    const c = compiled(rs, req.year);
    const hash = ruleSetHash(rs);
    const result = await store.bulkTransaction(async (trx) => {
      const id = await ex.insertRun(trx, {
        unit: req.unit, region_code: req.under, year: req.year, scope: req.all ? 'all' : 'candidates', rule_set_id: rs.id, rule_set_version: rs.version, rule_set_hash: hash,
        rule_set_json: JSON.stringify(rs), fact_names_json: JSON.stringify(c.factNames), data_time: null, created_at: isoNow(clock), created_by: actor,
        units: 0, ready: 0, blocked: 0, no_data: 0, flagged: 0,
      });
      const tally = new SummaryTally(c);
      let dataTime: string | null = null;
      const columns = [
        { name: 'run_id', type: 'int' }, { name: 'unit_code', type: 'text' }, { name: 'household_id', type: 'int' }, { name: 'area_code', type: 'text' },
        { name: 'status', type: 'text' }, { name: 'codes', type: 'text' }, { name: 'facts_json', type: 'text' },
      ] as const;
      for await (const page of unitPages(trx, req.unit, req.under, req.year, req.all ?? false)) {
        if (page.dataTime !== null && (dataTime === null || page.dataTime > dataTime)) dataTime = page.dataTime;
        const rows: unknown[][] = new Array(page.units.length);
        page.units.forEach((u, i) => {
          const out = evaluateUnit(c, u.facts);
          tally.add(u.areaCode, out);
          rows[i] = [id, u.unitCode, u.householdId, u.areaCode, out.status, out.codes, JSON.stringify(c.factNames.map((n) => u.facts[n] ?? null))];
        });
        await store.bulkInsert(trx, 'exit_result', columns, rows);
      }
      if (tally.total.units === 0) throw noUnits(req);
      await store.bulkInsert(trx, 'exit_summary', [{ name: 'run_id', type: 'int' }, { name: 'area_code', type: 'text' }, { name: 'key', type: 'text' }, { name: 'count', type: 'int' }], tally.rows(id));
      await ex.setRunCounts(trx, id, { ...tally.total, dataTime: dataTime ?? isoNow(clock) });
      return { id, dataTime: dataTime ?? isoNow(clock), tally };
    });
    const t = result.tally.total;
    return { id: result.id, unit: req.unit, under: req.under, year: req.year, ruleSet: { id: rs.id, version: rs.version, hash }, ...t, dataTime: result.dataTime, blockedBy: result.tally.blockedBy(), flaggedBy: result.tally.blockedBy(true) };
  }

  /** Which units a changed parameter or rule would flip, on today's data; nothing is stored. */
  async function whatIf(req: RunRequest, change: WhatIfChange, limit = 200) {
    await mustRegion(req.under);
    const rs = resolveRules(req.unit, req.under, req.year, req);
    let changedRules: RuleSet;
    try {
      changedRules = applyWhatIf(rs, req.year, change);
    } catch (error) {
      throw asValidation(error);
    }
    const before = compiled(rs, req.year);
    const after = compiled(changedRules, req.year);
    const counts = { units: 0, before: { ready: 0, blocked: 0, noData: 0 }, after: { ready: 0, blocked: 0, noData: 0 }, becomeReady: 0, becomeNotReady: 0 };
    const flips: { unitCode: string; householdId: number | null; areaCode: string; before: UnitStatus; after: UnitStatus; failing: string[] }[] = [];
    const perArea = new Map<string, { becomeReady: number; becomeNotReady: number }>();
    for await (const page of unitPages(store.db, req.unit, req.under, req.year, req.all ?? false)) {
      for (const u of page.units) {
        const a = evaluateUnit(before, u.facts);
        const b = evaluateUnit(after, u.facts);
        counts.units++;
        counts.before[a.status]++;
        counts.after[b.status]++;
        if ((a.status === 'ready') === (b.status === 'ready')) continue;
        const up = b.status === 'ready';
        if (up) counts.becomeReady++;
        else counts.becomeNotReady++;
        const area = perArea.get(u.areaCode) ?? { becomeReady: 0, becomeNotReady: 0 };
        if (up) area.becomeReady++;
        else area.becomeNotReady++;
        perArea.set(u.areaCode, area);
        if (flips.length < limit) flips.push({ unitCode: u.unitCode, householdId: u.householdId, areaCode: u.areaCode, before: a.status, after: b.status, failing: after.criteria.filter((_, i) => b.codes.charAt(i) !== 'P' && after.criteria[i]?.requirement).map((k) => k.def.id) });
      }
    }
    if (counts.units === 0) throw noUnits(req);
    return { ruleSet: { id: rs.id, version: rs.version }, changed: { version: changedRules.version, hash: ruleSetHash(changedRules) }, ...counts, flips, flipsShown: flips.length, byArea: [...perArea.entries()].map(([areaCode, v]) => ({ areaCode, ...v })).sort((x, y) => x.areaCode.localeCompare(y.areaCode)) };
  }

  async function namesOf(codes: Iterable<string>): Promise<Map<string, string>> {
    const list = [...new Set(codes)];
    const names = new Map<string, string>();
    for (let i = 0; i < list.length; i += 500) for (const r of await getRegions(store.db, list.slice(i, i + 500))) names.set(r.code, r.name);
    return names;
  }

  async function mustRun(id: number): Promise<ex.ExitRunRow> {
    const r = await ex.getRun(store.db, id);
    if (!r) throw new NotFound('exitRun', String(id));
    return r;
  }

  /** The narrower of the run's region and the reader's: what the reader may see of the run, or null. */
  function visibleWithin(run: ex.ExitRunRow, readerRegion: string): string | null {
    if (isInSubtree(run.region_code, readerRegion)) return run.region_code;
    if (isInSubtree(readerRegion, run.region_code)) return readerRegion;
    return null;
  }

  function decode(run: ex.ExitRunRow): { ruleSet: RuleSet; factNames: string[] } {
    return { ruleSet: JSON.parse(run.rule_set_json) as RuleSet, factNames: JSON.parse(run.fact_names_json) as string[] };
  }

  function presentRun(run: ex.ExitRunRow) {
    const { ruleSet } = decode(run);
    return {
      id: run.id, unit: run.unit, under: run.region_code, year: run.year, scope: run.scope, createdAt: run.created_at, createdBy: run.created_by, dataTime: run.data_time,
      ruleSet: { id: run.rule_set_id, version: run.rule_set_version, hash: run.rule_set_hash, title: ruleSet.title },
      units: run.units, ready: run.ready, blocked: run.blocked, noData: run.no_data, flagged: run.flagged,
      criteria: ruleSet.criteria.map((k) => ({ id: k.id, label: k.label, group: k.group, kind: k.kind, source: k.source })),
    };
  }

  async function listRuns(readerRegion: string, filter: { unit?: string; year?: number }) {
    const rows = await ex.listRuns(store.db, readerRegion, ancestorCodes(readerRegion), filter, 100);
    return rows.map(presentRun);
  }

  async function runFor(readerRegion: string, id: number) {
    const run = await mustRun(id);
    const within = visibleWithin(run, readerRegion);
    if (within === null) throw new NotFound('exitRun', String(id));
    return { run, within };
  }

  /** Counts per town and per village (or county) of ready, blocked, no-data and each criterion's failures. */
  async function summary(readerRegion: string, id: number) {
    const { run, within } = await runFor(readerRegion, id);
    const [lo, hi] = subtreeRange(within);
    const rows = await ex.summaryRows(store.db, id, lo, hi);
    const areas = new Map<string, Record<string, number>>();
    const towns = new Map<string, Record<string, number>>();
    const add = (map: Map<string, Record<string, number>>, code: string, key: string, n: number) => {
      const m = map.get(code) ?? {};
      m[key] = (m[key] ?? 0) + n;
      map.set(code, m);
    };
    for (const r of rows) {
      add(areas, r.area_code, r.key, r.count);
      if (run.unit !== 'county') add(towns, `${r.area_code.slice(0, 9)}000`, r.key, r.count);
    }
    const names = await namesOf([...areas.keys(), ...towns.keys()]);
    const list = (m: Map<string, Record<string, number>>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, counts]) => ({ code, name: names.get(code) ?? code, counts }));
    const total: Record<string, number> = {};
    for (const r of rows) total[r.key] = (total[r.key] ?? 0) + r.count;
    return { run: presentRun(run), within, total, towns: list(towns), areas: list(areas) };
  }

  async function results(readerRegion: string, id: number, f: { area?: string; status?: string; criterion?: string; criterionResult?: 'fail' | 'noData'; limit: number; offset: number }) {
    const { run, within } = await runFor(readerRegion, id);
    const area = f.area && isInSubtree(f.area, within) ? f.area : within;
    const [lo, hi] = subtreeRange(area);
    const { ruleSet, factNames } = decode(run);
    let criterion: ex.ResultFilter['criterion'];
    if (f.criterion) {
      const i = ruleSet.criteria.findIndex((k) => k.id === f.criterion);
      if (i < 0) throw new ValidationFailed([{ field: 'criterion', message: `本次评估没有“${f.criterion}”这一条`, messageEn: `no criterion '${f.criterion}' in this run`, fix: '从本次评估的标准条目中选择', fixEn: "Choose a criterion of this run's rule set" }]);
      criterion = { position: i + 1, code: f.criterionResult === 'noData' ? 'N' : 'F' };
    }
    const { rows, total } = await ex.resultRows(store.db, id, { lo, hi, ...(f.status ? { status: f.status } : {}), ...(criterion ? { criterion } : {}), limit: f.limit, offset: f.offset });
    const names = await namesOf(rows.map((r) => r.area_code));
    return {
      total,
      items: rows.map((r) => ({
        unitCode: r.unit_code, householdId: r.household_id, areaCode: r.area_code, areaName: names.get(r.area_code) ?? r.area_code, status: r.status,
        failing: ruleSet.criteria.filter((k, i) => k.kind === 'requirement' && r.codes.charAt(i) === 'F').map((k) => k.id),
        noData: ruleSet.criteria.filter((_, i) => r.codes.charAt(i) === 'N').map((k) => k.id),
        flags: flagsOf(ruleSet, r.codes),
        facts: Object.fromEntries(factNames.map((n, i) => [n, (JSON.parse(r.facts_json) as unknown[])[i] ?? null])),
      })),
    };
  }

  /** Every unit of a run with each criterion's result and the facts used, page by page (CLI --json). */
  async function* allResults(id: number, pageSize = 5000) {
    const run = await mustRun(id);
    const { ruleSet, factNames } = decode(run);
    let after: { area: string; unit: string } | null = null;
    for (;;) {
      const rows = await ex.resultRowsAfter(store.db, id, after, pageSize);
      const last = rows[rows.length - 1];
      if (!last) return;
      yield rows.map((r) => {
        const values = JSON.parse(r.facts_json) as unknown[];
        return {
          unitCode: r.unit_code, areaCode: r.area_code, status: r.status, pass: r.status === 'ready',
          criteria: Object.fromEntries(ruleSet.criteria.map((k, i) => [k.id, r.codes.charAt(i) === 'P' ? 'pass' : r.codes.charAt(i) === 'F' ? (k.kind === 'flag' ? 'flagged' : 'fail') : 'noData'])),
          facts: Object.fromEntries(factNames.map((n, i) => [n, values[i] ?? null])),
        };
      });
      after = { area: last.area_code, unit: last.unit_code };
    }
  }

  /** One unit of a past run, explained by the rules and facts of that run, whatever changed since. */
  async function checklist(readerRegion: string, id: number, unitCode: string): Promise<{ run: ReturnType<typeof presentRun>; unitCode: string; status: string; items: ChecklistItem[]; factLabels: (typeof factCatalog)[UnitKind] }> {
    const { run, within } = await runFor(readerRegion, id);
    const r = await ex.resultOfUnit(store.db, id, unitCode);
    if (!r || !isInSubtree(r.area_code, within)) throw new NotFound('exitResult', unitCode);
    const { ruleSet, factNames } = decode(run);
    return { run: presentRun(run), unitCode, status: r.status, items: explain(ruleSet, run.year, factNames, r.codes, JSON.parse(r.facts_json) as never[]), factLabels: factCatalog[ruleSet.unit] };
  }

  /** A household's checklist: today's facts against a standard, plus its results in stored runs. */
  async function householdChecklist(readerRegion: string, householdId: number, year: number, choice: RuleChoice = {}) {
    const unit: AssessedUnit | undefined = await householdFactsNow(store.db, householdId, year);
    if (!unit || !isInSubtree(unit.areaCode, readerRegion)) throw new NotFound('household', String(householdId));
    const rs = resolveRules('household', unit.areaCode, year, choice);
    const c = compiled(rs, year);
    const out = evaluateUnit(c, unit.facts);
    const past = await ex.resultsOfHousehold(store.db, householdId, 20);
    return {
      householdId, householdNo: unit.unitCode, villageCode: unit.areaCode, year,
      ruleSet: { id: rs.id, version: rs.version, title: rs.title },
      status: out.status,
      items: explain(rs, year, c.factNames, out.codes, c.factNames.map((n) => unit.facts[n] ?? null)),
      factLabels: factCatalog.household,
      runs: past.map((p) => ({ runId: p.run_id, year: p.year, createdAt: p.created_at, ruleSet: `${p.rule_set_id}@${p.rule_set_version}`, status: p.status })),
    };
  }

  async function recordCountyFacts(actor: string, county: string, year: number, facts: Partial<Record<string, number>>, source: string) {
    const region = await getRegion(store.db, county);
    if (!region || region.level !== 3) throw new ValidationFailed([{ field: 'county', message: `${county} 不是县级区划`, messageEn: `${county} is not a county`, fix: '填写 12 位县级区划代码，如 610902000000', fixEn: 'Enter a 12-digit county region code, e.g. 610902000000' }]);
    const errors = [];
    for (const [fact, value] of Object.entries(facts)) {
      if (!(recordedCountyFacts as readonly string[]).includes(fact)) errors.push({ field: fact, message: `“${fact}”不是可登记的县级指标`, messageEn: `'${fact}' cannot be recorded`, fix: `可登记：${recordedCountyFacts.join('、')}`, fixEn: `Allowed: ${recordedCountyFacts.join(', ')}` });
      else if (value === undefined || !Number.isFinite(value) || value < 0 || value > 100) errors.push({ field: fact, message: `${fact} 应为 0–100 的百分数`, messageEn: `${fact} must be a percentage 0–100`, fix: '例如 1.2 表示 1.2%', fixEn: 'For example 1.2 means 1.2%' });
    }
    if (Object.keys(facts).length === 0) errors.push({ field: 'facts', message: '没有要登记的指标', messageEn: 'no facts given', fix: '填写错退率、漏评率或认可度', fixEn: 'Enter the wrongly-exited rate, missed-poor rate or recognition rate' });
    if (errors.length > 0) throw new ValidationFailed(errors);
    await store.db.transaction().execute(async (trx) => {
      for (const [fact, value] of Object.entries(facts)) {
        if (value !== undefined) await ex.upsertRecordedFact(trx, { region_code: county, year, fact, value, source, recorded_at: isoNow(clock), recorded_by: actor });
      }
    });
    return (await ex.recordedFactsOf(store.db, county, year)).map((r) => ({ fact: r.fact, value: Number(r.value), source: r.source, recordedAt: r.recorded_at, recordedBy: r.recorded_by }));
  }

  return { resolveRules, run, whatIf, listRuns, summary, results, allResults, checklist, householdChecklist, recordCountyFacts, standards };
}

export type ExitAssessmentService = ReturnType<typeof createExitAssessmentService>;
