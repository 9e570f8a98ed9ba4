// The shipped exit standards (src/domain/exit-rules/standards/*.yaml), loaded once and checked:
// national sets first, then the local checklists layered over them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitKind } from '../domain/exit-rules/facts.js';
import { loadRuleSet } from '../domain/exit-rules/load.js';
import { ruleSetHash } from '../domain/exit-rules/evaluate.js';
import { RuleSetInvalid, type RuleSet } from '../domain/exit-rules/rule-set.js';
import { packageRoot } from './paths.js';
import { ValidationFailed } from './errors.js';

export const standardsDir = (): string => join(packageRoot(), 'src', 'domain', 'exit-rules', 'standards');

export interface Standards {
  readonly all: readonly RuleSet[];
  get(id: string): RuleSet | undefined;
  /** The national set for a unit and year. */
  national(unit: UnitKind, year: number): RuleSet | undefined;
  /** Reads a rule-set file's text (a county's own checklist), layered over a shipped set if it extends one. */
  parse(text: string, fileName: string): RuleSet;
}

let cached: Standards | null = null;

export function loadStandards(dir = standardsDir()): Standards {
  if (cached && dir === standardsDir()) return cached;
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const texts = files.map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }));
  const byId = new Map<string, RuleSet>();
  // Files that extend another wait until their base is loaded; a few passes settle any order.
  let pending = texts;
  for (let pass = 0; pass < 4 && pending.length > 0; pass++) {
    pending = pending.filter(({ f, text }) => {
      const extendsId = /^extends:\s*([\w.-]+)/m.exec(text)?.[1];
      if (extendsId && !byId.has(extendsId)) return true;
      const rs = loadRuleSet(text, f, { base: (id) => byId.get(id) });
      byId.set(rs.id, rs);
      return false;
    });
  }
  if (pending.length > 0) throw new Error(`exit standards whose base is missing: ${pending.map((p) => p.f).join(', ')}`);
  const all = [...byId.values()];
  const standards: Standards = {
    all,
    get: (id) => byId.get(id),
    national: (unit, year) => all.find((r) => r.region === '' && r.unit === unit && year >= r.years.from && year <= r.years.to),
    parse(text, fileName) {
      try {
        return loadRuleSet(text, fileName, { base: (id) => byId.get(id) });
      } catch (error) {
        throw asValidation(error);
      }
    },
  };
  if (dir === standardsDir()) cached = standards;
  return standards;
}

/** Rule-set problems as the app's field errors: the field names the file and line. */
export function asValidation(error: unknown): unknown {
  if (!(error instanceof RuleSetInvalid)) return error;
  return new ValidationFailed(error.issues.map((i) => ({ field: `${i.file}${i.line ? `:${i.line}` : ''}${i.path ? ` ${i.path}` : ''}`, message: i.message, messageEn: i.messageEn, fix: i.fix, fixEn: i.fixEn })));
}

/** A rule set may only be used inside its region and years. */
export function checkApplies(rs: RuleSet, region: string, year: number): void {
  const errors = [];
  if (!region.startsWith(rs.region)) {
    errors.push({ field: 'rules', message: `标准“${rs.title.zh}”只适用于 ${rs.region} 及其下级地区`, messageEn: `rule set applies to ${rs.region} only`, fix: '选择适用于该地区的标准', fixEn: 'Choose a rule set for this region' });
  }
  if (year < rs.years.from || year > rs.years.to) {
    errors.push({ field: 'year', message: `标准“${rs.title.zh}”适用于 ${rs.years.from}–${rs.years.to} 年`, messageEn: `rule set covers ${rs.years.from}–${rs.years.to}`, fix: '选择适用于该年度的标准', fixEn: 'Choose a rule set for this year' });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
}

export function describeRuleSet(rs: RuleSet) {
  return { id: rs.id, version: rs.version, title: rs.title, unit: rs.unit, years: rs.years, region: rs.region, base: rs.base, hash: ruleSetHash(rs), criteria: rs.criteria.length };
}
