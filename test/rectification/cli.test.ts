// The rectification commands end to end on a SQLite file, as an operator would run them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-rect-cli-'));
const db = join(dir, 'cli.db');

const jingzhun = cliRunner(db);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun rectification', () => {
  it('creates a batch, imports a list all or nothing, counts per county and writes the report', async () => {
    expect((await jingzhun('regions', 'load', '--under', '6109')).code).toBe(0);
    const batch = await jingzhun('rectification', 'batch', '--name', '交叉检查反馈问题', '--source', '交叉检查', '--assigning', '6109', '--deadline', '2099-12-31', '--json');
    expect(batch.code).toBe(0);
    const id = String(JSON.parse(batch.stdout).id);
    const header = '问题编号,问题范围,责任单位代码,问题类别,问题描述,整改措施,牵头单位,责任人\n';
    writeFileSync(join(dir, 'bad.csv'), `${header}C-1,共性,6109,数据质量,数据不一致,数据比对,扶贫局,张三\nH-1,个性,610902,精准识别,识别不准,,,\nH-2,个性,610902,无此类别,作风不实,重新走访,扶贫局,\n`);
    const bad = await jingzhun('rectification', 'import', '--batch', id, join(dir, 'bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('第 4 行');
    writeFileSync(join(dir, 'good.csv'), `${header}C-1,共性,6109,数据质量,数据不一致,数据比对,扶贫局,张三\nH-1,个性,610902,精准识别,识别不准,逐户核查,扶贫局,李四\n`);
    const good = await jingzhun('rectification', 'import', '--batch', id, join(dir, 'good.csv'), '--json');
    expect(JSON.parse(good.stdout)).toMatchObject({ problems: 2, rectifications: 11 });
    // The list the batch was given is kept: listed, and written out as it was given; the refused one is not.
    const lists = mkdtempSync(join(dir, 'lists-'));
    const files = JSON.parse((await jingzhun('rectification', 'files', '--batch', id, '--out', lists, '--json')).stdout);
    expect(files.files).toEqual([expect.objectContaining({ fileName: 'good.csv', problems: 2, importedBy: 'cli' })]);
    expect(readFileSync(files.written[0]).equals(readFileSync(join(dir, 'good.csv')))).toBe(true);
    expect((await jingzhun('rectification', 'files', '--batch', id)).stdout).toMatch(/^\d+ {2}good\.csv {2}2 个问题 {2}cli /);
    const noFolder = await jingzhun('rectification', 'files', '--batch', id, '--out', join(dir, 'nowhere'));
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('不是已有的文件夹');
    const unknown = await jingzhun('rectification', 'files', '--batch', '9999');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('没有编号为 9999 的整改批次');
    const counts = JSON.parse((await jingzhun('rectification', 'counts', '--under', '6109', '--json')).stdout);
    expect([counts.most, counts.least]).toEqual([2, 1]);
    expect(JSON.parse((await jingzhun('rectification', 'escalate', '--json')).stdout)).toEqual({ escalated: 0 });
    const out = join(dir, 'report.xlsx');
    const report = await jingzhun('rectification', 'report', '--batch', id, '--out', out);
    expect(report.stdout).toContain('整改记录 11 条');
    expect(existsSync(out)).toBe(true);
  });
});
