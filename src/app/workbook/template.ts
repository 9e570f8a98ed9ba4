// The blank import workbook: an instruction sheet, the three data sheets with their headers, and
// a code sheet feeding drop-down lists for every code-list column and every yes/no column.
import type ExcelJS from 'exceljs';
import { excel } from '../excel.js';
import { codeLists, type CodeListId } from '../../domain/code-lists.js';
import { columnLetter, householdColumns, incomeColumns, memberColumns, sheetTitles, type ColumnSpec } from '../../domain/workbook/columns.js';
import { blankHint } from '../../domain/validate.js';

const codeSheet = '代码表';
const templateRows = 5000;

const instructions = [
  '贫困户信息导入模板（精准 Jingzhun）',
  '',
  '1. “户表”每户一行；“成员表”每人一行，用“户编号”与户表对应；“收入表”每户每年一行（金额单位：元）。',
  '2. 身份证号、户编号、村代码、联系电话请保持“文本”格式：不要把身份证号存成数字，否则末尾几位会丢失（如 6.10926E+17），这样的号码不能导入。',
  '3. 带下拉箭头的列请从列表中选择；也可填写国家系统的代码（如贫困户属性 01、04）。“是/否”列留空视为“否”。',
  '4. 出生日期可留空（按身份证号推算）；填写时用 1985-03-12 这样的格式。',
  '5. 户所在的村：填 12 位统计用区划代码（村代码），或者不填代码，在“乡镇（街道）”“村（社区）”两列填写名称（如 关庙镇、屈家河村），系统按区划找到代码；有同名的村时须写明乡镇，同一乡镇有同名的村和社区时写全“村”或“社区”。代码和名称都填时，两者必须一致。',
  '6. 已导入的户再次导入时，只更新有变化的内容；内容完全相同的户不做任何修改。',
  '7. 导入前可先“仅校验”：系统一次列出所有错误（工作表、行、列、错误原因、修改建议），并可下载标出错误单元格的副本。',
  '8. 脱贫状态的变动（脱贫、返贫、自然减少）请在系统中办理，导入不能修改已登记户的状态。',
  '9. 表头为红色的列必须填写（鼠标停在表头上可见“必填”）：户表的户编号、识别标准、识别年度、贫困户属性、主要致贫原因；成员表的户编号、姓名、身份证号、与户主关系、民族、在校生状况、健康状况、劳动技能、务工状况（性别、出生日期可留空，按身份证号推算；不在校的人在校生状况填“非在校生”，没有务工的人务工状况填“未务工”）；收入表的户编号、收入年度。',
  '10. 户表、成员表、收入表请放在同一个工作簿中一起导入；表格下方的“填表人”“审核人”“合计”等行会被跳过。',
];

/**
 * Columns an import refuses to leave blank (the registry's rules, validate.ts), shown red in the
 * header. The village is required too, but as a code or as names: its columns carry a note instead.
 */
const requiredKeys = new Set(['householdNo', 'identificationStandard', 'identifiedYear', 'attribute', 'mainCause', 'name', 'idNumber', 'relation', 'ethnicity', 'schoolStatus', 'health', 'labourAbility', 'workStatus', 'year']);

function listRange(lists: CodeListId[], list: CodeListId): string {
  const col = columnLetter(lists.indexOf(list) + 2);
  return `'${codeSheet}'!$${col}$2:$${col}$${codeLists[list].items.length + 1}`;
}

/** exceljs keeps sheet-level validations (one range, not 5,000 cells) in an untyped member. */
function addValidation(ws: ExcelJS.Worksheet, range: string, rule: ExcelJS.DataValidation): void {
  const validations: unknown = Reflect.get(ws, 'dataValidations');
  if (typeof validations === 'object' && validations !== null && 'add' in validations && typeof validations.add === 'function') validations.add(range, rule);
}

/** The village columns: a code, or the town and village names the import finds the code by. */
const placeNotes: Readonly<Record<string, string>> = {
  townName: '与“村（社区）”一起填写时，可以不填村代码；有同名的村时用来区分',
  villageName: '必填村代码或村名之一；填村名（如 屈家河村）时，系统按区划找到村代码',
  villageCode: '必填村代码或村名之一；12 位统计用区划代码，与所填乡镇、村名须一致',
};

function dataSheet(wb: ExcelJS.Workbook, title: string, specs: readonly ColumnSpec[], lists: CodeListId[]): void {
  // The ledger's other columns that are not registry fields (county, head's name, household size) stay out.
  const importable = specs.filter((s) => !s.display || s.key in placeNotes);
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = importable.map((s) => ({ header: s.zh, key: s.key, width: s.width }));
  ws.getRow(1).font = { bold: true };
  importable.forEach((s, i) => {
    const col = columnLetter(i + 1);
    if (requiredKeys.has(s.key)) {
      const head = ws.getCell(1, i + 1);
      head.font = { bold: true, color: { argb: 'FFC00000' } };
      const hint = s.list ? blankHint(s.list) : null;
      head.note = hint ? `必填；${hint.zh}` : '必填';
    }
    const place = placeNotes[s.key];
    if (place) ws.getCell(1, i + 1).note = place;
    const range = `${col}2:${col}${templateRows}`;
    if (s.kind === 'idNumber' || s.kind === 'text' || s.kind === 'regionCode') ws.getColumn(i + 1).numFmt = '@';
    if (s.kind === 'code' && s.list) {
      addValidation(ws, range, { type: 'list', allowBlank: true, formulae: [listRange(lists, s.list)], showErrorMessage: true, errorTitle: s.zh, error: `请从下拉列表中选择${s.zh}` });
    } else if (s.kind === 'bool') {
      addValidation(ws, range, { type: 'list', allowBlank: true, formulae: ['"是,否"'], showErrorMessage: true, error: '请选择“是”或“否”' });
    }
  });
}

export async function templateWorkbook(): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = 'Jingzhun';
  const help = wb.addWorksheet('说明');
  help.getColumn(1).width = 120;
  instructions.forEach((line, i) => {
    const row = help.getRow(i + 1);
    row.getCell(1).value = line;
    row.getCell(1).alignment = { wrapText: true };
    if (i === 0) row.font = { bold: true, size: 14 };
  });
  const lists = [...new Set([...householdColumns, ...memberColumns].flatMap((s) => (s.list && s.kind === 'code' ? [s.list] : [])))];
  dataSheet(wb, sheetTitles.household, householdColumns, lists);
  dataSheet(wb, sheetTitles.member, memberColumns, lists);
  dataSheet(wb, sheetTitles.income, incomeColumns, lists);
  const codes = wb.addWorksheet(codeSheet);
  codes.getColumn(1).values = ['代码表', '（供下拉列表使用，请勿修改）'];
  lists.forEach((list, i) => {
    const col = codes.getColumn(i + 2);
    col.width = 18;
    col.values = [codeLists[list].zh, ...codeLists[list].items.map((item) => item.zh)];
  });
  // Hidden, not deleted: the drop-down lists read from it.
  codes.state = 'hidden';
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data);
}
