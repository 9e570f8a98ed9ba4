// Evaluating a rule set: compile for a year, run over units, explain a stored result.
// A criterion whose facts are not all known says "no data"; a unit passes only when every
// requirement passes, so missing data can never let a unit exit.
import { createHash } from 'node:crypto';
import { compile, typeOf, type Compiled } from './compile.js';
import { parseExpr, type ValueType } from './expr.js';
import { factCatalog, type Facts } from './facts.js';
import { RuleSetInvalid, type CriterionDef, type ParameterDef, type ParamValue, type RuleSet } from './rule-set.js';

export type CriterionResult = 'pass' | 'fail' | 'noData';
export type UnitStatus = 'ready' | 'blocked' | 'noData';

/** A unit's conclusion as ledgers and the CLI write it. */
export const unitStatusZh: Readonly<Record<string, string>> = { ready: '可退出', blocked: '未达标', noData: '缺数据' };
export const unitStatuses: readonly UnitStatus[] = ['ready', 'blocked', 'noData'];

/** One character per criterion in a stored result: P pass, F fail (or flagged), N no data. */
export const resultCode: Record<CriterionResult, string> = { pass: 'P', fail: 'F', noData: 'N' };
const codeResult: Record<string, CriterionResult> = { P: 'pass', F: 'fail', N: 'noData' };

export interface CompiledCriterion {
  readonly def: CriterionDef;
  readonly requirement: boolean;
  readonly facts: readonly string[];
  readonly fn: Compiled;
}

export interface CompiledRuleSet {
  readonly ruleSet: RuleSet;
  readonly year: number;
  readonly criteria: readonly CompiledCriterion[];
  /** Every fact the set reads, in first-use order: the facts stored with each result. */
  readonly factNames: readonly string[];
}

export interface UnitOutcome {
  readonly status: UnitStatus;
  readonly codes: string;
}

export function parameterValue(def: ParameterDef, year: number): ParamValue | null {
  return def.byYear[String(year)] ?? def.value;
}

export function compileRuleSet(ruleSet: RuleSet, year: number): CompiledRuleSet {
  if (year < ruleSet.years.from || year > ruleSet.years.to) {
    throw new RuleSetInvalid([{ file: ruleSet.id, line: null, path: 'years', message: `标准“${ruleSet.title.zh}”适用于 ${ruleSet.years.from}–${ruleSet.years.to} 年，不含 ${year} 年`, messageEn: `rule set covers ${ruleSet.years.from}–${ruleSet.years.to}, not ${year}`, fix: '选择适用于该年度的标准', fixEn: 'Choose a rule set for this year' }]);
  }
  const catalog = factCatalog[ruleSet.unit];
  const factNames: string[] = [];
  const criteria = ruleSet.criteria.map((def) => {
    const constant = (name: string): ParamValue | undefined => {
      const p = def.parameters.includes(name) ? ruleSet.parameters[name] : undefined;
      return p ? (parameterValue(p, year) ?? undefined) : undefined;
    };
    const ast = parseExpr(def.expr);
    // Checked again here: a stored or edited rule set reaches this point without passing load().
    typeOf(ast, (name): ValueType | undefined => (def.parameters.includes(name) ? ruleSet.parameters[name]?.type : def.facts.includes(name) ? catalog[name]?.type : undefined));
    for (const f of def.facts) if (!factNames.includes(f)) factNames.push(f);
    return { def, requirement: def.kind === 'requirement', facts: def.facts, fn: compile(ast, constant) };
  });
  return { ruleSet, year, criteria, factNames };
}

export function evaluateUnit(c: CompiledRuleSet, facts: Facts): UnitOutcome {
  let codes = '';
  let failed = false;
  let unknown = false;
  for (const k of c.criteria) {
    let known = true;
    for (const f of k.facts) {
      const v = facts[f];
      if (v === null || v === undefined) {
        known = false;
        break;
      }
    }
    if (!known) {
      codes += 'N';
      if (k.requirement) unknown = true;
    } else if (k.fn(facts) === true) codes += 'P';
    else {
      codes += 'F';
      if (k.requirement) failed = true;
    }
  }
  return { status: failed ? 'blocked' : unknown ? 'noData' : 'ready', codes };
}

export interface ChecklistItem {
  readonly id: string;
  readonly label: CriterionDef['label'];
  readonly group: CriterionDef['group'];
  readonly kind: CriterionDef['kind'];
  readonly expr: string;
  readonly result: CriterionResult;
  readonly facts: Readonly<Record<string, ParamValue | null>>;
  readonly parameters: Readonly<Record<string, ParamValue | null>>;
  /** Each parameter's name and unit as the standard words them, for people reading the checklist. */
  readonly parameterLabels: Readonly<Record<string, { readonly label: ParameterDef['label']; readonly unit: ParameterDef['unit'] }>>;
}

/** A stored result read back against the rule set it was made with: every criterion, its facts and parameters. */
export function explain(ruleSet: RuleSet, year: number, factNames: readonly string[], codes: string, values: readonly (ParamValue | null)[]): ChecklistItem[] {
  const byName = new Map(factNames.map((n, i) => [n, values[i] ?? null]));
  return ruleSet.criteria.map((def, i) => ({
    id: def.id,
    label: def.label,
    group: def.group,
    kind: def.kind,
    expr: def.expr,
    result: codeResult[codes.charAt(i)] ?? 'noData',
    facts: Object.fromEntries(def.facts.map((f) => [f, byName.get(f) ?? null])),
    parameters: Object.fromEntries(def.parameters.map((p) => {
      const d = ruleSet.parameters[p];
      return [p, d ? parameterValue(d, year) : null];
    })),
    parameterLabels: Object.fromEntries(def.parameters.map((p) => [p, { label: ruleSet.parameters[p]?.label ?? null, unit: ruleSet.parameters[p]?.unit ?? null }])),
  }));
}

/** A stable digest of a rule set's content: the same rules give the same hash whatever the key order. */
export function ruleSetHash(ruleSet: RuleSet): string {
  return createHash('sha256').update(stableJson(ruleSet)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
