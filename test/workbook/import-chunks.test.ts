// The import checks and writes in chunks of households: these tests make the chunks tiny, so that
// households, duplicates and errors fall across chunk boundaries, and compare with one big chunk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry, type ImportMode } from '../../src/app/workbook/import.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import type { Store } from '../../src/store/store.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdHeader, householdRow, memberHeader, memberRow, plainWorkbook, type SheetSpec } from './fixtures.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };

async function counts(store: Store) {
  const n = async (table: 'household' | 'member' | 'household_income' | 'audit_log' | 'status_event' | 'village_stat' | 'import_quarantine') =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { household: await n('household'), member: await n('member'), audit: await n('audit_log'), events: await n('status_event'), stats: await n('village_stat'), quarantine: await n('import_quarantine') };
}

const bornIn = (year: number, k: number) => `${year}-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 27) + 1).padStart(2, '0')}`;

/** Seven households whose member rows come after the household sheet, in rotated order, so each household's rows are far apart. */
function layout(village: string, base: number, opts: { sheetsReversed?: boolean; extraHouseholdRows?: (string | number | null)[][]; extraMemberRows?: (string | number | null)[][] } = {}): SheetSpec[] {
  const nos = Array.from({ length: 7 }, (_, i) => `${village}${base + i}`);
  const members: (string | number | null)[][] = [];
  // Pass one: heads of households 7..1; pass two: spouses of 1..7.
  for (const [i, no] of [...nos.entries()].reverse()) members.push(memberRow(no, `户主${i}`, idFor(bornIn(1950 + i, base + i), 'male'), '户主', '男'));
  for (const [i, no] of nos.entries()) members.push(memberRow(no, `配偶${i}`, idFor(bornIn(1952 + i, base + i), 'female'), '配偶', '女'));
  const sheets: SheetSpec[] = [
    { name: '户表', header: householdHeader, rows: [...nos.map((no) => householdRow(no, village)), ...(opts.extraHouseholdRows ?? [])] },
    { name: '成员表', header: memberHeader, rows: [...members, ...(opts.extraMemberRows ?? [])] },
  ];
  return opts.sheetsReversed ? sheets.reverse() : sheets;
}

describe.each(dialects)('registry import in chunks on %s', (dialect) => {
  let t: TestStore;
  let village = '';
  const run = (files: InputFile[], mode: ImportMode, chunkSize?: number, batchName?: string) =>
    importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope: null, ...(chunkSize ? { chunkSize } : {}), ...(batchName ? { batchName } : {}) });

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    village = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
  });
  afterAll(async () => t?.dispose());

  const membersOf = async (prefix: string) =>
    (await t.store.db.selectFrom('member').innerJoin('household', 'household.id', 'member.household_id').select(['household.household_no', 'member.name', 'member.relation']).where('household.household_no', 'like', `${prefix}%`).orderBy('member.id').execute()).map((m) => `${m.household_no}:${m.name}:${m.relation}`);

  it('lets the server answer between chunks: a timer set when checking starts runs before the import ends', async () => {
    const file = await plainWorkbook('chunks.xlsx', layout(village, 7900));
    const seen: string[] = [];
    let armed = false;
    await importRegistry({ store: t.store, clock }, { files: [file], mode: 'dryRun', actor: 'tester', scope: null, chunkSize: 1 }, (p) => {
      seen.push(`${p.phase}:${p.done}`);
      if (p.phase !== 'checking' || armed) return;
      armed = true;
      setImmediate(() => seen.push('timer'));
    });
    // Seven one-household chunks: the timer fires after the first or second, not after 'done'.
    expect(seen.indexOf('timer')).toBeGreaterThan(-1);
    expect(seen.indexOf('timer')).toBeLessThan(seen.indexOf('checking:2'));
  });

  it('gathers each household whole across chunks, with the member sheet before or after the household sheet', async () => {
    for (const [base, sheetsReversed] of [[7100, false], [7200, true]] as const) {
      const file = await plainWorkbook('chunks.xlsx', layout(village, base, { sheetsReversed }));
      const dry = await run([file], 'dryRun', 2);
      expect(dry.issues).toEqual([]);
      expect(dry.counts).toMatchObject({ households: 7, members: 14, created: 7 });
      const before = await counts(t.store);
      const r = await run([file], 'all', 2);
      expect(r.issues).toEqual([]);
      expect(r.counts).toMatchObject({ households: 7, members: 14, created: 7 });
      expect(await counts(t.store)).toMatchObject({ household: before.household + 7, member: before.member + 14, audit: before.audit + 1 });
      // Households in order of first appearance, each member in file order.
      const rows = await membersOf(`${village}${String(base).slice(0, 2)}`);
      const order = sheetsReversed ? [6, 5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5, 6];
      expect(rows).toEqual(order.flatMap((i) => [`${village}${base + i}:户主${i}:head`, `${village}${base + i}:配偶${i}:spouse`]));
      const again = await run([file], 'all', 3);
      expect(again.status).toBe('unchanged');
      expect(await counts(t.store)).toMatchObject({ audit: before.audit + 1 });
    }
  });

  it('finds a person in two households and a household twice across chunks, reporting the same issues as one chunk', async () => {
    const twiceId = idFor('1981-08-08', 'male');
    const file = await plainWorkbook('dups.xlsx', layout(village, 7300, {
      extraHouseholdRows: [householdRow(`${village}7301`, village)],
      extraMemberRows: [memberRow(`${village}7306`, '重复者', twiceId, '之子', '男'), memberRow(`${village}7300`, '重复者', twiceId, '之子', '男')],
    }));
    const whole = await run([file], 'dryRun');
    const chunked = await run([file], 'dryRun', 2);
    expect(whole.status).toBe('invalid');
    const strip = (issues: typeof whole.issues) => issues.map((i) => `${i.sheet}|${i.row}|${i.field}|${i.householdNo}|${i.message}`).sort();
    expect(strip(chunked.issues)).toEqual(strip(whole.issues));
    const twice = chunked.issues.find((i) => i.field === 'idNumber' && i.message.includes('出现两次'));
    // The first place is the household that comes first in the file (7300 is in chunk 0, 7306 in chunk 3).
    expect(twice).toMatchObject({ sheet: '成员表', row: 16, householdNo: `${village}7306` });
    expect(twice?.message).toContain(`户编号 ${village}7300`);
    expect(chunked.issues.find((i) => i.field === 'householdNo' && i.message.includes('重复'))).toMatchObject({ sheet: '户表', row: 9, householdNo: `${village}7301` });
  });

  it('writes nothing when the only error is in the last chunk; with --accept-valid writes the rest and quarantines it', async () => {
    const bad = `${village}7499`;
    const file = await plainWorkbook('last.xlsx', layout(village, 7400, {
      extraHouseholdRows: [householdRow(bad, village, { 主要致贫原因: '懒' })],
      extraMemberRows: [memberRow(bad, '最后', idFor('1970-10-10', 'male'), '户主', '男')],
    }));
    const before = await counts(t.store);
    const r = await run([file], 'all', 2);
    expect(r.status).toBe('invalid');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ sheet: '户表', row: 9, field: 'mainCause', householdNo: bad });
    expect(r.counts).toMatchObject({ households: 8, created: 0, rejected: 1, quarantined: 0 });
    expect(await counts(t.store)).toEqual(before);

    const partial = await run([file], 'acceptValid', 2, '分块隔离');
    expect(partial.status).toBe('partial');
    expect(partial.counts).toMatchObject({ created: 7, rejected: 1, quarantined: 1 });
    expect(await counts(t.store)).toMatchObject({ household: before.household + 7, member: before.member + 14, audit: before.audit + 1, quarantine: before.quarantine + 1 });
    const q = await t.store.db.selectFrom('import_quarantine').select(['household_no', 'sheet', 'row_number']).where('batch_id', '=', partial.batchId).execute();
    expect(q).toEqual([{ household_no: bad, sheet: '户表', row_number: 9 }]);
  });

  it('reads a CSV member file after the household file, chunked like a workbook', async () => {
    const sheets = layout(village, 7500);
    const csv = (s: SheetSpec): InputFile => ({ name: `${s.name}.csv`, data: Buffer.from([s.header, ...s.rows].map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\r\n'), 'utf8') });
    const r = await run(sheets.map(csv), 'all', 2);
    expect(r.issues).toEqual([]);
    expect(r.counts).toMatchObject({ households: 7, members: 14, created: 7 });
    expect(r.sheets.map((s) => [s.sheet, s.kind, s.rows])).toEqual([['户表', 'household', 7], ['成员表', 'member', 14]]);
  });
});
