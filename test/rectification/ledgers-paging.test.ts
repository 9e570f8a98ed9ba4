// The list ledgers write every page, not only the first: the rectification ledger follows the
// list's keyset cursor, the quality findings ledger its offset, over more rows than one page.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { qualityFindingsLedger } from '../../src/app/quality-findings-xlsx.js';
import { rectificationLedger } from '../../src/app/rectification-list-xlsx.js';
import type { RectificationViews } from '../../src/app/rectification-views.js';
import type { QualityFindingRow } from '../../src/store/quality.js';

async function rows(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  return (wb.worksheets[0]?.getSheetValues() ?? []).filter((r) => Array.isArray(r)).map((r) => (r as unknown[]).slice(1));
}

type Line = Awaited<ReturnType<RectificationViews['listNamed']>>[number];

describe('list ledgers', () => {
  it('writes every page of the rectification list, in order, overdue days counted', async () => {
    const all = Array.from({ length: 1201 }, (_, i) => ({ id: i + 1, problemNo: `P-${i + 1}`, batchName: '批次', category: 'other', description: 'x', unitName: '汉滨区', inherited: false, unitDepartment: 'education', deadline: '2017-11-30', status: 'open', overdue: true, escalatedAt: null, result: null, closedAt: null, recheckDue: null }) as unknown as Line);
    const seen: number[] = [];
    const list: RectificationViews['listNamed'] = async (f) => {
      seen.push(f.afterId);
      return all.filter((l) => l.id > f.afterId).slice(0, f.limit);
    };
    const r = await rows(await rectificationLedger(list, { under: '610900000000', batchId: null, status: null, overdueOn: null }, '2017-12-05'));
    expect(seen).toEqual([0, 500, 1000]);
    expect(r).toHaveLength(1 + 1201);
    expect(r[1201]).toEqual(['P-1201', '批次', '其他', 'x', '汉滨区', '个性', '教育', '2017-11-30', '待整改', '是', 5]);
  });

  it('writes every page of the quality findings', async () => {
    const all = Array.from({ length: 4500 }, (_, i): QualityFindingRow => ({ id: i + 1, run_id: 1, rule: 'incomeMissing', household_id: i + 1, household_no: `H${i + 1}`, village_code: '610902001001', member_name: null, detail: '在册户应有年度收入记录' }));
    const r = await rows(await qualityFindingsLedger(async (limit, offset) => ({ items: all.slice(offset, offset + limit) }), async () => new Map([['610902001000', '某镇'], ['610902001001', '某村']])));
    expect(r).toHaveLength(1 + 4500);
    expect(r[4500]).toEqual([4500, '缺少收入记录', '某镇', '某村', 'H4500', undefined, '在册户应有年度收入记录']);
  });
});
