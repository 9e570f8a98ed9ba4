// A measure a county adds to or edits in the catalogue (帮扶措施目录): checked against the five
// batches, the categories, the registry's cause codes and the measures already there, so plans and
// the uncovered-cause finding keep reading a consistent catalogue. Pure: the caller passes the catalogue.
import { codeLabel } from '../code-lists.js';
import type { FieldError } from '../validate.js';
import { causeCodes, fiveBatches, isOneOf, measureCategories, type Measure } from './catalogue.js';

/** A measure as typed; an empty English name takes the Chinese one, so a county need not translate. */
export type MeasureInput = Omit<Measure, 'active'>;

/** What an edit may change: everything but the code, which saved plans refer to. Absent = unchanged. */
export type MeasureChanges = Partial<Omit<MeasureInput, 'code'>>;

const err = (field: string, message: string, messageEn: string, fix: string, fixEn: string): FieldError => ({ field, message, messageEn, fix, fixEn });
const codeList = (labels: readonly { code: string; zh: string }[]) => labels.map((l) => `${l.code}（${l.zh}）`).join('、');

/** The measure as it will be stored (trimmed, English defaulting to Chinese). */
export function normalizeMeasure(m: MeasureInput): Measure {
  const zh = m.zh.trim();
  return { code: m.code.trim(), zh, en: m.en.trim() || zh, category: m.category, fiveBatch: m.fiveBatch, causes: [...m.causes], active: true };
}

/**
 * The measure after an edit. An English name that only copied the Chinese one (the default when a
 * county did not translate) follows a new Chinese name, rather than keeping the old name.
 */
export function applyMeasureChanges(current: Measure, c: MeasureChanges): Measure {
  const zh = c.zh === undefined ? current.zh : c.zh.trim();
  const en = c.en !== undefined ? c.en.trim() || zh : current.en === current.zh ? zh : current.en;
  return { ...current, zh, en, category: c.category ?? current.category, fiveBatch: c.fiveBatch === undefined ? current.fiveBatch : c.fiveBatch, causes: c.causes === undefined ? current.causes : [...c.causes] };
}

export function validateNewMeasure(input: MeasureInput, catalogue: ReadonlyMap<string, Measure>): FieldError[] {
  const m = normalizeMeasure(input);
  const errors: FieldError[] = [];
  if (!/^[A-Za-z][A-Za-z0-9]{1,39}$/.test(m.code)) errors.push(err('code', `措施代码“${m.code}”无效`, 'invalid measure code', '以字母开头，只用字母和数字，2–40 个字符，如 oilTeaJob', 'Start with a letter, letters and digits only, 2–40 characters, e.g. oilTeaJob'));
  else if (catalogue.has(m.code)) errors.push(err('code', `措施代码“${m.code}”已存在（${catalogue.get(m.code)?.zh ?? ''}）`, `measure code ${m.code} exists`, '请换一个代码，或直接使用已有措施', 'Choose another code, or use the existing measure'));
  return [...errors, ...validateMeasureFields(m, catalogue)];
}

/**
 * Everything but the code: the name (not another measure's), the category, the batch and the
 * causes. An edited measure passes its own code, so keeping its own name is not a clash.
 */
export function validateMeasureFields(m: Measure, catalogue: ReadonlyMap<string, Measure>): FieldError[] {
  const errors: FieldError[] = [];
  if (m.zh === '' || m.zh.length > 40) errors.push(err('zh', '措施名称不能为空，且不超过 40 字', 'name is required (≤ 40)', '请填写措施名称，如“油茶基地务工”', 'Enter the measure name, e.g. 油茶基地务工'));
  else {
    const same = [...catalogue.values()].find((x) => x.code !== m.code && x.zh.trim() === m.zh);
    if (same) errors.push(err('zh', `措施名称“${m.zh}”已存在（代码 ${same.code}）`, `a measure named ${m.zh} exists`, '请直接使用已有措施，或换一个名称', 'Use the existing measure, or choose another name'));
  }
  if (m.en.length > 80) errors.push(err('en', '英文名称超过 80 个字符', 'English name longer than 80', '请精简', 'Shorten it'));
  if (!isOneOf(measureCategories, m.category)) errors.push(err('category', `措施类别“${m.category}”不存在`, `unknown category ${m.category}`, `请选择：${codeList(measureCategories)}`, `Choose one of: ${measureCategories.map((l) => l.code).join(', ')}`));
  if (m.fiveBatch !== null && !isOneOf(fiveBatches, m.fiveBatch)) errors.push(err('fiveBatch', `“五个一批”代码“${m.fiveBatch}”不存在`, `unknown five-batch code ${m.fiveBatch}`, `请选择：${codeList(fiveBatches)}；不属于五个一批时留空（命令行填 none）`, `Choose one of: ${fiveBatches.map((l) => l.code).join(', ')}; leave blank if not one of the five batches (none on the command line)`));
  const known = new Set(causeCodes());
  if (m.causes.length === 0) errors.push(err('causes', '请至少选择一个该措施针对的致贫原因', 'at least one cause is required', '措施须对应致贫原因，计划才能判断是否“因户施策”', "A measure must match causes of poverty so a plan can be checked against the household's causes"));
  const seen = new Set<string>();
  m.causes.forEach((c, i) => {
    if (!known.has(c)) errors.push(err(`causes[${i}]`, `致贫原因代码“${c}”不存在`, `unknown cause code ${c}`, `请选择：${[...known].map((k) => `${k}（${codeLabel('cause', k)}）`).join('、')}`, `Choose one of: ${[...known].join(', ')}`));
    else if (seen.has(c)) errors.push(err(`causes[${i}]`, `致贫原因“${codeLabel('cause', c)}”重复`, `cause ${c} repeated`, '每个原因只填一次', 'Give each cause once'));
    seen.add(c);
  });
  return errors;
}

/** The catalogue entry the way a person reads it: name and code. */
export const measureTitle = (m: Measure): string => `“${m.zh}”（${m.code}）`;
