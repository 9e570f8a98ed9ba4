// Rectification use cases on both databases: seed 003's inherited counts, every workflow move,
// escalation by a clock the test sets, reminders, import and the special report.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import type { Principal } from '../../src/domain/access.js';
import { loadRegions } from '../../src/app/regions.js';
import { createRectificationService } from '../../src/app/rectification.js';
import { createRectificationViews } from '../../src/app/rectification-views.js';
import { readProblemWorkbook, reportWorkbook } from '../../src/app/rectification-xlsx.js';
import { ValidationFailed } from '../../src/app/errors.js';
import type { ProblemInput } from '../../src/domain/rectification/validate.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { xlsBytes } from '../helpers/libreoffice.js';
import iconv from 'iconv-lite';

const province = '610000000000';
const city = '610900000000'; // 安康市
const hanbin = '610902000000';
const hanyin = '610921000000';
const counties = ['610902', '610921', '610922', '610923', '610924', '610925', '610926', '610927', '610929', '610981'].map((c) => `${c}000000`);
// 49 specific problems of the city's feedback, spread so that counties carry 4 to 7 each.
const specificPerCounty = [7, 4, 5, 5, 5, 5, 5, 4, 4, 5];

const who = (username: string, regionCode: string, role: Principal['role'] = 'regionAdmin', department: string | null = null): Principal => ({ userId: 0, username, role, regionCode, department });
const cityUser = who('city', city);
const provinceUser = who('province', province);
const hanbinUser = who('hanbin', hanbin);
const hanyinUser = who('hanyin', hanyin);

function problem(no: string, unitRegion: string, scope: 'common' | 'specific' = 'specific'): ProblemInput {
  return {
    problemNo: no,
    scope,
    unitRegion,
    unitDepartment: null,
    appliesLevel: scope === 'common' ? 3 : null,
    category: 'identification',
    description: `问题 ${no}`,
    deadline: null,
    tasks: [{ measure: `整改 ${no}`, leadUnit: '扶贫办', responsibleLeader: '副县长', responsiblePerson: '张三', cooperatingUnits: '', deadline: null, durationDays: 10 }],
  };
}

describe.each(dialects)('rectification on %s', (dialect) => {
  let t: TestStore;
  let now = new Date('2017-10-09T02:00:00Z');
  const clock = { now: () => now };
  let service: ReturnType<typeof createRectificationService>;
  let views: ReturnType<typeof createRectificationViews>;
  let provinceBatch = 0;
  let cityBatch = 0;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
    service = createRectificationService({ store: t.store, clock });
    views = createRectificationViews({ store: t.store, clock });
    const p = await service.createBatch('province', { name: '2017 年第三季度省级交叉检查共性问题', source: 'crossInspection', assigningRegion: province, assigningDepartment: null, finalDeadline: '2017-12-31', recheckDays: 90 });
    provinceBatch = p.id;
    await service.addProblems('province', { region: province, department: null }, p.id, Array.from({ length: 9 }, (_, i) => problem(`省-${i + 1}`, province, 'common')));
    const c = await service.createBatch('city', { name: '2017 年第三季度交叉检查反馈问题（安康市）', source: 'crossInspection', assigningRegion: city, assigningDepartment: null, finalDeadline: '2017-12-31', recheckDays: 90 });
    cityBatch = c.id;
    const specific = counties.flatMap((county, k) => Array.from({ length: specificPerCounty[k] ?? 0 }, (_, i) => problem(`${county.slice(0, 6)}-${i + 1}`, county)));
    await service.addProblems('city', { region: city, department: null }, c.id, [...Array.from({ length: 5 }, (_, i) => problem(`市-${i + 1}`, city, 'common')), ...specific]);
  });
  afterAll(async () => t?.dispose());

  it('counts inherited common problems per county: seed 003, most 21 and least 18', async () => {
    const counts = await views.unitCounts(city, 3);
    expect(counts.units).toHaveLength(10);
    expect(counts.most).toBe(21);
    expect(counts.least).toBe(18);
    expect(counts.units.every((u) => u.inherited === 14)).toBe(true);
    expect(counts.units.reduce((a, u) => a + u.total - u.inherited, 0)).toBe(49);
    const board = await views.board(hanbin);
    expect(board.total).toBe(21);
    expect(board.byStatus['open']).toBe(21);
    expect(board.batches.map((b) => b.total).sort()).toEqual([12, 9]);
  });

  it('lets a unit work its record and only the assigning level close it, with evidence', async () => {
    const [rec] = await views.list({ under: hanbin, batchId: cityBatch, status: null, overdueOn: null, limit: 1, afterId: 0 });
    if (!rec) throw new Error('no record');
    const id = rec.id;
    const refused = async (p: Promise<unknown>, field: string, text: string) => {
      const error = await p.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationFailed);
      if (error instanceof ValidationFailed) {
        expect(error.errors[0]?.field).toBe(field);
        expect(error.errors[0]?.message).toContain(text);
      }
    };
    await refused(service.transition(cityUser, id, 1, 'start', { result: null, note: null }), 'actor', '只有责任单位');
    await refused(service.transition(hanbinUser, id, 1, 'close', { result: null, note: null }), 'status', '待整改');
    let r = await service.transition(hanbinUser, id, 1, 'start', { result: null, note: null });
    expect(r.status).toBe('rectifying');
    await refused(service.transition(hanbinUser, id, r.version, 'submit', { result: '已完成', note: null }), 'evidence', '没有整改佐证');
    // Another county does not even learn that the record exists.
    await expect(service.addEvidence(hanyinUser, id, { fileName: 'x.jpg', mediaType: 'image/jpeg', content: Buffer.from('x'), taskId: null })).rejects.toThrow(/不存在/);
    await refused(service.addEvidence(cityUser, id, { fileName: 'x.jpg', mediaType: 'image/jpeg', content: Buffer.from('x'), taskId: null }), 'actor', '责任单位');
    const ev = await service.addEvidence(hanbinUser, id, { fileName: '入户核查照片.jpg', mediaType: 'image/jpeg', content: Buffer.from('photo-bytes'), taskId: null });
    expect(ev.sha256).toMatch(/^[0-9a-f]{64}$/);
    const file = await service.evidenceFile(cityUser, ev.id);
    expect(file.content.toString()).toBe('photo-bytes');
    const detail = await service.detail(hanbinUser, id);
    await refused(service.transition(hanbinUser, id, r.version, 'submit', { result: '已完成', note: null }), 'tasks', '未完成');
    for (const task of detail.tasks) await service.setTaskDone(hanbinUser, task.id, true);
    r = await service.transition(hanbinUser, id, r.version, 'submit', { result: '已逐户核对并更正', note: null });
    expect(r.status).toBe('submitted');
    await refused(service.transition(hanbinUser, id, r.version, 'close', { result: null, note: null }), 'actor', '只有交办该问题的单位');
    await refused(service.transition(provinceUser, id, r.version, 'close', { result: null, note: null }), 'actor', '只有交办该问题的单位');
    await refused(service.transition(cityUser, id, r.version, 'return', { result: null, note: '' }), 'note', '原因');
    r = await service.transition(cityUser, id, r.version, 'return', { result: null, note: '佐证不足' });
    expect(r.status).toBe('returned');
    r = await service.transition(hanbinUser, id, r.version, 'start', { result: null, note: null });
    r = await service.transition(hanbinUser, id, r.version, 'submit', { result: '补充佐证', note: null });
    await expect(service.transition(cityUser, id, r.version - 1, 'close', { result: null, note: null })).rejects.toThrow(/已被他人修改/);
    r = await service.transition(cityUser, id, r.version, 'close', { result: null, note: null });
    expect(r.status).toBe('closed');
    expect(r.recheck_due).toBe('2018-01-07');
    await refused(service.addEvidence(hanbinUser, id, { fileName: 'y.jpg', mediaType: 'image/jpeg', content: Buffer.from('y'), taskId: null }), 'status', '已销号');
    r = await service.transition(cityUser, id, r.version, 'recheckFail', { result: null, note: '回头看发现问题反弹' });
    expect(r.status).toBe('reopened');
    r = await service.transition(hanbinUser, id, r.version, 'start', { result: null, note: null });
    expect(r.status).toBe('rectifying');
    const events = (await service.detail(cityUser, id)).events.map((e) => e.action);
    expect(events).toEqual(['start', 'submit', 'return', 'start', 'submit', 'close', 'recheckFail', 'start']);
    await expect(service.detail(hanyinUser, id)).rejects.toThrow(/不存在/);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  it('closes a common problem for each unit separately', async () => {
    const [own] = await views.list({ under: hanbin, batchId: provinceBatch, status: 'open', overdueOn: null, limit: 1, afterId: 0 });
    if (!own) throw new Error('no record');
    await service.transition(hanbinUser, own.id, own.version, 'start', { result: null, note: null });
    const same = await views.list({ under: city, batchId: provinceBatch, status: null, overdueOn: null, limit: 500, afterId: 0 });
    const siblings = same.filter((r) => r.problemId === own.problemId);
    expect(siblings).toHaveLength(10);
    expect(siblings.filter((r) => r.status === 'rectifying').map((r) => r.unitRegion)).toEqual([hanbin]);
  });

  it('reminds before deadlines and escalates overdue records when the clock passes them', async () => {
    now = new Date('2017-12-26T02:00:00Z');
    expect((await views.reminders(hanbin, 3)).items).toEqual([]);
    const reminders = await views.reminders(hanbin, 7);
    expect(reminders.items.some((i) => i.taskId !== null && i.deadline === '2017-12-31' && i.responsiblePerson === '张三')).toBe(true);
    expect(reminders.items.filter((i) => i.taskId === null)).toHaveLength(21);
    expect((await service.escalateOverdue('system')).escalated).toBe(0);
    now = new Date('2018-01-02T02:00:00Z');
    const swept = await service.escalateOverdue('system');
    const board = await views.board(city);
    expect(swept.escalated).toBe(board.overdue);
    expect(swept.escalated).toBe(board.total - (board.byStatus['closed'] ?? 0) - (board.byStatus['submitted'] ?? 0));
    expect((await service.escalateOverdue('system')).escalated).toBe(0);
    const [late] = await views.list({ under: hanbin, batchId: cityBatch, status: null, overdueOn: '2018-01-02', limit: 1, afterId: 0 });
    if (!late) throw new Error('nothing overdue');
    expect(late.escalatedAt).not.toBeNull();
    const history = (await service.detail(cityUser, late.id)).events.find((e) => e.action === 'escalate');
    expect(history?.note).toContain('督办 610902000000');
    await service.chase(cityUser, late.id, '限 3 日内报送进展');
    await expect(service.chase(hanbinUser, late.id, '自己督办自己')).rejects.toThrow(ValidationFailed);
  });

  it('imports a workbook all or nothing, with row-level errors', async () => {
    const b = await service.createBatch('city', { name: '2018 年第一季度暗访问题', source: 'unannouncedVisit', assigningRegion: city, assigningDepartment: null, finalDeadline: '2018-03-31', recheckDays: 60 });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('问题清单');
    sheet.addRow(['问题编号', '问题范围', '责任单位代码', '问题类别', '问题描述', '整改时限', '整改措施', '牵头单位', '责任人', '任务时限']);
    sheet.addRow(['A-1', '个性', '610902', '工作作风', '走访不实', new Date('2018-03-01T00:00:00Z'), '重新走访', '汉滨区扶贫局', '王五', '2018-02-15']);
    sheet.addRow(['A-2', '个性', '', '工作作风', '台账不全', '2018-03-01', '补台账', '汉阴县扶贫局', '赵六', '']);
    const bad = Buffer.from(await workbook.xlsx.writeBuffer());
    const error = await service.importRows('city', { region: city, department: null }, b.id, await readProblemWorkbook(bad, 'list.xlsx')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    if (error instanceof ValidationFailed) expect(error.errors.map((e) => e.field)).toEqual(['rows[3].unitRegion']);
    expect((await views.board(city, b.id)).total).toBe(0);
    sheet.getRow(3).getCell(3).value = '610921';
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(service.importRows('hanbin', { region: hanbin, department: null }, b.id, await readProblemWorkbook(good, 'list.xlsx'))).rejects.toThrow(ValidationFailed);
    const rows = await readProblemWorkbook(good, 'list.xlsx');
    // The same list as Excel and WPS save it on a Chinese desktop: a GBK CSV, and an old .xls.
    const csv = iconv.encode(rows.map((r) => r.join(',')).join('\r\n'), 'gbk');
    expect(await readProblemWorkbook(csv, '问题清单.csv')).toEqual(rows);
    expect(await readProblemWorkbook(xlsBytes(good), '问题清单.xls')).toEqual(rows);
    const done = await service.importRows('city', { region: city, department: null }, b.id, rows, { name: '暗访问题.xlsx', data: good });
    expect(done).toMatchObject({ problems: 2, rectifications: 2 });
    // The list itself is kept with the batch, named with its hash in the audit entry; the refused ones are not.
    const [file, ...more] = await service.problemFiles(b.id);
    expect(more).toEqual([]);
    expect(file).toMatchObject({ batch_id: b.id, file_name: '暗访问题.xlsx', problems: 2, imported_by: 'city', sha256: createHash('sha256').update(good).digest('hex') });
    const content = await service.problemFileContent(file as NonNullable<typeof file>);
    const parts: Buffer[] = [];
    for await (const part of content.stream) parts.push(part as Buffer);
    expect(Buffer.concat(parts).equals(good)).toBe(true);
    const audited = await t.store.db.selectFrom('audit_log').select('after_json').where('action', '=', 'rectification.assign').where('entity_id', '=', String(b.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(String(audited.after_json))).toMatchObject({ file: { fileName: '暗访问题.xlsx', sha256: file?.sha256 } });
    const [rec] = await views.list({ under: hanbin, batchId: b.id, status: null, overdueOn: null, limit: 5, afterId: 0 });
    expect(rec).toMatchObject({ problemNo: 'A-1', deadline: '2018-03-01', category: 'workStyle' });
  });

  it('builds the special report of a batch with its ledger check, as JSON and xlsx', async () => {
    const report = await views.report(cityUser, cityBatch);
    expect(report.summary.problems).toBe(54);
    expect(report.summary.rectifications).toBe(5 * 10 + 49);
    expect(report.summary.closed).toBe(0);
    expect(report.units).toHaveLength(10);
    expect(report.units.find((u) => u.unitRegion === hanbin)).toMatchObject({ total: 12, inherited: 5 });
    expect(report.chases.some((c) => c.action === 'chase')).toBe(true);
    expect(report.ledgerIssues.every((i) => i.code !== 'noPlan')).toBe(true);
    // Each mismatch also in English, for the English page.
    expect(report.ledgerIssues.length).toBeGreaterThan(0);
    for (const i of report.ledgerIssues) expect(i.messageEn).toMatch(/^[ -~]+$/);
    expect(report.burnDown.at(-1)?.remaining).toBe(99);
    const county = await views.report(hanbinUser, cityBatch);
    expect(county.summary.rectifications).toBe(12);
    await expect(views.report(hanbinUser, 9999)).rejects.toThrow();
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.read(Readable.from([await reportWorkbook(report)]));
    expect(xlsx.worksheets.map((w) => w.name)).toEqual(['概况', '问题台账', '单位统计', '逾期督办', '台账核对', '销号进度']);
    expect(xlsx.getWorksheet('问题台账')?.rowCount).toBe(1 + 99);
    expect(String(xlsx.getWorksheet('概况')?.getRow(1).getCell(1).value)).toContain('专题报告');
  });

  it('rolls records of towns and villages up to their county (and a village to its town)', async () => {
    const b = await service.createBatch('city', { name: '2018 年第一季度乡村问题', source: 'unannouncedVisit', assigningRegion: city, assigningDepartment: null, finalDeadline: '2018-03-31', recheckDays: 60 });
    const town = '610902001000'; // 汉滨区老城街道
    await service.addProblems('city', { region: city, department: null }, b.id, [problem('镇-1', town), problem('村-1', '610902001003'), problem('村-2', '610921100001')]);
    const counties = await views.unitCounts(city, 3, [b.id]);
    expect(counties.units).toHaveLength(10);
    expect(counties.units.filter((u) => u.total > 0).map((u) => [u.unitRegion, u.total])).toEqual([[hanbin, 2], [hanyin, 1]]);
    expect(counties).toMatchObject({ most: 2, least: 0 });
    const towns = await views.unitCounts(hanbin, 4, [b.id]);
    expect(towns.units.find((u) => u.unitRegion === town)).toMatchObject({ total: 2, closed: 0 });
    expect(towns.units.reduce((a, u) => a + u.total, 0)).toBe(2);
  });
});
