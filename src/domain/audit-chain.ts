// The tamper-evident audit chain: each entry's hash covers its content and the previous hash,
// so editing, removing or reordering any entry breaks every hash after it. The chain alone cannot
// show entries cut off at its end: for that the store keeps the head (the newest entry's seq and
// hash) and anchors (entries recorded elsewhere: at a year's close, or written down by an operator),
// which the checks below hold the verified chain to.
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

/**
 * edited, removed, reordered: as the chain shows them. rewritten: the chain checks but an anchor's
 * entry has another hash (it, or entries before it, were rewritten with new hashes). unanchored:
 * entries stand after the recorded head (the head was moved back, or they were not written by
 * the application). head-missing: the head row itself is gone.
 */
export type ChainProblem = 'edited' | 'removed' | 'reordered' | 'rewritten' | 'unanchored' | 'head-missing';

/** A point on the chain: entry `seq` has `hash` (seq 0 is the empty chain, with the genesis hash). */
export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

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
        message: `审计日志第 ${range(this.expectedSeq, entry.seq - 1)} 条缺失（被删除）`,
        messageEn: `audit ${entry.seq - 1 === this.expectedSeq ? 'entry' : 'entries'} ${range(this.expectedSeq, entry.seq - 1)} ${entry.seq - 1 === this.expectedSeq ? 'is' : 'are'} missing (removed)`,
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

  /** The last entry checked so far. */
  get last(): ChainPoint {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }
}

function range(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

/** Holds the verified chain, ending at `last`, to the recorded head. */
export function checkHead(last: ChainPoint, head: ChainPoint | null): ChainBreak | null {
  if (head === null) {
    return {
      seq: last.seq + 1,
      problem: 'head-missing',
      message: '审计链头记录（audit_head）缺失：无法确认日志末尾是否有条目被删除',
      messageEn: 'the audit head record (audit_head) is missing: whether entries were removed from the end cannot be told',
    };
  }
  if (last.seq < head.seq) {
    const n = head.seq - last.seq;
    return {
      seq: last.seq + 1,
      problem: 'removed',
      message: last.seq === 0
        ? `审计日志全部 ${n} 条被删除（链头记录为第 ${head.seq} 条）`
        : `审计日志第 ${last.seq} 条之后的 ${n} 条（第 ${range(last.seq + 1, head.seq)} 条）被删除`,
      messageEn: last.seq === 0
        ? `all ${n} audit ${n === 1 ? 'entry was' : 'entries were'} removed (the head records entry ${head.seq})`
        : `the ${n} audit ${n === 1 ? 'entry' : 'entries'} after entry ${last.seq} (${range(last.seq + 1, head.seq)}) ${n === 1 ? 'was' : 'were'} removed`,
    };
  }
  if (last.seq > head.seq) {
    return {
      seq: head.seq + 1,
      problem: 'unanchored',
      message: `审计日志第 ${range(head.seq + 1, last.seq)} 条在链头记录（第 ${head.seq} 条）之后：链头被回退，或这些条目不是由本系统写入`,
      messageEn: `audit entries ${range(head.seq + 1, last.seq)} stand after the recorded head (entry ${head.seq}): the head was moved back, or they were not written by the application`,
    };
  }
  if (last.hash !== head.hash) {
    return {
      seq: head.seq,
      problem: 'rewritten',
      message: `审计日志第 ${head.seq} 条的哈希与链头记录不符：日志（或链头）被改写`,
      messageEn: `audit entry ${head.seq} does not have the hash the head records: the log (or the head) was rewritten`,
    };
  }
  return null;
}

/** An anchor: a point recorded outside the chain, named for the message (年度关账时的锚点 …). */
export interface ChainAnchor extends ChainPoint {
  readonly label: string;
  readonly labelEn: string;
}

/**
 * Holds the verified chain, ending at `last`, to an anchor; `hashAt` is the hash of the anchor's
 * entry (present whenever anchor.seq <= last.seq, since the chain checked). An anchor's hash may be
 * given as a prefix of at least 16 hex digits, as an operator copies it.
 */
export function checkAnchor(last: ChainPoint, anchor: ChainAnchor, hashAt: string | undefined): ChainBreak | null {
  if (anchor.seq > last.seq) {
    return {
      seq: last.seq + 1,
      problem: 'removed',
      message: `${anchor.label}为第 ${anchor.seq} 条，${last.seq === 0 ? '现日志为空' : `现日志只到第 ${last.seq} 条`}：第 ${last.seq + 1} 条起的条目被删除`,
      messageEn: `${anchor.labelEn} is entry ${anchor.seq}, but the log now ${last.seq === 0 ? 'is empty' : `ends at entry ${last.seq}`}: entries from ${last.seq + 1} on were removed`,
    };
  }
  if (anchor.seq > 0 && (hashAt === undefined || !hashAt.startsWith(anchor.hash.toLowerCase()))) {
    return {
      seq: anchor.seq,
      problem: 'rewritten',
      message: `${anchor.label}（第 ${anchor.seq} 条）的哈希与该条现在的哈希不符：该条或它之前的日志被改写`,
      messageEn: `${anchor.labelEn} (entry ${anchor.seq}) does not match that entry's hash now: it, or entries before it, were rewritten`,
    };
  }
  return null;
}
