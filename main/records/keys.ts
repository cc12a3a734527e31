// The records master key and what is derived from it. A KeyProvider hands out the 32-byte master key, creating
// it on first use; the file provider keeps it in a 0600 file (web host, CLI), the Electron host seals it with
// safeStorage through `SealedFileKeyProvider`. Sub-keys are derived with HKDF so one secret serves all jobs.
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { chmod, mkdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HexinError } from '../../common/errors';
import { createFileOnce } from './durable-file';

export const MASTER_KEY_BYTES = 32;

export interface KeyProvider {
  /** The 32-byte master key; created, stored and sealed on first use. */
  loadOrCreateKey(): Promise<Buffer>;
}

/** Seals and unseals the master key for storage, e.g. Electron `safeStorage` (encryptString/decryptString). */
export interface KeySealer {
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

/**
 * Creates a small secret file (0600) crash-safely unless it exists; false when another process created it first
 * (the app and a staff CLI starting at once): the caller then reads that file, so both use one key.
 */
async function createSecretFile(file: string, bytes: Buffer): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  return createFileOnce(file, bytes);
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HexinError('RECORDS_KEY_UNAVAILABLE', `cannot read key file ${file}: ${(e as Error).message}`);
  }
}

/** The key in a plain key file, checked (owner-only mode, 32 bytes); undefined when there is no such file. */
async function readPlainKey(file: string): Promise<Buffer | undefined> {
  const existing = await readIfExists(file);
  if (!existing) return undefined;
  const mode = (await stat(file)).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new HexinError(
      'RECORDS_KEY_UNAVAILABLE',
      `key file ${file} has mode ${mode.toString(8)}; it must be 0600`,
    );
  }
  if (existing.length !== MASTER_KEY_BYTES) {
    throw new HexinError(
      'RECORDS_KEY_UNAVAILABLE',
      `key file ${file} holds ${existing.length} bytes, expected ${MASTER_KEY_BYTES}`,
    );
  }
  return existing;
}

/** Master key in a file readable by the owner only; refuses a file others can read (it would be a leaked key). */
export class FileKeyProvider implements KeyProvider {
  constructor(private readonly file: string) {}

  async loadOrCreateKey(): Promise<Buffer> {
    const existing = await readPlainKey(this.file);
    if (existing) return existing;
    const key = randomBytes(MASTER_KEY_BYTES);
    if (!(await createSecretFile(this.file, key))) return this.loadOrCreateKey();
    await chmod(this.file, 0o600);
    return key;
  }
}

/**
 * Master key stored sealed (e.g. by Electron safeStorage, bound to the OS user's keychain). `adoptPlainFile`: a
 * plain 0600 key file an earlier run kept (the web host, or Electron before the keychain was available). Its key is
 * sealed and the plain file removed, so the records written under it stay readable and no plain copy remains.
 */
export class SealedFileKeyProvider implements KeyProvider {
  constructor(
    private readonly file: string,
    private readonly sealer: KeySealer,
    private readonly adoptPlainFile?: string,
  ) {}

  async loadOrCreateKey(): Promise<Buffer> {
    const existing = await readIfExists(this.file);
    if (existing) return this.unseal(existing);
    // A plain key file is checked (mode, length) like any plain key before it is trusted.
    const plain = this.adoptPlainFile ? await readPlainKey(this.adoptPlainFile) : undefined;
    const key = plain ?? randomBytes(MASTER_KEY_BYTES);
    // Another process sealed a key first: use that one (it adopted the same plain key, if there was one).
    if (!(await createSecretFile(this.file, this.sealer.seal(key)))) return this.loadOrCreateKey();
    if (plain && this.adoptPlainFile) await unlink(this.adoptPlainFile);
    return key;
  }

  private unseal(sealed: Buffer): Buffer {
    let key: Buffer;
    try {
      key = this.sealer.unseal(sealed);
    } catch (e) {
      throw new HexinError(
        'RECORDS_KEY_UNAVAILABLE',
        `cannot unseal the records key: ${(e as Error).message}`,
      );
    }
    if (key.length !== MASTER_KEY_BYTES)
      throw new HexinError('RECORDS_KEY_UNAVAILABLE', 'unsealed records key has the wrong length');
    return key;
  }
}

export interface DerivedKeys {
  /** AES-256-GCM key for record payloads. */
  recordKey: Buffer;
  /** HMAC key for the keyed hash of ID numbers (so records can be found without storing the number). */
  subjectKey: Buffer;
  /**
   * The Ed25519 pair that signed audit seals before the seal key became a key of its own (anyone holding the
   * records key could re-sign an edited log with it). Used only to close and set aside a log it signed.
   */
  legacyAuditSigningKey: KeyObject;
  legacyAuditPublicKey: KeyObject;
}

export interface AuditSealKeys {
  signingKey: KeyObject;
  publicKey: KeyObject;
}

// PKCS#8 DER prefix for an Ed25519 private key; the 32-byte seed follows it (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function deriveKeys(master: Buffer): DerivedKeys {
  if (master.length !== MASTER_KEY_BYTES) throw new Error('master key must be 32 bytes');
  const sub = (info: string): Buffer =>
    Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `hexin-records/${info}`, 32));
  const legacy = auditSealKeys(sub('audit-ed25519'));
  return {
    recordKey: sub('record-aes-256-gcm'),
    subjectKey: sub('subject-hmac'),
    legacyAuditSigningKey: legacy.signingKey,
    legacyAuditPublicKey: legacy.publicKey,
  };
}

/** The audit seal key pair from its 32-byte Ed25519 seed (the seal key file, never derived from the records key). */
export function auditSealKeys(seed: Buffer): AuditSealKeys {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const signingKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { signingKey, publicKey: createPublicKey(signingKey) };
}

/** ID numbers as printed: 18 characters (last may be X) or the 15-character old foreigner's permanent residence number. */
const ID_NUMBER = /^(\d{17}[\dX]|[A-Z]{3}\d{12})$/;

export function normalizeIdNumber(raw: string): string {
  const n = raw.replace(/\s+/g, '').toUpperCase();
  if (!ID_NUMBER.test(n)) throw new HexinError('ID_NUMBER_INVALID', 'not an ID number');
  return n;
}

/** Keyed hash of an ID number: stable for one kiosk's key, meaningless without it. */
export function subjectHash(subjectKey: Buffer, idNumber: string): string {
  return createHmac('sha256', subjectKey).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
}
