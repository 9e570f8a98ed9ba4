// The findings of a quality run as a ledger (数据质量问题台账): the list the dashboard pages through,
// for the same region, every page of it, rule labels in Chinese and town and village by name, the
// header frozen. Like the list it names the member, never an ID number (see quality/rules.ts).
import { qualityRules } from '../domain/quality/rules.js';
import type { QualityFindingRow } from '../store/quality.js';
import { XlsxBook } from './xlsx-writer.js';

type FindingsPage = (limit: number, offset: number) => Promise<{ items: readonly QualityFindingRow[] }>;
type Names = (codes: Iterable<string>) => Promise<Map<string, string>>;

const pageSize = 2000;
const ruleLabels: Readonly<Record<string, { readonly zh: string } | undefined>> = qualityRules;
const townOf = (village: string): string => `${village.slice(0, 9)}000`;

export async function qualityFindingsLedger(page: FindingsPage, names: Names): Promise<Buffer> {
  const book = new XlsxBook();
  const sheet = book.addSheet('数据质量问题', [6, 26, 14, 16, 20, 10, 50]);
  sheet.addRow(['序号', '规则', '乡镇', '村', '户编号', '成员', '详情'], 'bold');
  sheet.freezeRows(1);
  let n = 0;
  for (let offset = 0; ; offset += pageSize) {
    const { items } = await page(pageSize, offset);
    const known = await names(items.flatMap((f) => [f.village_code, townOf(f.village_code)]));
    for (const f of items) {
      sheet.addRow([++n, ruleLabels[f.rule]?.zh ?? f.rule, known.get(townOf(f.village_code)) ?? '', known.get(f.village_code) ?? f.village_code, f.household_no, f.member_name ?? '', f.detail]);
    }
    if (items.length < pageSize) break;
  }
  return book.toBuffer();
}
