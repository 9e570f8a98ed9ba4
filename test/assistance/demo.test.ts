// The demo's work-team account (npm start) sees the households of the cadre it signs in as: its
// region is that cadre's town, not the first village's (an urban subdistrict with no households).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAssistanceDemo, demoCadreUsername } from '../../src/app/assistance-demo.js';
import { loadRegions } from '../../src/app/regions.js';
import { synthesize } from '../../src/app/synth.js';
import { subtreeRange } from '../../src/domain/region-code.js';
import { cadreByUsername } from '../../src/store/assistance.js';
import { findUserByName } from '../../src/store/users.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

describe.each(dialects)('demo assistance account on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '610902');
    await synthesize({ store: t.store, clock: { now: () => new Date() } }, 'test', { under: '610902000000', households: 400, seed: 7, year: 2019, withErrors: false, replace: false });
  });
  afterAll(async () => t?.dispose());

  it('puts the account in the town of its cadre, whose paired households it can then open', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jingzhun-demo-')), 'accounts.txt');
    expect(await ensureAssistanceDemo(t.store, '610900000000', file, () => undefined)).toContain(demoCadreUsername);
    const cadre = await cadreByUsername(t.store.db, demoCadreUsername);
    const account = await findUserByName(t.store.db, demoCadreUsername);
    expect(account?.region_code).toBe(cadre?.region_code);
    const [lo, hi] = subtreeRange(account?.region_code ?? '');
    const paired = await t.store.db.selectFrom('cadre_pairing').select('village_code').where('cadre_id', '=', cadre?.id ?? -1).execute();
    expect(paired.length).toBeGreaterThan(0);
    for (const p of paired) expect(p.village_code >= lo && p.village_code <= hi).toBe(true);
  });
});
