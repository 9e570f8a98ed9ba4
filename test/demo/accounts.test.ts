// The demo's accounts (npm start) follow the database, not the text file printed beside it: a
// database deleted to start the demo afresh leaves that file behind, and its accounts were then
// printed while none of them existed to sign in with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src/app/compose.js';
import { loadRegions } from '../../src/app/regions.js';
import { ensureDemoAccounts } from '../../src/cli/commands/demo.js';
import { createTestStore, dialects, type TestStore } from '../helpers/stores.js';

describe.each(dialects)('demo accounts on %s', (dialect) => {
  let t: TestStore;
  let dir: string;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await loadRegions(t.store, '6109');
    dir = mkdtempSync(join(tmpdir(), 'jingzhun-demo-accounts-'));
  });
  afterAll(async () => {
    await t?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the accounts a file left by an earlier database names, and each signs in', async () => {
    const file = join(dir, 'demo-accounts.txt');
    writeFileSync(file, '  安康市管理员　　 用户名 admin      密码 Demo-admin-2019\n');
    const text = await ensureDemoAccounts(t.store, file);
    for (const username of ['sysadmin', 'admin', 'town', 'village', 'inspector']) {
      expect(text).toContain(`用户名 ${username}`);
      await expect(composeApp(t.store).auth.login(username, `Demo-${username}-2019`)).resolves.toMatchObject({ user: { username } });
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
    // Started again on the same database: the same accounts, none made twice.
    expect(await ensureDemoAccounts(t.store, file)).toBe(text);
    const users = await t.store.db.selectFrom('app_user').select('username').execute();
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'inspector', 'sysadmin', 'town', 'village']);
  });
});
