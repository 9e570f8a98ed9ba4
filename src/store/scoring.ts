// Scoring reads and writes: scheme versions, the scores of a period, import records and results.
// Each function takes the executor first so the use case owns the transaction.
import type { Insertable, Selectable } from 'kysely';
import type { ScoringImportTable, ScoringResultTable, ScoringSchemeTable, ScoringScoreTable } from './schema.js';
import type { Executor } from './store.js';
import { withKept } from './import-files.js';

export type SchemeRow = Selectable<ScoringSchemeTable>;
export type ScoreRow = Selectable<ScoringScoreTable>;
export type ResultRow = Selectable<ScoringResultTable>;
/** An import, and whether the score sheet its hash names is kept (app/workbook/kept-files.ts; entries and older imports have none). */
export type ImportRow = Selectable<ScoringImportTable> & { file_kept: boolean };

const chunk = 300;

async function insertChunked<T>(rows: readonly T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await insert(rows.slice(i, i + chunk));
}

export async function insertScheme(db: Executor, row: Insertable<ScoringSchemeTable>): Promise<number> {
  return (await db.insertInto('scoring_scheme').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getScheme(db: Executor, key: number): Promise<SchemeRow | undefined> {
  return db.selectFrom('scoring_scheme').selectAll().where('id', '=', key).executeTakeFirst();
}

export async function findSchemeVersion(db: Executor, schemeId: string, version: string): Promise<SchemeRow | undefined> {
  return db.selectFrom('scoring_scheme').selectAll().where('scheme_id', '=', schemeId).where('version', '=', version).executeTakeFirst();
}

/** Every version of every scheme, newest version last within a scheme. */
export async function listSchemes(db: Executor): Promise<SchemeRow[]> {
  return db.selectFrom('scoring_scheme').selectAll().orderBy('scheme_id').orderBy('id').execute();
}

export async function schemeVersions(db: Executor, schemeId: string): Promise<SchemeRow[]> {
  return db.selectFrom('scoring_scheme').selectAll().where('scheme_id', '=', schemeId).orderBy('id').execute();
}

export async function insertImport(db: Executor, row: Insertable<ScoringImportTable>): Promise<number> {
  return (await db.insertInto('scoring_import').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function imports(db: Executor) {
  return db
    .selectFrom('scoring_import')
    .selectAll('scoring_import')
    .select((eb) => eb.exists(eb.selectFrom('import_file').select('import_file.sha256').whereRef('import_file.sha256', '=', 'scoring_import.sha256')).as('file_kept'));
}

export async function importsOf(db: Executor, schemeKeys: readonly number[]): Promise<ImportRow[]> {
  if (schemeKeys.length === 0) return [];
  return (await imports(db).where('scoring_import.scheme_key', 'in', [...schemeKeys]).orderBy('scoring_import.id', 'desc').execute()).map(withKept);
}

export async function importById(db: Executor, id: number): Promise<ImportRow | undefined> {
  const r = await imports(db).where('scoring_import.id', '=', id).executeTakeFirst();
  return r && withKept(r);
}

/** The scores of one period under any version of a scheme (a period belongs to one version). */
export async function periodScores(db: Executor, schemeKeys: readonly number[], period: string): Promise<ScoreRow[]> {
  if (schemeKeys.length === 0) return [];
  return db.selectFrom('scoring_score').selectAll().where('scheme_key', 'in', [...schemeKeys]).where('period', '=', period).orderBy('unit_id').execute();
}

/** Replaces a period's scores (under every version of the scheme) with `rows`. */
export async function replacePeriodScores(db: Executor, schemeKeys: readonly number[], period: string, rows: readonly Insertable<ScoringScoreTable>[]): Promise<void> {
  await db.deleteFrom('scoring_score').where('scheme_key', 'in', [...schemeKeys]).where('period', '=', period).execute();
  await insertChunked(rows, (part) => db.insertInto('scoring_score').values(part).execute());
}

export async function replacePeriodResults(db: Executor, schemeKeys: readonly number[], period: string, rows: readonly Insertable<ScoringResultTable>[]): Promise<void> {
  await db.deleteFrom('scoring_result').where('scheme_key', 'in', [...schemeKeys]).where('period', '=', period).execute();
  await insertChunked(rows, (part) => db.insertInto('scoring_result').values(part).execute());
}

export async function periodResults(db: Executor, schemeId: string, period: string): Promise<ResultRow[]> {
  return db.selectFrom('scoring_result').selectAll().where('scheme_id', '=', schemeId).where('period', '=', period).orderBy('rank').orderBy('unit_id').execute();
}

/** Periods with stored scores, with the version they are scored under and how many units. */
export async function periodsOf(db: Executor, schemeKeys: readonly number[]): Promise<{ period: string; schemeKey: number; units: number }[]> {
  if (schemeKeys.length === 0) return [];
  const rows = await db
    .selectFrom('scoring_score')
    .select(['period', 'scheme_key'])
    .select((e) => e.fn.countAll<string | number>().as('n'))
    .where('scheme_key', 'in', [...schemeKeys])
    .groupBy(['period', 'scheme_key'])
    .orderBy('period')
    .execute();
  return rows.map((r) => ({ period: r.period, schemeKey: r.scheme_key, units: Number(r.n) }));
}

/** Ranks of every unit in every stored period of a scheme, for trend lines. */
export async function trend(db: Executor, schemeId: string, unitIds: readonly string[] | null): Promise<ResultRow[]> {
  let q = db.selectFrom('scoring_result').selectAll().where('scheme_id', '=', schemeId);
  if (unitIds !== null) q = q.where('unit_id', 'in', unitIds.length === 0 ? [''] : [...unitIds]);
  return q.orderBy('period').orderBy('rank').execute();
}
