// The staff PIN as the config keeps it: a scrypt hash with its own salt and cost parameters, never the PIN itself.
// Format: `scrypt:<N>:<r>:<p>:<salt base64url>:<hash base64url>` so the cost can be raised later without breaking
// hashes already deployed.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HexinError } from '../../common/errors';

export const PIN_HASH_PATTERN =
  /^scrypt:\d{1,8}:\d{1,3}:\d{1,3}:[A-Za-z0-9_-]{16,128}:[A-Za-z0-9_-]{32,256}$/;
/** Staff PINs are digits only (entered on the kiosk's touch keypad). */
export const PIN_PATTERN = /^\d{6,12}$/;

const DEFAULT_COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// A hash from a tampered config must not make verification allocate unbounded memory or spin for minutes.
const MAX_N = 1 << 20;
const MAX_R = 16;
const MAX_P = 4;

function scryptAsync(pin: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function memoryFor(N: number, r: number): number {
  // scrypt needs about 128·N·r bytes; leave headroom so Node does not refuse a legal hash.
  return 128 * N * r * 2 + 1024 * 1024;
}

/** Hashes a new staff PIN for the config. Rejects PINs that are not 6–12 digits. */
export async function hashPin(pin: string): Promise<string> {
  if (!PIN_PATTERN.test(pin)) {
    throw new HexinError('STAFF_PIN_INVALID', 'a staff PIN must be 6 to 12 digits');
  }
  const salt = randomBytes(16);
  const { N, r, p } = DEFAULT_COST;
  const key = await scryptAsync(pin, salt, KEY_LENGTH, { N, r, p, maxmem: memoryFor(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join(':');
}

/** True when `pin` matches `stored`. A malformed or out-of-bounds hash never matches (and never throws). */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  if (!PIN_PATTERN.test(pin) || !PIN_HASH_PATTERN.test(stored)) return false;
  const [, nText, rText, pText, saltText, hashText] = stored.split(':') as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const key = await scryptAsync(pin, Buffer.from(saltText, 'base64url'), expected.length, {
    N,
    r,
    p,
    maxmem: memoryFor(N, r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
