// Lines set aside on disk in numbered parts, read back one part at a time: an import's rows
// grouped by chunk of households without holding the file in memory. One temporary file; each
// part is a list of blocks in it, written when the part's buffer fills.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Characters buffered per part before a block is written: parts × this bounds the buffers. */
const blockChars = 32 * 1024;

interface Part {
  lines: string[];
  chars: number;
  readonly blocks: { offset: number; length: number }[];
}

export class LineSpill {
  private readonly dir = mkdtempSync(join(tmpdir(), 'jingzhun-import-'));
  private readonly fd = openSync(join(this.dir, 'rows'), 'w+');
  private readonly parts: Part[] = [];
  private end = 0;
  private closed = false;

  /** `line` must not contain a newline. */
  add(part: number, line: string): void {
    let p = this.parts[part];
    if (!p) {
      while (this.parts.length <= part) this.parts.push({ lines: [], chars: 0, blocks: [] });
      p = this.parts[part] as Part;
    }
    p.lines.push(line);
    p.chars += line.length + 1;
    if (p.chars >= blockChars) this.write(p);
  }

  private write(p: Part): void {
    if (p.lines.length === 0) return;
    // UTF-16 is how V8 holds text with Chinese in it: written and read back without transcoding.
    const bytes = Buffer.from(`${p.lines.join('\n')}\n`, 'utf16le');
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.end + done);
    p.blocks.push({ offset: this.end, length: bytes.length });
    this.end += bytes.length;
    p.lines = [];
    p.chars = 0;
  }

  get partCount(): number {
    return this.parts.length;
  }

  /** The lines of a part in the order they were added. */
  read(part: number): string[] {
    const p = this.parts[part];
    if (!p) return [];
    const lines: string[] = [];
    for (const block of p.blocks) {
      const bytes = Buffer.allocUnsafe(block.length);
      let done = 0;
      while (done < block.length) {
        const n = readSync(this.fd, bytes, done, block.length - done, block.offset + done);
        if (n === 0) throw new Error('spill file ended early');
        done += n;
      }
      const text = bytes.toString('utf16le');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        lines.push(text.slice(start, nl));
        start = nl + 1;
      }
    }
    lines.push(...p.lines);
    return lines;
  }

  /** Forgets a part once it has been read for the last time. */
  drop(part: number): void {
    const p = this.parts[part];
    if (p) {
      p.lines = [];
      p.blocks.length = 0;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
