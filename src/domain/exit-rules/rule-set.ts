// Exit standards as data: the rule-set file format (YAML, or JSON which YAML also reads) and its
// structural reading with line numbers. Semantic checks (facts, types, parameters) and layering of a
// local checklist over the national set are in load.ts.
import { LineCounter, isScalar, parseDocument, type Document } from 'yaml';
import type { ValueType } from './expr.js';
import type { UnitKind } from './facts.js';

export interface Label {
  readonly zh: string;
  readonly en: string;
}

export type ParamValue = number | boolean | string;

export interface ParameterDef {
  readonly type: ValueType;
  readonly label: Label | null;
  readonly unit: string | null;
  /** One value for every year, or one per year (`byYear`); a year's own value wins. */
  readonly value: ParamValue | null;
  readonly byYear: Readonly<Record<string, ParamValue>>;
}

export const criterionGroups = ['income', 'basicNeeds', 'guard', 'incidence', 'infrastructure', 'services', 'collective', 'sampling', 'local'] as const;
export type CriterionGroup = (typeof criterionGroups)[number];
/** A requirement blocks the exit when it fails; a flag is reported but does not block. */
export type CriterionKind = 'requirement' | 'flag';

export interface CriterionDef {
  readonly id: string;
  readonly label: Label;
  readonly group: CriterionGroup;
  readonly kind: CriterionKind;
  readonly facts: readonly string[];
  readonly parameters: readonly string[];
  readonly expr: string;
  /** The rule set that wrote this criterion (the national one, or the local one layered over it). */
  readonly source: string;
}

export interface RuleSet {
  readonly id: string;
  readonly version: string;
  readonly title: Label;
  readonly unit: UnitKind;
  readonly years: { readonly from: number; readonly to: number };
  /** Region prefix the set applies to: '' for national, '61' for Shaanxi, '610902' for a county. */
  readonly region: string;
  readonly base: { readonly id: string; readonly version: string } | null;
  readonly parameters: Readonly<Record<string, ParameterDef>>;
  readonly criteria: readonly CriterionDef[];
}

/** One reason a rule set is refused: where (file, line, path) and why, Chinese first. */
export interface RuleIssue {
  readonly file: string;
  readonly line: number | null;
  readonly path: string;
  readonly message: string;
  readonly messageEn: string;
  readonly fix: string;
  readonly fixEn: string;
}

export class RuleSetInvalid extends Error {
  constructor(readonly issues: readonly RuleIssue[]) {
    super(issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''} ${i.path}: ${i.messageEn}`).join('; '));
  }
}

/** A parsed document: its plain data and a way to find the line of any path in it. */
export interface SourceDoc {
  readonly file: string;
  readonly data: unknown;
  lineOf(path: readonly (string | number)[]): number | null;
  /** The line where a scalar's text begins (block scalars start on the next line). */
  textLineOf(path: readonly (string | number)[]): number | null;
}

export function parseSource(text: string, file: string): SourceDoc {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new RuleSetInvalid(
      doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? null, path: '', message: `文件格式错误：${e.message}`, messageEn: `syntax error: ${e.message}`, fix: '请检查缩进、冒号和引号（YAML 或 JSON 格式）', fixEn: 'Check indentation, colons and quotes (YAML or JSON)' })),
    );
  }
  const lineOf = (path: readonly (string | number)[]): number | null => {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? doc.contents : doc.getIn(p, true);
      const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
      if (Array.isArray(range) && typeof range[0] === 'number') return counter.linePos(range[0]).line;
      if (p.length === 0) return null;
    }
  };
  return {
    file,
    data: doc.toJS(),
    lineOf,
    textLineOf(path) {
      const line = lineOf(path);
      const node = doc.getIn(path, true);
      const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
      return line === null ? null : line + (block ? 1 : 0);
    },
  };
}
