// `jingzhun import files`: the files an import batch was given, listed with their hashes and
// written out byte for byte, from the database file alone.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-files-'));
const jingzhun = cliRunner(join(dir, 'files.db'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun import files', () => {
  it('lists a batch’s files with their hashes and writes them out as given; says what is wrong with a batch or folder', async () => {
    const given = join(dir, '户表.csv');
    // A file with problems is kept too: it is the one to look at afterwards.
    writeFileSync(given, '户编号,村代码,户主姓名\n6109230001,610923100201,张三\n');
    expect((await jingzhun('regions', 'load', '--under', '610923')).code).toBe(0);
    expect((await jingzhun('import', 'registry', '--dry-run', '--batch', '第一批', given)).code).toBe(1);
    const listed = await jingzhun('import', 'files', '--batch', '第一批', '--json');
    expect(listed.code).toBe(0);
    const sha256 = createHash('sha256').update(readFileSync(given)).digest('hex');
    expect(JSON.parse(listed.stdout)).toMatchObject({ batch: '第一批', fileSha256: sha256, files: [{ position: 0, name: '户表.csv', size: readFileSync(given).length, sha256 }] });
    const out = join(dir, 'out');
    mkdirSync(out);
    const written = await jingzhun('import', 'files', '--batch', '第一批', '--out', out);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('已写出 1 个文件');
    expect(readFileSync(join(out, '户表.csv')).equals(readFileSync(given))).toBe(true);
    const noFolder = await jingzhun('import', 'files', '--batch', '第一批', '--out', join(dir, 'none'));
    expect(noFolder.code).not.toBe(0);
    expect(noFolder.stderr).toContain('不是已有的文件夹');
    const noBatch = await jingzhun('import', 'files', '--batch', '第二批');
    expect(noBatch.code).not.toBe(0);
    expect(noBatch.stderr).toContain('没有名称或编号为“第二批”的导入批次');
  });
});
