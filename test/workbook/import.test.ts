import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry, type ImportMode } from '../../src/app/workbook/import.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import { reportWorkbook } from '../../src/app/workbook/report.js';
import { createWorkbookService } from '../../src/app/workbook/service.js';
import { verifyAudit } from '../../src/store/audit.js';
import type { Store } from '../../src/store/store.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { fixtureHouseholds, householdHeader, householdRow, memberHeader, memberRow, messyFlatWorkbook, plainWorkbook } from './fixtures.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };

async function counts(store: Store) {
  const n = async (table: 'household' | 'member' | 'household_income' | 'audit_log' | 'status_event' | 'village_stat') =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { household: await n('household'), member: await n('member'), income: await n('household_income'), audit: await n('audit_log'), events: await n('status_event'), stats: await n('village_stat') };
}

describe.each(dialects)('registry import on %s', (dialect) => {
  let t: TestStore;
  let villages: string[] = [];
  const run = (files: InputFile[], mode: ImportMode = 'all', batchName?: string) => importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope: null, ...(batchName ? { batchName } : {}) });

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    const rows = await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').limit(3).execute();
    villages = rows.map((r) => r.code);
  });
  afterAll(async () => t?.dispose());

  it('imports a messy flat sheet: title rows, two-row merged header, aliases, full-width digits, serial dates, codes by label or code', async () => {
    const households = fixtureHouseholds(villages[0] ?? '', 2);
    const file = await messyFlatWorkbook(households);
    const r = await run([file]);
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('imported');
    // The default batch name carries the time on the officer's clock (Beijing), not UTC.
    expect(r.batchName).toBe('花名册.xlsx@2020-06-30 16:00:00');
    expect(r.sheets[0]).toMatchObject({ sheet: '花名册', kind: 'flat', headerRow: 4, rows: 6 });
    expect(r.counts).toMatchObject({ households: 2, members: 6, created: 2 });
    const first = households[0];
    const stored = await t.store.db.selectFrom('household').selectAll().where('household_no', '=', first?.no ?? '').executeTakeFirstOrThrow();
    expect(stored.attribute).toBe('minimumLiving');
    expect(stored.member_count).toBe(3);
    const head = await t.store.db.selectFrom('member').selectAll().where('id_number', '=', first?.people[0]?.id ?? '').executeTakeFirstOrThrow();
    expect(head).toMatchObject({ name: '王建国', birth_date: '1970-03-15', relation: 'head', sex: 'male' });
    const child = await t.store.db.selectFrom('member').selectAll().where('id_number', '=', first?.people[2]?.id ?? '').executeTakeFirstOrThrow();
    expect(child).toMatchObject({ birth_date: '2005-09-10', school_status: 'grade7' });
    const second = await t.store.db.selectFrom('household').select('attribute').where('household_no', '=', households[1]?.no ?? '').executeTakeFirstOrThrow();
    expect(second.attribute).toBe('ordinary');
  });

  it('reports a refused ID number alone (not the blank sex it would have given), a code as it was written, and a town code once', async () => {
    const village = villages[2] ?? '';
    const [a, b] = [`${village}7001`, `${village}7002`];
    const town = `${village.slice(0, 9)}000`;
    const good = idFor('1980-01-01', 'male');
    const badChecksum = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const file = await plainWorkbook('错.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(a, village), householdRow(b, town)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(a, '甲', good, '户主', '女'), memberRow(a, '乙', badChecksum, '配偶', ''), memberRow(b, '丙', idFor('1981-02-02', 'female'), '户主', '')] },
    ]);
    const r = await run([file], 'dryRun');
    const at = (sheet: string, row: number) => r.issues.filter((i) => i.sheet === sheet && i.row === row).map((i) => [i.field, i.value]);
    expect(at('成员表', 2)).toEqual([['sex', '女']]);
    expect(at('成员表', 3).map(([field]) => field)).toEqual(['idNumber']);
    expect(at('户表', 3)).toEqual([['villageCode', town]]);
  });

  it('does not name a household outside the importer\'s region that already holds the person, and refuses masked ID numbers by name', async () => {
    const home = villages[0] ?? '';
    const elsewhere = await t.store.db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'not like', `${home.slice(0, 9)}%`).orderBy('code').executeTakeFirstOrThrow();
    const person = idFor('1966-06-06', 'male');
    const [a, b] = [`${home}7101`, `${elsewhere.code}7102`];
    await run([await plainWorkbook('甲.xlsx', [{ name: '户表', header: householdHeader, rows: [householdRow(a, home)] }, { name: '成员表', header: memberHeader, rows: [memberRow(a, '赵', person, '户主', '男')] }])]);
    const second = await plainWorkbook('乙.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(b, elsewhere.code)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(b, '赵', person, '户主', '男'), memberRow(b, '钱', '610902********0012', '配偶', '女')] },
    ]);
    const asTown = await importRegistry({ store: t.store, clock }, { files: [second], mode: 'dryRun', actor: 'town', scope: `${elsewhere.code.slice(0, 9)}000` });
    const taken = asTown.issues.find((i) => i.row === 2 && i.field === 'idNumber');
    expect(taken?.message).toContain('在您的管辖范围以外');
    expect(JSON.stringify(asTown.issues)).not.toContain(a);
    expect(asTown.issues.find((i) => i.row === 3 && i.field === 'idNumber')?.message).toContain('已脱敏');
    const asCounty = await run([second], 'dryRun');
    expect(asCounty.issues.find((i) => i.row === 2 && i.field === 'idNumber')?.message).toContain(a);
  });

  it('refuses a file in which no sheet is a registry sheet, instead of reporting nothing to change', async () => {
    const village = villages[0] ?? '';
    const tabs = [householdHeader.join('\t'), householdRow(`${village}7201`, village).join('\t')].join('\n');
    const low = await plainWorkbook('低.xlsx', [{ name: '户表', header: Array.from({ length: 20 }, () => ''), rows: [...Array.from({ length: 18 }, () => ['说明']), householdHeader, householdRow(`${village}7202`, village)] }]);
    for (const file of [{ name: 'tab.csv', data: Buffer.from(tabs) }, low]) {
      const r = await run([file], 'all');
      expect(r.status).toBe('invalid');
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ field: 'sheet', row: null });
      expect(r.issues[0]?.message).toContain('未识别出户表、成员表或收入表');
    }
  });

  it('refuses a sheet of registry data under column names it cannot read, instead of importing the rest without it', async () => {
    const village = villages[1] ?? '';
    const no = `${village}7251`;
    const head = idFor('1971-04-04', 'male');
    const before = await counts(t.store);
    const book = await plainWorkbook('自制收入.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(no, village)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(no, '钱进', head, '户主', '男')] },
      { name: '收入', header: ['户编号', '收入年度', '打工挣的', '种地挣的'], rows: [[no, 2019, 3000, 200]] },
    ]);
    const r = await run([book], 'all');
    expect(r.status).toBe('invalid');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ sheet: '收入', row: 1, field: 'sheet' });
    expect(r.issues[0]?.message).toBe('工作表“收入”第 1 行的表头有户编号，却看不出是户表、成员表还是收入表：认出的列 户编号、收入年度；认不出的列 打工挣的、种地挣的');
    expect(r.sheets.find((s) => s.sheet === '收入')?.kind).toBeNull();
    expect(await counts(t.store)).toEqual(before);
    // The same amounts under the names county ledgers use are read.
    const renamed = await plainWorkbook('县台账收入.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(no, village)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(no, '钱进', head, '户主', '男')] },
      { name: '收入', header: ['户编号', '年份', '务工收入', '经营性收入'], rows: [[no, 2019, 3000, 200]] },
    ]);
    const ok = await run([renamed], 'all');
    expect(ok.issues).toEqual([]);
    const income = await t.store.db.selectFrom('household_income').innerJoin('household', 'household.id', 'household_income.household_id').select(['wage_income', 'production_income']).where('household.household_no', '=', no).executeTakeFirstOrThrow();
    expect([Number(income.wage_income), Number(income.production_income)]).toEqual([300000, 20000]);
  });

  it('compares and writes only the income years a file gives: another year stays, a file without incomes changes none', async () => {
    const village = villages[2] ?? '';
    const no = `${village}7301`;
    const incomeHeader = ['户编号', '收入年度', '工资性收入', '生产经营性收入'];
    const head = idFor('1968-02-02', 'male');
    const book = (name: string, incomes: (string | number)[][]) =>
      plainWorkbook(name, [
        { name: '户表', header: householdHeader, rows: [householdRow(no, village)] },
        { name: '成员表', header: memberHeader, rows: [memberRow(no, '孙建', head, '户主', '男')] },
        ...(incomes.length > 0 ? [{ name: '收入表', header: incomeHeader, rows: incomes }] : []),
      ]);
    const first = await run([await book('两年.xlsx', [[no, 2018, 3000, 500], [no, 2019, 4000, 600]])]);
    expect(first.issues).toEqual([]);
    const incomes = () => t.store.db.selectFrom('household_income').innerJoin('household', 'household.id', 'household_income.household_id').select(['year', 'wage_income']).where('household.household_no', '=', no).orderBy('year').execute();
    const wages = async () => (await incomes()).map((i) => [i.year, Number(i.wage_income)]);
    expect(await wages()).toEqual([[2018, 300000], [2019, 400000]]);
    const oneYear = await run([await book('一年.xlsx', [[no, 2019, 4500, 600]])]);
    expect(oneYear.counts).toMatchObject({ updated: 1, unchanged: 0 });
    expect(JSON.parse((await t.store.db.selectFrom('audit_log').select('after_json').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).after_json ?? '{}')).toMatchObject({ changes: [{ householdNo: no, parts: ['income:2019'] }] });
    expect(await wages()).toEqual([[2018, 300000], [2019, 450000]]);
    const none = await run([await book('无收入.xlsx', [])]);
    expect(none.counts).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await wages()).toEqual([[2018, 300000], [2019, 450000]]);
  });

  it('tells a household whose members are only listed in another order from one whose member changed', async () => {
    const households = fixtureHouseholds(villages[1] ?? '', 2);
    await run([await messyFlatWorkbook(households)]);
    const [first, second] = households;
    if (!first || !second) throw new Error('fixture');
    first.people.reverse();
    const reordered = await run([await messyFlatWorkbook(households)]);
    expect(reordered.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    second.people.reverse();
    const spouse = second.people.find((p) => p.relation === '配偶');
    if (spouse) spouse.name = '李秀芳';
    const changed = await run([await messyFlatWorkbook(households)]);
    expect(changed.counts).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const names = await t.store.db.selectFrom('member').innerJoin('household', 'household.id', 'member.household_id').select('member.name').where('household.household_no', '=', second.no).orderBy('member.name').execute();
    expect(names.map((n) => n.name)).toContain('李秀芳');
  });

  it('imports the same file again without writing or auditing anything; a changed file updates only what changed, in one audited batch', async () => {
    const households = fixtureHouseholds(villages[1] ?? '', 3);
    await run([await messyFlatWorkbook(households)]);
    const before = await counts(t.store);
    const versions = await t.store.db.selectFrom('household').select(['household_no', 'version']).orderBy('household_no').execute();
    const again = await run([await messyFlatWorkbook(households)]);
    expect(again.status).toBe('unchanged');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await counts(t.store)).toEqual(before);
    expect(await t.store.db.selectFrom('household').select(['household_no', 'version']).orderBy('household_no').execute()).toEqual(versions);

    const changedPerson = households[1]?.people[1];
    if (changedPerson) changedPerson.name = '李秀兰';
    const changed = await messyFlatWorkbook(households);
    const r = await run([changed]);
    expect(r.status).toBe('imported');
    expect(r.counts).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const after = await counts(t.store);
    expect(after).toMatchObject({ household: before.household, member: before.member, audit: before.audit + 1 });
    const entry = await t.store.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'import', entity_type: 'batch' });
    // The import's batch entry moved the chain's head in its transaction.
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true, head: { seq: entry.seq, hash: entry.hash } });
    const body: unknown = JSON.parse(entry.after_json ?? '{}');
    expect(body).toMatchObject({ fileName: '花名册.xlsx', fileSha256: r.fileSha256, updated: 1, changes: [{ householdNo: households[1]?.no, parts: ['members'] }] });
    const renamed = await t.store.db.selectFrom('member').select('name').where('id_number', '=', changedPerson?.id ?? '').executeTakeFirstOrThrow();
    expect(renamed.name).toBe('李秀兰');
  });

  it('reports every error class with sheet, row, column and fix, and writes nothing (all or nothing)', async () => {
    const [v1 = '', v2 = ''] = villages;
    const taken = (await t.store.db.selectFrom('member').select('id_number').limit(1).executeTakeFirstOrThrow()).id_number;
    const a = `${v1}9001`;
    const headA = idFor('1960-01-01', 'male');
    // A check digit other than the right one, whatever the right one is.
    const real = idFor('1961-01-01', 'male');
    const checkLast = real.slice(0, 17) + (real[17] === '0' ? '1' : '0');
    const file = await plainWorkbook('errors.xlsx', [
      {
        name: '户表',
        header: householdHeader,
        rows: [
          householdRow(a, v1),
          householdRow(`${v1}9002`, v1, { 贫困户属性: '特别贫困户', 识别年度: '二〇一六' }),
          householdRow(`${v1}9003`, '610902999999'),
          householdRow(a, v1),
          householdRow(`${v2}9005`, v2, { 联系电话: '123' }),
          householdRow(`${v2}9006`, v2, { 饮水是否安全: '也许' }),
        ],
      },
      {
        name: '成员表',
        header: memberHeader,
        rows: [
          memberRow(a, '赵一', headA, '户主', '男'),
          memberRow(a, '钱二', 610902197205010000, '配偶', '女'),
          memberRow(a, '孙三', '6.10926E+17', '之子', '男'),
          memberRow(a, '李四', checkLast, '之父', '男'),
          memberRow(a, '周五', idFor('1990-02-03', 'female'), '之女', '女', { 出生日期: '1990-02-30', '务工时间（月）': 13 }),
          memberRow(`${v1}9002`, '吴六', idFor('1962-01-01', 'male'), '户主', '男'),
          memberRow(`${v1}9003`, '郑七', idFor('1963-01-01', 'male'), '户主', '男'),
          memberRow(`${v2}9005`, '王八', idFor('1999-01-01', 'male'), '之子', '男'),
          memberRow(`${v2}9005`, '冯九', headA, '之父', '男'),
          memberRow(null ?? '', '陈十', idFor('1964-01-01', 'male'), '户主', '男'),
          memberRow(`${v2}9099`, '褚十一', idFor('1965-01-01', 'male'), '户主', '男'),
          memberRow(`${v2}9006`, '卫十二', taken, '户主', '男'),
        ],
      },
    ]);
    const before = await counts(t.store);
    const r = await run([file]);
    expect(r.status).toBe('invalid');
    expect(await counts(t.store)).toEqual(before);
    const find = (sheet: string, row: number, field: string) => r.issues.find((i) => i.sheet === sheet && i.row === row && i.field === field);
    expect(find('户表', 3, 'attribute')).toMatchObject({ column: 'E', header: '贫困户属性', value: '特别贫困户' });
    expect(find('户表', 3, 'identifiedYear')?.message).toContain('整数');
    expect(find('户表', 4, 'villageCode')?.message).toContain('不存在');
    expect(find('户表', 5, 'householdNo')?.message).toContain('重复');
    expect(find('户表', 6, 'phone')?.column).toBe('G');
    expect(find('户表', 7, 'safeDrinkingWater')?.message).toContain('是');
    const mangledNumber = find('成员表', 3, 'idNumber');
    expect(mangledNumber?.message).toContain('Excel');
    expect(mangledNumber?.value).not.toContain('197205010');
    expect(find('成员表', 4, 'idNumber')?.message).toContain('Excel');
    // Shown as the sheet shows it, not masked into 6.1092*E+17.
    expect(find('成员表', 4, 'idNumber')?.value).toBe('6.10926E+17');
    expect(find('成员表', 5, 'idNumber')?.message).toContain('校验位');
    expect(find('成员表', 6, 'birthDate')?.message).toContain('日期');
    expect(find('成员表', 6, 'workMonths')?.message).toContain('0–12');
    expect(find('成员表', 9, 'members')?.message).toContain('户主');
    expect(find('成员表', 10, 'idNumber')?.message).toContain('出现两次');
    expect(find('成员表', 11, 'householdNo')?.message).toContain('户编号为空');
    expect(find('成员表', 12, 'householdNo')?.message).toContain('不存在');
    // The browser takes one file: the fix says where the household sheet must be.
    expect(find('成员表', 12, 'householdNo')?.fix).toContain('同一个工作簿');
    expect(find('成员表', 13, 'idNumber')?.message).toContain('已登记在其他贫困户');
    for (const i of r.issues) {
      expect(i.fix.length).toBeGreaterThan(0);
      expect(i.fixEn.length).toBeGreaterThan(0);
      expect(i.fixEn).not.toBe(i.fix);
    }
    expect(find('成员表', 10, 'idNumber')?.fixEn).toBe('A person can be registered in one household only: delete the duplicate row');
    // No issue shows a whole ID number.
    expect(JSON.stringify(r.issues)).not.toMatch(/\d{17}[\dX]/);

    const report = await reportWorkbook([file], r.issues);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report);
    const cell = wb.getWorksheet('成员表')?.getCell('C3');
    expect(cell?.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(JSON.stringify(cell?.note)).toContain('Excel');
    // The marked-up workbook stays Chinese: the notes carry the Chinese fix, not the English one.
    const mangledCell = r.issues.find((i) => i.sheet === '成员表' && i.row === 3 && i.column === 'C');
    expect(JSON.stringify(cell?.note)).toContain(mangledCell?.fix ?? '∅');
    expect(JSON.stringify(cell?.note)).not.toContain(mangledCell?.fixEn ?? '∅');
    expect(wb.getWorksheet('错误清单')?.rowCount).toBe(r.issues.length + 1);
  });

  it('with --accept-valid writes the valid households and keeps the rest in a named quarantine batch', async () => {
    const v = villages[2] ?? '';
    const good = `${v}7001`;
    const bad = `${v}7002`;
    const [idGood, idBad] = [idFor('1966-06-06', 'male'), idFor('1967-07-07', 'female')];
    const workbook = (cause: string) =>
      plainWorkbook('partial.xlsx', [
        { name: '户表', header: householdHeader, rows: [householdRow(good, v), householdRow(bad, v, { 主要致贫原因: cause })] },
        { name: '成员表', header: memberHeader, rows: [memberRow(good, '蒋一', idGood, '户主', '男'), memberRow(bad, '沈二', idBad, '户主', '女')] },
      ]);
    const before = await counts(t.store);
    const r = await run([await workbook('懒')], 'acceptValid', '石梯村第一批');
    expect(r.status).toBe('partial');
    expect(r.counts).toMatchObject({ created: 1, rejected: 1, quarantined: 1 });
    expect((await counts(t.store)).household).toBe(before.household + 1);
    const q = await t.store.db.selectFrom('import_quarantine').innerJoin('import_batch', 'import_batch.id', 'import_quarantine.batch_id').select(['import_quarantine.household_no', 'import_batch.name']).execute();
    expect(q).toEqual([{ household_no: bad, name: '石梯村第一批' }]);
    // The set-aside list, found by the batch's name (as `jingzhun import quarantine --batch` does): the cell to fix.
    const service = createWorkbookService({ store: t.store, clock: { now: () => new Date('2019-12-31T00:00:00Z') } });
    const list = await service.quarantine('石梯村第一批');
    if (!list) throw new Error('no batch');
    expect(list.total).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(service.quarantineWorkbook(list));
    const problems = (wb.getWorksheet('隔离户问题')?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(problems).toHaveLength(1);
    expect(problems[0]?.slice(0, 8)).toEqual([undefined, bad, '待修正', '户表', 3, expect.any(String), '主要致贫原因', '懒']);
    expect(String(problems[0]?.[8])).toContain('懒');
    expect(await createWorkbookService({ store: t.store, clock: { now: () => new Date() } }).quarantine('没有这一批')).toBeNull();
    // Fixed and imported again: the household already written is unchanged, the fixed one is new.
    const r2 = await run([await workbook('缺技术')]);
    expect(r2.issues).toEqual([]);
    expect(r2.counts).toMatchObject({ created: 1, unchanged: 1 });
  });

  it('refuses to change a registered household status through an import', async () => {
    const row = await t.store.db.selectFrom('household').select(['household_no', 'village_code']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const file = await plainWorkbook('status.xlsx', [
      { name: '户表', header: [...householdHeader, '脱贫状态', '脱贫年度'], rows: [[...householdRow(row.household_no, row.village_code), '已脱贫', 2019]] },
    ]);
    const r = await run([file]);
    expect(r.issues.map((i) => i.field)).toContain('status');
    expect(r.issues[0]).toMatchObject({ sheet: '户表', row: 2, column: 'J', header: '脱贫状态' });
  });

  it('skips the 填表人/审核人 line written under the table in the household number column, in the counts too', async () => {
    const v = villages[2] ?? '';
    const no = `${v}7101`;
    const file = await plainWorkbook('signed.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(no, v), [], ['填表人：张三', null, '审核人：']] },
      { name: '成员表', header: memberHeader, rows: [memberRow(no, '韩立', idFor('1971-02-03', 'male'), '户主', '男'), [], ['填表人：张三']] },
    ]);
    const r = await run([file], 'dryRun');
    expect(r.issues).toEqual([]);
    expect(r.counts).toMatchObject({ households: 1, members: 1, created: 1 });
    expect(r.sheets.map((s) => s.rows)).toEqual([1, 1]);
  });

  it('refuses household numbers Excel turned into numbers instead of joining two households into one', async () => {
    const v = villages[2] ?? '';
    // 16-digit numbers typed into General cells: Excel keeps 15 digits, both become …7200.
    const mangled = Number(`${v}7200`);
    const file = await plainWorkbook('numbers.xlsx', [
      { name: '户表', header: householdHeader, rows: [[mangled, ...householdRow('x', v).slice(1)], [mangled, ...householdRow('x', v).slice(1)]] },
      { name: '成员表', header: memberHeader, rows: [[mangled, ...memberRow('x', '甲', idFor('1971-02-03', 'male'), '户主', '男').slice(1)], [mangled, ...memberRow('x', '乙', idFor('1972-02-03', 'male'), '户主', '男').slice(1)]] },
    ]);
    const r = await run([file], 'dryRun');
    expect(r.status).toBe('invalid');
    expect(r.issues.map((i) => [i.sheet, i.row, i.column])).toEqual([['户表', 2, 'A'], ['户表', 3, 'A'], ['成员表', 2, 'A'], ['成员表', 3, 'A']]);
    for (const i of r.issues) expect(i.message).toContain('户编号被 Excel 存成了数字');
  });

  it('reads CSV in UTF-8 with BOM and in GBK like the workbook', async () => {
    const v = villages[0] ?? '';
    const lines = (no: string, id: string) => [householdHeader.concat(memberHeader.slice(1)).join(','), [...householdRow(no, v), ...memberRow(no, '韩梅', id, '户主', '女').slice(1)].map((x) => x ?? '').join(',')].join('\r\n');
    const utf = lines(`${v}8001`, idFor('1975-01-01', 'female'));
    const gbk = lines(`${v}8002`, idFor('1976-01-01', 'female'));
    const r = await run([
      { name: '宽表-utf8.csv', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf, 'utf8')]) },
      { name: '宽表-gbk.csv', data: iconv.encode(gbk, 'gbk') },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.sheets.map((s) => s.kind)).toEqual(['flat', 'flat']);
    expect(r.counts.created).toBe(2);
    const names = await t.store.db.selectFrom('member').innerJoin('household', 'household.id', 'member.household_id').select('member.name').where('household.household_no', 'in', [`${v}8001`, `${v}8002`]).execute();
    expect(names.map((n) => n.name)).toEqual(['韩梅', '韩梅']);
  });
});
