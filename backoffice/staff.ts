// Staff login for the fleet console: scrypt password hashes, and sessions as random tokens whose SHA-256 is kept in
// PostgreSQL (any instance can check them), carried in an HttpOnly, Secure, SameSite=Strict cookie for 8 hours.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { BackofficeError } from './errors';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const STAFF_COOKIE = 'hexin_staff';
const SESSION_HOURS = 8;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scryptAsync(password, salt, 32)).toString('base64')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), 32);
  const want = Buffer.from(hash, 'base64');
  return got.length === want.length && timingSafeEqual(got, want);
}

export async function addStaff(pool: pg.Pool, username: string, password: string): Promise<void> {
  if (!/^[a-z][a-z0-9._-]{1,31}$/.test(username))
    throw new Error('username: lowercase letters, digits . _ -');
  if (password.length < 12) throw new Error('a staff password has at least 12 characters');
  await pool.query(
    'INSERT INTO staff (username, password_hash) VALUES ($1, $2) ON CONFLICT (username) DO UPDATE SET password_hash = $2',
    [username, await hashPassword(password)],
  );
}

/** Checks the password and opens a session; returns its token. */
export async function login(pool: pg.Pool, username: string, password: string): Promise<string> {
  const { rows } = await pool.query<{ password_hash: string }>(
    'SELECT password_hash FROM staff WHERE username = $1',
    [username],
  );
  // The same work for an unknown name, so the answer time does not tell which names exist.
  const ok = await passwordMatches(
    password,
    rows[0]?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAA',
  );
  if (!rows[0] || !ok) throw new BackofficeError(401, 'LOGIN_FAILED', 'wrong user name or password');
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO staff_sessions (token_sha256, username, expires_at)
     VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [sha256(token), username, SESSION_HOURS],
  );
  return token;
}

export function sessionCookie(token: string): string {
  return `${STAFF_COOKIE}=${token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${SESSION_HOURS * 3600}`;
}

function cookieToken(req: FastifyRequest): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === STAFF_COOKIE) return value.join('=') || null;
  }
  return null;
}

/** The logged-in staff member, or a 401. */
export async function staffOf(pool: pg.Pool, req: FastifyRequest): Promise<string> {
  const token = cookieToken(req);
  if (token) {
    const { rows } = await pool.query<{ username: string }>(
      'SELECT username FROM staff_sessions WHERE token_sha256 = $1 AND expires_at > now()',
      [sha256(token)],
    );
    if (rows[0]) return rows[0].username;
  }
  throw new BackofficeError(401, 'LOGIN_REQUIRED', 'staff login required');
}

export async function logout(pool: pg.Pool, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = cookieToken(req);
  if (token) await pool.query('DELETE FROM staff_sessions WHERE token_sha256 = $1', [sha256(token)]);
  void reply.header('set-cookie', `${STAFF_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0`);
}
