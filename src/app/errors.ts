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
    /** Words for the user where the use case has them (the CLI prints them; HTTP says only 404). */
    message?: string,
    readonly messageEn?: string,
  ) {
    super(message ?? `${entity} ${key} 不存在`);
  }
}
