// Typed reading of a parsed YAML/JSON tree; each bad field becomes an issue with its line.
import type { IssueCode, ScoringIssue } from './issues.js';
import { type PathKey, type SourceTree, isRecord, pathText } from './source.js';
import { toHundredths } from './points.js';

export const idPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

export class FieldReader {
  readonly issues: ScoringIssue[] = [];

  constructor(
    private readonly tree: SourceTree,
    readonly file: string,
  ) {}

  fail(path: readonly PathKey[], message: string, messageEn: string, extra: Partial<ScoringIssue> & { code?: IssueCode } = {}): void {
    this.issues.push({ code: 'field', message, messageEn, file: this.file, line: this.tree.lineAt(path), path: pathText(path), ...extra });
  }

  record(value: unknown, path: readonly PathKey[], what: string): Record<string, unknown> | null {
    if (isRecord(value)) return value;
    this.fail(path, `${what}应为键值对象`, `${pathText(path) || 'document'} must be a mapping`);
    return null;
  }

  list(obj: Record<string, unknown>, key: string, path: readonly PathKey[], required = false): unknown[] {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.fail([...path, key], `缺少“${key}”`, `${key} is required`);
      return [];
    }
    if (Array.isArray(value)) return value;
    this.fail([...path, key], `“${key}”应为列表`, `${key} must be a list`);
    return [];
  }

  text(obj: Record<string, unknown>, key: string, path: readonly PathKey[], fallback?: string): string | null {
    const value = obj[key];
    if (value === undefined || value === null || value === '') {
      if (fallback !== undefined) return fallback;
      this.fail([...path, key], `缺少“${key}”`, `${key} is required`);
      return null;
    }
    // Versions such as 2017.3 arrive as numbers; they are names, not quantities.
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return value.trim();
    this.fail([...path, key], `“${key}”应为文字`, `${key} must be text`);
    return null;
  }

  id(obj: Record<string, unknown>, key: string, path: readonly PathKey[]): string | null {
    const value = this.text(obj, key, path);
    if (value !== null && !idPattern.test(value)) {
      this.fail([...path, key], `标识“${value}”只能用英文字母开头，含字母、数字、_ 或 -`, `id "${value}" must start with a letter and use letters, digits, _ or -`);
      return null;
    }
    return value;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, key: string, path: readonly PathKey[], allowed: readonly T[]): T | null {
    const value = this.text(obj, key, path);
    if (value === null) return null;
    const found = allowed.find((a) => a === value);
    if (found === undefined) this.fail([...path, key], `“${key}”应为 ${allowed.join(' / ')} 之一，而不是“${value}”`, `${key} must be one of ${allowed.join(', ')}`);
    return found ?? null;
  }

  /** A positive amount of points with at most two decimals, in hundredths. */
  points(obj: Record<string, unknown>, key: string, path: readonly PathKey[], required: boolean): number | null {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.fail([...path, key], `缺少“${key}”`, `${key} is required`);
      return null;
    }
    const h = typeof value === 'number' || typeof value === 'string' ? toHundredths(value) : null;
    if (h === null || h <= 0) {
      this.fail([...path, key], `“${key}”应为大于 0、最多两位小数的分值`, `${key} must be a positive score with at most two decimals`);
      return null;
    }
    return h;
  }

  /** A whole number ≥ min (counts, yuan). */
  integer(obj: Record<string, unknown>, key: string, path: readonly PathKey[], min: number, fallback: number): number {
    const value = obj[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
    this.fail([...path, key], `“${key}”应为不小于 ${min} 的整数`, `${key} must be an integer ≥ ${min}`);
    return fallback;
  }
}
