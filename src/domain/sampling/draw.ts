// A reproducible three-stage stratified sample for a verification inspection (抽样核查):
// towns at random from the county, villages at random within each drawn town, and within each
// drawn village households at random from each stratum (registered exited, registered poor, and
// slots for unregistered households the team picks on site). Each unit's draw uses its own
// generator, seeded from the plan's seed and the unit's code, so the same seed and frame always
// give the same sample, and a change inside one town does not reshuffle the others.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const strata = ['exited', 'poor', 'unregistered'] as const;
export type Stratum = (typeof strata)[number];

export function isStratum(value: string): value is Stratum {
  return (strata as readonly string[]).includes(value);
}

const sizeOf = (v: unknown): number | null | undefined => (v === null ? null : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** Parameters read back from storage, checked field by field. */
export function parseDrawParams(json: string): DrawParams {
  const raw: unknown = JSON.parse(json);
  const o = typeof raw === 'object' && raw !== null ? raw : {};
  const get = (k: string) => sizeOf(Object.entries(o).find(([key]) => key === k)?.[1]);
  const towns = get('towns');
  const villagesPerTown = get('villagesPerTown');
  const exitedPerVillage = get('exitedPerVillage');
  const poorPerVillage = get('poorPerVillage');
  const unregisteredPerVillage = get('unregisteredPerVillage');
  if (towns === undefined || villagesPerTown === undefined || exitedPerVillage === undefined || poorPerVillage === undefined || typeof unregisteredPerVillage !== 'number') throw new Error('stored sampling parameters are malformed');
  return { towns, villagesPerTown, exitedPerVillage, poorPerVillage, unregisteredPerVillage };
}

export interface FrameHousehold {
  readonly id: number;
  readonly villageCode: string;
  readonly stratum: 'exited' | 'poor';
  readonly people: number;
}

export interface FrameVillage {
  readonly code: string;
  /** Rural households of the village (village_year), when known: the unregistered stratum's size. */
  readonly ruralHouseholds: number | null;
}

export interface Frame {
  readonly villages: readonly FrameVillage[];
  readonly households: readonly FrameHousehold[];
}

/** Sizes per stage; null takes every unit of that stage (a census of it). */
export interface DrawParams {
  readonly towns: number | null;
  readonly villagesPerTown: number | null;
  readonly exitedPerVillage: number | null;
  readonly poorPerVillage: number | null;
  readonly unregisteredPerVillage: number;
}

export interface SampleItem {
  readonly townCode: string;
  readonly villageCode: string;
  readonly stratum: Stratum;
  readonly householdId: number | null; // null: an unregistered household chosen on site
  readonly slotNo: number;
  /** Inverse of the inclusion probability: how many frame households this one stands for. */
  readonly weight: number;
  readonly people: number | null;
}

export interface DrawResult {
  readonly items: SampleItem[];
  readonly counts: { towns: [number, number]; villages: [number, number] };
}

export const methodVersion = 'stratified-3stage-v1';

const townOf = (villageCode: string): string => `${villageCode.slice(0, 9)}000`;

/** FNV-1a over "seed:key": a per-unit seed that depends only on the plan's seed and the unit. */
export function subSeed(seed: number, key: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${key}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** k of the items, chosen by a partial Fisher–Yates shuffle; the input order must be canonical (sorted). */
export function choose<T>(items: readonly T[], k: number | null, seed: number): T[] {
  const n = items.length;
  const take = k === null ? n : Math.min(k, n);
  const a = [...items];
  const rng = xoroshiro128plus(seed);
  for (let i = 0; i < take; i++) {
    const j = uniformInt(rng, i, n - 1);
    const t = a[i];
    const u = a[j];
    if (t === undefined || u === undefined) break;
    a[i] = u;
    a[j] = t;
  }
  return a.slice(0, take);
}

/** Indexes the frame: towns → villages → households by stratum, all in canonical order. */
export function indexFrame(frame: Frame) {
  const villages = new Map<string, { village: FrameVillage; exited: FrameHousehold[]; poor: FrameHousehold[] }>();
  for (const v of frame.villages) villages.set(v.code, { village: v, exited: [], poor: [] });
  for (const h of frame.households) villages.get(h.villageCode)?.[h.stratum].push(h);
  for (const v of villages.values()) for (const list of [v.exited, v.poor]) list.sort((a, b) => a.id - b.id);
  const towns = new Map<string, string[]>();
  for (const code of [...villages.keys()].sort()) {
    const t = townOf(code);
    const list = towns.get(t) ?? [];
    list.push(code);
    towns.set(t, list);
  }
  return { villages, towns };
}

export function drawSample(frame: Frame, params: DrawParams, seed: number): DrawResult {
  const { villages, towns } = indexFrame(frame);
  const townCodes = [...towns.keys()].sort();
  const drawnTowns = choose(townCodes, params.towns, subSeed(seed, 'towns')).sort();
  const items: SampleItem[] = [];
  let villageTotal = 0;
  let villageDrawn = 0;
  for (const town of drawnTowns) {
    const inTown = towns.get(town) ?? [];
    const drawn = choose(inTown, params.villagesPerTown, subSeed(seed, town)).sort();
    villageTotal += inTown.length;
    villageDrawn += drawn.length;
    const wVillage = (townCodes.length / drawnTowns.length) * (inTown.length / drawn.length);
    for (const code of drawn) {
      const v = villages.get(code);
      if (!v) continue;
      for (const stratum of ['exited', 'poor'] as const) {
        const pool = v[stratum];
        const k = stratum === 'exited' ? params.exitedPerVillage : params.poorPerVillage;
        const picked = choose(pool, k, subSeed(seed, `${code}:${stratum}`)).sort((a, b) => a.id - b.id);
        picked.forEach((h, i) => items.push({ townCode: town, villageCode: code, stratum, householdId: h.id, slotNo: i + 1, weight: wVillage * (pool.length / picked.length), people: h.people }));
      }
      const registered = v.exited.length + v.poor.length;
      const unregisteredPool = v.village.ruralHouseholds === null ? null : Math.max(v.village.ruralHouseholds - registered, 0);
      const k = unregisteredPool === null ? params.unregisteredPerVillage : Math.min(params.unregisteredPerVillage, unregisteredPool);
      for (let i = 0; i < k; i++) {
        // Unknown stratum size: weight the slots as the village's own, so villages count equally.
        items.push({ townCode: town, villageCode: code, stratum: 'unregistered', householdId: null, slotNo: i + 1, weight: wVillage * (unregisteredPool === null ? 1 : unregisteredPool / k), people: null });
      }
    }
  }
  return { items, counts: { towns: [drawnTowns.length, townCodes.length], villages: [villageDrawn, villageTotal] } };
}

/** The method in words, stored and published with the plan. */
export function describeMethod(params: DrawParams, seed: number): string {
  const n = (v: number | null, unit: string) => (v === null ? `全部${unit}` : `${v} 个${unit}`);
  return [
    `三阶段分层随机抽样（${methodVersion}）：`,
    `第一阶段从县内有建档立卡户的乡镇中不放回简单随机抽取${n(params.towns, '乡镇')}；`,
    `第二阶段在每个抽中乡镇内抽取${n(params.villagesPerTown, '村')}；`,
    `第三阶段在每个抽中村内按层抽户：已脱贫户${params.exitedPerVillage === null ? '全部' : ` ${params.exitedPerVillage} 户`}，未脱贫户${params.poorPerVillage === null ? '全部' : ` ${params.poorPerVillage} 户`}，非建档立卡户 ${params.unregisteredPerVillage} 户（现场随机入户）。`,
    `随机数：pure-rand xoroshiro128plus，种子 ${seed}；每个单位的抽取使用 FNV-1a(种子:单位代码) 派生的子种子，`,
    '单位按代码（户按编号）排序后做部分 Fisher–Yates 洗牌。同一种子和同一抽样框必得同一样本。',
  ].join('');
}

/**
 * The same method in English, for the English interface. Made again from the stored parameters and
 * seed rather than stored: the Chinese text stays the one published with the plan.
 */
export function describeMethodEn(params: DrawParams, seed: number): string {
  const n = (v: number | null, one: string, many: string) => (v === null ? `all ${many}` : `${v} ${v === 1 ? one : many}`);
  return [
    `Three-stage stratified random sampling (${methodVersion}): `,
    `stage 1 draws ${n(params.towns, 'town', 'towns')} by simple random sampling without replacement from the county's towns with registered households; `,
    `stage 2 draws ${n(params.villagesPerTown, 'village', 'villages')} in each drawn town; `,
    `stage 3 draws households by stratum in each drawn village: ${n(params.exitedPerVillage, 'exited household', 'exited households')}, ${n(params.poorPerVillage, 'poor household', 'poor households')}, ${n(params.unregisteredPerVillage, 'unregistered household', 'unregistered households')} (chosen at random on site). `,
    `Random numbers: pure-rand xoroshiro128plus, seed ${seed}; each unit is drawn with a sub-seed derived as FNV-1a(seed:unit code), `,
    'units sorted by code (households by number) and then partially Fisher–Yates shuffled. The same seed and the same sampling frame always give the same sample.',
  ].join('');
}
