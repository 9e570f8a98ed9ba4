import { describe, expect, it } from 'vitest';
import { checkDigit, checkIdNumber } from '../id-number.js';
import { Comparer, typoMemory } from './compare.js';
import { columnKinds, datasetSchemas, withAliases, type DatasetKind } from './kinds.js';
import { DatasetTable } from './table.js';
import { DatasetParser, detectHeader, passesIdCheck, type DatasetRecord } from './parse.js';
import { shortCode } from './columns.js';
import { RegistryTable } from './registry-table.js';
import { fieldsRead, type RegistryPerson } from './rules.js';
import { isIdTypo, nameSimilarity } from './similarity.js';

const id = (first17: string): string => first17 + checkDigit(first17);
const A = id('61090219700315001');
const B = id('61090219750620002');
const C = id('61090220100101003');

function person(over: Partial<RegistryPerson>): RegistryPerson {
  return { memberId: 1, householdId: 1, householdNo: 'H1', villageCode: '610902001001', name: '张伟', idNumber: A, relation: 'head', householdStatus: 'poor', exitYear: null, housingSafetyGrade: 'B', renovationYear: null, renovationInProgress: false, relocationPending: false, schoolStatus: 'notInSchool', health: 'healthy', hasResidentMedicalInsurance: true, hasEmployeeMedicalInsurance: false, receivesMinimumLiving: false, isExtremePoverty: false, minimumLivingAllowance: null, extremePovertyAllowance: null, ...over };
}
/**
 * Compares as the use case does: the registry table holds only the fields the kind declares
 * (a rule reading another one throws), findings get the member's full record back.
 */
function cmp(kind: DatasetKind, records: DatasetRecord[], persons: RegistryPerson[]) {
  const comparer = new Comparer(kind, DatasetTable.of(columnKinds(datasetSchemas[kind]), records));
  const found = comparer.compare(RegistryTable.of(fieldsRead(kind), persons));
  return { found: found.map((f) => comparer.discrepancy(f, persons[f.member] ?? person({}))), counts: comparer.counts };
}
const types = (kind: DatasetKind, records: DatasetRecord[], persons: RegistryPerson[]) => cmp(kind, records, persons).found.map((d) => d.type);
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
  it('checks clean numbers quickly with the same verdict as the full check', () => {
    let seed = 7;
    const digit = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 10;
    const samples = [A, B, C, id('61090220191009001'), id('61090220191010001'), id('61090218991231001'), id('61090219000101001'), id('61090220000229001'), id('61090219000229001')];
    for (let n = 0; n < 3000; n++) {
      const date = `${18 + (digit() % 3)}${digit()}${digit()}${digit() % 2}${digit()}${digit() % 4}${digit()}`;
      const first17 = `610902${date}${digit()}${digit()}${digit()}`;
      samples.push(n % 3 === 0 ? `${first17}${digit()}` : id(first17));
    }
    for (const s of samples) expect([s, passesIdCheck(s, 20191009)]).toEqual([s, checkIdNumber(s, { today: '2019-10-09' }).valid]);
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
    expect(types('death', [rec(2, A, '张伟', { deathDate: '2017-01-01' })], [person({})])).toEqual(['deceasedStillMember']);
    expect(types('death', [rec(2, A, '张伟', { deathDate: '2017-01-01' })], [person({ householdStatus: 'removed' })])).toEqual([]);
  });
  it('keeps both records side by side', () => {
    const [found] = cmp('death', [rec(7, A, '张伟', { deathDate: '2017-01-01' })], [person({})]).found;
    expect(found?.registry?.householdNo).toBe('H1');
    expect(found?.department).toMatchObject({ row: 7, deathDate: '2017-01-01', idNumber: A, name: '张伟' });
  });
  it('flags a name typo and still applies the rule; a different name stops the rule', () => {
    expect(types('death', [rec(2, A, '张玮')], [person({})])).toEqual(['nameTypo', 'deceasedStillMember']);
    expect(types('death', [rec(2, A, '李娜')], [person({})])).toEqual(['nameMismatch']);
    expect(types('death', [rec(2, A, '张 伟')], [person({})])).toEqual(['deceasedStillMember']);
    // Long names are compared unit by unit, short ones by their code; lengths may differ.
    expect(types('death', [rec(2, A, '阿依古丽')], [person({ name: '阿依古丽' })])).toEqual(['deceasedStillMember']);
    expect(types('death', [rec(2, A, '阿依古丽')], [person({ name: '阿依古兰' })])).toEqual(['nameTypo', 'deceasedStillMember']);
    expect(types('death', [rec(2, A, '阿依·古丽')], [person({ name: '阿依古丽' })])).toEqual(['deceasedStillMember']);
    expect(types('death', [rec(2, A, '张伟')], [person({ name: '张伟伟' })])).toEqual(['nameTypo', 'deceasedStillMember']);
    expect(shortCode('张伟')).not.toBe(shortCode('张伟\u0000'));
    expect(shortCode('阿依古丽')).toBe(-1);
  });
  it('matches only the same check character', () => {
    const other = A.slice(0, 17) + (A.endsWith('1') ? '2' : '1');
    expect(cmp('death', [rec(2, A, '张伟')], [person({ idNumber: other })]).counts).toMatchObject({ matched: 0 });
  });
  it('compares 低保: not recorded, not in the department, amounts per household', () => {
    const found = cmp('minimumLiving', [rec(2, A, '张伟', { annualAmount: 300000 }), rec(3, B, '李芳', { annualAmount: 300000 })], [person({ minimumLivingAllowance: 500000, relation: 'spouse' }), person({ memberId: 2, idNumber: B, name: '李芳', relation: 'head', receivesMinimumLiving: true, minimumLivingAllowance: 500000 })]).found;
    expect(found.map((d) => d.type)).toEqual(['minimumLivingNotRecorded', 'minimumLivingAmountDiffers']);
    expect(found[1]?.facts).toEqual({ registryAmount: 500000, departmentAmount: 600000 });
    expect(found[1]?.memberId).toBe(2);
    expect(types('minimumLiving', [rec(2, A, '张伟', { annualAmount: 500000 })], [person({ receivesMinimumLiving: true, minimumLivingAllowance: 500000 })])).toEqual([]);
    expect(types('minimumLiving', [], [person({ receivesMinimumLiving: true })])).toEqual(['minimumLivingNotInDepartment']);
  });
  it('compares enrolment both ways', () => {
    expect(types('enrolment', [rec(2, C, '张小明', { enrolled: true, schoolName: 'x' })], [person({ idNumber: C, name: '张小明', schoolStatus: 'notInSchool' })])).toEqual(['enrolledButOutOfSchool']);
    expect(types('enrolment', [rec(2, C, '张小明', { enrolled: false, schoolName: 'x' })], [person({ idNumber: C, name: '张小明', schoolStatus: 'grade8' })])).toEqual(['outOfSchoolButInSchool']);
    expect(types('enrolment', [], [person({ idNumber: C, name: '张小明', schoolStatus: 'primary' })])).toEqual(['inSchoolNotEnrolled']);
  });
  it('compares housing appraisals C/D against exits and safe records', () => {
    expect(types('housingAppraisal', [rec(2, A, '张伟', { housingSafetyGrade: 'D' })], [person({ householdStatus: 'exited', housingSafetyGrade: 'A' })])).toEqual(['dangerousHousingExited', 'dangerousHousingMarkedSafe']);
    expect(types('housingAppraisal', [rec(2, A, '张伟', { housingSafetyGrade: 'B' })], [person({ householdStatus: 'exited' })])).toEqual([]);
  });
  it('compares renovations and relocations', () => {
    expect(types('housingRenovation', [rec(2, A, '张伟', { renovationYear: 2017, completed: false })], [person({ householdStatus: 'exited' })])).toEqual(['renovationIncompleteExited']);
    expect(types('housingRenovation', [rec(2, A, '张伟', { renovationYear: 2017, completed: true })], [person({})])).toEqual(['renovationNotRecorded']);
    expect(types('relocation', [rec(2, A, '张伟', { settlement: 'x', movedIn: false })], [person({ householdStatus: 'exited' })])).toEqual(['relocationNotMovedInExited']);
  });
  it('flags should-not-be-poor signals and missing medical insurance', () => {
    for (const [kind, type] of [['businessOwnership', 'ownsBusiness'], ['vehicleRegistration', 'ownsVehicle'], ['publicEmployment', 'publicEmployee']] as const) {
      expect(types(kind, [rec(2, A, '张伟')], [person({})])).toEqual([type]);
    }
    const m = cmp('medicalInsurance', [rec(2, A, '张伟', { insured: true })], [person({}), person({ memberId: 2, idNumber: B, name: '李芳' })]).found;
    expect(m.map((d) => [d.type, d.memberId])).toEqual([['notMedicallyInsured', 2]]);
    expect(types('medicalInsurance', [rec(2, A, '张伟', { insured: true })], [person({ hasResidentMedicalInsurance: false })])).toEqual(['insuranceNotRecorded']);
    expect(types('disability', [rec(2, A, '张伟', { disabilityType: 'visual' })], [person({})])).toEqual(['disabilityNotRecorded']);
    expect(types('seriousIllness', [rec(2, A, '张伟', { illness: 'x' })], [person({ health: 'seriousIllness' })])).toEqual([]);
  });
  it('finds an ID typo in the department file by name, small file or large', () => {
    const swapped = A.slice(0, 15) + A.charAt(16) + A.charAt(15) + A.slice(17);
    const c = cmp('death', [rec(2, swapped, '张伟')], [person({})]);
    expect(c.found.map((d) => [d.type, d.memberId, d.department?.row])).toEqual([['idNumberTypo', 1, 2]]);
    expect(c.counts).toMatchObject({ registryMembers: 1, departmentRecords: 1, matched: 0, discrepancies: 1 });
    const saved = typoMemory.smallFile;
    typoMemory.smallFile = 0;
    try {
      expect(types('death', [rec(2, swapped, '张伟'), rec(3, B, '李芳')], [person({}), person({ memberId: 2, idNumber: B, name: '李芳' })])).toEqual(['deceasedStillMember', 'idNumberTypo']);
    } finally {
      typoMemory.smallFile = saved;
    }
  });
  it('gives ID numbers back from their packed form', () => {
    const t = RegistryTable.of(fieldsRead('death'), [person({}), person({ memberId: 2, idNumber: '6109021970031500X1' }), person({ memberId: 3, idNumber: `${B.slice(0, 10)}1301${B.slice(14)}` })]);
    expect([0, 1, 2].map((i) => t.idNumber(i))).toEqual([A, '6109021970031500X1', `${B.slice(0, 10)}1301${B.slice(14)}`]);
    expect(() => t.view().health).toThrow(/health/);
  });
});
