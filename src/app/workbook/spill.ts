// Lines set aside on disk in numbered parts, read back one part at a time: an import's rows
// grouped by chunk of households without holding the file in memory. One temporary file; each
// part is a list of blocks in it. A line is copied at once into its part's buffer (outside the
// JavaScript heap) and the buffer is written as a block when full, so that no line outlives the
// young generation: lines waiting in arrays were promoted and grew the old generation by the
// size of the file.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes buffered per part: parts × this bounds the buffers. */
const blockBytes = 64 * 1024;

interface Part {
  buffer: Buffer | null;
  used: number;
  readonly blocks: { offset: number; length: number }[];
}

// UTF-16 is how V8 holds text with Chinese in it: copied in and out without transcoding.
const encoding = 'utf16le';

export class LineSpill {
  private readonly dir = mkdtempSync(join(tmpdir(), 'jingzhun-import-'));
  private readonly fd = openSync(join(this.dir, 'rows'), 'w+');
  private readonly parts: Part[] = [];
  private end = 0;
  private closed = false;

  /** `line` must not contain a newline. */
  add(part: number, line: string): void {
    while (this.parts.length <= part) this.parts.push({ buffer: null, used: 0, blocks: [] });
    const p = this.parts[part] as Part;
    const size = (line.length + 1) * 2;
    if (p.buffer && p.used + size > p.buffer.length) this.write(p);
    if (size > blockBytes) {
      this.writeBytes(p, Buffer.from(`${line}\n`, encoding));
      return;
    }
    p.buffer ??= Buffer.allocUnsafe(blockBytes);
    p.used += p.buffer.write(line, p.used, encoding);
    p.used += p.buffer.write('\n', p.used, encoding);
  }

  private write(p: Part): void {
    if (!p.buffer || p.used === 0) return;
    this.writeBytes(p, p.buffer.subarray(0, p.used));
    p.used = 0;
  }

  private writeBytes(p: Part, bytes: Buffer): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.end + done);
    p.blocks.push({ offset: this.end, length: bytes.length });
    this.end += bytes.length;
  }

  get partCount(): number {
    return this.parts.length;
  }

  /** The lines of a part in the order they were added. */
  read(part: number): string[] {
    const lines: string[] = [];
    this.forEachLine(part, (line) => lines.push(line));
    return lines;
  }

  /**
   * Hands each line of a part to `take` in the order they were added, one block's text at a time:
   * a chunk's lines gathered in a list kept all its text alive until the last row was assembled,
   * megabytes that every scavenge copied and then promoted.
   */
  forEachLine(part: number, take: (line: string) => void): void {
    const p = this.parts[part];
    if (!p) return;
    this.write(p);
    for (const block of p.blocks) {
      const bytes = Buffer.allocUnsafe(block.length);
      let done = 0;
      while (done < block.length) {
        const n = readSync(this.fd, bytes, done, block.length - done, block.offset + done);
        if (n === 0) throw new Error('spill file ended early');
        done += n;
      }
      const text = bytes.toString(encoding);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        take(text.slice(start, nl));
        start = nl + 1;
      }
    }
  }

  /** Forgets a part once it has been read for the last time. */
  drop(part: number): void {
    const p = this.parts[part];
    if (p) {
      p.buffer = null;
      p.used = 0;
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
