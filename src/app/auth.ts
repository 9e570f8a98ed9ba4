// Sign-in, sessions, lockout and accounts.
import { createHash, randomBytes } from 'node:crypto';
import { type Principal, type Role, isRole, roleLabels } from '../domain/access.js';
import { normalizeRegionCode } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import { getRegion } from '../store/regions.js';
import type { Store } from '../store/store.js';
import * as users from '../store/users.js';
import { type Clock, isoNow } from './clock.js';
import { ValidationFailed } from './errors.js';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';

export const maxFailedAttempts = 5;
export const lockMinutes = 15;
export const sessionHours = 12;
const sessionCacheMs = 5000;

export class AuthFailed extends Error {
  constructor(
    readonly code: 'bad_credentials' | 'locked',
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

export interface SessionUser extends Principal {
  readonly displayName: string;
  readonly roleLabel: { zh: string; en: string };
  readonly mustChangePassword: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function toUser(row: { id: number; username: string; display_name: string; role: string; region_code: string; department: string | null; must_change_password: number }): SessionUser {
  const role: Role = isRole(row.role) ? row.role : 'inspector';
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role,
    roleLabel: roleLabels[role],
    regionCode: row.region_code,
    department: row.department,
    mustChangePassword: row.must_change_password === 1,
  };
}

export function createAuthService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const db = store.db;
  // Sessions seen in the last few seconds, so a page's burst of requests costs one lookup.
  // Sign-out clears the entry here; a session deleted elsewhere lives at most sessionCacheMs longer.
  const recent = new Map<string, { session: { user: SessionUser; csrfToken: string }; until: number; expiresAt: string }>();

  return {
    async login(username: string, password: string): Promise<{ token: string; csrfToken: string; user: SessionUser; expiresAt: Date }> {
      const row = await users.findUserByName(db, username.trim());
      const now = clock.now();
      const bad = new AuthFailed('bad_credentials', '用户名或密码错误', 'Wrong user name or password');
      if (!row) {
        await hashPassword(password); // same work as a real check, so timing does not reveal accounts
        throw bad;
      }
      if (row.locked_until && row.locked_until > now.toISOString()) {
        const minutes = Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 60000);
        throw new AuthFailed('locked', `连续输错密码次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员`, `Too many failed attempts: account locked for ${minutes} more minutes`);
      }
      if (!(await verifyPassword(password, row.password_hash))) {
        const failed = row.failed_attempts + 1;
        const locked = failed >= maxFailedAttempts;
        await users.updateUser(db, row.id, {
          failed_attempts: locked ? 0 : failed,
          locked_until: locked ? new Date(now.getTime() + lockMinutes * 60000).toISOString() : row.locked_until,
        });
        if (locked) throw new AuthFailed('locked', `连续 ${maxFailedAttempts} 次输错密码，账号已锁定 ${lockMinutes} 分钟`, `Account locked for ${lockMinutes} minutes after ${maxFailedAttempts} failures`);
        throw new AuthFailed('bad_credentials', `用户名或密码错误（还可尝试 ${maxFailedAttempts - failed} 次）`, `Wrong user name or password (${maxFailedAttempts - failed} attempts left)`);
      }
      await users.updateUser(db, row.id, { failed_attempts: 0, locked_until: null });
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + sessionHours * 3600000);
      await users.deleteExpiredSessions(db, now.toISOString());
      await users.insertSession(db, { token_hash: sha256(token), user_id: row.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
      return { token, csrfToken, user: toUser(row), expiresAt };
    },

    async session(token: string): Promise<{ user: SessionUser; csrfToken: string } | null> {
      const key = sha256(token);
      const now = clock.now();
      const cached = recent.get(key);
      if (cached && cached.until > now.getTime() && cached.expiresAt > now.toISOString()) return cached.session;
      const row = await users.findSession(db, key);
      if (!row || row.expires_at <= now.toISOString()) {
        recent.delete(key);
        return null;
      }
      const session = { user: toUser(row), csrfToken: row.csrf_token };
      if (recent.size > 10_000) recent.clear();
      recent.set(key, { session, until: now.getTime() + sessionCacheMs, expiresAt: row.expires_at });
      return session;
    },

    async logout(token: string): Promise<void> {
      const key = sha256(token);
      recent.delete(key);
      await users.deleteSession(db, key);
    },

    async changePassword(userId: number, current: string, next: string): Promise<void> {
      const row = await users.findUser(db, userId);
      if (!row || !(await verifyPassword(current, row.password_hash))) {
        throw new ValidationFailed([{ field: 'currentPassword', message: '当前密码不正确', messageEn: 'current password is wrong', fix: '请重新输入当前密码', fixEn: 'Enter the current password again' }]);
      }
      const problem = passwordProblem(next);
      if (problem) throw new ValidationFailed([{ field: 'newPassword', message: problem.message, messageEn: problem.messageEn, fix: '请换一个更长、含字母和数字的密码', fixEn: 'Choose a longer password with letters and digits' }]);
      await store.db.transaction().execute(async (trx) => {
        await users.updateUser(trx, userId, { password_hash: await hashPassword(next), must_change_password: 0 });
        await appendAudit(trx, store.dialect, [{ actor: row.username, action: 'password', entityType: 'user', entityId: String(userId), before: null, after: { changed: true } }], isoNow(clock));
      });
    },

    async createUser(actor: string, input: { username: string; displayName: string; role: string; region: string; department: string | null; password?: string }): Promise<{ id: number; password: string }> {
      const errors = [];
      if (!/^[A-Za-z0-9_.-]{3,32}$/.test(input.username)) errors.push({ field: 'username', message: '用户名为 3–32 位字母、数字、下划线、点或短横线', messageEn: 'user name: 3–32 letters, digits, _ . -', fix: '例如 hanbin.admin', fixEn: 'For example hanbin.admin' });
      if (!isRole(input.role)) errors.push({ field: 'role', message: `角色“${input.role}”不存在`, messageEn: `unknown role ${input.role}`, fix: `可选：${Object.keys(roleLabels).join('、')}`, fixEn: `One of: ${Object.keys(roleLabels).join(', ')}` });
      const region = normalizeRegionCode(input.region);
      if (!region || !(await getRegion(db, region))) errors.push({ field: 'region', message: `区划“${input.region}”不存在或尚未载入`, messageEn: `region ${input.region} not found`, fix: '请先载入区划，或核对代码', fixEn: 'Load the regions first, or check the code' });
      if (input.role === 'department' && !input.department) errors.push({ field: 'department', message: '部门用户须指明所属部门', messageEn: 'department users need a department', fix: '例如 education、health、housing', fixEn: 'For example education, health, housing' });
      if (await users.findUserByName(db, input.username)) errors.push({ field: 'username', message: '用户名已存在', messageEn: 'user name taken', fix: '请换一个用户名', fixEn: 'Choose another user name' });
      const password = input.password ?? generatePassword();
      const problem = passwordProblem(password);
      if (problem) errors.push({ field: 'password', message: problem.message, messageEn: problem.messageEn, fix: '请换一个更长、含字母和数字的密码', fixEn: 'Choose a longer password with letters and digits' });
      if (errors.length > 0 || !region) throw new ValidationFailed(errors);
      const now = isoNow(clock);
      const id = await store.db.transaction().execute(async (trx) => {
        const newId = await users.insertUser(trx, {
          username: input.username,
          display_name: input.displayName,
          password_hash: await hashPassword(password),
          role: input.role,
          region_code: region,
          department: input.department,
          failed_attempts: 0,
          locked_until: null,
          must_change_password: input.password ? 0 : 1,
          created_at: now,
        });
        await appendAudit(trx, store.dialect, [{ actor, action: 'create', entityType: 'user', entityId: String(newId), before: null, after: { username: input.username, role: input.role, region, department: input.department } }], now);
        return newId;
      });
      return { id, password };
    },

    async hasUsers(): Promise<boolean> {
      return (await users.countUsers(db)) > 0;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
