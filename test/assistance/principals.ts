// The accounts and the fixed day the assistance use-case tests act with: an admin, the county
// office (may change the shared measure catalogue) and a town office under it (may not).
import type { Principal } from '../../src/domain/access.js';

export const county = '610902000000';
export const town = '610902101000';
export const clock = { now: () => new Date('2019-06-15T04:00:00Z') };
export const admin: Principal = { userId: 1, username: 'admin', role: 'admin', regionCode: '610000000000', department: null };
export const countyOffice: Principal = { userId: 2, username: 'county', role: 'regionAdmin', regionCode: county, department: null };
export const townOffice: Principal = { userId: 3, username: 'town', role: 'regionAdmin', regionCode: town, department: null };
