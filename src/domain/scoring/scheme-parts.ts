// Readers for the parts of a scheme file; each problem is recorded with its line.
import type { FieldReader } from './fields.js';
import { metricById, metricDefinitions } from './metrics.js';
import { toMillionths } from './points.js';
import type { ConsequenceRules, FundsRule, ItemGroup, PeerGroup, RosterUnit, SchemeComponent, SchemeItem, TieRule } from './scheme.js';
import { isRecord } from './source.js';

const fullWeight = 1_000_000;

export function readComponents(r: FieldReader, root: Record<string, unknown>): SchemeComponent[] {
  const raw = r.list(root, 'components', [], true);
  if (raw.length === 0 && root['components'] !== undefined) r.fail(['components'], '至少需要一个考核项', 'at least one component is required');
  const out: SchemeComponent[] = [];
  raw.forEach((value, i) => {
    const path = ['components', i];
    const c = r.record(value, path, '考核项');
    if (c === null) return;
    const id = r.id(c, 'id', path);
    const name = r.text(c, 'name', path);
    const max = r.points(c, 'max', path, c['weight'] === undefined);
    const weight = readWeight(r, c, path);
    const metric = readMetric(r, c, path);
    // Weighted components are usually scored out of 100; the maximum may be left out for them.
    if (id !== null && name !== null) out.push({ id, name, max: max ?? 10_000, weight, ...(metric === null ? {} : { metric }) });
  });
  const weights = out.flatMap((c) => (c.weight === null ? [] : [c.weight]));
  const sum = weights.reduce((a, b) => a + b, 0);
  // Millionths are integers, so "sums to 1" is an exact test here (well inside ±1e-9 of the decimal sum).
  if (weights.length > 0 && sum !== fullWeight) {
    const list = out.flatMap((c) => (c.weight === null ? [] : [`${c.name} ${c.weight / 10_000}%`])).join(' + ');
    r.fail(['components'], `加权考核项的权重之和应为 1（100%），现为 ${sum / 10_000}%：${list}`, `weights of weighted components must sum to 1, got ${sum / fullWeight}`, { code: 'weights' });
  }
  return out;
}

/** `metric: rectificationOnTime`: the system computes the component from its own data (metrics.ts). */
function readMetric(r: FieldReader, c: Record<string, unknown>, path: (string | number)[]): string | null {
  if (c['metric'] === undefined || c['metric'] === null) return null;
  const id = r.text(c, 'metric', path);
  if (id === null) return null;
  if (metricById(id) === undefined) {
    r.fail([...path, 'metric'], `指标“${id}”不存在，可用：${metricDefinitions.map((m) => `${m.id}（${m.name}）`).join('、')}`, `unknown metric "${id}"`, { code: 'unknownReference' });
    return null;
  }
  return id;
}

function readWeight(r: FieldReader, c: Record<string, unknown>, path: (string | number)[]): number | null {
  const value = c['weight'];
  if (value === undefined || value === null) return null;
  const w = typeof value === 'number' ? toMillionths(value) : null;
  if (w === null || w <= 0 || w > fullWeight) {
    r.fail([...path, 'weight'], '权重应为 0 到 1 之间的小数（最多六位小数），如 0.5', 'weight must be a decimal in (0, 1] with at most six decimals', { code: 'weights' });
    return null;
  }
  return w;
}

export function readItemGroup(r: FieldReader, root: Record<string, unknown>, key: 'bonuses' | 'deductions', components: readonly SchemeComponent[]): ItemGroup {
  const value = root[key];
  if (value === undefined || value === null) return { cap: null, items: [] };
  const group = r.record(value, [key], key === 'bonuses' ? '加分项' : '扣分项');
  if (group === null) return { cap: null, items: [] };
  const cap = r.points(group, 'cap', [key], false);
  const items: SchemeItem[] = [];
  r.list(group, 'items', [key], true).forEach((v, i) => {
    const path = [key, 'items', i];
    const item = r.record(v, path, key === 'bonuses' ? '加分项' : '扣分项');
    if (item === null) return;
    const id = r.id(item, 'id', path);
    const name = r.text(item, 'name', path);
    const itemCap = r.points(item, 'cap', path, true);
    const component = item['component'] === undefined ? null : r.text(item, 'component', path);
    if (component !== null && !components.some((c) => c.id === component)) {
      r.fail([...path, 'component'], `“${component}”不是本方案的考核项`, `component "${component}" is not in the scheme`, { code: 'unknownReference', component });
    }
    if (id !== null && name !== null && itemCap !== null) items.push({ id, name, cap: itemCap, component });
  });
  return { cap, items };
}

export function readNamed(r: FieldReader, root: Record<string, unknown>, key: 'vetoes' | 'peerGroups'): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  r.list(root, key, []).forEach((v, i) => {
    const item = r.record(v, [key, i], key === 'vetoes' ? '一票否决项' : '分组');
    if (item === null) return;
    const id = r.id(item, 'id', [key, i]);
    const name = r.text(item, 'name', [key, i]);
    if (id !== null && name !== null) out.push({ id, name });
  });
  return out;
}

export function readTieRule(r: FieldReader, root: Record<string, unknown>, components: readonly SchemeComponent[]): TieRule {
  const value = root['tieRule'];
  if (value === undefined || value === null || value === 'shared') return { kind: 'shared' };
  if (!isRecord(value) || !Array.isArray(value['breakBy'])) {
    r.fail(['tieRule'], '并列规则应为 shared，或 { breakBy: [考核项标识…] }', 'tieRule must be "shared" or { breakBy: [component ids] }');
    return { kind: 'shared' };
  }
  const ids: string[] = [];
  value['breakBy'].forEach((id: unknown, i: number) => {
    if (typeof id === 'string' && components.some((c) => c.id === id)) ids.push(id);
    else r.fail(['tieRule', 'breakBy', i], `并列规则引用了不存在的考核项“${String(id)}”`, `tieRule.breakBy names unknown component "${String(id)}"`, { code: 'unknownReference' });
  });
  return { kind: 'breakBy', components: ids };
}

export function readRoster(r: FieldReader, root: Record<string, unknown>, groups: readonly PeerGroup[]): RosterUnit[] | null {
  if (root['units'] === undefined) return null;
  const out: RosterUnit[] = [];
  const seen = new Set<string>();
  r.list(root, 'units', []).forEach((v, i) => {
    const path = ['units', i];
    const u = r.record(v, path, '单位');
    if (u === null) return;
    const id = r.text(u, 'id', path);
    const name = r.text(u, 'name', path);
    const peerGroups = r.list(u, 'peerGroups', path).flatMap((g, j) => {
      if (typeof g === 'string' && groups.some((pg) => pg.id === g)) return [g];
      r.fail([...path, 'peerGroups', j], `分组“${String(g)}”未在 peerGroups 中定义`, `peer group "${String(g)}" is not defined`, { code: 'unknownReference' });
      return [];
    });
    if (id !== null && seen.has(id)) r.fail([...path, 'id'], `单位“${id}”重复`, `unit "${id}" is listed twice`, { code: 'duplicateId', unitId: id });
    if (id !== null && name !== null) {
      seen.add(id);
      out.push({ id, name, peerGroups });
    }
  });
  return out;
}

export function readConsequences(r: FieldReader, root: Record<string, unknown>): ConsequenceRules {
  const none: ConsequenceRules = { rewardTop: 0, accountabilityBottom: 0, funds: null };
  if (root['consequences'] === undefined) return none;
  const c = r.record(root['consequences'], ['consequences'], '奖惩规则');
  if (c === null) return none;
  const path = ['consequences'];
  return {
    rewardTop: r.integer(c, 'rewardTop', path, 0, 0),
    accountabilityBottom: r.integer(c, 'accountabilityBottom', path, 0, 0),
    funds: c['funds'] === undefined ? null : readFunds(r, c['funds']),
  };
}

function readFunds(r: FieldReader, value: unknown): FundsRule | null {
  const path = ['consequences', 'funds'];
  const f = r.record(value, path, '资金分配规则');
  if (f === null) return null;
  const formula = r.oneOf(f, 'formula', path, ['linear', 'score', 'bands'] as const) ?? 'linear';
  const bands = r.list(f, 'bands', path, formula === 'bands').flatMap((v, i) => {
    const b = r.record(v, [...path, 'bands', i], '名次段');
    if (b === null) return [];
    const from = r.integer(b, 'from', [...path, 'bands', i], 1, 1);
    const to = r.integer(b, 'to', [...path, 'bands', i], from, from);
    return [{ from, to, weight: r.integer(b, 'weight', [...path, 'bands', i], 0, 0) }];
  });
  const keeps = f['vetoedKeepsBase'];
  if (keeps !== undefined && typeof keeps !== 'boolean') r.fail([...path, 'vetoedKeepsBase'], 'vetoedKeepsBase 应为 true 或 false', 'vetoedKeepsBase must be a boolean');
  return { base: r.integer(f, 'base', path, 0, 0), pool: r.integer(f, 'pool', path, 0, 0), formula, bands, vetoedKeepsBase: keeps === true };
}
