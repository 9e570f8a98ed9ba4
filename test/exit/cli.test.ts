import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jingzhun-exit-cli-'));
const db = join(dir, 'cli.db');

const jingzhun = cliRunner(db);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingzhun assess', () => {
  it('assesses households with every criterion and the facts used; refuses a bad rule file with its line', async () => {
    expect((await jingzhun('regions', 'load', '--under', '610902')).code).toBe(0);
    expect((await jingzhun('synth', '--under', '610902', '--households', '150', '--year', '2019')).code).toBe(0);
    const r = await jingzhun('assess', 'households', '--under', '610902', '--year', '2019', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.units.length).toBe(out.run.units);
    const blocked = out.units.find((u: { status: string }) => u.status === 'blocked');
    expect(blocked.pass).toBe(false);
    expect(Object.values(blocked.criteria)).toContain('fail');
    expect(blocked.facts).toHaveProperty('netIncomePerCapita');
    expect(Object.keys(blocked.criteria)).toContain('guardRegisteredThisYear');
    writeFileSync(join(dir, 'local.yaml'), 'id: mine\nextends: cn-household\nversion: "1"\nregion: "610902"\ncriteria:\n  - id: power\n    label: { zh: 通电, en: Power }\n    facts: [hasDomesticPower]\n    expr: hasDomesticPower + 1\n');
    const bad = await jingzhun('assess', 'households', '--under', '610902', '--year', '2019', '--rules', join(dir, 'local.yaml'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('local.yaml:9');
    expect(bad.stderr).toContain('类型错误');
    const whatIf = await jingzhun('assess', 'households', '--under', '610902', '--year', '2019', '--set', 'povertyLine=9000', '--json');
    expect(JSON.parse(whatIf.stdout).after.ready).toBe(0);
  }, 300_000);
});
