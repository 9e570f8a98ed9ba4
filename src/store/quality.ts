// Quality runs: a snapshot of the score per region per run (the trend), and the findings.
import type { Insertable, Selectable } from 'kysely';
import type { RegionQuality } from '../domain/quality/score.js';
import type { QualityFinding } from '../domain/quality/rules.js';
import { subtreeRange } from '../domain/region-code.js';
import type { QualityFindingTable, QualityRunTable } from './schema.js';
import type { BulkColumn, Executor, Store } from './store.js';

export type QualityRunRow = Selectable<QualityRunTable>;
export type QualityFindingRow = Selectable<QualityFindingTable>;

export async function insertQualityRun(db: Executor, row: Insertable<QualityRunTable>): Promise<number> {
  return (await db.insertInto('quality_run').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

const snapshotColumns: readonly BulkColumn[] = [
  { name: 'run_id', type: 'int' },
  { name: 'region_code', type: 'text' },
  { name: 'level', type: 'int' },
  { name: 'households', type: 'int' },
  { name: 'households_with_findings', type: 'int' },
  { name: 'findings', type: 'int' },
  { name: 'score', type: 'real' },
  { name: 'by_rule_json', type: 'text' },
];

const findingColumns: readonly BulkColumn[] = [
  { name: 'run_id', type: 'int' },
  { name: 'rule', type: 'text' },
  { name: 'household_id', type: 'int' },
  { name: 'household_no', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'member_name', type: 'text' },
  { name: 'detail', type: 'text' },
  { name: 'detail_en', type: 'text' },
];

export async function insertSnapshots(store: Store, trx: Executor, runId: number, regions: readonly RegionQuality[]): Promise<void> {
  if (regions.length === 0) return;
  await store.bulkInsert(trx, 'quality_snapshot', snapshotColumns, regions.map((r) => [runId, r.regionCode, r.level, r.households, r.householdsWithFindings, r.findings, r.score, JSON.stringify(r.byRule)]));
}

export async function insertFindings(store: Store, trx: Executor, runId: number, findings: readonly QualityFinding[]): Promise<void> {
  for (let i = 0; i < findings.length; i += 5000) {
    await store.bulkInsert(trx, 'quality_finding', findingColumns, findings.slice(i, i + 5000).map((f) => [runId, f.rule, f.householdId, f.householdNo, f.villageCode, f.memberName, f.detail, f.detailEn]));
  }
}

/** The score of one region over the runs that covered it, oldest first. */
export async function trendOf(db: Executor, regionCode: string, limit = 50) {
  const rows = await db
    .selectFrom('quality_snapshot as s')
    .innerJoin('quality_run as r', 'r.id', 's.run_id')
    .select(['s.run_id', 'r.created_at', 'r.checked_on', 's.households', 's.households_with_findings', 's.findings', 's.score'])
    .where('s.region_code', '=', regionCode)
    .orderBy('s.run_id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** The latest run's snapshot of a region, and of its direct children. */
export async function latestSnapshots(db: Executor, regionCode: string, childLevel: number) {
  const last = await db.selectFrom('quality_snapshot').select((e) => e.fn.max('run_id').as('run')).where('region_code', '=', regionCode).executeTakeFirst();
  const run = last?.run ?? null;
  if (run === null) return { runId: null, rows: [] };
  const [lo, hi] = subtreeRange(regionCode);
  const rows = await db.selectFrom('quality_snapshot').selectAll().where('run_id', '=', Number(run)).where('region_code', '>=', lo).where('region_code', '<=', hi).where((e) => e.or([e('region_code', '=', regionCode), e('level', '=', childLevel)])).orderBy('region_code').execute();
  return { runId: Number(run), rows };
}

export async function findingsOf(db: Executor, runId: number, under: string, limit: number, offset: number) {
  const [lo, hi] = subtreeRange(under);
  const q = db.selectFrom('quality_finding').where('run_id', '=', runId).where('village_code', '>=', lo).where('village_code', '<=', hi);
  const [items, total] = await Promise.all([q.selectAll().orderBy('id').limit(limit).offset(offset).execute(), q.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  return { items, total: Number(total.n) };
}
