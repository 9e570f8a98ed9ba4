// Password hashing with scrypt (memory-hard, from Node's own crypto): N=2^15, r=8, p=1 uses
// 32 MiB per hash, slow enough to resist guessing, fast enough for a sign-in.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const params = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer, p = params): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, p, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: params.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Rules a new password must meet; the messages are shown to the user. */
export function passwordProblem(password: string): { message: string; messageEn: string } | null {
  if (password.length < 10) return { message: '密码至少 10 位', messageEn: 'at least 10 characters' };
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return { message: '密码须同时包含字母和数字', messageEn: 'use letters and digits' };
  return null;
}

/** A readable random password for first-run and new accounts. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(14);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length] ?? 'x';
  return `${out.slice(0, 7)}-${out.slice(7)}7`;
}
