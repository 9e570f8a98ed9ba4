// Cross-check and quality use cases on both databases: a GBK civil-affairs file and a
// public-security file against a small registry, bad files refused whole, the review list
// resolved or turned into problems, the quality score stored per run.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/clock.js';
import { composeApp } from '../../src/app/compose.js';
import { offThreadFrom } from '../../src/app/crosscheck-read.js';
import { ValidationFailed } from '../../src/app/errors.js';
import type { Principal } from '../../src/domain/access.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { xlsBytes } from '../helpers/libreoffice.js';
import { badDeathsCsv, deathsCsv, enrolmentXlsx, hanbin, minimumLivingCsv, seedRegistry, type People } from './fixtures.js';

const clock: Clock = { now: () => new Date('2017-10-09T02:00:00Z') };
const county: Principal = { userId: 1, username: 'county', role: 'regionAdmin', regionCode: hanbin, department: null };
const inspector: Principal = { userId: 2, username: 'inspector', role: 'inspector', regionCode: hanbin, department: null };

describe.each(dialects)('data truth on %s', (dialect) => {
  let t: TestStore;
  let app: ReturnType<typeof composeApp>;
  let people: People;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = composeApp(t.store, clock);
    people = await seedRegistry(t.store, clock);
  });
  afterAll(async () => t?.dispose());

  it('compares a GBK civil-affairs file: not recorded, amount differs; outsiders ignored', async () => {
    const r = await app.crosscheck.run('county', { kind: 'minimumLiving', under: hanbin, file: { name: '低保名单.csv', data: minimumLivingCsv(people) } });
    expect(r.run.status).toBe('compared');
    expect(r.issues).toEqual([]);
    expect(r.counts).toMatchObject({ rows: 3, registryMembers: 5, departmentRecords: 3, matched: 2, discrepancies: 2 });
    expect(r.byType).toEqual({ minimumLivingNotRecorded: 1, minimumLivingAmountDiffers: 1 });
    const list = await app.crosscheck.list({ under: hanbin, runId: r.run.id, limit: 50, offset: 0 });
    expect(list.total).toBe(2);
    const notRecorded = list.items.find((d) => d.type === 'minimumLivingNotRecorded');
    expect(JSON.parse(notRecorded?.registry_json ?? '{}')).toMatchObject({ name: '张伟', receivesMinimumLiving: false });
    expect(JSON.parse(notRecorded?.department_json ?? '{}')).toMatchObject({ name: '张伟', annualAmount: 300000, row: 2 });
    const amount = list.items.find((d) => d.type === 'minimumLivingAmountDiffers');
    expect(JSON.parse(amount?.facts_json ?? '{}')).toEqual({ registryAmount: 500000, departmentAmount: 600000 });
  });

  it('compares public-security deaths with a name typo, and an xlsx enrolment list', async () => {
    const r = await app.crosscheck.run('county', { kind: 'death', under: hanbin, file: { name: 'deaths.csv', data: deathsCsv(people) } });
    expect(r.byType).toEqual({ deceasedStillMember: 2, nameTypo: 1 });
    const e = await app.crosscheck.run('county', { kind: 'enrolment', under: hanbin, file: { name: '在校生.xlsx', data: await enrolmentXlsx(people) } });
    expect(e.byType).toEqual({ enrolledButOutOfSchool: 1 });
  });

  it('reads an enrolment list kept as an old Excel 97-2003 workbook, keeping its own hash; refuses what is no workbook, naming the file', async () => {
    const xls = xlsBytes(await enrolmentXlsx(people));
    const r = await app.crosscheck.run('county', { kind: 'enrolment', under: hanbin, file: { name: '在校生.xls', data: xls } });
    expect(r.byType).toEqual({ enrolledButOutOfSchool: 1 });
    expect(r.run.file_sha256).toBe(createHash('sha256').update(xls).digest('hex'));
    const refused = await app.crosscheck.run('county', { kind: 'enrolment', under: hanbin, file: { name: '名单.xlsx', data: Buffer.from('序号,姓名\n1,张三\n') } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('文件“名单.xlsx”不是 Excel 工作簿') });
    // A workbook cut short in a download is refused whole, saying so, not read as fewer rows.
    const whole = await enrolmentXlsx(people);
    const cut = await app.crosscheck.run('county', { kind: 'enrolment', under: hanbin, file: { name: '在校生（不完整）.xlsx', data: whole.subarray(0, whole.length - 30) } });
    expect(cut.run.status).toBe('rejected');
    expect(cut.issues).toEqual([expect.objectContaining({ field: 'file', message: expect.stringContaining('文件“在校生（不完整）.xlsx”已损坏或不完整') })]);
  });

  it('limits the comparison to the region asked for', async () => {
    const r = await app.crosscheck.run('county', { kind: 'death', under: people.villages[0], file: { name: 'deaths.csv', data: deathsCsv(people) } });
    expect(r.counts).toMatchObject({ registryMembers: 3, matched: 0, discrepancies: 0 });
  });

  it('refuses a file with bad rows whole, reporting each row; refuses an unknown kind', async () => {
    const before = (await app.crosscheck.list({ under: hanbin, limit: 1, offset: 0 })).total;
    const r = await app.crosscheck.run('county', { kind: 'death', under: hanbin, file: { name: 'bad.csv', data: badDeathsCsv(people) } });
    expect(r.run.status).toBe('rejected');
    expect(r.issues.map((i) => [i.row, i.field])).toEqual([[2, 'idNumber'], [3, 'deathDate']]);
    expect(r.issues[0]?.message).toContain('校验');
    expect((await app.crosscheck.list({ under: hanbin, limit: 1, offset: 0 })).total).toBe(before);
    const cols = await app.crosscheck.run('county', { kind: 'minimumLiving', under: hanbin, file: { name: 'deaths.csv', data: deathsCsv(people) } });
    expect(cols.run.status).toBe('rejected');
    expect(cols.issues[0]).toMatchObject({ row: 1, field: 'annualAmount' });
    await expect(app.crosscheck.run('county', { kind: 'bogus', under: hanbin, file: { name: 'x.csv', data: deathsCsv(people) } })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('reads a file in a worker thread to the same result, and refuses a bad one from there too', async () => {
    const inThread = await app.crosscheck.run('county', { kind: 'minimumLiving', under: hanbin, file: { name: '低保名单.csv', data: minimumLivingCsv(people) } });
    const saved = offThreadFrom.bytes;
    offThreadFrom.bytes = 0;
    try {
      const before = (await app.crosscheck.list({ under: hanbin, limit: 1, offset: 0 })).total;
      const bad = await app.crosscheck.run('county', { kind: 'death', under: hanbin, file: { name: 'bad.csv', data: badDeathsCsv(people) } });
      expect(bad.run.status).toBe('rejected');
      expect(bad.issues.map((i) => [i.row, i.field])).toEqual([[2, 'idNumber'], [3, 'deathDate']]);
      expect((await app.crosscheck.list({ under: hanbin, limit: 1, offset: 0 })).total).toBe(before);
      const offThread = await app.crosscheck.run('county', { kind: 'minimumLiving', under: hanbin, file: { name: '低保名单.csv', data: minimumLivingCsv(people) } });
      expect(offThread.counts).toEqual(inThread.counts);
      expect(offThread.byType).toEqual(inThread.byType);
      expect(offThread.run.file_sha256).toBe(inThread.run.file_sha256);
      const rows = async (runId: number) => (await app.crosscheck.list({ under: hanbin, runId, limit: 50, offset: 0 })).items.map((d) => [d.type, d.member_id, d.registry_json, d.department_json, d.facts_json]);
      expect(await rows(offThread.run.id)).toEqual(await rows(inThread.run.id));
    } finally {
      offThreadFrom.bytes = saved;
    }
  });

  it('resolves with a note, turns another into a rectification problem, refuses twice and read-only roles', async () => {
    const list = await app.crosscheck.list({ under: hanbin, status: 'open', type: 'deceasedStillMember', limit: 50, offset: 0 });
    const [a, b] = list.items;
    if (!a || !b) throw new Error('expected two discrepancies');
    const resolved = await app.crosscheck.resolve(county, a.id, a.version, '已核实：公安数据有误，本人健在');
    expect(resolved).toMatchObject({ status: 'resolved', resolved_by: 'county', version: 2 });
    await expect(app.crosscheck.resolve(county, a.id, a.version, 'again')).rejects.toBeInstanceOf(ValidationFailed);
    await expect(app.crosscheck.toProblem(inspector, b.id, b.version, 'x', null)).rejects.toBeInstanceOf(ValidationFailed);
    const converted = await app.crosscheck.toProblem(county, b.id, b.version, '请核实死亡情况并办理自然减少', null);
    expect(converted.status).toBe('problem');
    expect(converted.problem_id).not.toBeNull();
    const problem = await t.store.db.selectFrom('rectification_problem').selectAll().where('id', '=', converted.problem_id ?? 0).executeTakeFirstOrThrow();
    expect(problem).toMatchObject({ category: 'dataQuality', unit_region: b.village_code, problem_no: `DT-${b.id}` });
    expect(problem.description).toContain('公安已注销死亡');
    const records = await t.store.db.selectFrom('rectification').selectAll().where('problem_id', '=', problem.id).execute();
    expect(records).toHaveLength(1);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  it('scores quality per village, town and county, and keeps the trend per run', async () => {
    const first = await app.quality.run('county', hanbin);
    expect(first.households).toBe(3);
    // 张小明 is 9 and recorded out of school; 王强 (67) is recorded a weak labourer, which fits.
    expect(first.byRule).toEqual({ ageSchool: 1 });
    expect(first.score).toBe(66.7);
    const h1 = people.households[0] ?? 0;
    const h = await app.registry.householdFile(h1);
    await app.registry.replaceMembers('fix', h1, h.household.version, h.members.map((m) => (m.name === '张小明' ? { ...m, schoolStatus: 'primary', education: null } : m)));
    const second = await app.quality.run('county', hanbin);
    expect(second.score).toBe(100);
    const dash = await app.quality.dashboard(county, hanbin);
    expect(dash.trend.map((x) => x.score)).toEqual([66.7, 100]);
    expect(dash.children.length).toBeGreaterThan(0);
    const village = await app.quality.dashboard(county, people.villages[0]);
    expect(village.region).toMatchObject({ households: 1, score: 100 });
    const findings = await app.quality.findings(county, first.runId, hanbin, 10, 0);
    expect(findings.items.map((f) => [f.rule, f.member_name])).toEqual([['ageSchool', '张小明']]);
  });
});
