// Stored scoring, read back: scheme versions parsed once, the scores of a period ranked under the
// version they were stored with, and the stored results recomputed when a period changes.
import { normalizeRegionCode } from '../domain/region-code.js';
import { previousPeriod } from '../domain/scoring/period.js';
import { type Ranking, rankPeriod } from '../domain/scoring/rank.js';
import { type Scheme, parseScheme } from '../domain/scoring/scheme.js';
import type { ScoreSheet, UnitScore } from '../domain/scoring/scores.js';
import * as ss from '../store/scoring.js';
import type { Executor } from '../store/store.js';
import { type Clock, isoNow } from './clock.js';
import { NotFound } from './errors.js';
import type { RegionUnitType } from './scoring-metrics.js';

export interface StoredScheme {
  readonly key: number;
  readonly row: ss.SchemeRow;
  readonly scheme: Scheme;
}

export const regionLevelOf: Record<RegionUnitType, number> = { city: 2, county: 3 };

export function isRegionUnit(unitType: string): unitType is RegionUnitType {
  return unitType === 'city' || unitType === 'county';
}

export const json = (v: unknown): string => JSON.stringify(v);

export function rowToScore(r: ss.ScoreRow): UnitScore {
  return {
    period: r.period,
    unitId: r.unit_id,
    unitName: r.unit_name,
    peerGroups: JSON.parse(r.peer_groups) as string[],
    components: JSON.parse(r.components) as Record<string, number | null>,
    bonuses: JSON.parse(r.bonuses) as Record<string, number>,
    deductions: JSON.parse(r.deductions) as Record<string, number>,
    vetoes: JSON.parse(r.vetoes) as string[],
  };
}

export function regionCodeOf(unitType: string, unitId: string): string | null {
  return isRegionUnit(unitType) ? normalizeRegionCode(unitId) ?? null : null;
}

export function createStoredScoring(clock: Clock) {
  const parsed = new Map<number, Scheme>();

  function stored(row: ss.SchemeRow): StoredScheme {
    let scheme = parsed.get(row.id);
    if (scheme === undefined) {
      scheme = parseScheme(row.source, `${row.scheme_id}@${row.version}`);
      parsed.set(row.id, scheme);
    }
    return { key: row.id, row, scheme };
  }

  /** A scheme by id, at `version` or its latest version. */
  async function schemeOf(db: Executor, schemeId: string, version?: string): Promise<StoredScheme> {
    const versions = await ss.schemeVersions(db, schemeId);
    const row = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
    if (row === undefined) throw new NotFound('scoringScheme', version === undefined ? schemeId : `${schemeId}@${version}`);
    return stored(row);
  }

  async function keysOf(db: Executor, schemeId: string): Promise<number[]> {
    return (await ss.schemeVersions(db, schemeId)).map((v) => v.id);
  }

  /** The stored scores of a period, ranked under the version they were scored with; null when none. */
  async function rankStored(db: Executor, schemeId: string, period: string): Promise<{ stored: StoredScheme; ranking: Ranking; rows: ss.ScoreRow[] } | null> {
    const keys = await keysOf(db, schemeId);
    const rows = await ss.periodScores(db, keys, period);
    const first = rows[0];
    if (first === undefined) return null;
    const row = await ss.getScheme(db, first.scheme_key);
    if (row === undefined) return null;
    const s = stored(row);
    const sheet: ScoreSheet = { rows: rows.map(rowToScore) };
    // Units added or removed since the period was stored are the next period's business.
    return { stored: s, ranking: rankPeriod(s.scheme, sheet, period, { requireAllUnits: false }), rows };
  }

  async function recompute(trx: Executor, schemeId: string, period: string, follow = true): Promise<void> {
    const keys = await keysOf(trx, schemeId);
    const now = isoNow(clock);
    const current = await rankStored(trx, schemeId, period);
    if (current === null) {
      await ss.replacePeriodResults(trx, keys, period, []);
    } else {
      const before = previousPeriod(current.stored.scheme.periodType, period);
      const previous = before === null ? null : await rankStored(trx, schemeId, before);
      const regionOf = new Map(current.rows.map((r) => [r.unit_id, r.region_code]));
      const earlier = new Map((previous?.ranking.units ?? []).map((u) => [u.unitId, u]));
      await ss.replacePeriodResults(
        trx,
        keys,
        period,
        current.ranking.units.map((u) => {
          const was = earlier.get(u.unitId);
          return {
            scheme_key: current.stored.key,
            scheme_id: schemeId,
            period,
            unit_id: u.unitId,
            unit_name: u.unitName,
            region_code: regionOf.get(u.unitId) ?? null,
            total: u.total,
            rank: u.rank,
            tied: u.tied ? 1 : 0,
            vetoed: u.vetoed ? 1 : 0,
            peer_ranks: json(u.peerRanks),
            previous_rank: was?.rank ?? null,
            rank_change: was === undefined ? null : was.rank - u.rank,
            total_change: was === undefined ? null : u.total - was.total,
            computed_at: now,
          };
        }),
      );
    }
    if (!follow) return;
    // The next period's changes are measured against this one.
    for (const p of await ss.periodsOf(trx, keys)) {
      const row = await ss.getScheme(trx, p.schemeKey);
      if (row !== undefined && previousPeriod(stored(row).scheme.periodType, p.period) === period) await recompute(trx, schemeId, p.period, false);
    }
  }

  return { stored, schemeOf, keysOf, rankStored, recompute };
}

export type StoredScoring = ReturnType<typeof createStoredScoring>;
