// What-if: the same rule set with a changed parameter or rule, checked exactly like a file.
// The changed set is written back to its file form and loaded again, so a what-if can never run a
// rule that a file could not contain.
import { ExprError, namesOf, parseExpr } from './expr.js';
import { isFactOf } from './facts.js';
import { loadRuleSet } from './load.js';
import type { CriterionDef, Label, ParamValue, RuleSet } from './rule-set.js';

export interface CriterionChange {
  readonly id: string;
  /** A new expression; with `facts`/`parameters` when it reads other names than before. */
  readonly expr?: string;
  readonly facts?: readonly string[];
  readonly parameters?: readonly string[];
  readonly label?: Label;
  readonly kind?: CriterionDef['kind'];
  /** Drop the criterion (only in a what-if: files cannot drop national criteria). */
  readonly remove?: boolean;
}

export interface WhatIfChange {
  /** New parameter values for the assessed year. */
  readonly parameters?: Readonly<Record<string, ParamValue>>;
  /** Changed, added (unknown id) or removed criteria. */
  readonly criteria?: readonly CriterionChange[];
}

export function fileForm(rs: RuleSet): Record<string, unknown> {
  return {
    id: rs.id,
    version: rs.version,
    title: rs.title,
    unit: rs.unit,
    years: [rs.years.from, rs.years.to],
    region: rs.region,
    parameters: Object.fromEntries(Object.entries(rs.parameters).map(([name, p]) => [name, { type: p.type, ...(p.label ? { label: p.label } : {}), ...(p.unit ? { unit: p.unit } : {}), ...(p.value === null ? {} : { value: p.value }), byYear: p.byYear }])),
    criteria: rs.criteria.map((c) => ({ id: c.id, label: c.label, group: c.group, kind: c.kind, facts: c.facts, parameters: c.parameters, expr: c.expr })),
  };
}

export function applyWhatIf(rs: RuleSet, year: number, change: WhatIfChange): RuleSet {
  const form = fileForm(rs);
  const params = { ...(form['parameters'] as Record<string, { byYear: Record<string, ParamValue> }>) };
  for (const [name, value] of Object.entries(change.parameters ?? {})) {
    const p = params[name];
    // An unknown parameter is added with the value's own type, so the loader can name it if unused or mistyped.
    params[name] = p ? { ...p, byYear: { ...p.byYear, [String(year)]: value } } : ({ type: typeof value, value, byYear: {} } as never);
  }
  let criteria = rs.criteria.map((c) => ({ id: c.id, label: c.label, group: c.group, kind: c.kind, facts: [...c.facts], parameters: [...c.parameters], expr: c.expr }));
  for (const ch of change.criteria ?? []) {
    if (ch.remove) {
      criteria = criteria.filter((c) => c.id !== ch.id);
      continue;
    }
    const existing = criteria.find((c) => c.id === ch.id);
    // A new expression without its lists reads what it names: facts of the unit, the rest parameters.
    const named = ch.expr !== undefined && (ch.facts === undefined || ch.parameters === undefined) ? namesIn(ch.expr) : null;
    const next = {
      id: ch.id,
      label: ch.label ?? existing?.label ?? { zh: ch.id, en: ch.id },
      group: existing?.group ?? 'local',
      kind: ch.kind ?? existing?.kind ?? 'requirement',
      facts: [...(ch.facts ?? named?.filter((n) => isFactOf(rs.unit, n)) ?? existing?.facts ?? [])],
      parameters: [...(ch.parameters ?? named?.filter((n) => !isFactOf(rs.unit, n)) ?? existing?.parameters ?? [])],
      expr: ch.expr ?? existing?.expr ?? '',
    };
    criteria = existing ? criteria.map((c) => (c.id === ch.id ? next : c)) : [...criteria, next];
  }
  const loaded = loadRuleSet(JSON.stringify({ ...form, version: `${rs.version}+what-if`, parameters: params, criteria }, null, 1), 'what-if');
  // Keep who wrote each criterion: an unchanged national criterion stays national.
  const sourceOf = new Map(rs.criteria.map((c) => [c.id, c.source]));
  return { ...loaded, base: rs.base, criteria: loaded.criteria.map((c) => ({ ...c, source: sourceOf.get(c.id) ?? 'what-if' })) };
}

/** Names an expression reads, or null when it does not parse (the loader then reports the error with its position). */
function namesIn(expr: string): string[] | null {
  try {
    return namesOf(parseExpr(expr));
  } catch (error) {
    if (error instanceof ExprError) return null;
    throw error;
  }
}
