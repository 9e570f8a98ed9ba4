import { describe, expect, it } from 'vitest';
import { ChainVerifier, entryHash, genesisHash, type AuditEntry } from './audit-chain.js';

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    const content = { seq, at: `2019-01-0${seq}`, actor: 'a', action: 'update', entityType: 'household', entityId: String(seq), beforeJson: null, afterJson: '{}' };
    const hash = entryHash(content, prev);
    entries.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

function firstBreak(entries: readonly AuditEntry[]) {
  const v = new ChainVerifier();
  for (const e of entries) {
    const b = v.check(e);
    if (b) return b;
  }
  return null;
}

describe('audit chain', () => {
  it('accepts an intact chain', () => {
    expect(firstBreak(chain(5))).toBeNull();
  });
  it('names an edited entry', () => {
    const entries = chain(5);
    const third = entries[2];
    if (!third) throw new Error('fixture');
    entries[2] = { ...third, actor: 'mallory' };
    expect(firstBreak(entries)).toMatchObject({ seq: 3, problem: 'edited' });
  });
  it('names a removed entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(firstBreak(entries)).toMatchObject({ seq: 2, problem: 'removed' });
  });
  it('names a reordered entry', () => {
    const entries = chain(5).map((e) => ({ ...e }));
    const [a, b] = [entries[1], entries[2]];
    if (!a || !b) throw new Error('fixture');
    // Swap contents but keep seq numbers in order, as an UPDATE swapping two rows would.
    entries[1] = { ...b, seq: 2 };
    entries[2] = { ...a, seq: 3 };
    expect(firstBreak(entries)).toMatchObject({ seq: 2, problem: 'reordered' });
  });
});
