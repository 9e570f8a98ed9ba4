// YAML and JSON read through one parser so that every problem can name its line.
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { ScoringIssue } from './issues.js';

export type PathKey = string | number;

export interface SourceTree {
  readonly value: unknown;
  /** Line of the node at `path`, or of its nearest ancestor that exists. */
  lineAt(path: readonly PathKey[]): number | undefined;
  /** Syntax errors; when any exist `value` must not be trusted. */
  readonly syntaxIssues: readonly ScoringIssue[];
}

export function readSourceTree(text: string, file: string): SourceTree {
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser gives line numbers for both formats.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxIssues: ScoringIssue[] = doc.errors.map((e) => ({
    code: 'syntax',
    message: `文件格式错误：${e.message}`,
    messageEn: `syntax error: ${e.message}`,
    file,
    line: lineCounter.linePos(e.pos[0]).line,
  }));
  const lineAt = (path: readonly PathKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n -= 1) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { value: syntaxIssues.length > 0 ? null : doc.toJS(), lineAt, syntaxIssues };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `components[1].weight` from ['components', 1, 'weight']. */
export function pathText(path: readonly PathKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
