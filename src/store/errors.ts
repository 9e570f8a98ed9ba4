// Store failures a user can act on. Messages are Chinese first with an English twin,
// and never carry personal data such as ID numbers.

export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

export class StaleVersionError extends StoreError {
  constructor(entity: string, expected: number, actual: number) {
    super(
      'stale_version',
      `${entity} 已被他人修改（您的版本 ${expected}，当前版本 ${actual}）：请刷新后重新修改`,
      `${entity} was changed by someone else (your version ${expected}, current ${actual}): reload and edit again`,
    );
  }
}

export class ClosedYearError extends StoreError {
  constructor(year: number) {
    super(
      'year_closed',
      `${year} 年度已关账，数据已冻结：如需更正，请由管理员先重新开账（留痕）`,
      `Registry year ${year} is closed and frozen: an admin must reopen it (audited) before corrections`,
    );
  }
}

/**
 * A unique index refused a row: two people saved the same new record at the same moment, and the
 * second lost the race after its own checks passed. Both drivers' codes; the driver's message is
 * not passed on, since PostgreSQL's names the key's value (which may be an ID number).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
