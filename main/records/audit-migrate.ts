// Moving an install off the old audit seal key. Before the seal key was a key of its own, seals were signed with a
// key derived from the records key, so anyone holding records.key could re-sign an edited log. A log found signed
// with that derived key is closed (its tail sealed, its head written inside it) with the old key and set aside as
// `audit-legacy-<time>` beside the new log, which starts under the seal key with an `audit.rekeyed` entry naming
// the old log's folder, entry count and last hash — so the old history stays checkable and is bound into the new.
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_PUBLIC_KEY_FILE, AuditLog } from './audit';
import { AUDIT_HEAD_FILE } from './audit-head';
import { fsyncDir } from './durable-file';
import type { AuditEvent } from './events';
import type { AuditSealKeys, DerivedKeys } from './keys';

const pemOf = (k: AuditSealKeys['publicKey']): string =>
  k.export({ type: 'spki', format: 'pem' }).toString().trim();

/**
 * When the log in `auditDir` was sealed with the legacy derived key: closes it, sets it aside and returns the
 * event the new log starts with. Otherwise (no log yet, already on the seal key, or some other key: left for the
 * log's own check to refuse) undefined.
 */
export async function setAsideLegacyAudit(
  auditDir: string,
  legacy: Pick<DerivedKeys, 'legacyAuditSigningKey' | 'legacyAuditPublicKey'>,
  seal: AuditSealKeys,
  batchSize: number,
  now: () => Date,
): Promise<AuditEvent | undefined> {
  const pem = await readFile(path.join(auditDir, AUDIT_PUBLIC_KEY_FILE), 'utf8').catch(() => undefined);
  if (pem === undefined || pem.trim() === pemOf(seal.publicKey)) return undefined;
  if (pem.trim() !== pemOf(legacy.legacyAuditPublicKey)) return undefined;
  // The old log had no head: its length is taken as found (the last time it can be), sealed and headed in place.
  const old = await AuditLog.open(auditDir, {
    signingKey: legacy.legacyAuditSigningKey,
    publicKey: legacy.legacyAuditPublicKey,
    batchSize,
    now,
    headFile: path.join(auditDir, AUDIT_HEAD_FILE),
    adoptWithoutHead: true,
  });
  const head = await old.head();
  const legacyDir = `audit-legacy-${now().toISOString().replace(/[:.]/g, '-')}`;
  await rename(auditDir, path.join(path.dirname(auditDir), legacyDir));
  await fsyncDir(path.dirname(auditDir));
  return { type: 'audit.rekeyed', legacyDir, legacyEntries: head.count, legacyLastHash: head.lastHash };
}
