// Workbooks as officials send them, generated in the tests: title rows, two-row merged headers,
// aliases, full-width digits, numbers stored as text, dates as serials, codes by label or code.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputFile } from '../../src/app/workbook/read.js';
import { idFor } from '../factories/registry.js';

export interface FixturePerson {
  name: string;
  id: string;
  relation: string;
  sex: string;
  birth: string | number;
}

export interface FixtureHousehold {
  no: string;
  village: string;
  attribute: string;
  cause: string;
  people: FixturePerson[];
}

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

let counter = 0;
export function fixtureHouseholds(village: string, count: number): FixtureHousehold[] {
  return Array.from({ length: count }, (_, index) => {
    counter += 1;
    const no = `${village}${String(5000 + counter).padStart(4, '0')}`;
    return {
      no,
      village,
      attribute: index % 2 === 1 ? '01' : '低保贫困户',
      cause: index % 3 === 2 ? '因残' : '因病',
      people: [
        { name: '王 建国', id: idFor('1970-03-15', 'male'), relation: '户主', sex: '男', birth: 25642 }, // 1970-03-15 as an Excel serial
        { name: '李秀英', id: idFor('1972-05-01', 'female'), relation: '配偶', sex: '女', birth: '1972/5/1' },
        { name: '王小明', id: idFor('2005-09-10', 'male'), relation: '之子', sex: '男', birth: '' },
      ],
    };
  });
}

async function save(wb: ExcelJS.Workbook, name: string): Promise<InputFile> {
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { name, data };
}

/** One flat sheet, one row per person, the national-export style, under a title and a two-row header. */
export async function messyFlatWorkbook(households: readonly FixtureHousehold[]): Promise<InputFile> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.mergeCells('A1:P1');
  ws.getCell('A1').value = '汉滨区建档立卡贫困户花名册';
  ws.getCell('A2').value = '填报单位：（盖章）      填报日期：2019 年 12 月';
  const top = ['序号', ' 户 编 号 ', '村代码', '家庭成员情况', '', '', '', '识别标准', '识别年度', '贫困户属性*', '主要致贫原因', '出生日期', '民族', '在校生状况', '健康状况', '劳动技能', '务工状况（本年）'];
  const sub = ['', '', '', '姓名', '公民身份号码', '与户主的关系', '性别'];
  ws.getRow(3).values = top;
  ws.getRow(4).values = sub;
  ws.mergeCells('D3:G3');
  ws.getRow(5).values = top.map((_, i) => i + 1);
  let row = 6;
  let n = 0;
  for (const h of households) {
    for (const p of h.people) {
      n += 1;
      ws.getRow(row).values = [n, toFullWidth(h.no), h.village, p.name, p.id, p.relation, p.sex, '国家标准', '２０１６', h.attribute, h.cause, p.birth, '汉族', p.relation === '之子' ? '七年级' : '非在校生', '健康', p.relation === '之子' ? '无劳动力' : '普通劳动力', '未务工'];
      row += 1;
    }
  }
  ws.getRow(row + 1).values = ['填表人：', '', '审核人：'];
  return save(wb, '花名册.xlsx');
}

export interface SheetSpec {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** A workbook of plain sheets (header in row 1), for the error cases. */
export async function plainWorkbook(name: string, sheets: readonly SheetSpec[]): Promise<InputFile> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow([...s.header]);
    for (const r of s.rows) ws.addRow([...r]);
  }
  return save(wb, name);
}

export const householdHeader = ['户编号', '村代码', '识别标准', '识别年度', '贫困户属性', '主要致贫原因', '联系电话', '住房面积（平方米）', '饮水是否安全'];
export const memberHeader = ['户编号', '姓名', '身份证号', '与户主关系', '性别', '出生日期', '民族', '在校生状况', '健康状况', '劳动技能', '务工状况', '务工时间（月）'];

export function householdRow(no: string, village: string, extra: Partial<Record<string, string | number | null>> = {}): (string | number | null)[] {
  const base: Record<string, string | number | null> = { 户编号: no, 村代码: village, 识别标准: '国家标准', 识别年度: 2016, 贫困户属性: '一般贫困户', 主要致贫原因: '因病', 联系电话: null, '住房面积（平方米）': '80', 饮水是否安全: '是', ...extra };
  return householdHeader.map((h) => base[h] ?? null);
}

export function memberRow(no: string, name: string, id: string | number, relation: string, sex: string, extra: Partial<Record<string, string | number | null>> = {}): (string | number | null)[] {
  const base: Record<string, string | number | null> = { 户编号: no, 姓名: name, 身份证号: id, 与户主关系: relation, 性别: sex, 出生日期: null, 民族: '汉族', 在校生状况: '非在校生', 健康状况: '健康', 劳动技能: '普通劳动力', 务工状况: '未务工', '务工时间（月）': 0, ...extra };
  return memberHeader.map((h) => base[h] ?? null);
}

/** Writes files to a temporary directory (for the CLI and LibreOffice). */
export function toDisk(files: readonly InputFile[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'jingzhun-wb-'));
  return files.map((f) => {
    const path = join(dir, f.name);
    if (Buffer.isBuffer(f.data)) writeFileSync(path, f.data);
    return path;
  });
}
