// The audit chain's rules, shared by the kiosk's log (main/records/audit.ts) and the fleet back office, which checks
// the entries kiosks ship (backoffice/audit-chain-check.ts): the entry shape, the hash over an entry, and the
// messages seals and anchors sign. One definition, so a kiosk and its verifier can never disagree on a byte.
import { createHash, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuditEventSchema } from './events';

export const GENESIS = '0'.repeat(64);

export const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const SealSchema = z.strictObject({ sig: z.string().regex(/^[A-Za-z0-9+/=]+$/) });
export const EntrySchema = z.union([
  z.strictObject({
    seq: z.number().int().min(0),
    time: z.string(),
    event: AuditEventSchema,
    prev: Hash,
    hash: Hash,
  }),
  z.strictObject({
    seq: z.number().int().min(0),
    time: z.string(),
    seal: SealSchema,
    prev: Hash,
    hash: Hash,
  }),
]);
export type Entry = z.infer<typeof EntrySchema>;
export type Unhashed<T> = T extends unknown ? Omit<T, 'hash'> : never;

/** Hash over everything in an entry except its own hash, in a fixed order. */
export function entryHash(e: Unhashed<Entry>): string {
  const body = 'event' in e ? ['event', e.event] : ['seal', e.seal];
  return createHash('sha256')
    .update(JSON.stringify([e.seq, e.time, ...body, e.prev]))
    .digest('hex');
}

export const sealMessage = (seq: number, prev: string): Buffer =>
  Buffer.from(`hexin-audit-seal/v1:${seq}:${prev}`, 'utf8');
export const anchorMessage = (seq: number, hash: string): Buffer =>
  Buffer.from(`hexin-audit-anchor/v1:${seq}:${hash}`, 'utf8');

/** Whether one entry holds on its own: its hash recomputes and, for a seal, the signature verifies. */
export function entryProblem(e: Entry, publicKey: KeyObject): string | null {
  const { hash, ...rest } = e;
  if (entryHash(rest) !== hash) return 'entry hash does not match its contents';
  if ('seal' in e && !verify(null, sealMessage(e.seq, e.prev), publicKey, Buffer.from(e.seal.sig, 'base64')))
    return 'seal signature does not verify';
  return null;
}
