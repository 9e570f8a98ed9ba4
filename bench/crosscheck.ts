// Issue "Data truth" target: compare a 10,000,000-member registry with a 10,000,000-row
// department file within 120 s on this 2-core machine, and run DuckDB on the same join of the
// same data, printing the ratio.
//
// Generating 10 M members through the registry synth takes many minutes, so the registry tables
// are written directly (valid ID numbers, one household per three members, in village order) and
// the department file (medical-insurance enrolment: the kind that matches every member) is
// written straight to CSV. Only the comparison is timed: the real use case
// (`crosscheck.run`: read and validate every row with its checksum, page through the registry,
// compare, write every discrepancy with both records; the file is read in a worker thread while
// the main thread reads the registry). CPU is reported for the process (both threads and the
// collector's helpers) and for the main thread alone. DuckDB cannot read SQLite here (its
// sqlite extension needs a download), so it joins the same department CSV with a CSV extract of
// the same registry rows, and builds the same discrepancy table.
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { createCrosscheckService } from '../src/app/crosscheck.js';
import { createRectificationService } from '../src/app/rectification.js';
import { checkDigit } from '../src/domain/id-number.js';
import type { Benchmark } from './run.js';
import { freshStore, report, scale, timeIt } from './util.js';

const members = Math.round(10_000_000 * scale);
const perHousehold = 3;
const clock = { now: () => new Date('2019-10-09T02:00:00Z') };
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const given = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];
const days = 30_000; // birth dates from 1930 on

const births = Array.from({ length: days }, (_, day) => new Date(Date.UTC(1930, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''));

/** The i-th member's ID number: ascending with i, so the unique index is appended to, not scattered. */
function idOf(i: number, address = 610902): string {
  const day = Math.floor(i / 1000) % days;
  const addr = address + Math.floor(i / (days * 1000));
  const birth = births[day] ?? '19300101';
  const first17 = `${addr}${birth}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}
/** CPU seconds of the main thread so far (Linux /proc; null elsewhere). */
function mainThreadCpu(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const nameOf = (i: number): string => `${surnames[i % 20] ?? '王'}${given[Math.floor(i / 20) % 20] ?? '伟'}`;
const villageOf = (household: number): string => `6109021${String(Math.floor(household / 333) % 20).padStart(2, '0')}${String(1 + (Math.floor(household / 6660) % 500)).padStart(3, '0')}`;

export async function writeRegistry(sqlite: import('better-sqlite3').Database): Promise<void> {
  const households = Math.ceil(members / perHousehold);
  const h = sqlite.prepare("insert into household (id, household_no, village_code, identification_standard, identified_year, attribute, main_cause, status, member_count, updated_at) values (?, ?, ?, 'national', 2016, 'ordinary', 'illness', ?, 3, '2019-01-01')");
  const m = sqlite.prepare("insert into member (id, household_id, name, id_number, relation, sex, birth_date, ethnicity, school_status, health, labour_ability, work_status, has_resident_medical_insurance) values (?, ?, ?, ?, ?, 'male', '1970-01-01', 'han', 'notInSchool', 'healthy', 'ordinary', 'notWorking', ?)");
  const chunk = 200_000;
  for (let start = 0; start < households; start += chunk) {
    sqlite.transaction(() => {
      for (let k = start; k < Math.min(households, start + chunk); k++) {
        // In village order: a village's households are consecutive, so pages follow the index.
        h.run(k + 1, `H${String(k + 1).padStart(10, '0')}`, villageOf(k), k % 97 === 0 ? 'removed' : 'poor');
        for (let j = 0; j < perHousehold; j++) {
          const i = k * perHousehold + j;
          if (i >= members) break;
          m.run(i + 1, k + 1, nameOf(i), idOf(i), j === 0 ? 'head' : 'son', i % 41 === 0 ? 0 : 1);
        }
      }
    })();
  }
}

/**
 * The department file: every 50th member missing (not insured), 1 in 200 listed as not insured,
 * 1 in 1000 with a mistyped name, and outsiders (not in the registry) making up the count.
 */
export async function writeDepartmentFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('姓名,身份证号,是否参保,险种\n');
  const step = 7_368_787; // coprime with the sizes used: the file's order is not the registry's
  let buffer = '';
  for (let r = 0; r < members; r++) {
    const i = (r * step) % members;
    const listed = i % 50 !== 0;
    const id = listed ? idOf(i) : idOf(i, 620102);
    const name = i % 1000 === 7 ? `${nameOf(i)}某` : nameOf(i);
    buffer += `${name},${id},${i % 200 === 3 ? '否' : '是'},城乡居民医保\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** The registry rows the comparison reads, as CSV for DuckDB (which cannot open SQLite here). */
async function writeRegistryExtract(sqlite: import('better-sqlite3').Database, path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('member_id,household_id,village_code,status,name,id_number,has_resident,has_employee\n');
  let buffer = '';
  const rows = sqlite.prepare('select m.id, m.household_id, h.village_code, h.status, m.name, m.id_number, m.has_resident_medical_insurance, m.has_employee_medical_insurance from member m join household h on h.id = m.household_id').raw().iterate() as IterableIterator<unknown[]>;
  for (const row of rows) {
    buffer += `${row.join(',')}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

async function duckdbJoin(registryCsv: string, departmentCsv: string): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await instance.connect();
  await c.run(`create table dept as select * from read_csv('${departmentCsv}', header = true, columns = {'name': 'VARCHAR', 'id_number': 'VARCHAR', 'insured': 'VARCHAR', 'insurance_type': 'VARCHAR'})`);
  await c.run(`create table reg as select * from read_csv('${registryCsv}', header = true, columns = {'member_id': 'BIGINT', 'household_id': 'BIGINT', 'village_code': 'VARCHAR', 'status': 'VARCHAR', 'name': 'VARCHAR', 'id_number': 'VARCHAR', 'has_resident': 'INTEGER', 'has_employee': 'INTEGER'})`);
  // The same rules as the use case: absent or not insured → notMedicallyInsured; insured but not
  // recorded → insuranceNotRecorded; a different name → nameTypo / nameMismatch (one type here).
  await c.run(`create table discrepancy as
    select r.member_id, r.household_id, r.village_code,
      case when d.id_number is null or d.insured = '否' then 'notMedicallyInsured'
           when r.name <> d.name then 'name'
           else 'insuranceNotRecorded' end as type,
      r.name as registry_name, d.name as department_name, d.insured
    from reg r left join dept d on d.id_number = r.id_number
    where r.status <> 'removed' and (d.id_number is null or d.insured = '否' or r.name <> d.name or (r.has_resident = 0 and r.has_employee = 0))`);
  const reader = await c.runAndReadAll('select type, count(*)::INTEGER as n from discrepancy group by type order by type');
  const counts: Record<string, number> = {};
  for (const [type, n] of reader.getRows()) counts[String(type)] = Number(n);
  c.closeSync();
  instance.closeSync();
  return counts;
}

export const crosscheckBenchmarks: Benchmark[] = [
  {
    name: 'crosscheck',
    description: `${members} registry members against a ${members}-row medical-insurance file (target < 120 s), and DuckDB on the same join`,
    async run() {
      const b = await freshStore('sqlite', 'crosscheck');
      try {
        const sqlite = b.store.sqlite;
        if (!sqlite) throw new Error('the benchmark writes the registry through the SQLite handle');
        const dir = join(b.store.location, '..');
        const departmentCsv = join(dir, 'medical-insurance.csv');
        const registryCsv = join(dir, 'registry-extract.csv');
        const [, genSeconds] = await timeIt(async () => {
          await writeRegistry(sqlite);
          sqlite.exec('analyze');
          await writeDepartmentFile(departmentCsv);
        });
        report('setup: registry and department file written', genSeconds, 's', `(${members} members, ${(statSync(departmentCsv).size / 1e6).toFixed(0)} MB CSV; not timed)`);
        const service = createCrosscheckService({ store: b.store, clock, rectification: createRectificationService({ store: b.store, clock }) });
        global.gc?.();
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 200);
        const cpuBefore = process.cpuUsage();
        const mainBefore = mainThreadCpu();
        const loadBefore = loadavg()[0] ?? 0;
        const [result, seconds] = await timeIt(() => service.run('bench', { kind: 'medicalInsurance', under: '610000000000', file: { name: 'medical-insurance.csv', data: { path: departmentCsv, size: statSync(departmentCsv).size } } }));
        clearInterval(sampler);
        const cpu = process.cpuUsage(cpuBefore);
        const mainAfter = mainThreadCpu();
        const main = mainBefore === null || mainAfter === null ? 'n/a' : `${(mainAfter - mainBefore).toFixed(1)} s`;
        if (result.run.status !== 'compared') throw new Error(`the run was rejected: ${JSON.stringify(result.issues.slice(0, 3))}`);
        report('jingzhun crosscheck (validate, join, write)', seconds, 's', `target < 120 s → ${(seconds / 120).toFixed(2)}× of the budget; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (main thread ${main}); peak RSS ${(peak / 1e9).toFixed(1)} GB; load average ${loadBefore.toFixed(1)} on 2 cores`);
        process.stdout.write(`  counts ${JSON.stringify(result.counts)}\n  by type ${JSON.stringify(result.byType)}\n`);
        if (process.env['JINGZHUN_BENCH_DUCKDB'] === 'off') return;
        const [, extractSeconds] = await timeIt(() => writeRegistryExtract(sqlite, registryCsv));
        report('setup: registry extract for DuckDB', extractSeconds, 's', '(not timed)');
        const duckLoad = loadavg()[0] ?? 0;
        const [duck, duckSeconds] = await timeIt(() => duckdbJoin(registryCsv, departmentCsv));
        report('duckdb (read both CSVs, join, discrepancy table)', duckSeconds, 's', `${JSON.stringify(duck)}; load average ${duckLoad.toFixed(1)}`);
        report('ratio jingzhun / duckdb', seconds / duckSeconds, '×');
      } finally {
        await b.dispose();
      }
    },
  },
];
