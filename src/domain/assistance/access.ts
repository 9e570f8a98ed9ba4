// Who may do what in assistance. Scope (the region subtree) is checked as everywhere else; these
// decide the actions. Inspectors and department users read only.
import type { Principal } from '../access.js';
import { levelOf } from '../region-code.js';

/** Units, cadres, teams, leads, pairings, surveys: the county or town office. */
export const canManageAssistance = (p: Principal): boolean => p.role === 'admin' || p.role === 'regionAdmin';

/** Visits, follow-ups and plans: the office, village cadres and work-team members. */
export const canRecordVisits = (p: Principal): boolean => canManageAssistance(p) || p.role === 'villageCadre' || p.role === 'workTeam';

/** Survey answers are taken by the office or village cadres, not by the cadres being rated. */
export const canAnswerSurveys = (p: Principal): boolean => canManageAssistance(p) || p.role === 'villageCadre';

/** A work-team account acts only as the cadre it is linked to. */
export const actsAsOwnCadre = (p: Principal): boolean => p.role === 'workTeam';

/**
 * The measure catalogue is shared by every county: an admin, or the office of a county (or of the
 * city or province above it), may add to it; a town or village office may not.
 */
export const canEditCatalogue = (p: Principal): boolean => p.role === 'admin' || (p.role === 'regionAdmin' && levelOf(p.regionCode) <= 3);
