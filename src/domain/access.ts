// Who may see and change what. Scope is a region subtree; roles decide actions and fields.
import { isInSubtree } from './region-code.js';

export const roles = ['admin', 'regionAdmin', 'villageCadre', 'department', 'workTeam', 'inspector'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  readonly userId: number;
  readonly username: string;
  readonly role: Role;
  readonly regionCode: string;
  readonly department: string | null;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function inScope(p: Principal, code: string): boolean {
  return isInSubtree(code, p.regionCode);
}

export function canWriteRegistry(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'regionAdmin' || p.role === 'villageCadre';
}

export function canManageUsers(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'regionAdmin';
}

/** Roles that match people by ID number see it in clear; the others see it masked. */
export function seesIdNumbers(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'regionAdmin' || p.role === 'villageCadre' || p.role === 'department';
}

/**
 * A file given to the system (an import's workbook, a department's file for a comparison) holds a
 * region's ID numbers: it opens to whoever gave it and to admins; the others see its name and hash.
 */
export function canOpenGivenFile(p: Principal, givenBy: string): boolean {
  return p.role === 'admin' || p.username === givenBy;
}

export const roleLabels: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System admin' },
  regionAdmin: { zh: '地区管理员', en: 'Region admin' },
  villageCadre: { zh: '村级干部', en: 'Village cadre' },
  department: { zh: '行业部门', en: 'Department user' },
  workTeam: { zh: '驻村工作队', en: 'Work-team member' },
  inspector: { zh: '检查人员（只读）', en: 'Inspector (read-only)' },
};

/**
 * The registry fields a department reads (its domain). Member and household keys are the
 * glossary identifiers; identity fields are always included so records can be matched.
 */
export const departmentFields: Record<string, { household: readonly string[]; member: readonly string[]; incomes: boolean }> = {
  education: { household: [], member: ['schoolStatus', 'education'], incomes: false },
  health: { household: [], member: ['health', 'disabilityType', 'hasResidentMedicalInsurance', 'hasEmployeeMedicalInsurance', 'hasSeriousIllnessInsurance'], incomes: false },
  housing: { household: ['housingSafetyGrade', 'housingArea', 'houseStructure', 'renovationYear', 'renovationInProgress', 'relocationPending'], member: [], incomes: false },
  water: { household: ['safeDrinkingWater', 'drinkingWaterDifficulty'], member: [], incomes: false },
  civilAffairs: { household: ['attribute'], member: ['receivesMinimumLiving', 'isExtremePoverty', 'health', 'disabilityType'], incomes: true },
  humanResources: { household: [], member: ['labourAbility', 'workStatus', 'workMonths', 'hasResidentPension'], incomes: true },
};

export const departmentIdentityFields = {
  household: ['id', 'householdNo', 'villageCode', 'status', 'memberCount', 'version', 'identifiedYear', 'exitYear'],
  member: ['id', 'householdId', 'name', 'idNumber', 'relation', 'sex', 'birthDate'],
} as const;

export function pick<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  const result: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) {
    if (keys.includes(k)) Object.assign(result, { [k]: v });
  }
  return result;
}
