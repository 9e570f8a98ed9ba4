// Use-case failures: validation (a list of field errors) and not-found.
import type { FieldError } from '../domain/validate.js';

export class ValidationFailed extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('；'));
  }
}

export class NotFound extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} 不存在`);
  }
}
