// What each role sees of a household: ID numbers masked for roles that do not match people,
// and department users limited to the fields of their domain.
import { departmentFields, departmentIdentityFields, pick, seesIdNumbers, type Principal } from '../domain/access.js';
import { maskIdNumber } from '../domain/id-number.js';
import type { Household, Member } from '../domain/registry.js';

export function presentIdNumber(p: Principal, id: string | null): string | null {
  if (id === null) return null;
  return seesIdNumbers(p) ? id : maskIdNumber(id);
}

export function presentMember(p: Principal, m: Member): Partial<Member> {
  const visible = { ...m, idNumber: presentIdNumber(p, m.idNumber) ?? '' };
  if (p.role !== 'department') return visible;
  const fields = departmentFields[p.department ?? ''];
  return pick(visible, [...departmentIdentityFields.member, ...(fields?.member ?? [])]);
}

export function presentHousehold(p: Principal, h: Household): Partial<Household> {
  if (p.role !== 'department') return h;
  const fields = departmentFields[p.department ?? ''];
  return pick(h, [...departmentIdentityFields.household, ...(fields?.household ?? [])]);
}

export function seesIncomes(p: Principal): boolean {
  return p.role !== 'department' || (departmentFields[p.department ?? '']?.incomes ?? false);
}

/** Audit entries carry whole records; mask ID numbers inside them the same way. */
export function presentAuditJson(p: Principal, json: string | null): unknown {
  if (json === null) return null;
  const text = seesIdNumbers(p) ? json : json.replace(/"idNumber":"(\d{6})\d{8}(\d{3}[\dX])"/g, '"idNumber":"$1********$2"');
  return JSON.parse(text) as unknown;
}
