// --out files that cannot be written: the path and the fix are named, in Chinese and English, exit 2.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-out-'));
const db = join(dir, 'out.db');
const jingzhun = cliRunner(db);
const missingFolder = join(dir, 'no-such-folder');

beforeAll(async () => {
  expect((await jingzhun('regions', 'load', '--under', '610923')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an --out file whose folder does not exist', () => {
  it('export ledger names the path and the missing folder, not a raw ENOENT', async () => {
    const out = join(missingFolder, 'x.xlsx');
    const r = await jingzhun('export', 'ledger', '--under', '610923', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`无法写入 ${out}：文件夹 ${missingFolder} 不存在`);
    expect(r.stderr).not.toContain('ENOENT');
    const json = await jingzhun('export', 'ledger', '--under', '610923', '--out', out, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: 'out_folder_missing', messageEn: `Cannot write ${out}: the folder ${missingFolder} does not exist. Create it first, or choose a folder that exists` });
  });

  it('the other commands that write --out files say the same', async () => {
    for (const args of [
      ['export', 'template'],
      ['share', '--department', 'civilAffairs', '--under', '610923'],
    ]) {
      const out = join(missingFolder, 'y.xlsx');
      const r = await jingzhun(...args, '--out', out, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout).error, args.join(' ')).toBe('out_folder_missing');
    }
  });

  it('an --out that is a folder asks for a file name', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const r = await jingzhun('export', 'template', '--out', folder, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: 'out_is_folder', message: expect.stringContaining(folder) });
  });
});
