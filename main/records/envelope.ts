// Encryption envelope for one record: AES-256-GCM with a fresh 96-bit nonce per record.
// Layout: version (1 byte) | nonce (12) | ciphertext | tag (16). The AAD binds the envelope to its use.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HexinError } from '../../common/errors';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function sealRecord(key: Buffer, plaintext: Uint8Array, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

export function openRecord(key: Buffer, envelope: Uint8Array, aad: string): Buffer {
  const buf = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (buf.length < 1 + NONCE_BYTES + TAG_BYTES || buf[0] !== VERSION) {
    throw new HexinError('RECORDS_CORRUPT', 'record envelope is malformed');
  }
  const nonce = buf.subarray(1, 1 + NONCE_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(buf.subarray(1 + NONCE_BYTES, buf.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new HexinError('RECORDS_CORRUPT', 'record failed authentication (wrong key or altered bytes)');
  }
}
