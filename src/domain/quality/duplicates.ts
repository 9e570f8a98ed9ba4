// Duplicates across households: the ID number is unique in the store, so one person entered twice
// carries two numbers (one mistyped). They are found by name and birth date; a household entered
// twice has the same people as another.
import type { QualityFinding } from './rules.js';
import type { HouseholdView } from './rules.js';

interface Seen {
  readonly householdId: number;
  readonly householdNo: string;
  readonly villageCode: string;
}

const personKey = (name: string, birthDate: string): string => `${name.replace(/\s/g, '')}|${birthDate}`;

export class DuplicateFinder {
  private readonly people = new Map<string, Seen[]>();
  private readonly households = new Map<string, Seen[]>();

  add(v: HouseholdView): void {
    if (v.household.status === 'removed' || v.members.length === 0) return;
    const seen: Seen = { householdId: v.household.id, householdNo: v.household.householdNo, villageCode: v.household.villageCode };
    const keys = v.members.map((m) => personKey(m.name, m.birthDate));
    for (const k of new Set(keys)) push(this.people, k, seen);
    push(this.households, [...keys].sort().join(';'), seen);
  }

  /** One finding per household involved, naming the other household. */
  findings(): QualityFinding[] {
    const out: QualityFinding[] = [];
    const twice = new Set<number>();
    for (const group of this.households.values()) {
      if (group.length < 2) continue;
      for (const s of group) {
        twice.add(s.householdId);
        out.push({ rule: 'duplicateHousehold', ...s, memberName: null, detail: `与户 ${group.filter((o) => o !== s).map((o) => o.householdNo).join('、')} 成员完全相同`, detailEn: `Same members as household ${group.filter((o) => o !== s).map((o) => o.householdNo).join(', ')}` });
      }
    }
    for (const [key, group] of this.people) {
      const others = group.filter((s) => !twice.has(s.householdId));
      if (group.length < 2 || others.length === 0) continue;
      const name = key.split('|')[0] ?? null;
      for (const s of others) out.push({ rule: 'duplicatePerson', ...s, memberName: name, detail: `同名同出生日期的人也在户 ${group.filter((o) => o !== s).map((o) => o.householdNo).join('、')}`, detailEn: `A person of the same name and birth date is also in household ${group.filter((o) => o !== s).map((o) => o.householdNo).join(', ')}` });
    }
    return out;
  }
}

function push(map: Map<string, Seen[]>, key: string, seen: Seen): void {
  const list = map.get(key);
  if (list) list.push(seen);
  else map.set(key, [seen]);
}
