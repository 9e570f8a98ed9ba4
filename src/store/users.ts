// Accounts and sessions.
import type { Executor } from './store.js';
import type { AppUserTable } from './schema.js';
import type { Selectable } from 'kysely';

export type UserRow = Selectable<AppUserTable>;

export async function findUserByName(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUser(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, row: Omit<UserRow, 'id'>): Promise<number> {
  const r = await db.insertInto('app_user').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUser(db: Executor, id: number, changes: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await db.updateTable('app_user').set(changes).where('id', '=', id).execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const r = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function usersUnder(db: Executor, lo: string, hi: string): Promise<UserRow[]> {
  return db.selectFrom('app_user').selectAll().where('region_code', '>=', lo).where('region_code', '<=', hi).orderBy('region_code').orderBy('username').execute();
}

export async function insertSession(db: Executor, row: { token_hash: string; user_id: number; csrf_token: string; created_at: string; expires_at: string }): Promise<void> {
  await db.insertInto('app_session').values(row).execute();
}

export async function findSession(db: Executor, tokenHash: string) {
  return db
    .selectFrom('app_session')
    .innerJoin('app_user', 'app_user.id', 'app_session.user_id')
    .select(['app_session.csrf_token', 'app_session.expires_at', 'app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.role', 'app_user.region_code', 'app_user.department', 'app_user.must_change_password'])
    .where('app_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('app_session').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('app_session').where('expires_at', '<', now).execute();
}
