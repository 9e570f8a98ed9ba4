// A verification sample as inspectors take it to the field (抽样方案): a sheet of the plan's
// parameters (county, method, seed, sizes, who drew it and when), so that anyone can redraw the
// same sample and see who drew it, then the drawn villages and the drawn households in draw order
// (towns, then villages by code, strata exited–poor–unregistered, slots; itemsOf keeps that order).
// ID numbers are masked for roles that do not match people, as on the screens.
import { businessDateTime } from '../domain/dates.js';
import type { Principal } from '../domain/access.js';
import { codeLabel } from '../domain/code-lists.js';
import { parseDrawParams } from '../domain/sampling/draw.js';
import type { ItemView, PlanRow, SampledHead } from '../store/sampling.js';
import { presentIdNumber } from './present.js';
import { XlsxBook } from './xlsx-writer.js';

export interface FieldList {
  readonly plan: PlanRow;
  readonly items: readonly ItemView[];
  readonly heads: ReadonlyMap<number, SampledHead>;
  readonly countyName: string;
  readonly drawnBy: string | null;
}

const strataZh: Record<string, string> = { exited: '已脱贫户', poor: '未脱贫户', unregistered: '非建档立卡户' };
const size = (v: number | null, unit: string): string => (v === null ? '全部' : `${v} ${unit}`);
const yesNo = (v: number | null | undefined): string => (v === null || v === undefined ? '' : v === 1 ? '是' : '否');

/** "drawn / of" for a counts entry stored as [drawn, total]; blank when the plan predates it. */
function countOf(counts: unknown, key: string): string | number {
  const v: unknown = typeof counts === 'object' && counts !== null ? Object.entries(counts).find(([k]) => k === key)?.[1] : undefined;
  if (Array.isArray(v) && v.length === 2) return `${String(v[0])} / ${String(v[1])}`;
  return typeof v === 'number' ? v : '';
}

const stamp = (iso: string): string => `${businessDateTime(iso)}（北京时间）`;

export function samplePlanWorkbook(p: Principal, d: FieldList): Buffer {
  const { plan, items } = d;
  const params = parseDrawParams(plan.params_json);
  const counts: unknown = JSON.parse(plan.counts_json);
  const book = new XlsxBook();

  book.addAboutSheet('抽样方案', [
    ['核查计划编号', plan.id],
    ['核查计划', plan.name],
    ['县（区）', `${d.countyName}（${plan.county_code}）`],
    ['核查年度', plan.year],
    ['随机种子', plan.seed],
    ['方法版本', plan.method_version],
    ['抽取乡镇数', size(params.towns, '个')],
    ['每乡镇抽取村数', size(params.villagesPerTown, '个')],
    ['每村抽取已脱贫户', size(params.exitedPerVillage, '户')],
    ['每村抽取未脱贫户', size(params.poorPerVillage, '户')],
    ['每村抽取非建档立卡户', `${params.unregisteredPerVillage} 户（现场随机入户）`],
    ['抽中乡镇 / 乡镇总数', countOf(counts, 'towns')],
    ['抽中村 / 村总数', countOf(counts, 'villages')],
    ['抽样框户数', countOf(counts, 'households')],
    ['样本数', countOf(counts, 'items')],
    ['抽样人', d.drawnBy ? `${d.drawnBy}（${plan.created_by}）` : plan.created_by],
    ['抽样时间', stamp(plan.created_at)],
    ['抽样方法', plan.method],
  ]);

  const villages = book.addSheet('抽中村', [6, 14, 16, 18, 14, 10, 10, 12]);
  villages.addRow(['序号', '县（区）', '乡镇', '村', '村代码', '已脱贫户', '未脱贫户', '非建档立卡户'], 'bold');
  villages.freezeRows(1);
  const byVillage = new Map<string, { item: ItemView; n: Record<string, number> }>();
  for (const i of items) {
    const v = byVillage.get(i.village_code) ?? { item: i, n: {} };
    v.n[i.stratum] = (v.n[i.stratum] ?? 0) + 1;
    byVillage.set(i.village_code, v);
  }
  let n = 0;
  for (const { item: i, n: k } of byVillage.values()) {
    villages.addRow([++n, d.countyName, i.town_name ?? i.town_code, i.village_name ?? i.village_code, i.village_code, k['exited'] ?? 0, k['poor'] ?? 0, k['unregistered'] ?? 0]);
  }

  const households = book.addSheet('抽中户', [6, 14, 16, 18, 12, 20, 10, 22, 10, 8, 6, 6, 6, 24]);
  households.addRow(['序号', '县（区）', '乡镇', '村', '层', '户编号', '户主姓名', '户主身份证号', '贫困户状态', '人口', '错退', '漏评', '认可', '核查备注'], 'bold');
  households.freezeRows(1);
  items.forEach((i, k) => {
    const h = i.household_id === null ? undefined : d.heads.get(i.household_id);
    const f = i.finding;
    households.addRow([
      k + 1,
      d.countyName,
      i.town_name ?? i.town_code,
      i.village_name ?? i.village_code,
      strataZh[i.stratum] ?? i.stratum,
      i.household_no ?? `现场随机第 ${i.slot_no} 户`,
      h?.head_name ?? '',
      presentIdNumber(p, h?.head_id_number ?? null) ?? '',
      h ? codeLabel('householdStatus', h.status) : '',
      f?.people ?? i.people,
      i.stratum === 'exited' ? yesNo(f?.wrongly_exited) : '',
      i.stratum === 'unregistered' ? yesNo(f?.missed_poor) : '',
      i.stratum === 'exited' ? yesNo(f?.recognises) : '',
      f?.note ?? '',
    ]);
  });
  return book.toBuffer();
}
