// What an import changed in one household, as its history shows it: the household's fields and
// each year's income components before and after, and the members added, removed or changed by
// name (names only: an import's detail is read by roles that see ID numbers masked).
import type { HouseholdInput, IncomeComponents, MemberInput } from '../registry.js';

export interface ImportDetail {
  /** Each changed field: [before, after]. */
  readonly household?: Record<string, readonly [unknown, unknown]>;
  readonly members?: { readonly added: string[]; readonly removed: string[]; readonly changed: string[] };
  /** By year, each changed component in fen: [before, after] (before null: the year was new). */
  readonly incomes?: Record<string, Record<string, readonly [number | null, number]>>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function importDetail(
  before: { household: HouseholdInput; members: readonly MemberInput[]; incomes: readonly (IncomeComponents & { year: number })[] },
  after: { household: HouseholdInput | null; members: readonly MemberInput[] | null; incomes: readonly { year: number; income: IncomeComponents }[] },
): ImportDetail {
  const detail: { -readonly [K in keyof ImportDetail]: ImportDetail[K] } = {};
  if (after.household) {
    const fields: Record<string, readonly [unknown, unknown]> = {};
    const b = before.household as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(after.household)) if (!same(b[key], value)) fields[key] = [b[key] ?? null, value ?? null];
    if (Object.keys(fields).length > 0) detail.household = fields;
  }
  if (after.members) {
    const old = new Map(before.members.map((m) => [m.idNumber, m]));
    const now = new Set(after.members.map((m) => m.idNumber));
    const added: string[] = [];
    const changed: string[] = [];
    for (const m of after.members) {
      const was = old.get(m.idNumber);
      if (!was) added.push(m.name);
      else if ((Object.keys(m) as (keyof MemberInput)[]).some((k) => !same(was[k], m[k]))) changed.push(m.name);
    }
    const removed = before.members.filter((m) => !now.has(m.idNumber)).map((m) => m.name);
    if (added.length + removed.length + changed.length > 0) detail.members = { added, removed, changed };
  }
  const incomes: Record<string, Record<string, readonly [number | null, number]>> = {};
  for (const { year, income } of after.incomes) {
    const was = before.incomes.find((i) => i.year === year);
    const parts: Record<string, readonly [number | null, number]> = {};
    for (const [key, value] of Object.entries(income) as [keyof IncomeComponents, number][]) if (!was || was[key] !== value) parts[key] = [was ? was[key] : null, value];
    if (Object.keys(parts).length > 0) incomes[String(year)] = parts;
  }
  if (Object.keys(incomes).length > 0) detail.incomes = incomes;
  return detail;
}
