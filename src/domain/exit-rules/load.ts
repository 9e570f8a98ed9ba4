// Loading a rule set: structure, facts, parameters and types are all checked before anything runs.
// A local checklist (`extends: <national id>`) is layered over its base: it may add criteria,
// change parameter values and, with `overrides: true`, rewrite a criterion — never a 四个不得 guard.
import { ExprError, namesOf, parseExpr, type ValueType } from './expr.js';
import { typeOf } from './compile.js';
import { factCatalog, isFactOf, unitKinds, type UnitKind } from './facts.js';
import {
  criterionGroups, parseSource, RuleSetInvalid, type CriterionDef, type CriterionGroup, type CriterionKind, type Label,
  type ParameterDef, type ParamValue, type RuleIssue, type RuleSet, type SourceDoc,
} from './rule-set.js';

type Path = (string | number)[];
const valueTypes: readonly ValueType[] = ['number', 'boolean', 'string'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeOfValue = (v: unknown): ValueType | null => (typeof v === 'number' && Number.isFinite(v) ? 'number' : typeof v === 'boolean' ? 'boolean' : typeof v === 'string' ? 'string' : null);

class Reader {
  readonly issues: RuleIssue[] = [];
  constructor(readonly src: SourceDoc) {}
  add(path: Path, message: string, messageEn: string, fix: string, fixEn: string, line?: number | null): void {
    this.issues.push({ file: this.src.file, line: line === undefined ? this.src.lineOf(path) : line, path: path.join('.'), message, messageEn, fix, fixEn });
  }
  text(obj: Record<string, unknown>, path: Path, key: string, required = true): string | null {
    const v = obj[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
    if (required || v !== undefined) this.add([...path, key], `缺少“${key}”或其值不是文字`, `'${key}' is missing or not text`, `请填写 ${key}`, `Fill in ${key}`);
    return null;
  }
  label(obj: Record<string, unknown>, path: Path, key: string): Label {
    const v = obj[key];
    if (isRecord(v) && typeof v['zh'] === 'string' && typeof v['en'] === 'string') return { zh: v['zh'], en: v['en'] };
    this.add([...path, key], `“${key}”需要中文和英文两种说明（zh、en）`, `'${key}' needs zh and en`, `例如 ${key}: { zh: 中文, en: English }`, `For example ${key}: { zh: 中文, en: English }`);
    return { zh: '', en: '' };
  }
  names(obj: Record<string, unknown>, path: Path, key: string): string[] {
    const v = obj[key];
    if (v === undefined) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    this.add([...path, key], `“${key}”应为名称列表`, `'${key}' must be a list of names`, `例如 ${key}: [a, b]`, `For example ${key}: [a, b]`);
    return [];
  }
}

export interface LoadOptions {
  /** Finds the rule set a local checklist extends. */
  readonly base?: (id: string) => RuleSet | undefined;
}

/** Reads, layers and checks a rule set; throws RuleSetInvalid listing every problem with its line. */
export function loadRuleSet(text: string, file: string, options: LoadOptions = {}): RuleSet {
  const r = new Reader(parseSource(text, file));
  const data = r.src.data;
  if (!isRecord(data)) throw new RuleSetInvalid([{ file, line: 1, path: '', message: '规则文件应为一个对象（id、unit、criteria …）', messageEn: 'a rule set is a mapping', fix: '参照 standards/ 中的国家标准文件', fixEn: 'See the national standard files in standards/' }]);
  const id = r.text(data, [], 'id') ?? '';
  const version = r.text(data, [], 'version') ?? '';
  const extendsId = r.text(data, [], 'extends', false);
  const base = extendsId ? options.base?.(extendsId) : undefined;
  if (extendsId && !base) r.add(['extends'], `找不到被叠加的标准“${extendsId}”`, `base rule set '${extendsId}' not found`, '请先载入国家标准，或核对 extends 的 id', 'Load the national standard first, or check the extends id');
  const title = data['title'] === undefined && base ? base.title : r.label(data, [], 'title');
  const unitText = data['unit'] === undefined && base ? base.unit : r.text(data, [], 'unit');
  const unit = unitKinds.find((u) => u === unitText);
  if (!unit) r.add(['unit'], `unit 应为 household、village 或 county`, 'unit must be household, village or county', '例如 unit: household', 'For example unit: household');
  const years = readYears(r, data, base);
  const region = data['region'] === undefined ? (base?.region ?? '') : String(data['region']);
  if (!/^\d{0,12}$/.test(region)) r.add(['region'], 'region 应为区划代码前缀（国家标准留空）', 'region must be a region-code prefix', "例如 region: '6109'", "For example region: '6109'");
  if (base) checkLayer(r, base, unit, years, region);
  if (!unit || r.issues.length > 0) throw new RuleSetInvalid(r.issues);

  const parameters = readParameters(r, data, base, years);
  const criteria = readCriteria(r, data, unit, parameters, base, id);
  if (r.issues.length > 0) throw new RuleSetInvalid(r.issues);
  return { id, version, title, unit, years, region, base: base ? { id: base.id, version: base.version } : null, parameters, criteria };
}

function readYears(r: Reader, data: Record<string, unknown>, base: RuleSet | undefined): { from: number; to: number } {
  const v = data['years'];
  if (v === undefined && base) return base.years;
  const from = Array.isArray(v) ? v[0] : isRecord(v) ? v['from'] : undefined;
  const to = Array.isArray(v) ? v[1] : isRecord(v) ? v['to'] : undefined;
  if (typeof from === 'number' && typeof to === 'number' && Number.isInteger(from) && Number.isInteger(to) && from <= to && from >= 2013 && to <= 2100) return { from, to };
  r.add(['years'], 'years 应为起止年度，如 [2014, 2020]', 'years must be [from, to]', '例如 years: [2014, 2020]', 'For example years: [2014, 2020]');
  return { from: 0, to: 0 };
}

function checkLayer(r: Reader, base: RuleSet, unit: UnitKind | undefined, years: { from: number; to: number }, region: string): void {
  if (unit && unit !== base.unit) r.add(['unit'], `地方标准的对象（${unit}）与国家标准（${base.unit}）不一致`, `unit differs from the base (${base.unit})`, `改为 unit: ${base.unit}`, `Change to unit: ${base.unit}`);
  if (years.from < base.years.from || years.to > base.years.to) r.add(['years'], `年度超出被叠加标准的范围（${base.years.from}–${base.years.to}）`, 'years outside the base range', '缩小年度范围', 'Narrow the year range');
  if (!region.startsWith(base.region) || region === base.region) r.add(['region'], `地方标准须属于 ${base.region || '全国'} 的下级地区`, 'a local set must name a region inside the base region', "例如 region: '610902'", "For example region: '610902'");
}

function readParameters(r: Reader, data: Record<string, unknown>, base: RuleSet | undefined, years: { from: number; to: number }): Record<string, ParameterDef> {
  const result: Record<string, ParameterDef> = { ...(base?.parameters ?? {}) };
  const raw = data['parameters'] ?? {};
  if (!isRecord(raw)) {
    r.add(['parameters'], 'parameters 应为“名称: 定义”的映射', 'parameters must be a mapping', '参照国家标准文件', 'See the national standard files');
    return result;
  }
  for (const [name, def] of Object.entries(raw)) {
    const path = ['parameters', name];
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) r.add(path, `参数名“${name}”只能用字母、数字和下划线`, 'parameter names are identifiers', '例如 povertyLine', 'For example povertyLine');
    const d = isRecord(def) ? def : { value: def };
    const inherited = result[name];
    const declared = d['type'];
    const type = declared === undefined ? (inherited?.type ?? typeOfValue(d['value'])) : valueTypes.find((t) => t === declared);
    if (!type) {
      r.add([...path, 'type'], `参数“${name}”缺少类型或类型无效`, `parameter '${name}' needs a type`, 'type: number | boolean | string', 'type: number | boolean | string');
      continue;
    }
    if (inherited && inherited.type !== type) r.add([...path, 'type'], `参数“${name}”的类型不能改变（原为 ${inherited.type}）`, `parameter '${name}' must stay ${inherited.type}`, `改为 type: ${inherited.type}`, `Change to type: ${inherited.type}`);
    if (isFactOf('household', name) || isFactOf('village', name) || isFactOf('county', name)) r.add(path, `参数名“${name}”与事实同名`, `parameter '${name}' shadows a fact`, '换一个参数名', 'Choose another parameter name');
    const value = d['value'] === undefined ? null : d['value'];
    if (value !== null && typeOfValue(value) !== type) r.add([...path, 'value'], `参数“${name}”的值应为 ${type}`, `value of '${name}' must be ${type}`, '核对取值', 'Check the value');
    const byYear: Record<string, ParamValue> = {};
    const rawByYear = d['byYear'] ?? {};
    if (!isRecord(rawByYear)) r.add([...path, 'byYear'], 'byYear 应为“年度: 取值”的映射', 'byYear must map years to values', '例如 byYear: { 2014: 2800 }', 'For example byYear: { 2014: 2800 }');
    else {
      for (const [year, v] of Object.entries(rawByYear)) {
        if (!/^\d{4}$/.test(year)) r.add([...path, 'byYear', year], `“${year}”不是年度`, `'${year}' is not a year`, '用四位年度，如 2016', 'Use a four-digit year, e.g. 2016');
        else if (typeOfValue(v) !== type) r.add([...path, 'byYear', year], `参数“${name}”${year} 年的值应为 ${type}`, `${name} ${year} must be ${type}`, '核对取值', 'Check the value');
        else byYear[year] = v as ParamValue; // checked by typeOfValue just above
      }
    }
    const ownValue = value === null ? null : (value as ParamValue); // checked by typeOfValue above
    // A local `value` replaces the base entirely; a local `byYear` only replaces the years it names.
    const merged: ParameterDef = inherited && ownValue === null
      ? { ...inherited, byYear: { ...inherited.byYear, ...byYear } }
      : { type, label: isRecord(d['label']) ? r.label(d, path, 'label') : (inherited?.label ?? null), unit: typeof d['unit'] === 'string' ? d['unit'] : (inherited?.unit ?? null), value: ownValue, byYear };
    result[name] = merged;
  }
  for (const [name, def] of Object.entries(result)) {
    const missing: number[] = [];
    for (let y = years.from; y <= years.to; y++) if (def.value === null && def.byYear[String(y)] === undefined) missing.push(y);
    if (missing.length > 0) r.add(['parameters', name], `缺少参数“${name}”在 ${missing.join('、')} 年的取值`, `parameter '${name}' has no value for ${missing.join(', ')}`, '在 byYear 中补上这些年度，或给出 value', 'Add these years to byYear, or give a value');
  }
  return result;
}

function readCriteria(r: Reader, data: Record<string, unknown>, unit: UnitKind, parameters: Record<string, ParameterDef>, base: RuleSet | undefined, source: string): CriterionDef[] {
  const result: CriterionDef[] = [...(base?.criteria ?? [])];
  const raw = data['criteria'] ?? [];
  if (!Array.isArray(raw)) {
    r.add(['criteria'], 'criteria 应为列表', 'criteria must be a list', '每条标准以“- id: …”开头', 'Start each criterion with "- id: …"');
    return result;
  }
  if (!base && raw.length === 0) r.add(['criteria'], '标准中没有任何条目', 'a rule set needs criteria', '至少写一条 criteria', 'Write at least one criterion');
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const path = ['criteria', i];
    if (!isRecord(item)) {
      r.add(path, '每条标准应为一个对象', 'each criterion is a mapping', '参照国家标准文件', 'See the national standard files');
      return;
    }
    const id = r.text(item, path, 'id') ?? '';
    if (id && !/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) r.add([...path, 'id'], `标准编号“${id}”只能用字母、数字和下划线`, 'criterion ids are identifiers', '例如 safeHousing', 'For example safeHousing');
    if (seen.has(id)) r.add([...path, 'id'], `标准编号“${id}”重复`, `criterion '${id}' repeats`, '每条标准使用唯一编号', 'Give each criterion its own id');
    seen.add(id);
    const group = (item['group'] === undefined ? 'local' : criterionGroups.find((g) => g === item['group'])) as CriterionGroup | undefined;
    if (!group) r.add([...path, 'group'], `group 无效（可用：${criterionGroups.join('、')}）`, 'unknown group', '例如 group: basicNeeds', 'For example group: basicNeeds');
    const kind: CriterionKind | undefined = item['kind'] === undefined ? 'requirement' : item['kind'] === 'requirement' || item['kind'] === 'flag' ? item['kind'] : undefined;
    if (!kind) r.add([...path, 'kind'], 'kind 应为 requirement 或 flag', "kind must be 'requirement' or 'flag'", 'kind: requirement', 'kind: requirement');
    const def: CriterionDef = {
      id, label: r.label(item, path, 'label'), group: group ?? 'local', kind: kind ?? 'requirement',
      facts: r.names(item, path, 'facts'), parameters: r.names(item, path, 'parameters'), expr: r.text(item, path, 'expr') ?? '', source,
    };
    checkCriterion(r, path, def, unit, parameters);
    const at = result.findIndex((c) => c.id === id);
    const existing = result[at];
    if (existing && existing.source !== source) {
      if (existing.group === 'guard') r.add([...path, 'id'], `“${id}”属于“四个不得”，地方标准不能改写`, `'${id}' is an exit guard (四个不得) and cannot be overridden`, '另起一个编号，作为附加条件', 'Use a new id and add it as an extra condition');
      else if (item['overrides'] !== true) r.add([...path, 'id'], `“${id}”与上级标准的条目同名`, `'${id}' repeats a base criterion`, '如确需改写，加上 overrides: true；否则另起编号', 'To rewrite it, add overrides: true; otherwise use a new id');
      else result[at] = def;
    } else if (!existing) result.push(def);
  });
  return result;
}

function checkCriterion(r: Reader, path: Path, c: CriterionDef, unit: UnitKind, parameters: Record<string, ParameterDef>): void {
  const catalog = factCatalog[unit];
  const before = r.issues.length;
  c.facts.forEach((f, j) => {
    if (!isFactOf(unit, f)) r.add([...path, 'facts', j], `未知事实“${f}”`, `unknown fact '${f}'`, `可用的事实：${Object.keys(catalog).join(', ')}`, `Available facts: ${Object.keys(catalog).join(', ')}`);
  });
  c.parameters.forEach((p, j) => {
    if (!Object.hasOwn(parameters, p)) r.add([...path, 'parameters', j], `缺少参数“${p}”：未在 parameters 中定义`, `missing parameter '${p}'`, `在 parameters 中定义 ${p}`, `Define ${p} in parameters`);
  });
  if (!c.expr) return;
  const exprPath = [...path, 'expr'];
  const lineAt = (pos: number): number | null => {
    const start = r.src.textLineOf(exprPath);
    return start === null ? null : start + (c.expr.slice(0, pos).match(/\n/g)?.length ?? 0);
  };
  try {
    const ast = parseExpr(c.expr);
    for (const name of namesOf(ast)) {
      const listed = c.facts.includes(name) || c.parameters.includes(name);
      if (!listed && isFactOf(unit, name)) r.add(exprPath, `表达式读取了事实“${name}”，但未在 facts 中列出`, `expression reads fact '${name}' not listed in facts`, `把 ${name} 加入 facts`, `Add ${name} to facts`);
      else if (!listed && Object.hasOwn(parameters, name)) r.add(exprPath, `表达式使用了参数“${name}”，但未在 parameters 中列出`, `expression uses parameter '${name}' not listed`, `把 ${name} 加入 parameters`, `Add ${name} to parameters`);
      else if (!listed) r.add(exprPath, `未知的事实或参数“${name}”`, `unknown fact or parameter '${name}'`, `可用的事实：${Object.keys(catalog).join(', ')}`, `Available facts: ${Object.keys(catalog).join(', ')}`);
    }
    for (const f of c.facts) if (!namesOf(ast).includes(f)) r.add([...path, 'facts'], `facts 列出了“${f}”，但表达式没有用到`, `fact '${f}' is listed but unused`, `从 facts 中去掉 ${f}`, `Remove ${f} from facts`);
    const env = (name: string): ValueType | undefined => (c.parameters.includes(name) ? parameters[name]?.type : c.facts.includes(name) ? catalog[name]?.type : undefined);
    if (r.issues.length === before) {
      const t = typeOf(ast, env);
      if (t !== 'boolean') r.add(exprPath, `类型错误：标准的表达式须得出“是/否”，这里得出${t === 'number' ? '数值' : '文字'}`, `type error: a criterion must be boolean, got ${t}`, '加上比较，如 … > povertyLine', 'Add a comparison, e.g. … > povertyLine', lineAt(0));
    }
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    r.add(exprPath, `${error.messageZh}（第 ${error.pos + 1} 个字符）`, `${error.messageEn} (at character ${error.pos + 1})`, '检查表达式的写法', 'Check how the expression is written', lineAt(error.pos));
  }
}
