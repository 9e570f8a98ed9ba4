// Scoring use cases (考核排名): scheme versions, scores imported, entered or computed from the
// system's data, stored results, and the ranking report read back from what is stored.
// Every write validates whole periods first and stores them in one transaction, or nothing.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { normalizeRegionCode } from '../domain/region-code.js';
import { applyConsequences } from '../domain/scoring/consequences.js';
import { explainRanking } from '../domain/scoring/explain.js';
import { explainRankingEn } from '../domain/scoring/explain-en.js';
import { explainRankingZh } from '../domain/scoring/explain-zh.js';
import { isPeriod, periodExamples, previousPeriod } from '../domain/scoring/period.js';
import { toDecimal } from '../domain/scoring/points.js';
import type { RankReport } from '../domain/scoring/report.js';
import { parseScheme } from '../domain/scoring/scheme.js';
import { type ScoreSheet, type UnitScore, validateScores } from '../domain/scoring/scores.js';
import { appendAudit } from '../store/audit.js';
import * as ss from '../store/scoring.js';
import { regionsAtLevel } from '../store/scoring-metrics.js';
import type { Store } from '../store/store.js';
import { type Clock, isoNow } from './clock.js';
import { NotFound } from './errors.js';
import { fillMetrics } from './scoring-fill.js';
import { asValidation, failWith } from './scoring-issues.js';
import { unitPrefixLength } from './scoring-metrics.js';
import { readScoreFile } from './scoring-files.js';
import { keepFile, keptContent } from './workbook/kept-files.js';
import { createStoredScoring, isRegionUnit, json, regionCodeOf, regionLevelOf, rowToScore, type StoredScheme } from './scoring-stored.js';

export type { StoredScheme } from './scoring-stored.js';

/** How scores came in. `sample` marks demonstration figures, shown as such wherever they appear. */
export type ScoreSource = 'import' | 'entry' | 'metrics' | 'sample';

/** One write of scores (a sheet imported, scores entered, metrics computed) as the ranking shows its sources. */
export interface ScoreImport {
  readonly id: number;
  readonly period: string;
  readonly kind: string;
  readonly fileName: string | null;
  readonly rows: number;
  readonly importedBy: string;
  readonly importedAt: string;
  /** The sheet is kept: `GET /scoring/imports/:id/file` gives it back as imported. */
  readonly fileKept: boolean;
}

export interface StoredReport extends RankReport {
  readonly stored: StoredScheme;
  /** The period holds sample (demonstration) figures, not a real assessment. */
  readonly sample: boolean;
  readonly sources: readonly string[];
  /** The writes the period's stored scores come from, newest first. */
  readonly imports: readonly ScoreImport[];
}

const scoreImport = (i: ss.ImportRow): ScoreImport => ({ id: i.id, period: i.period, kind: i.kind, fileName: i.file_name, rows: i.rows, importedBy: i.imported_by, importedAt: i.imported_at, fileKept: i.file_kept });

export interface SchemeSummary {
  readonly schemeId: string;
  readonly name: string;
  readonly periodType: string;
  readonly unitType: string;
  readonly ownerRegion: string;
  readonly latestVersion: string;
  readonly versions: readonly { key: number; version: string; createdAt: string; createdBy: string }[];
  readonly periods: readonly { period: string; version: string; units: number }[];
}

export function createScoringService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const { stored, keysOf, rankStored, recompute, schemeOf } = createStoredScoring(clock);

  /** Validates every period of the sheet and stores them all, or nothing. */
  async function savePeriods(actor: string, s: StoredScheme, input: ScoreSheet, periods: readonly string[], source: ScoreSource, fileName: string | null, bytes: Buffer | null): Promise<{ periods: { period: string; units: number }[] }> {
    const { sheet, issues } = await fillMetrics(store.db, s, input, periods);
    for (const period of periods) issues.push(...validateScores(s.scheme, sheet, period));
    if (issues.length > 0) failWith(issues);
    const now = isoNow(clock);
    const sha = bytes === null ? null : createHash('sha256').update(bytes).digest('hex');
    const result: { period: string; units: number }[] = [];
    await store.db.transaction().execute(async (trx) => {
      // The sheet itself, under the hash the import rows and the audit entry name: a ranking that
      // decides funds and careers can be traced to the very file its scores came from.
      if (bytes !== null && sha !== null) await keepFile(trx, { name: fileName ?? '', data: bytes }, sha, now);
      const keys = await keysOf(trx, s.row.scheme_id);
      for (const period of periods) {
        const rows = sheet.rows.filter((r) => r.period === period);
        const importId = await ss.insertImport(trx, { scheme_key: s.key, period, kind: source, file_name: fileName, sha256: sha, rows: rows.length, imported_by: actor, imported_at: now });
        await ss.replacePeriodScores(
          trx,
          keys,
          period,
          rows.map((r) => ({
            scheme_key: s.key,
            period,
            unit_id: r.unitId,
            unit_name: r.unitName,
            region_code: regionCodeOf(s.scheme.unitType, r.unitId),
            peer_groups: json(r.peerGroups),
            components: json(r.components),
            bonuses: json(r.bonuses),
            deductions: json(r.deductions),
            vetoes: json(r.vetoes),
            import_id: importId,
            updated_at: now,
          })),
        );
        result.push({ period, units: rows.length });
      }
      for (const period of periods) await recompute(trx, s.row.scheme_id, period);
      const digest = createHash('sha256').update(json(sheet.rows.filter((r) => periods.includes(r.period)))).digest('hex');
      await appendAudit(trx, store.dialect, [{ actor, action: `scoring.${source}`, entityType: 'scoringPeriod', entityId: `${s.row.scheme_id}@${s.row.version}/${periods.join(',')}`, before: null, after: { periods: result, file: fileName, sha256: sha, digest } }], now);
    });
    return { periods: result };
  }

  function periodsIn(s: StoredScheme, sheet: ScoreSheet, period: string | undefined): string[] {
    if (period !== undefined) return [period];
    const found = [...new Set(sheet.rows.map((r) => r.period))].sort();
    if (found.length === 0 || found.includes('')) {
      failWith([{ code: 'period', file: sheet.file, message: `得分表没有“期间”列或有行未填期间：请在表中填写期间，或在导入时选择期间（如 ${periodExamples[s.scheme.periodType]}）`, messageEn: 'the sheet has rows without a period: add a period column or choose the period' }]);
    }
    return found;
  }

  async function report(schemeId: string, period: string): Promise<StoredReport> {
    const current = await asValidation(() => rankStored(store.db, schemeId, period));
    if (current === null) throw new NotFound('scoringPeriod', `${schemeId}/${period}`, `考核方案“${schemeId}”没有 ${period} 期的得分：jingzhun scores list 列出已有的方案和期间`, `scheme "${schemeId}" has no scores for ${period}: jingzhun scores list shows the schemes and periods there are`);
    const { stored: s, ranking } = current;
    const before = previousPeriod(s.scheme.periodType, period);
    const previous = before === null ? null : ((await rankStored(store.db, schemeId, before))?.ranking ?? null);
    const explanations = explainRanking(s.scheme, ranking, previous);
    const importIds = new Set(current.rows.map((r) => r.import_id));
    const imports = (await ss.importsOf(store.db, [s.key])).filter((i) => importIds.has(i.id));
    const kinds = imports.map((i) => i.kind);
    return {
      stored: s,
      scheme: s.scheme,
      ranking,
      previous,
      explanations,
      consequences: applyConsequences(s.scheme, ranking),
      explanationZh: explainRankingZh(s.scheme, ranking, explanations),
      explanationEn: explainRankingEn(s.scheme, ranking, explanations),
      sample: kinds.includes('sample'),
      sources: [...new Set(kinds)],
      imports: imports.map(scoreImport),
    };
  }

  return {
    schemeOf: (schemeId: string, version?: string) => schemeOf(store.db, schemeId, version),

    /** Stores a scheme version. The same text again is a no-op; other text under a used version is refused. */
    async addScheme(actor: string, input: { text: string; fileName: string; ownerRegion: string }): Promise<{ stored: StoredScheme; created: boolean }> {
      const scheme = await asValidation(() => parseScheme(input.text, input.fileName));
      const owner = normalizeRegionCode(input.ownerRegion);
      if (owner === undefined) failWith([{ code: 'field', message: `发布地区“${input.ownerRegion}”不是区划代码`, messageEn: 'owner region must be a region code' }]);
      const existing = await ss.findSchemeVersion(store.db, scheme.id, scheme.version);
      if (existing !== undefined) {
        if (existing.source === input.text && existing.owner_region === owner) return { stored: stored(existing), created: false };
        failWith([{ code: 'duplicateId', file: input.fileName, message: `方案“${scheme.id}”的版本 ${scheme.version} 已存在且内容不同：修改方案时请使用新的版本号，旧版本保留用于重算以往排名`, messageEn: `scheme ${scheme.id} version ${scheme.version} exists with other content: use a new version` }]);
      }
      const versions = await ss.schemeVersions(store.db, scheme.id);
      const other = versions.find((v) => v.owner_region !== owner || v.period_type !== scheme.periodType || v.unit_type !== scheme.unitType);
      if (other !== undefined) {
        failWith([{ code: 'field', file: input.fileName, message: `方案“${scheme.id}”已有版本的发布地区、考核周期或考核对象与此不同：请另起方案标识`, messageEn: `scheme ${scheme.id} exists with another owner, period type or unit type: use a new id` }]);
      }
      const now = isoNow(clock);
      const key = await store.db.transaction().execute(async (trx) => {
        const id = await ss.insertScheme(trx, { scheme_id: scheme.id, version: scheme.version, name: scheme.name, period_type: scheme.periodType, unit_type: scheme.unitType, owner_region: owner, source: input.text, created_at: now, created_by: actor });
        await appendAudit(trx, store.dialect, [{ actor, action: 'create', entityType: 'scoringScheme', entityId: `${scheme.id}@${scheme.version}`, before: null, after: { name: scheme.name, ownerRegion: owner, sha256: createHash('sha256').update(input.text).digest('hex') } }], now);
        return id;
      });
      const row = await ss.getScheme(store.db, key);
      if (row === undefined) throw new NotFound('scoringScheme', String(key));
      return { stored: stored(row), created: true };
    },

    /** Schemes with their versions and stored periods; `visible` filters by publishing region. */
    async listSchemes(visible: (ownerRegion: string) => boolean): Promise<SchemeSummary[]> {
      const rows = (await ss.listSchemes(store.db)).filter((r) => visible(r.owner_region));
      const byId = new Map<string, ss.SchemeRow[]>();
      for (const r of rows) byId.set(r.scheme_id, [...(byId.get(r.scheme_id) ?? []), r]);
      const out: SchemeSummary[] = [];
      for (const [schemeId, versions] of byId) {
        const latest = versions[versions.length - 1];
        if (latest === undefined) continue;
        const periods = await ss.periodsOf(store.db, versions.map((v) => v.id));
        out.push({
          schemeId,
          name: latest.name,
          periodType: latest.period_type,
          unitType: latest.unit_type,
          ownerRegion: latest.owner_region,
          latestVersion: latest.version,
          versions: versions.map((v) => ({ key: v.id, version: v.version, createdAt: v.created_at, createdBy: v.created_by })),
          periods: periods.map((p) => ({ period: p.period, version: versions.find((v) => v.id === p.schemeKey)?.version ?? '', units: p.units })),
        });
      }
      return out;
    },

    /** A workbook (xlsx, CSV or JSON) of one period, or of every period it holds. */
    async importScores(actor: string, schemeId: string, input: { fileName: string; bytes: Buffer; period?: string; version?: string; sample?: boolean }) {
      const s = await schemeOf(store.db, schemeId, input.version);
      const sheet = await asValidation(() => readScoreFile(input.fileName, input.bytes, s.scheme, input.period ?? ''));
      const periods = periodsIn(s, sheet, input.period);
      const chosen = input.period === undefined ? sheet : { ...sheet, rows: sheet.rows.filter((r) => r.period === input.period) };
      return { schemeId, version: s.row.version, ...(await savePeriods(actor, s, chosen, periods, input.sample === true ? 'sample' : 'import', input.fileName, input.bytes)) };
    },

    /** A whole period typed in the workbench (or sent by another system), all or nothing. */
    async enterPeriod(actor: string, schemeId: string, period: string, rows: readonly Omit<UnitScore, 'period'>[], version?: string) {
      const s = await schemeOf(store.db, schemeId, version);
      const sheet: ScoreSheet = { file: 'entry', rows: rows.map((r, i) => ({ ...r, period, line: i + 1 })) };
      return { schemeId, version: s.row.version, ...(await savePeriods(actor, s, sheet, [period], 'entry', null, null)) };
    },

    /** Corrects one unit's scores; the period is checked again as a whole. */
    async updateUnit(actor: string, schemeId: string, period: string, unitId: string, change: Partial<Omit<UnitScore, 'period' | 'unitId'>>) {
      const keys = await keysOf(store.db, schemeId);
      const rows = await ss.periodScores(store.db, keys, period);
      const target = rows.find((r) => r.unit_id === unitId);
      if (target === undefined) throw new NotFound('scoringUnit', `${schemeId}/${period}/${unitId}`);
      const row = await ss.getScheme(store.db, target.scheme_key);
      if (row === undefined) throw new NotFound('scoringScheme', String(target.scheme_key));
      const s = stored(row);
      // Metric components are computed again, never carried over as if typed in.
      const metricIds = new Set(s.scheme.components.filter((c) => c.metric !== undefined).map((c) => c.id));
      const typed = (components: Readonly<Record<string, number | null>>) => Object.fromEntries(Object.entries(components).filter(([id]) => !metricIds.has(id)));
      const scores = rows.map((r, i) => {
        const before = rowToScore(r);
        const after = r.unit_id === unitId ? { ...before, ...change, components: { ...before.components, ...(change.components ?? {}) }, period, unitId } : before;
        return { ...after, components: typed(after.components), line: i + 1 };
      });
      return { schemeId, version: s.row.version, ...(await savePeriods(actor, s, { file: 'entry', rows: scores }, [period], 'entry', null, null)) };
    },

    /** Scores every region unit of the publishing region from the scheme's metrics alone. */
    async computePeriod(actor: string, schemeId: string, period: string, version?: string) {
      const s = await schemeOf(store.db, schemeId, version);
      const unitType = s.scheme.unitType;
      const manual = s.scheme.components.filter((c) => c.metric === undefined);
      if (!isRegionUnit(unitType) || manual.length > 0) {
        failWith([{ code: 'field', message: `方案“${s.scheme.name}”有需要填报的考核项（${manual.map((c) => c.name).join('、') || s.scheme.unitType}），不能全部由系统数据计算：请导入得分表，指标项会自动计算`, messageEn: 'the scheme has components that are not metrics: import a score sheet instead' }]);
      }
      if (!isPeriod(s.scheme.periodType, period)) failWith([{ code: 'period', message: `期间“${period}”格式不对，应写作 ${periodExamples[s.scheme.periodType]}`, messageEn: `bad period ${period}` }]);
      const units = s.scheme.units ?? (await regionsAtLevel(store.db, s.row.owner_region, regionLevelOf[unitType])).map((r) => ({ id: r.code.slice(0, unitPrefixLength[unitType]), name: r.name, peerGroups: [] as string[] }));
      const rows: UnitScore[] = units.map((u, i) => ({ period, unitId: u.id, unitName: u.name, peerGroups: u.peerGroups, components: {}, bonuses: {}, deductions: {}, vetoes: [], line: i + 1 }));
      return { schemeId, version: s.row.version, ...(await savePeriods(actor, s, { file: 'metrics', rows }, [period], 'metrics', null, null)) };
    },

    report,

    /** Ranks of the units across every stored period of the scheme, oldest first. */
    async trend(schemeId: string, unitIds: readonly string[] | null) {
      const rows = await ss.trend(store.db, schemeId, unitIds);
      const periods = [...new Set(rows.map((r) => r.period))].sort();
      const units = new Map<string, { unitId: string; unitName: string; ranks: (number | null)[]; totals: (number | null)[] }>();
      for (const r of rows) {
        const u = units.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, ranks: periods.map(() => null), totals: periods.map(() => null) };
        const i = periods.indexOf(r.period);
        u.ranks[i] = r.rank;
        u.totals[i] = toDecimal(r.total);
        units.set(r.unit_id, u);
      }
      return { periods, units: [...units.values()] };
    },

    /** The stored results of a period as stored (no re-ranking), for lists and checks. */
    storedResults: (schemeId: string, period: string) => ss.periodResults(store.db, schemeId, period),

    async imports(schemeId: string) {
      const versions = await ss.schemeVersions(store.db, schemeId);
      return (await ss.importsOf(store.db, versions.map((v) => v.id))).map((i) => ({ ...scoreImport(i), version: versions.find((v) => v.id === i.scheme_key)?.version ?? '' }));
    },

    /** The scheme an import belongs to, for the caller to check who may read it; null when there is no such import. */
    async importScheme(id: number): Promise<string | null> {
      const row = await ss.importById(store.db, id);
      return row ? ((await ss.getScheme(store.db, row.scheme_key))?.scheme_id ?? null) : null;
    },

    /** A score sheet as imported; NotFound for entries, metrics and imports made before sheets were kept. */
    async importFile(id: number): Promise<{ name: string; size: number; stream: Readable }> {
      const row = await ss.importById(store.db, id);
      const kept = row ? await keptContent(store.db, row.sha256) : null;
      if (!row || !kept) throw new NotFound('scoringImportFile', String(id), `第 ${id} 次得分导入没有保存的得分表`, `score import ${id} has no kept sheet`);
      return { name: row.file_name ?? `scores-${id}`, ...kept };
    },
  };
}

export type ScoringService = ReturnType<typeof createScoringService>;
