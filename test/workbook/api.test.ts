import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../../src/http/test-server.js';
import { dialects } from '../helpers/stores.js';
import { xlsBytes } from '../helpers/libreoffice.js';
import { codeLabel } from '../../src/domain/code-lists.js';
import { finishImportBatch, insertImportBatch } from '../../src/store/workbook.js';
import { importRegistry } from '../../src/app/workbook/import.js';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Signs in through the real endpoint; keeps the cookie so that binary bodies can be read raw. */
async function signIn(server: TestServer, who: { username: string; password: string }) {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: who.username, password: who.password } });
  const cookie = res.cookies.find((c) => c.name === 'jz_session')?.value ?? '';
  const csrf: string = res.json().csrfToken;
  return (method: 'GET' | 'POST', url: string, payload?: Buffer, headers: Record<string, string> = {}) =>
    server.app.inject({ method, url, ...(payload ? { payload } : {}), cookies: { jz_session: cookie }, headers: { 'x-csrf-token': csrf, ...headers } });
}

type Caller = Awaited<ReturnType<typeof signIn>>;

/** Polls an import job until it has finished (or 5 s have passed) and returns its last view. */
async function finished(call: Caller, started: { json: () => any }): Promise<any> {
  let view = started.json();
  // An old .xls is converted by LibreOffice first, which takes seconds on a busy machine.
  for (let i = 0; i < 1200 && view.status === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    view = (await call('GET', `/api/v1/imports/${view.id}`)).json();
  }
  return view;
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body);
  return wb;
}

describe.each(dialects)('workbook API on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ dialect, listen: false, households: 120 });
  });
  afterAll(async () => server?.close());

  it('exports ledgers scoped and masked per role, and the template', async () => {
    const town = await signIn(server, server.users.town);
    const inspector = await signIn(server, server.users.inspector);
    const own = await town('GET', '/api/v1/exports/ledger.xlsx?kind=members');
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe(xlsx);
    // Named in the page's words, not the API's kind ('台账-members-…'), with the town's name and code.
    expect(decodeURIComponent(String(own.headers['content-disposition']))).toMatch(/filename\*=UTF-8''成员表台账-[\u4e00-\u9fff]+-\d{9}\.xlsx/);
    const ws = (await workbook(own.rawPayload)).getWorksheet('成员表');
    expect(ws?.rowCount).toBeGreaterThan(1);
    expect(String(ws?.getCell('C2').value)).toMatch(/^\d{17}[\dX]$/);
    const masked = await inspector('GET', '/api/v1/exports/ledger.xlsx?kind=members');
    expect(String((await workbook(masked.rawPayload)).getWorksheet('成员表')?.getCell('C2').value)).toContain('********');
    expect((await town('GET', '/api/v1/exports/ledger.xlsx?under=6109')).statusCode).toBe(403);
    const template = await inspector('GET', '/api/v1/exports/template.xlsx');
    expect((await workbook(template.rawPayload)).getWorksheet('说明')).toBeDefined();
  });

  it('exports the household list as it reads: the same filter, labels, the same households', async () => {
    const town = await signIn(server, server.users.town);
    const all = (await town('GET', '/api/v1/households?limit=1')).json() as { items: { status: string }[] };
    const status = all.items[0]?.status ?? 'poor';
    const list = (await town('GET', `/api/v1/households?status=${status}&limit=500&count=1`)).json() as { items: { householdNo: string }[]; total: number };
    expect(list.total).toBeGreaterThan(0);
    const res = await town('GET', `/api/v1/households/export.xlsx?status=${status}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(xlsx);
    const ws = (await workbook(res.rawPayload)).getWorksheet('户表');
    const header = (ws?.getRow(1).values as unknown[]).map(String);
    const noColumn = header.indexOf('户编号');
    const statusColumn = header.indexOf('脱贫状态');
    expect(noColumn).toBeGreaterThan(0);
    expect(statusColumn).toBeGreaterThan(0);
    const numbers: string[] = [];
    ws?.eachRow((row, n) => {
      if (n === 1) return;
      numbers.push(String(row.getCell(noColumn).value));
      expect(row.getCell(statusColumn).value).toBe(codeLabel('householdStatus', status));
    });
    expect(numbers.sort()).toEqual(list.items.map((i) => i.householdNo).sort());
    // A free-text filter narrows it the same way, and another town stays out of reach.
    const one = list.items[0]?.householdNo ?? '';
    const narrowed = (await workbook((await town('GET', `/api/v1/households/export.xlsx?q=${one}`)).rawPayload)).getWorksheet('户表');
    expect(narrowed?.rowCount).toBe(2);
    expect((await town('GET', `/api/v1/households/export.xlsx?region=${server.users.otherTown.regionCode}`)).statusCode).toBe(403);
    // With their members: the members' sheet holds the filtered households' people and no one else.
    const registry = await workbook((await town('GET', `/api/v1/households/export.xlsx?status=${status}&kind=registry`)).rawPayload);
    const people = registry.getWorksheet('成员表');
    const owners = new Set<string>();
    people?.eachRow((row, n) => {
      if (n > 1) owners.add(String(row.getCell(1).value));
    });
    expect(people?.rowCount).toBeGreaterThan(list.items.length);
    expect([...owners].sort()).toEqual(list.items.map((i) => i.householdNo).sort());
  });

  it('uploads a workbook, reports progress and every error, and serves the marked-up copy', async () => {
    const town = await signIn(server, server.users.town);
    const ledger = await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry');
    const wb = await workbook(ledger.rawPayload);
    const members = wb.getWorksheet('成员表');
    const sex = members?.getCell('E2');
    if (sex) sex.value = '未知';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    const headers = { 'content-type': xlsx, 'x-file-name': encodeURIComponent('台账.xlsx') };
    const started = await town('POST', '/api/v1/imports?mode=all', broken, headers);
    expect(started.statusCode).toBe(202);
    const id: number = started.json().id;
    const view = await finished(town, started);
    expect(view.status).toBe('invalid');
    expect(view.progress.fraction).toBe(1);
    expect(view.issues[0]).toMatchObject({ sheet: '成员表', row: 2, column: 'E', header: '性别', fix: expect.stringContaining('下拉列表'), fixEn: expect.stringContaining('drop-down list') });
    const report = await town('GET', `/api/v1/imports/${id}/report.xlsx`);
    expect(report.statusCode).toBe(200);
    const cell = (await workbook(report.rawPayload)).getWorksheet('成员表')?.getCell('E2');
    expect(cell?.fill).toMatchObject({ pattern: 'solid' });

    const clean = await town('POST', '/api/v1/imports?mode=all', ledger.rawPayload, headers);
    const done = await finished(town, clean);
    expect(done.status).toBe('unchanged');
    const other = await signIn(server, server.users.otherTown);
    expect((await other('GET', `/api/v1/imports/${id}`)).statusCode).toBe(404);
  });

  it('takes a household CSV and a member CSV together as one multipart upload', async () => {
    const town = await signIn(server, server.users.town);
    const ledger = await workbook((await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry')).rawPayload);
    const csv = async (sheetName: string) => Buffer.from(await ledger.csv.writeBuffer({ sheetName }));
    const households = await csv('户表');
    const members = await csv('成员表');
    const form = new FormData();
    form.append('file', new Blob([households]), '户表.csv');
    form.append('file', new Blob([members]), '成员表.csv');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const started = await town('POST', '/api/v1/imports?mode=dryRun', body, { 'content-type': request.headers.get('content-type') ?? '' });
    expect(started.statusCode).toBe(202);
    const view = await finished(town, started);
    expect(view.status).toBe('validated');
    // Both files read, each as its kind of sheet, named as uploaded (Chinese names intact).
    expect(view.sheets.map((x: { file: string; kind: string }) => [x.file, x.kind])).toEqual([
      ['户表.csv', 'household'],
      ['成员表.csv', 'member'],
    ]);
    expect(view.counts.households).toBe(ledger.getWorksheet('户表')!.actualRowCount - 1);
    expect(view.counts.members).toBe(ledger.getWorksheet('成员表')!.actualRowCount - 1);
    // A multipart request without a file is told what to send.
    const empty = new Request('http://localhost/', { method: 'POST', body: new FormData() });
    const none = await town('POST', '/api/v1/imports?mode=dryRun', Buffer.from(await empty.arrayBuffer()), { 'content-type': empty.headers.get('content-type') ?? '' });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain('multipart/form-data');
    // Eleven files are refused by count, and a read-only account is refused before anything is read.
    const many = new FormData();
    for (let i = 0; i < 11; i++) many.append('file', new Blob([households]), `户表${i}.csv`);
    const manyRequest = new Request('http://localhost/', { method: 'POST', body: many });
    const manyBody = Buffer.from(await manyRequest.arrayBuffer());
    const tooMany = await town('POST', '/api/v1/imports?mode=dryRun', manyBody, { 'content-type': manyRequest.headers.get('content-type') ?? '' });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().message).toContain('最多上传 10 个文件');
    const inspector = await signIn(server, server.users.inspector);
    expect((await inspector('POST', '/api/v1/imports?mode=dryRun', body, { 'content-type': request.headers.get('content-type') ?? '' })).statusCode).toBe(403);
  });

  it('imports the valid households, sets the bad one aside, and serves the set-aside list to fix from', async () => {
    const town = await signIn(server, server.users.town);
    const ledger = await workbook((await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry')).rawPayload);
    const households = ledger.getWorksheet('户表');
    const members = ledger.getWorksheet('成员表');
    // A new household whose head's sex is not a code: it alone is set aside.
    const no = String(households?.getCell('A2').value ?? '').replace(/\d{4}$/, '9901');
    const first = households?.getRow(2).values as unknown[];
    households?.addRow(first.slice(1).map((v, i) => (i === 0 ? no : v)));
    const head = members?.getRow(2).values as unknown[];
    const newHead = head.slice(1).map((v, i) => (i === 0 ? no : v));
    members?.addRow(newHead);
    const row = members?.rowCount ?? 0;
    // Its own person: an ID number nobody has, the birth date and sex read from it.
    const sexColumn = (members?.getRow(1).values as unknown[]).indexOf('性别');
    const idColumn = (members?.getRow(1).values as unknown[]).indexOf('身份证号');
    const added = members?.getRow(row);
    if (!added) throw new Error('no member row');
    added.getCell(idColumn).value = '610902199001011235';
    added.getCell(sexColumn).value = '未知';
    const file = Buffer.from(await ledger.xlsx.writeBuffer());
    const started = await town('POST', '/api/v1/imports?mode=acceptValid&batch=quarantine-test', file, { 'content-type': xlsx, 'x-file-name': encodeURIComponent('台账.xlsx') });
    const view = await finished(town, started);
    expect(view.counts).toMatchObject({ rejected: 1, quarantined: 1 });
    const list = await town('GET', `/api/v1/imports/${view.id}/quarantine.xlsx`);
    expect(list.statusCode).toBe(200);
    const sheet = (await workbook(list.rawPayload)).getWorksheet('隔离户问题');
    expect(sheet?.getRow(1).values).toEqual([undefined, '户编号', '状态', '工作表', '行', '列', '表头', '单元格的值', '问题', '修改建议', '登记情况']);
    const issues = (sheet?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(issues.some((r) => r[1] === no && r[2] === '待修正' && r[3] === '成员表' && r[4] === row && r[6] === '性别' && r[7] === '未知')).toBe(true);
    expect(issues.every((r) => r[1] === no)).toBe(true);
    // The ID number of the set-aside person appears nowhere in the list.
    expect(JSON.stringify(issues)).not.toContain('610902199001011235');
    const other = await signIn(server, server.users.otherTown);
    expect((await other('GET', `/api/v1/imports/${view.id}/quarantine.xlsx`)).statusCode).toBe(404);

    // Back after leaving the page: the history finds the batch and its set-aside list.
    const history = (await town('GET', '/api/v1/imports')).json().items;
    expect(history[0]).toMatchObject({ id: view.id, batchName: 'quarantine-test', mode: 'acceptValid', status: 'partial', counts: { quarantined: 1 }, reportAvailable: true });
    expect(history.every((h: { actor: string }) => h.actor === server.users.town.username)).toBe(true);
    expect((await other('GET', '/api/v1/imports')).json().items.map((h: { id: number }) => h.id)).not.toContain(view.id);
    const admin = await signIn(server, server.users.admin);
    expect((await admin('GET', '/api/v1/imports?limit=100')).json().items.map((h: { id: number }) => h.id)).toContain(view.id);
    expect(history[0].quarantine).toEqual({ total: 1, resolved: 0 });

    // The same list as JSON: the household is still to fix.
    const outstanding = (await town('GET', `/api/v1/imports/${view.id}/quarantine`)).json();
    expect(outstanding).toMatchObject({ batchId: view.id, batchName: 'quarantine-test', households: 1, resolved: 0, outstanding: 1, open: false });
    // Pointed to where its problem is (the member sheet's row), not to the household sheet.
    expect(outstanding.items[0]).toMatchObject({ householdNo: no, sheet: '成员表', row, issueCount: 2, resolved: false, resolvedAt: null, resolvedBy: null, resolvedBatch: null });
    expect(outstanding.items[0].issues[0]).toMatchObject({ field: 'sex', value: '未知' });
    expect(JSON.stringify(outstanding)).not.toContain('610902199001011235');
    expect((await other('GET', `/api/v1/imports/${view.id}/quarantine`)).statusCode).toBe(404);
    const wrong = await town('GET', `/api/v1/imports/${view.id}/quarantine?open=maybe`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('open');

    // Fixed (the sex its ID number gives) and imported: registered since, by that import.
    added.getCell(sexColumn).value = '男';
    added.getCell((members?.getRow(1).values as unknown[]).indexOf('出生日期')).value = '1990-01-01';
    const fixed = await finished(town, await town('POST', '/api/v1/imports?mode=all&batch=quarantine-fixed', Buffer.from(await ledger.xlsx.writeBuffer()), { 'content-type': xlsx, 'x-file-name': encodeURIComponent('台账.xlsx') }));
    expect(fixed.issues).toEqual([]);
    expect(fixed.counts).toMatchObject({ created: 1 });
    const resolved = (await town('GET', `/api/v1/imports/${view.id}/quarantine`)).json();
    expect(resolved).toMatchObject({ households: 1, resolved: 1, outstanding: 0 });
    expect(resolved.items[0]).toMatchObject({ householdNo: no, resolved: true, resolvedBy: 'import', resolvedBatch: { id: fixed.id, name: 'quarantine-fixed' } });
    expect((await town('GET', `/api/v1/imports/${view.id}/quarantine?open=true`)).json()).toMatchObject({ open: true, households: 1, resolved: 1, items: [] });
    const openBook = (await workbook((await town('GET', `/api/v1/imports/${view.id}/quarantine.xlsx?open=true`)).rawPayload)).getWorksheet('隔离户问题');
    expect(openBook?.rowCount).toBe(1);
    expect((await town('GET', '/api/v1/imports')).json().items.find((h: { id: number }) => h.id === view.id).quarantine).toEqual({ total: 1, resolved: 1 });
  });

  it('reads batches stored before issues had an English fix with the Chinese fix in its place', async () => {
    const stored = { sheet: '成员表', row: 2, column: 'E', header: '性别', field: 'sex', value: '未知', householdNo: null, message: '性别不在代码表中', messageEn: 'sex is not in the code list', fix: '请从下拉列表中选择' };
    const id = await insertImportBatch(server.store.db, { name: 'old@2020', fileName: 'old.xlsx', fileSha256: '', mode: 'dryRun', actor: server.users.town.username, scope: '', createdAt: '2020-01-01T00:00:00Z' });
    await finishImportBatch(server.store.db, id, 'invalid', {}, [stored, { ...stored, row: 3, fixEn: 'Choose from the drop-down list' }], 2, '2020-01-01T00:00:01Z');
    const town = await signIn(server, server.users.town);
    const view = (await town('GET', `/api/v1/imports/${id}`)).json();
    expect(view.issues).toEqual([{ ...stored, fixEn: stored.fix }, { ...stored, row: 3, fixEn: 'Choose from the drop-down list' }]);
  });

  it('says whether a run only checked or wrote, live and reopened from the history after the job is gone', async () => {
    const town = await signIn(server, server.users.town);
    const ledger = await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry');
    const headers = { 'content-type': xlsx, 'x-file-name': encodeURIComponent('台账.xlsx') };
    const started = await town('POST', '/api/v1/imports?mode=dryRun', ledger.rawPayload, headers);
    expect(started.json().mode).toBe('dryRun');
    const checked = await finished(town, started);
    expect(checked).toMatchObject({ mode: 'dryRun', status: 'validated' });
    const written = await finished(town, await town('POST', '/api/v1/imports?mode=acceptValid', ledger.rawPayload, headers));
    expect(written.mode).toBe('acceptValid');
    // A batch whose job has left memory (a restart, or an hour later) is read from its row.
    for (const mode of ['dryRun', 'all'] as const) {
      const id = await insertImportBatch(server.store.db, { name: `stored-${mode}`, fileName: 'stored.xlsx', fileSha256: '', mode, actor: server.users.town.username, scope: '', createdAt: '2020-01-01T00:00:00Z' });
      await finishImportBatch(server.store.db, id, mode === 'dryRun' ? 'validated' : 'imported', { created: 2, updated: 1 }, [], 0, '2020-01-01T00:00:01Z');
      expect((await town('GET', `/api/v1/imports/${id}`)).json()).toMatchObject({ id, mode, counts: { created: 2, updated: 1 } });
    }
  });

  it('serves the files an import was given, as given, and its report once the job is gone, to its importer and admins only', async () => {
    const town = await signIn(server, server.users.town);
    const ledger = await workbook((await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry')).rawPayload);
    const sex = ledger.getWorksheet('成员表')?.getCell('E2');
    if (sex) sex.value = '未知';
    const broken = Buffer.from(await ledger.xlsx.writeBuffer());
    // Run as the CLI or a job that has left memory runs it: the server holds no upload for it.
    const result = await importRegistry({ store: server.store, clock: { now: () => new Date() } }, { files: [{ name: '恒口镇台账.xlsx', data: broken }], mode: 'dryRun', actor: server.users.town.username, scope: server.users.town.regionCode });
    expect(result.status).toBe('invalid');
    const view = (await town('GET', `/api/v1/imports/${result.batchId}`)).json();
    expect(view).toMatchObject({ reportAvailable: true, files: [{ position: 0, name: '恒口镇台账.xlsx', size: broken.length }] });
    const history = (await town('GET', '/api/v1/imports')).json();
    expect(history.items.find((i: { id: number }) => i.id === result.batchId)).toMatchObject({ reportAvailable: true, files: [{ name: '恒口镇台账.xlsx' }] });
    const original = await town('GET', `/api/v1/imports/${result.batchId}/files/0`);
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.equals(broken)).toBe(true);
    expect(decodeURIComponent(String(original.headers['content-disposition']))).toContain('恒口镇台账.xlsx');
    expect((await town('GET', `/api/v1/imports/${result.batchId}/files/1`)).statusCode).toBe(404);
    const report = await town('GET', `/api/v1/imports/${result.batchId}/report.xlsx`);
    expect(report.statusCode).toBe(200);
    expect((await workbook(report.rawPayload)).getWorksheet('成员表')?.getCell('E2').fill).toMatchObject({ pattern: 'solid' });
    const other = await signIn(server, server.users.otherTown);
    expect((await other('GET', `/api/v1/imports/${result.batchId}/files/0`)).statusCode).toBe(404);
    expect((await other('GET', `/api/v1/imports/${result.batchId}/report.xlsx`)).statusCode).toBe(404);
    const admin = await signIn(server, server.users.admin);
    expect((await admin('GET', `/api/v1/imports/${result.batchId}/files/0`)).rawPayload.equals(broken)).toBe(true);
  });

  it('a household’s file lists the import batch that changed it, with its file for the importer only', async () => {
    const town = await signIn(server, server.users.town);
    const ledger = await workbook((await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry')).rawPayload);
    const sheet = ledger.getWorksheet('户表');
    if (!sheet) throw new Error('no 户表');
    const phoneColumn = (sheet.getRow(1).values as unknown[]).findIndex((v) => v === '联系电话');
    const householdNo = String(sheet.getRow(2).getCell(1).value);
    sheet.getRow(2).getCell(phoneColumn).value = '13912345678';
    const changed = Buffer.from(await ledger.xlsx.writeBuffer());
    const done = await finished(town, await town('POST', '/api/v1/imports?mode=all', changed, { 'content-type': xlsx, 'x-file-name': encodeURIComponent('改电话.xlsx') }));
    expect(done).toMatchObject({ status: 'imported', counts: { updated: 1 } });
    const { id } = await server.store.db.selectFrom('household').select('id').where('household_no', '=', householdNo).executeTakeFirstOrThrow();
    const file = (await town('GET', `/api/v1/households/${id}`)).json();
    expect(file.imports[0]).toMatchObject({ batchId: done.id, kind: 'updated', parts: ['household'], fileName: '改电话.xlsx', actor: server.users.town.username, files: [{ position: 0, name: '改电话.xlsx' }], filesOpen: true });
    expect(file.imports[0].detail.household.phone[1]).toBe('13912345678');
    const inspector = await signIn(server, server.users.inspector);
    expect((await inspector('GET', `/api/v1/households/${id}`)).json().imports[0]).toMatchObject({ batchId: done.id, filesOpen: false });
    expect((await inspector('GET', `/api/v1/imports/${done.id}/files/0`)).statusCode).toBe(404);
  });

  it('takes an old .xls workbook where LibreOffice can convert it, names a damaged one, and says which the server can do', async () => {
    const town = await signIn(server, server.users.town);
    expect((await town('GET', '/api/v1/imports/formats')).json()).toEqual({ legacyWorkbooks: true });
    // The town's own ledger, saved as Excel 97-2003 by LibreOffice.
    const ledger = (await town('GET', '/api/v1/exports/ledger.xlsx?kind=registry')).rawPayload;
    const xls = xlsBytes(ledger);
    const headers = (name: string) => ({ 'content-type': 'application/vnd.ms-excel', 'x-file-name': encodeURIComponent(name) });
    const view = await finished(town, await town('POST', '/api/v1/imports?mode=all', xls, headers('台账.xls')));
    expect(view).toMatchObject({ status: 'unchanged', fileName: '台账.xls', issueCount: 0 });
    expect(view.counts.unchanged).toBeGreaterThan(0);
    const copy = await town('GET', `/api/v1/imports/${view.id}/report.xlsx`);
    expect(copy.statusCode).toBe(200);
    expect(copy.headers['content-disposition']).toContain(encodeURIComponent('错误报告-台账.xlsx'));
    expect((await workbook(copy.rawPayload)).getWorksheet('户表')?.rowCount).toBeGreaterThan(1);

    // The first bytes of every Excel 97-2003 and WPS workbook (an OLE compound file), then nothing.
    const damaged = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)]);
    const failed = await finished(town, await town('POST', '/api/v1/imports?mode=dryRun', damaged, headers('2019年花名册.xls')));
    expect(failed).toMatchObject({ status: 'failed', fileName: '2019年花名册.xls' });
    expect(failed.error).toContain('文件“2019年花名册.xls”是旧版 Excel 97-2003（.xls）或 WPS（.et）格式，转换为 xlsx 时失败');
    expect(failed.error).toContain('另存为');
    expect(failed.errorEn).toContain('save it as an Excel workbook (.xlsx)');

    // A server told not to convert (or without LibreOffice) says so, and the page tells officers to save as .xlsx.
    process.env['JINGZHUN_SOFFICE'] = 'off';
    try {
      expect((await town('GET', '/api/v1/imports/formats')).json()).toEqual({ legacyWorkbooks: false });
      const refused = await finished(town, await town('POST', '/api/v1/imports?mode=dryRun', xls, headers('台账.xls')));
      expect(refused.status).toBe('failed');
      expect(refused.error).toContain('本服务器未安装转换程序');
      expect(refused.errorEn).toContain('has no converter');
    } finally {
      delete process.env['JINGZHUN_SOFFICE'];
    }
  });

  it('refuses imports from read-only roles', async () => {
    const inspector = await signIn(server, server.users.inspector);
    const r = await inspector('POST', '/api/v1/imports', Buffer.from('x'), { 'content-type': 'text/csv' });
    expect(r.statusCode).toBe(403);
  });
});
