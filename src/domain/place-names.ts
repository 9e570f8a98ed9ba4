// Villages named as officials write them (关庙镇 屈家河村) matched to the statistical division's
// codes, whose names carry the committee's title (屈家河村委会). Town and village workbooks name
// their villages; few carry the 12-digit code. A name is matched only when exactly one village of
// the loaded regions answers to it: a guess would put a household in another village's figures.
import { countyCodeOf, levelOf, parentCode } from './region-code.js';
import { cleanText } from './workbook/cells.js';

export interface PlaceNames {
  readonly county: string;
  readonly town: string;
  readonly village: string;
}

export interface NamedRegion {
  readonly code: string;
  readonly name: string;
  readonly level: number;
}

/** Titles a name may carry or drop, longest first (乡 and 镇 both: many 乡 became 镇). */
const titles = {
  county: ['自治县', '自治旗', '县', '区', '市', '旗'],
  town: ['街道办事处', '办事处', '街道', '镇', '乡'],
  village: ['村民委员会', '居民委员会', '村委会', '居委会', '委员会', '社区', '村'],
} as const;

export type PlaceLevel = keyof typeof titles;

/**
 * The part of a name that stays however it is written: 屈家河村委会, 屈家河村 and 屈家河 are one
 * village, and so are 陈家营村委会（大） and 陈家营村(大) (a qualifier in brackets follows the title).
 */
export function placeStem(name: string, level: PlaceLevel): string {
  const clean = cleanText(name).replace(/\s+/g, '');
  const qualified = /^(.+?)(\([^()]*\))$/.exec(clean);
  return qualified ? bare(qualified[1] ?? '', level) + (qualified[2] ?? '') : bare(clean, level);
}

function bare(name: string, level: PlaceLevel): string {
  let s = name;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const t of titles[level]) {
      if (s.length > t.length && s.endsWith(t)) {
        s = s.slice(0, -t.length);
        stripped = true;
        break;
      }
    }
  }
  return s;
}

export type PlaceMatch =
  | { readonly kind: 'one'; readonly code: string }
  /** No village of that name under the town (and county) given; `elsewhere`: villages of that name under others. */
  | { readonly kind: 'none'; readonly elsewhere: readonly string[] }
  | { readonly kind: 'many'; readonly codes: readonly string[] };

export interface PlaceProblem {
  readonly message: string;
  readonly messageEn: string;
  readonly fix: string;
  readonly fixEn: string;
}

const listed = 5;

export class PlaceIndex {
  private readonly names = new Map<string, string>();
  /** Codes by the stem of their name, one map per level. */
  private readonly byStem: Record<PlaceLevel, Map<string, string[]>> = { county: new Map(), town: new Map(), village: new Map() };
  /** Stems by level and name: a county's file repeats a few hundred names over its households. */
  private readonly stems = new Map<string, string>();

  constructor(regions: Iterable<NamedRegion> = []) {
    this.add(regions);
  }

  /** More regions (the villages of a town, say); regions already held are kept once. */
  add(regions: Iterable<NamedRegion>): void {
    for (const r of regions) {
      if (this.names.has(r.code)) continue;
      this.names.set(r.code, r.name);
      const level = r.level === 3 ? 'county' : r.level === 4 ? 'town' : r.level === 5 ? 'village' : null;
      if (level === null) continue;
      const stem = placeStem(r.name, level);
      const list = this.byStem[level].get(stem);
      if (list) list.push(r.code);
      else this.byStem[level].set(stem, [r.code]);
    }
  }

  /** The towns the names given may mean (in the county given, if one is), or the counties when no town is given. */
  areas(p: PlaceNames): readonly string[] {
    if (p.town !== '') return (this.byStem.town.get(this.stem(p.town, 'town')) ?? []).filter((code) => this.named(countyCodeOf(code), p.county, 'county'));
    if (p.county !== '') return this.byStem.county.get(this.stem(p.county, 'county')) ?? [];
    return [];
  }

  /** The village the names point to; the town and county, when given, narrow it. */
  resolve(p: PlaceNames): PlaceMatch {
    const all = this.byStem.village.get(this.stem(p.village, 'village')) ?? [];
    const codes = this.sameTitle(all.filter((code) => this.agrees(code, p)), p.village);
    if (codes.length === 1 && codes[0] !== undefined) return { kind: 'one', code: codes[0] };
    if (codes.length === 0) return { kind: 'none', elsewhere: this.sameTitle(all, p.village) };
    return { kind: 'many', codes };
  }

  /** 枣园村 and 枣园社区 of one town share a stem: the title written, if any, tells them apart. */
  private sameTitle(codes: readonly string[], written: string): readonly string[] {
    const kind = committeeKind(written);
    if (codes.length < 2 || kind === null) return codes;
    const same = codes.filter((code) => committeeKind(this.names.get(code) ?? '') === kind);
    return same.length > 0 ? same : codes;
  }

  /** Whether the village `code` answers to every name given (blank names say nothing). */
  agrees(code: string, p: PlaceNames): boolean {
    const town = parentCode(code) ?? '';
    return this.named(code, p.village, 'village') && this.named(town, p.town, 'town') && this.named(countyCodeOf(code), p.county, 'county');
  }

  /** A blank name, or a region not loaded, says nothing against the code. */
  private named(code: string, name: string, level: PlaceLevel): boolean {
    const stored = this.names.get(code);
    // Exactly as stored (a ledger imported again) needs no stems.
    return name === '' || stored === undefined || name === stored || this.stem(stored, level) === this.stem(name, level);
  }

  private stem(name: string, level: PlaceLevel): string {
    const key = `${level}|${name}`;
    let stem = this.stems.get(key);
    if (stem === undefined) {
      stem = placeStem(name, level);
      this.stems.set(key, stem);
    }
    return stem;
  }

  /** Whether the code is a village of the loaded regions (the only ones whose names can be checked). */
  has(code: string): boolean {
    return this.names.has(code) && levelOf(code) === 5;
  }

  /** 汉滨区 关庙镇 屈家河村委会: the county, town and village names of a village code. */
  path(code: string): string {
    return [countyCodeOf(code), parentCode(code) ?? '', code].map((c) => this.names.get(c) ?? '').filter((n) => n !== '').join(' ');
  }

  /** Why the names point to no single village, and what to write instead. */
  problem(p: PlaceNames, match: Exclude<PlaceMatch, { kind: 'one' }>, within: { readonly zh: string; readonly en: string }): PlaceProblem {
    const given = written(p);
    const places = (codes: readonly string[]) => {
      const shown = codes.slice(0, listed).map((c) => `${this.path(c)}（${c}）`).join('、');
      return codes.length > listed ? `${shown} 等 ${codes.length} 个` : shown;
    };
    if (match.kind === 'many') {
      return {
        message: `“${given}”对应 ${match.codes.length} 个村：${places(match.codes)}`,
        messageEn: `"${given}" matches ${match.codes.length} villages: ${places(match.codes)}`,
        ...manyFix(p, new Set(match.codes.map((c) => parentCode(c))).size === 1),
      };
    }
    if (match.elsewhere.length > 0) {
      return {
        message: `${within.zh}没有“${given}”；同名的村在：${places(match.elsewhere)}`,
        messageEn: `There is no "${given}" in ${within.en}; villages of that name are in: ${places(match.elsewhere)}`,
        fix: '请核对乡镇、县（区）名称是否写错，或填写 12 位村代码',
        fixEn: 'Check the town and county names, or give the 12-digit village code',
      };
    }
    if ((p.town !== '' || p.county !== '') && this.areas(p).length === 0) {
      const area = [p.county, p.town].filter((n) => n !== '').join(' ');
      return {
        message: `${within.zh}中找不到${p.town !== '' ? '乡镇' : '县（区）'}“${area}”`,
        messageEn: `No ${p.town !== '' ? 'town' : 'county'} "${area}" in ${within.en}`,
        fix: '请核对乡镇、县（区）名称（以统计用区划代码中的名称为准），或填写 12 位村代码',
        fixEn: 'Check the town and county names (as in the statistical division codes), or give the 12-digit village code',
      };
    }
    const area = [p.county, p.town].filter((n) => n !== '').join(' ') || within.zh;
    return {
      message: `${area}中找不到名为“${p.village}”的村`,
      messageEn: `No village named "${p.village}" in ${area === within.zh ? within.en : area}`,
      fix: '请核对村名（以统计用区划代码中的村名为准，如“屈家河村”），或填写 12 位村代码',
      fixEn: 'Check the village name (as in the statistical division codes), or give the 12-digit village code',
    };
  }

  /** A village code given together with names it does not answer to: one of the two is wrong. */
  disagreement(code: string, p: PlaceNames): PlaceProblem | null {
    if (!this.has(code) || this.agrees(code, p)) return null;
    const given = written(p);
    return {
      message: `村代码 ${code} 是“${this.path(code)}”，与所填的“${given}”不一致`,
      messageEn: `Village code ${code} is "${this.path(code)}", not "${given}" as written`,
      fix: '请核对村代码和乡镇、村名，改正填错的一项（村名各列也可以留空，以村代码为准）',
      fixEn: 'Check the village code against the town and village names and correct whichever is wrong (or leave the name columns empty and let the code decide)',
    };
  }
}

/** A residents' committee (社区, 居委会) or a villagers' one (村, 村委会); null when the name does not say. */
function committeeKind(name: string): 'community' | 'village' | null {
  const n = cleanText(name).replace(/\([^()]*\)$/, '');
  if (/(社区|居委会|居民委员会)$/.test(n)) return 'community';
  if (/(村|村委会|村民委员会)$/.test(n)) return 'village';
  return null;
}

function manyFix(p: PlaceNames, oneTown: boolean): { fix: string; fixEn: string } {
  if (oneTown) return { fix: '同一乡镇有同名的村和社区：请写全村名（如“枣园村”“枣园社区”），或填写 12 位村代码', fixEn: 'The town has a village and a community of that name: write the full name (e.g. 枣园村 or 枣园社区), or give the 12-digit village code' };
  if (p.town === '') return { fix: '请在“乡镇（街道）”列填写乡镇名称以区分同名的村，或填写 12 位村代码', fixEn: 'Give the town in the 乡镇（街道） column to tell villages of the same name apart, or give the 12-digit village code' };
  return { fix: '请同时填写县（区）名称，或填写 12 位村代码', fixEn: 'Give the county as well, or give the 12-digit village code' };
}

function written(p: PlaceNames): string {
  return [p.county, p.town, p.village].filter((s) => s !== '').join(' ');
}
