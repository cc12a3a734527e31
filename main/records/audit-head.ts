// The audit log's signed head: how many entries the chain holds and the hash of the last one, signed with the seal
// key, kept in a file apart from the log (beside the audit folder, not in it). A log cut short — to any length,
// 0 bytes included — no longer reaches its head, so `hexin audit verify` and the kiosk's start both see it; a log
// re-signed with another key fails against the head when the registered key is used. `AuditHead` is what a back
// office keeps off the kiosk (it then also catches a log wiped together with its head).
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { replaceFile } from './durable-file';
import { jsonOrUndefined } from '../util/json';

export const AUDIT_HEAD_FILE = 'audit-head.json';

export interface AuditHead {
  /** Entries in the chain since it began (seq of the last entry + 1; purged entries still count). */
  count: number;
  /** Hash of the last entry (all zeros for an empty chain). */
  lastHash: string;
  /** Ed25519 signature (base64) over `hexin-audit-head/v1:<count>:<lastHash>` by the seal key. */
  signature: string;
  /** Which key signed: the first 32 hex digits of SHA-256 over the public key (SPKI DER). */
  keyId: string;
}

const HeadFileSchema = z.strictObject({
  v: z.literal(1),
  count: z.number().int().min(0),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[A-Za-z0-9+/=]{1,200}$/),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
});

const headMessage = (count: number, lastHash: string): Buffer =>
  Buffer.from(`hexin-audit-head/v1:${count}:${lastHash}`, 'utf8');

/** The id of a public key as heads carry it. */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);
}

/** Where the head of the log in `auditDir` is kept by default: beside that folder. */
export function defaultHeadFile(auditDir: string): string {
  return path.join(path.dirname(auditDir), AUDIT_HEAD_FILE);
}

export function signHead(
  count: number,
  lastHash: string,
  signingKey: KeyObject,
  publicKey: KeyObject,
): AuditHead {
  return {
    count,
    lastHash,
    signature: sign(null, headMessage(count, lastHash), signingKey).toString('base64'),
    keyId: auditKeyId(publicKey),
  };
}

/** True when `head` is signed by `publicKey`. */
export function headSignedBy(head: AuditHead, publicKey: KeyObject): boolean {
  return verify(
    null,
    headMessage(head.count, head.lastHash),
    publicKey,
    Buffer.from(head.signature, 'base64'),
  );
}

export async function writeHead(file: string, head: AuditHead): Promise<void> {
  await replaceFile(file, JSON.stringify({ v: 1, ...head }) + '\n');
}

/** The head in `file`; undefined when there is none; AUDIT_BROKEN when it is not a head. */
export async function readHead(file: string): Promise<AuditHead | undefined> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (text === undefined) return undefined;
  const value = jsonOrUndefined(text);
  const parsed = HeadFileSchema.safeParse(value);
  if (!parsed.success) throw new HexinError('AUDIT_BROKEN', `the audit head ${file} is unreadable`);
  const { v: _v, ...head } = parsed.data;
  return head;
}
