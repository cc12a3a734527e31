// The kiosk's Ed25519 signing key for third-party result tokens: created once, kept as a PKCS#8 PEM file with
// mode 0600 under the data dir, loaded on start. The public half is what a third party needs to check tokens
// (`hexin keys export`). [Note: key storage] A 0600 file for now; the records area's safeStorage-sealed store
// can take over later without changing callers, which only see SigningKey.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HexinError } from '../../../common/errors';
import { createFileOnce } from '../../records/durable-file';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  /** Stable id of the key: RFC 7638-style thumbprint of the public key, put in every token header. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Thumbprint over the required members in lexicographic order (RFC 7638), base64url of SHA-256. */
function thumbprint(x: string): string {
  const canonical = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x });
  return createHash('sha256').update(canonical).digest('base64url');
}

function fromPrivateKey(privateKey: KeyObject, file: string): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new HexinError(
      'SIGNING_KEY_INVALID',
      `signing key in ${file} is ${privateKey.asymmetricKeyType}, not ed25519`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('ed25519 public JWK without x');
  return { kid: thumbprint(jwk.x), privateKey, publicKey };
}

/** Loads the key from `file`, refusing a file that group or others could read. */
export async function loadSigningKey(file: string): Promise<SigningKey> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    throw new HexinError('SIGNING_KEY_INVALID', `no signing key at ${file}`, { file }, { cause: e });
  }
  // Windows has no POSIX modes; the check only means something where they exist.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new HexinError(
      'SIGNING_KEY_PERMISSIONS',
      `signing key ${file} has mode ${(stat.mode & 0o777).toString(8)}; it must be 600`,
      { file },
    );
  }
  const pem = await fs.readFile(file, 'utf8');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new HexinError(
      'SIGNING_KEY_INVALID',
      `signing key ${file} is not a PEM private key`,
      { file },
      { cause: e },
    );
  }
  return fromPrivateKey(privateKey, file);
}

/** Loads the key, creating a fresh one (mode 0600, written atomically) when the file does not exist yet. */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  if (!(await missing(file))) return loadSigningKey(file);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  // Another process created the key meanwhile: both then use that one, never two keys.
  await createFileOnce(file, pem);
  return loadSigningKey(file);
}

async function missing(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** The public key as a JWK a third party can import (kid = thumbprint, alg EdDSA). */
export function publicJwk(key: SigningKey): PublicJwk {
  const jwk = key.publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('ed25519 public JWK without x');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** The public key as SPKI PEM, for third parties whose tooling prefers PEM. */
export function publicPem(key: SigningKey): string {
  return key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
