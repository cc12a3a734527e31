// The back office's secrets at rest (the fleet pseudonymisation keys, the config signing key): envelope encryption
// under a key-encryption key (KEK) that never enters the database. Each secret is encrypted with a fresh data key
// (AES-256-GCM, node:crypto), and the data key is wrapped with the KEK (AES-256-GCM); the row's identity is the
// associated data, so a sealed value moved to another row does not open. The KEK comes from a file outside the
// database (BACKOFFICE_KEK_FILE: 32 random bytes, or their base64) or from BACKOFFICE_KEK (base64).
//
// Rotation: start the instances with the new KEK in BACKOFFICE_KEK_FILE and the old one in
// BACKOFFICE_KEK_PREVIOUS_FILE (both open what is sealed), run `npm run backoffice -- rewrap-keys` (re-wraps every
// data key under the new KEK; the secrets themselves do not change), then drop the previous KEK.
//
// [Note: what a stolen key exposes] The database alone (a dump, a backup, a read-only SQL injection) no longer
// gives the fleet keys: they need the KEK. With a fleet key and the fleet subjects (results, lock-outs, DSRs), the ID
// numbers behind the subjects can be recovered by brute force, since ID numbers are enumerable (region, birth date,
// sequence, check digit: well under 10^11 candidates per region); with the config signing key, anyone can sign a
// config the kiosks of every group accept (thresholds, timeouts, agreement) — until the key is replaced and the
// kiosks enrolled again. A stolen KEK with the database exposes both; the KEK alone exposes nothing.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const VERSION = 1;
const KEK_ID_BYTES = 8;
const NONCE = 12;
const TAG = 16;
const WRAP_AAD = Buffer.from('hexin-backoffice-dek-wrap/v1');

export class KeyVaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyVaultError';
  }
}

function gcmSeal(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const nonce = sealed.subarray(0, NONCE);
  const tag = sealed.subarray(sealed.length - TAG);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]);
}

const kekIdOf = (kek: Buffer): Buffer => createHash('sha256').update(kek).digest().subarray(0, KEK_ID_BYTES);
const WRAPPED_DEK = NONCE + 32 + TAG;

export class KeyVault {
  private readonly current: { id: Buffer; key: Buffer };
  private readonly previous: { id: Buffer; key: Buffer }[];

  /** `kek`: the current KEK (32 bytes); `previous`: older KEKs still accepted for opening (during a rotation). */
  constructor(kek: Buffer, previous: readonly Buffer[] = []) {
    for (const k of [kek, ...previous])
      if (k.length !== 32) throw new KeyVaultError('a key-encryption key is 32 bytes');
    this.current = { id: kekIdOf(kek), key: Buffer.from(kek) };
    this.previous = previous.map((k) => ({ id: kekIdOf(k), key: Buffer.from(k) }));
  }

  /** Seals `secret` for the row named `context` (e.g. "fleet_keys/3"). */
  seal(secret: Buffer, context: string): Buffer {
    const dek = randomBytes(32);
    try {
      return Buffer.concat([
        Buffer.from([VERSION]),
        this.current.id,
        gcmSeal(this.current.key, dek, WRAP_AAD),
        gcmSeal(dek, secret, Buffer.from(context)),
      ]);
    } finally {
      dek.fill(0);
    }
  }

  /** Opens what `seal` sealed for `context`; a clear error for another KEK, another row or a damaged value. */
  open(sealed: Buffer, context: string): Buffer {
    if (sealed.length < 1 + KEK_ID_BYTES + WRAPPED_DEK + NONCE + TAG || sealed[0] !== VERSION)
      throw new KeyVaultError(`${context}: not a sealed value`);
    const id = sealed.subarray(1, 1 + KEK_ID_BYTES);
    const kek = [this.current, ...this.previous].find((k) => k.id.equals(id));
    if (!kek)
      throw new KeyVaultError(
        `${context} is sealed under key-encryption key ${id.toString('hex')}, which this instance does not have ` +
          `(current ${this.current.id.toString('hex')}); set BACKOFFICE_KEK_FILE / BACKOFFICE_KEK_PREVIOUS_FILE`,
      );
    const rest = sealed.subarray(1 + KEK_ID_BYTES);
    let dek: Buffer | undefined;
    try {
      dek = gcmOpen(kek.key, rest.subarray(0, WRAPPED_DEK), WRAP_AAD);
      return gcmOpen(dek, rest.subarray(WRAPPED_DEK), Buffer.from(context));
    } catch {
      throw new KeyVaultError(
        `${context}: the sealed value does not open (damaged, or sealed for another row)`,
      );
    } finally {
      dek?.fill(0);
    }
  }

  /** Whether `sealed` is wrapped under the current KEK (rewrap-keys re-wraps the rest). */
  isCurrent(sealed: Buffer): boolean {
    return sealed.subarray(1, 1 + KEK_ID_BYTES).equals(this.current.id);
  }

  /** The same secret, its data key re-wrapped under the current KEK. */
  rewrap(sealed: Buffer, context: string): Buffer {
    const plain = this.open(sealed, context);
    try {
      return this.seal(plain, context);
    } finally {
      plain.fill(0);
    }
  }
}

function parseKek(text: Buffer, what: string): Buffer {
  if (text.length === 32) return Buffer.from(text);
  const decoded = Buffer.from(text.toString('utf8').trim(), 'base64');
  if (decoded.length !== 32)
    throw new KeyVaultError(`${what} must hold 32 random bytes, or their base64 (openssl rand -base64 32)`);
  return decoded;
}

function readKek(file: string, what: string): Buffer {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (e) {
    throw new KeyVaultError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  return parseKek(text, `${what} ${file}`);
}

/** The vault from BACKOFFICE_KEK_FILE or BACKOFFICE_KEK, with BACKOFFICE_KEK_PREVIOUS_FILE during a rotation. */
export function keyVaultFromEnv(env: NodeJS.ProcessEnv = process.env): KeyVault {
  const kek = env.BACKOFFICE_KEK_FILE
    ? readKek(env.BACKOFFICE_KEK_FILE, 'BACKOFFICE_KEK_FILE')
    : env.BACKOFFICE_KEK
      ? parseKek(Buffer.from(env.BACKOFFICE_KEK), 'BACKOFFICE_KEK')
      : null;
  if (!kek)
    throw new KeyVaultError(
      'no key-encryption key: set BACKOFFICE_KEK_FILE to a file outside the database holding 32 random bytes ' +
        '(e.g. openssl rand -base64 32 > /etc/hexin/backoffice.kek; chmod 400) or BACKOFFICE_KEK',
    );
  const previous = env.BACKOFFICE_KEK_PREVIOUS_FILE
    ? [readKek(env.BACKOFFICE_KEK_PREVIOUS_FILE, 'BACKOFFICE_KEK_PREVIOUS_FILE')]
    : [];
  return new KeyVault(kek, previous);
}
