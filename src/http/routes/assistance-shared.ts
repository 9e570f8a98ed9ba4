// Shared pieces of the assistance routes: the use cases built from the context, the `under`
// parameter resolved against the account's region, and the role checks.
import { Type } from '@fastify/type-provider-typebox';
import type { Principal } from '../../domain/access.js';
import { canAnswerSurveys, canEditCatalogue, canManageAssistance, canRecordVisits } from '../../domain/assistance/access.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { createAssistance } from '../../app/assistance-module.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import { requireScope } from '../session.js';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const Under = Type.Optional(Type.String({ pattern: '^\\d{2,12}$' }));
export const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Code12 = Type.String({ pattern: '^\\d{12}$' });

/** The context's assistance use cases (AppContext predates this feature, as with rectification). */
export const assistanceOf = (ctx: AppContext) => createAssistance({ store: ctx.store, clock: ctx.clock });

/** The region a read is about: the one asked for, within the account's subtree, or the account's own. */
export function underOf(user: Principal, under: string | undefined): string {
  const code = under ? normalizeRegionCode(under) : user.regionCode;
  if (!code) throw forbidden();
  requireScope(user, code);
  return code;
}

export function requireManager(p: Principal): void {
  if (!canManageAssistance(p)) throw forbidden();
}

export function requireVisitor(p: Principal): void {
  if (!canRecordVisits(p)) throw forbidden();
}

export function requireSurveyor(p: Principal): void {
  if (!canAnswerSurveys(p)) throw forbidden();
}

export function requireCatalogueEditor(p: Principal): void {
  if (!canEditCatalogue(p)) throw forbidden();
}
