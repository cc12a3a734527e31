// The bearer token business apps present: 32 random bytes (base64url) in a 0600 file the operator hands to the
// branch's business application; compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HexinError } from '../../common/errors';
import { createFileOnce } from '../records/durable-file';

export async function loadOrCreateApiToken(file: string): Promise<string> {
  const existing = await readApiToken(file);
  if (existing !== null) return existing;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  // Durable (fsync, link, fsync the directory): a power cut cannot leave an empty or torn token file behind, which
  // would refuse the next start. Whoever created the file first wins; the other reads the winner's token.
  if (await createFileOnce(file, token + '\n')) return token;
  const winner = await readApiToken(file);
  if (winner === null)
    throw new HexinError('INTEGRATIONS_CONFIG_INVALID', `API token file ${file} vanished`, { file });
  return winner;
}

/** The token in `file` (checked: mode 600, a token's characters), or null when there is no file. */
async function readApiToken(file: string): Promise<string | null> {
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
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Constant-time comparison of a presented token with the expected one (hashing first evens out lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
