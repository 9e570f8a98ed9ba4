// Who may read and publish rankings. Rankings are published: everyone inside the publishing
// region (a county head in the province) and everyone above it reads them; only administrators
// of a province or city inside whose region the ranking is published may import or change scores.
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { isInSubtree, levelOf } from '../domain/region-code.js';

export function canReadRanking(p: Principal, ownerRegion: string): boolean {
  return inScope(p, ownerRegion) || isInSubtree(p.regionCode, ownerRegion);
}

export function canPublishRanking(p: Principal, ownerRegion: string): boolean {
  return (p.role === 'admin' || p.role === 'regionAdmin') && levelOf(p.regionCode) <= 2 && inScope(p, ownerRegion);
}
