// The bearer token business apps present: 32 random bytes (base64url) in a 0600 file the operator hands to the
// branch's business application; compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HexinError } from '../../common/errors';

export async function loadOrCreateApiToken(file: string): Promise<string> {
  try {
    const stat = await fs.stat(file);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new HexinError('INTEGRATIONS_CONFIG_INVALID', `API token file ${file} must have mode 600`, {
        file,
      });
    }
    const token = (await fs.readFile(file, 'utf8')).trim();
    if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) {
      throw new HexinError('INTEGRATIONS_CONFIG_INVALID', `API token file ${file} does not hold a token`, {
        file,
      });
    }
    return token;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  await fs.writeFile(file, token + '\n', { mode: 0o600, flag: 'wx' });
  return token;
}

/** Constant-time comparison of a presented token with the expected one (hashing first evens out lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
