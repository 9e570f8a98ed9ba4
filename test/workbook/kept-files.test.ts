// The files given to an import are kept with its batch (app/workbook/kept-files.ts): byte for
// byte, once per content, read back by part, and enough to make the marked-up report again.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/app/regions.js';
import { importRegistry } from '../../src/app/workbook/import.js';
import { keptFile } from '../../src/app/workbook/kept-files.js';
import type { InputFile } from '../../src/app/workbook/read.js';
import { createWorkbookService } from '../../src/app/workbook/service.js';
import { idFor } from '../factories/registry.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';
import { householdHeader, householdRow, memberHeader, memberRow, plainWorkbook } from './fixtures.js';
import { importsOfHousehold } from '../../src/store/import-trail.js';

const clock = { now: () => new Date('2020-06-30T08:00:00Z') };
const work = mkdtempSync(join(tmpdir(), 'jingzhun-kept-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(dialects)('files kept with import batches on %s', (dialect) => {
  let t: TestStore;
  let village = '';
  const run = (files: InputFile[], mode: 'dryRun' | 'all' = 'dryRun') => importRegistry({ store: t.store, clock }, { files, mode, actor: 'tester', scope: null });
  const count = async (table: 'import_file' | 'import_file_part' | 'import_batch_file') => Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const bytesOf = async (batchId: number, position: number) => {
    const file = await keptFile(t.store, batchId, position);
    if (!file) return null;
    const parts: Buffer[] = [];
    for await (const part of file.stream) parts.push(part as Buffer);
    return { name: file.name, size: file.size, bytes: Buffer.concat(parts) };
  };

  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    village = (await t.store.db.selectFrom('region').select('code').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow()).code;
  });
  afterAll(async () => t?.dispose());

  it('keeps each file of a batch byte for byte under its name, once per content however often it is given', async () => {
    // Two CSV files given by path, as the CLI gives them; the second larger than one stored part (4 MB).
    const small = join(work, `户表-${dialect}.csv`);
    writeFileSync(small, `${householdHeader.join(',')}\n${householdRow(`${village}9001`, village).join(',')}\n`);
    const large = join(work, `附件-${dialect}.csv`);
    writeFileSync(large, Buffer.concat([Buffer.from('备注\n'), Buffer.from(randomBytes(3 * 1024 * 1024).toString('hex'))]));
    const files = [small, large].map((path) => ({ name: path.split('/').pop() ?? '', data: { path, size: statSync(path).size } }));
    const before = { files: await count('import_file'), links: await count('import_batch_file') };
    const first = await run(files);
    for (const [position, path] of [small, large].entries()) {
      const kept = await bytesOf(first.batchId, position);
      expect(kept?.name).toBe(files[position]?.name);
      expect(kept?.size).toBe(statSync(path).size);
      expect(kept?.bytes.equals(readFileSync(path))).toBe(true);
    }
    expect(await bytesOf(first.batchId, 2)).toBeNull();
    expect(await count('import_file')).toBe(before.files + 2);
    expect(await count('import_file_part')).toBeGreaterThanOrEqual(3);
    // Given again (and the small one again, as an upload under another name): linked, not stored again.
    const again = await run(files);
    const upload = await run([{ name: '重新上传.csv', data: readFileSync(small) }]);
    expect(await count('import_file')).toBe(before.files + 2);
    expect(await count('import_batch_file')).toBe(before.links + 5);
    expect((await bytesOf(again.batchId, 1))?.bytes.equals(readFileSync(large))).toBe(true);
    expect(await bytesOf(upload.batchId, 0)).toMatchObject({ name: '重新上传.csv', bytes: readFileSync(small) });
  });

  it('makes the marked-up report again from the kept file once the upload is gone', async () => {
    const no = `${village}9101`;
    const good = idFor('1980-01-01', 'male');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const workbook = await plainWorkbook('台账.xlsx', [
      { name: '户表', header: householdHeader, rows: [householdRow(no, village)] },
      { name: '成员表', header: memberHeader, rows: [memberRow(no, '甲', good, '户主', '男'), memberRow(no, '乙', wrong, '配偶', '女')] },
    ]);
    const result = await run([workbook], 'all');
    expect(result.status).toBe('invalid');
    const service = createWorkbookService({ store: t.store, clock });
    const batch = await service.batch(result.batchId);
    const report = await service.reportOfBatch(result.batchId, batch?.issues_json ?? '[]');
    expect(report?.firstFile).toBe('台账.xlsx');
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(report?.data ?? Buffer.alloc(0));
    expect(marked.getWorksheet('成员表')?.getCell('C3').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(marked.getWorksheet('错误清单')?.rowCount).toBe(result.issues.length + 1);
    // The history offers it, with the file.
    const item = (await service.history('tester', 50)).find((b) => b.id === result.batchId);
    expect(item).toMatchObject({ reportAvailable: true, files: [{ position: 0, name: '台账.xlsx', size: (workbook.data as Buffer).length }] });
  });

  it('leaves in each household’s trail the batches that created or changed it and what they changed; unchanged and refused imports leave nothing', async () => {
    const no = `${village}9201`;
    const head = idFor('1975-03-04', 'female');
    const child = idFor('2005-07-08', 'male');
    const file = (phone: string | null, members: (string | number | null)[][], name: string) =>
      plainWorkbook(name, [
        { name: '户表', header: householdHeader, rows: [householdRow(no, village, { 联系电话: phone })] },
        { name: '成员表', header: memberHeader, rows: members },
      ]);
    const first = await run([await file(null, [memberRow(no, '王芳', head, '户主', '女')], '第一版.xlsx')], 'all');
    expect(first.counts.created).toBe(1);
    const id = (await t.store.db.selectFrom('household').select('id').where('household_no', '=', no).executeTakeFirstOrThrow()).id;
    expect(await importsOfHousehold(t.store.db, id)).toMatchObject([{ batchId: first.batchId, kind: 'created', parts: [], fileName: '第一版.xlsx', fileSha256: first.fileSha256, actor: 'tester' }]);
    // The same file again changes nothing; a file with an error anywhere writes nothing: no trail either.
    await run([await file(null, [memberRow(no, '王芳', head, '户主', '女')], '第一版.xlsx')], 'all');
    const refused = await run([await file('13800000000', [memberRow(no, '王芳', head, '户主', '女'), memberRow(no, '李强', `${child.slice(0, 17)}${child[17] === '0' ? '1' : '0'}`, '之子', '男')], '有误.xlsx')], 'all');
    expect(refused.status).toBe('invalid');
    expect(await importsOfHousehold(t.store.db, id)).toHaveLength(1);
    // A phone number and a child added: the household and its members changed, newest first.
    const second = await run([await file('13800000000', [memberRow(no, '王芳', head, '户主', '女'), memberRow(no, '李强', child, '之子', '男')], '第二版.xlsx')], 'all');
    expect(second.counts.updated).toBe(1);
    const trail = await importsOfHousehold(t.store.db, id);
    expect(trail.map((i) => [i.batchId, i.kind, i.parts, i.fileName])).toEqual([
      [second.batchId, 'updated', ['household', 'members'], '第二版.xlsx'],
      [first.batchId, 'created', [], '第一版.xlsx'],
    ]);
    // What changed, with the value before: the phone, and the child added (by name).
    expect(trail[0]?.detail).toEqual({ household: { phone: [null, '13800000000'] }, members: { added: ['李强'], removed: [], changed: [] } });
    expect(trail[1]?.detail).toEqual({});
  });
});
