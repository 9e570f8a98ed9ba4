// A small registry in Hanbin with the people the department files below talk about, and the
// files themselves (CSV in UTF-8 or GBK, xlsx), built by code rather than copied by hand.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Clock } from '../../src/app/clock.js';
import { createRegistryService } from '../../src/app/registry.js';
import { loadRegions } from '../../src/app/regions.js';
import { villageCodes } from '../../src/store/regions.js';
import type { Store } from '../../src/store/store.js';
import { householdInput, idFor, income, memberInput } from '../factories/registry.js';

export const hanbin = '610902000000';

export interface People {
  readonly villages: readonly [string, string];
  readonly zhangWei: string;
  readonly liFang: string;
  readonly zhangXiaoming: string;
  readonly wangQiang: string;
  readonly zhaoLan: string;
  readonly outsider: string;
  readonly households: readonly number[];
}

/** Three households in two villages; 李芳 and the household are on 低保, 张伟 is not recorded so. */
export async function seedRegistry(store: Store, clock: Clock): Promise<People> {
  await loadRegions(store, '610902');
  const codes = await villageCodes(store.db, hanbin);
  const villages = [codes[0] ?? '', codes[40] ?? ''] as const;
  const registry = createRegistryService({ store, clock });
  const zhangWei = idFor('1970-03-15', 'male');
  const liFang = idFor('1972-05-01', 'female');
  const zhangXiaoming = idFor('2008-06-01', 'male');
  const wangQiang = idFor('1950-02-02', 'male');
  const zhaoLan = idFor('1960-08-08', 'female');
  const outsider = idFor('1980-01-01', 'male', '610921');
  const h1 = await registry.createHousehold('seed', {
    household: householdInput(villages[0], { attribute: 'minimumLiving' }),
    members: [
      memberInput({ name: '张伟', idNumber: zhangWei }),
      memberInput({ name: '李芳', idNumber: liFang, relation: 'spouse', sex: 'female', birthDate: '1972-05-01', receivesMinimumLiving: true }),
      memberInput({ name: '张小明', idNumber: zhangXiaoming, relation: 'son', birthDate: '2008-06-01', education: 'primary', schoolStatus: 'notInSchool', labourAbility: 'none' }),
    ],
    identifiedDate: '2016-04-01',
    basis: null,
  });
  await registry.setIncome('seed', h1.id, h1.version, 2017, income({ minimumLivingAllowance: 500000, wageIncome: 800000 }));
  const h2 = await registry.createHousehold('seed', { household: householdInput(villages[1]), members: [memberInput({ name: '王强', idNumber: wangQiang, birthDate: '1950-02-02', labourAbility: 'weak' })], identifiedDate: '2016-04-01', basis: null });
  await registry.setIncome('seed', h2.id, h2.version, 2017, income({ wageIncome: 600000 }));
  const h3 = await registry.createHousehold('seed', { household: householdInput(villages[1]), members: [memberInput({ name: '赵兰', idNumber: zhaoLan, sex: 'female', birthDate: '1960-08-08' })], identifiedDate: '2016-04-01', basis: null });
  await registry.setIncome('seed', h3.id, h3.version, 2017, income({ wageIncome: 700000 }));
  return { villages, zhangWei, liFang, zhangXiaoming, wangQiang, zhaoLan, outsider, households: [h1.id, h2.id, h3.id] };
}

const csv = (rows: readonly (readonly string[])[]): string => `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;

/** The civil-affairs 低保 list, GBK-encoded as the county system exports it. */
export function minimumLivingCsv(p: People): Buffer {
  return iconv.encode(csv([['序号', '姓名', '身份证号码', '保障金额', '纳入时间'], ['1', '张伟', p.zhangWei, '3000', '2016-01-01'], ['2', '李芳', p.liFang, '3000', '2016-01-01'], ['3', '孙七', p.outsider, '2400', '2016-01-01']]), 'gbk');
}

/** Public security's deaths: 王强 died; 赵兰 typed as 赵蘭. */
export function deathsCsv(p: People): Buffer {
  return Buffer.from(csv([['姓名', '公民身份号码', '死亡日期'], ['王强', p.wangQiang, '2017-03-01'], ['赵蘭', p.zhaoLan, '2017-04-02']]), 'utf8');
}

export function badDeathsCsv(p: People): Buffer {
  const broken = p.wangQiang.slice(0, 17) + (p.wangQiang.endsWith('1') ? '2' : '1');
  return Buffer.from(csv([['姓名', '公民身份号码', '死亡日期'], ['王强', broken, '2017-03-01'], ['赵兰', p.zhaoLan, '']]), 'utf8');
}

export async function enrolmentXlsx(p: People): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('在校生');
  s.addRow(['2017 年秋季学期在校学生名单']);
  s.addRow(['学生姓名', '身份证号', '学校名称', '是否在校']);
  s.addRow(['张小明', p.zhangXiaoming, '汉滨区第一小学', '是']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
