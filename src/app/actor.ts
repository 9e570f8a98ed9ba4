// The account a command-line operator acts as (`--as NAME`): signatures need a real person with a
// role and a region, exactly as they would in the browser.
import { isRole, type Principal } from '../domain/access.js';
import { findUserByName } from '../store/users.js';
import type { Store } from '../store/store.js';
import { NotFound } from './errors.js';

export async function actorByName(store: Store, username: string): Promise<Principal & { displayName: string }> {
  const row = await findUserByName(store.db, username);
  if (!row || !isRole(row.role)) throw new NotFound('user', username);
  return { userId: row.id, username: row.username, role: row.role, regionCode: row.region_code, department: row.department, displayName: row.display_name };
}

/** The operator at the command line reading a region's records without an account: a system admin of that region. */
export function operatorOver(regionCode: string): Principal {
  return { userId: 0, username: 'cli', role: 'admin', regionCode, department: null };
}
