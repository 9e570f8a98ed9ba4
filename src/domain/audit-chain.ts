// The tamper-evident audit chain: each entry's hash covers its content and the previous hash,
// so editing, removing or reordering any entry breaks every hash after it.
import { createHash } from 'node:crypto';

export interface AuditContent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
}

export interface AuditEntry extends AuditContent {
  readonly prevHash: string;
  readonly hash: string;
}

export const genesisHash = '0'.repeat(64);

export function entryHash(content: AuditContent, prevHash: string): string {
  const canonical = JSON.stringify([
    content.seq,
    content.at,
    content.actor,
    content.action,
    content.entityType,
    content.entityId,
    content.beforeJson,
    content.afterJson,
    prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export type ChainProblem = 'edited' | 'removed' | 'reordered';

export interface ChainBreak {
  readonly seq: number;
  readonly problem: ChainProblem;
  readonly message: string;
  readonly messageEn: string;
}

/** Checks entries in seq order, carrying state across calls so that huge logs stream in chunks. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = genesisHash;
  checked = 0;

  check(entry: AuditEntry): ChainBreak | null {
    if (entry.seq > this.expectedSeq) {
      return {
        seq: this.expectedSeq,
        problem: 'removed',
        message: `审计日志第 ${this.expectedSeq}–${entry.seq - 1} 条缺失（被删除）`,
        messageEn: `audit entries ${this.expectedSeq}–${entry.seq - 1} are missing (removed)`,
      };
    }
    if (entry.seq < this.expectedSeq || entry.prevHash !== this.prevHash) {
      return {
        seq: entry.seq,
        problem: 'reordered',
        message: `审计日志第 ${entry.seq} 条与前一条不衔接（被调换顺序或前面的条目被删除）`,
        messageEn: `audit entry ${entry.seq} does not follow its predecessor (reordered, or an entry before it was removed)`,
      };
    }
    if (entryHash(entry, entry.prevHash) !== entry.hash) {
      return {
        seq: entry.seq,
        problem: 'edited',
        message: `审计日志第 ${entry.seq} 条内容被修改（哈希不符）`,
        messageEn: `audit entry ${entry.seq} was edited (hash mismatch)`,
      };
    }
    this.expectedSeq = entry.seq + 1;
    this.prevHash = entry.hash;
    this.checked += 1;
    return null;
  }

  get headHash(): string {
    return this.prevHash;
  }
}
