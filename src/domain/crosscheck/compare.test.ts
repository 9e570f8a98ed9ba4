import { describe, expect, it } from 'vitest';
import { checkDigit } from '../id-number.js';
import { Comparer } from './compare.js';
import { columnKinds, datasetSchemas, withAliases, type DatasetKind } from './kinds.js';
import { DatasetTable } from './table.js';
import { DatasetParser, detectHeader, type DatasetRecord } from './parse.js';
import type { RegistryPerson } from './rules.js';
import { isIdTypo, nameSimilarity } from './similarity.js';

const id = (first17: string): string => first17 + checkDigit(first17);
const A = id('61090219700315001');
const B = id('61090219750620002');
const C = id('61090220100101003');

function person(over: Partial<RegistryPerson>): RegistryPerson {
  return { memberId: 1, householdId: 1, householdNo: 'H1', villageCode: '610902001001', name: '张伟', idNumber: A, relation: 'head', householdStatus: 'poor', exitYear: null, housingSafetyGrade: 'B', renovationYear: null, renovationInProgress: false, relocationPending: false, schoolStatus: 'notInSchool', health: 'healthy', hasResidentMedicalInsurance: true, hasEmployeeMedicalInsurance: false, receivesMinimumLiving: false, isExtremePoverty: false, minimumLivingAllowance: null, extremePovertyAllowance: null, ...over };
}
const cmp = (kind: DatasetKind, records: DatasetRecord[]) => new Comparer(kind, DatasetTable.of(columnKinds(datasetSchemas[kind]), records));
const rec = (row: number, idNumber: string, name: string, values: Record<string, string | number | boolean | null> = {}): DatasetRecord => ({ row, idNumber, name, values: { idNumber, name, ...values } });

describe('dataset parsing', () => {
  const schema = datasetSchemas.death;
  it('finds the header under a title row and parses rows', () => {
    const { layout, issues } = detectHeader(schema, [['2017年死亡注销名单'], [null, '序号', '姓名', '公民身份号码', '注销日期']]);
    expect(issues).toEqual([]);
    expect(layout?.headerRow).toBe(2);
    const parser = new DatasetParser(schema, layout!, '2018-01-01');
    const r = parser.parse(3, [null, '1', '张伟', A, '2017-05-01']);
    expect(r).toMatchObject({ row: 3, idNumber: A, name: '张伟', values: { deathDate: '2017-05-01' } });
  });
  it('reports a missing required column on the header row', () => {
    const { layout, issues } = detectHeader(schema, [['姓名', '身份证号']]);
    expect(layout).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ row: 1, field: 'deathDate' });
    expect(issues[0]?.message).toContain('死亡日期');
  });
  it('reports a file without an ID column', () => {
    expect(detectHeader(schema, [['a', 'b']]).issues[0]).toMatchObject({ row: null, field: 'idNumber' });
  });
  it('reports checksum failures, blanks and repeats per row without repeating the number', () => {
    const { layout } = detectHeader(schema, [['姓名', '身份证号', '死亡日期']]);
    const parser = new DatasetParser(schema, layout!, '2018-01-01');
    const bad = `${A.slice(0, 17)}${A.endsWith('1') ? '2' : '1'}`;
    const issues = parser.parse(2, ['李四', bad, '2017-01-01']);
    expect(Array.isArray(issues) && issues[0]?.message).toContain('校验');
    expect(JSON.stringify(issues)).not.toContain(bad);
    expect(parser.parse(3, ['王五', B, ''])).toMatchObject([{ row: 3, field: 'deathDate' }]);
    const table = new DatasetTable(columnKinds(schema));
    const first = parser.parse(4, ['赵六', C, '2017-02-01']);
    const again = parser.parse(5, ['赵六', ` ${C.slice(0, 6)} ${C.slice(6)}`, '2017-02-01']);
    if (first === null || Array.isArray(first) || again === null || Array.isArray(again)) throw new Error('expected records');
    expect(table.add(first)).toBeNull();
    expect(table.add(again)).toMatchObject({ row: 5, field: 'idNumber', message: '第 5 行与第 4 行是同一身份证号' });
    expect(table.record(0)).toMatchObject({ row: 4, idNumber: C, name: '赵六', values: { deathDate: '2017-02-01' } });
    expect(parser.parse(6, [null, null, ''])).toBeNull();
  });
  it('accepts extra header aliases from a county configuration', () => {
    const s = withAliases(schema, { deathDate: ['销户日期'] });
    expect(detectHeader(s, [['姓名', '身份证号', '销户日期']]).layout).not.toBeNull();
  });
});

describe('similarity', () => {
  it('scores one wrong character as a typo and tells swapped digits', () => {
    expect(nameSimilarity('张伟', '张伟')).toBe(1);
    expect(nameSimilarity('张小伟', '张晓伟')).toBeCloseTo(0.67, 2);
    expect(nameSimilarity('张伟', '李娜')).toBe(0);
    const swapped = A.slice(0, 15) + A.charAt(16) + A.charAt(15) + A.slice(17);
    expect(isIdTypo(A, swapped)).toBe(true);
    expect(isIdTypo(A, B)).toBe(false);
  });
});

describe('comparison rules', () => {
  it('finds the dead still on the registry, but not in a removed household', () => {
    const c = cmp('death', [rec(2, A, '张伟', { deathDate: '2017-01-01' })]);
    expect(c.household([person({})]).map((d) => d.type)).toEqual(['deceasedStillMember']);
    const d = cmp('death', [rec(2, A, '张伟', { deathDate: '2017-01-01' })]);
    expect(d.household([person({ householdStatus: 'removed' })])).toEqual([]);
  });
  it('keeps both records side by side', () => {
    const c = cmp('death', [rec(7, A, '张伟', { deathDate: '2017-01-01' })]);
    const [found] = c.household([person({})]);
    expect(found?.registry?.householdNo).toBe('H1');
    expect(found?.department).toMatchObject({ row: 7, deathDate: '2017-01-01' });
  });
  it('flags a name typo and still applies the rule; a different name stops the rule', () => {
    const c = cmp('death', [rec(2, A, '张玮')]);
    expect(c.household([person({})]).map((d) => d.type)).toEqual(['nameTypo', 'deceasedStillMember']);
    const d = cmp('death', [rec(2, A, '李娜')]);
    expect(d.household([person({})]).map((x) => x.type)).toEqual(['nameMismatch']);
  });
  it('compares 低保: not recorded, not in the department, amounts per household', () => {
    const c = cmp('minimumLiving', [rec(2, A, '张伟', { annualAmount: 300000 }), rec(3, B, '李芳', { annualAmount: 300000 })]);
    const found = c.household([person({ minimumLivingAllowance: 500000 }), person({ memberId: 2, idNumber: B, name: '李芳', relation: 'spouse', receivesMinimumLiving: true, minimumLivingAllowance: 500000 })]);
    expect(found.map((d) => d.type)).toEqual(['minimumLivingNotRecorded', 'minimumLivingAmountDiffers']);
    expect(found[1]?.facts).toEqual({ registryAmount: 500000, departmentAmount: 600000 });
    const same = cmp('minimumLiving', [rec(2, A, '张伟', { annualAmount: 500000 })]);
    expect(same.household([person({ receivesMinimumLiving: true, minimumLivingAllowance: 500000 })])).toEqual([]);
    const absent = cmp('minimumLiving', []);
    expect(absent.household([person({ receivesMinimumLiving: true })]).map((d) => d.type)).toEqual(['minimumLivingNotInDepartment']);
  });
  it('compares enrolment both ways', () => {
    const c = cmp('enrolment', [rec(2, C, '张小明', { enrolled: true, schoolName: 'x' })]);
    expect(c.household([person({ idNumber: C, name: '张小明', schoolStatus: 'notInSchool' })]).map((d) => d.type)).toEqual(['enrolledButOutOfSchool']);
    const out = cmp('enrolment', [rec(2, C, '张小明', { enrolled: false, schoolName: 'x' })]);
    expect(out.household([person({ idNumber: C, name: '张小明', schoolStatus: 'grade8' })]).map((d) => d.type)).toEqual(['outOfSchoolButInSchool']);
    const none = cmp('enrolment', []);
    expect(none.household([person({ idNumber: C, name: '张小明', schoolStatus: 'primary' })]).map((d) => d.type)).toEqual(['inSchoolNotEnrolled']);
  });
  it('compares housing appraisals C/D against exits and safe records', () => {
    const c = cmp('housingAppraisal', [rec(2, A, '张伟', { housingSafetyGrade: 'D' })]);
    expect(c.household([person({ householdStatus: 'exited', housingSafetyGrade: 'A' })]).map((d) => d.type)).toEqual(['dangerousHousingExited', 'dangerousHousingMarkedSafe']);
    const b = cmp('housingAppraisal', [rec(2, A, '张伟', { housingSafetyGrade: 'B' })]);
    expect(b.household([person({ householdStatus: 'exited' })])).toEqual([]);
  });
  it('flags should-not-be-poor signals and missing medical insurance', () => {
    for (const [kind, type] of [['businessOwnership', 'ownsBusiness'], ['vehicleRegistration', 'ownsVehicle'], ['publicEmployment', 'publicEmployee']] as const) {
      expect(cmp(kind, [rec(2, A, '张伟')]).household([person({})]).map((d) => d.type)).toEqual([type]);
    }
    const m = cmp('medicalInsurance', [rec(2, A, '张伟', { insured: true })]);
    expect(m.household([person({}), person({ memberId: 2, idNumber: B, name: '李芳' })]).map((d) => [d.type, d.memberId])).toEqual([['notMedicallyInsured', 2]]);
  });
  it('finds an ID typo in the department file by name', () => {
    const swapped = A.slice(0, 15) + A.charAt(16) + A.charAt(15) + A.slice(17);
    const c = cmp('death', [rec(2, swapped, '张伟')]);
    expect(c.household([person({})])).toEqual([]);
    const typos = c.finish();
    expect(typos.map((d) => d.type)).toEqual(['idNumberTypo']);
    expect(c.counts).toMatchObject({ registryMembers: 1, departmentRecords: 1, matched: 0, discrepancies: 1 });
  });
});
