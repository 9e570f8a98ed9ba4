// Test support: the shipped standards read straight from disk, and a household that passes
// every national criterion, to vary one fact at a time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet } from '../../src/domain/exit-rules/load.js';
import type { RuleSet } from '../../src/domain/exit-rules/rule-set.js';
import type { Facts } from '../../src/domain/exit-rules/facts.js';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'src', 'domain', 'exit-rules', 'standards');
export const standardText = (name: string): string => readFileSync(join(dir, `${name}.yaml`), 'utf8');

export function shipped(): Record<string, RuleSet> {
  const out: Record<string, RuleSet> = {};
  for (const name of ['cn-household', 'cn-village', 'cn-county']) out[name] = loadRuleSet(standardText(name), `${name}.yaml`);
  const base = (id: string) => out[id];
  for (const name of ['shaanxi-577-household', 'xunyang-shuangqi-household', 'xunyang-shuangqi-village']) out[name] = loadRuleSet(standardText(name), `${name}.yaml`, { base });
  return out;
}

/** 2019 line 3,218 yuan: this household clears it on its own income and meets every guarantee. */
export const goodHousehold: Facts = {
  assessmentYear: 2019,
  identifiedYear: 2015,
  memberCount: 4,
  netIncomePerCapita: 5000,
  minimumLivingAllowancePerCapita: 0,
  extremePovertyAllowancePerCapita: 0,
  expectedIncomePerCapita: 0,
  schoolAgeDropouts: 0,
  membersWithoutMedicalInsurance: 0,
  membersWithoutSeriousIllnessInsurance: 0,
  ableBodiedMembers: 2,
  unskilledAbleBodiedMembers: 0,
  housingSafetyGrade: 'A',
  safeDrinkingWater: true,
  hasDomesticPower: true,
  relocationPending: false,
  renovationInProgress: false,
  industryProjectPending: false,
};
