import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importProgress, terminalProgress } from './progress.js';

/** A stream that says it is a terminal, collecting what is written to it. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true }) as unknown as NodeJS.WriteStream;
  (stream as unknown as PassThrough).on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('progress on the terminal', () => {
  it('draws one bar per phase of an import and ends the last one full', async () => {
    const t = fakeTerminal(true);
    const report = importProgress(terminalProgress(false, t.stream), false);
    report({ phase: 'converting', done: 0, total: 1 });
    report({ phase: 'reading', done: 5_000_000, total: 10_000_000 });
    report({ phase: 'reading', done: 10_000_000, total: 10_000_000 });
    report({ phase: 'writing', done: 0, total: 300 });
    report({ phase: 'checking', done: 200, total: 300 });
    report({ phase: 'done', done: 300, total: 300 });
    await new Promise((r) => setImmediate(r));
    const text = t.text();
    expect(text).toContain('转换旧版 Excel 文件');
    expect(text).toContain('读取文件');
    expect(text).toContain('10/10 MB');
    expect(text).toContain('检查与写入');
    expect(text).toContain('300/300 户');
  });

  it('writes nothing when the output is JSON or not a terminal', async () => {
    for (const [json, tty] of [[true, true], [false, false]] as const) {
      const t = fakeTerminal(tty);
      const report = importProgress(terminalProgress(json, t.stream), true);
      report({ phase: 'checking', done: 1, total: 2 });
      report({ phase: 'done', done: 2, total: 2 });
      await new Promise((r) => setImmediate(r));
      expect(t.text()).toBe('');
    }
  });
});
