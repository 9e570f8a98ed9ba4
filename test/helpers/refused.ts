// A use case expected to refuse: the ValidationFailed it threw, so a test can read its field errors.
import { ValidationFailed } from '../../src/app/errors.js';

export async function refused(p: Promise<unknown>): Promise<ValidationFailed> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationFailed) return e;
    throw e;
  }
  throw new Error('expected ValidationFailed');
}
