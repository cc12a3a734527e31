// Checks the audit entries a kiosk ships against where its chain stood: each entry must hold on its own (hash,
// seal signature under the kiosk's registered audit key) and link to the one before. What does not hold becomes an
// alert, never a refused batch: the kiosk cannot repair its past, and the evidence of a cut or a rewrite is exactly
// what the back office must keep.
import type { KeyObject } from 'node:crypto';
import { EntrySchema, entryProblem, GENESIS, type Entry } from '../main/records/audit-chain';

export interface ChainState {
  /** The next seq expected. */
  nextSeq: number;
  /** Hash of the last entry stored; null before the first. */
  lastHash: string | null;
}

export interface ChainAlert {
  kind: 'audit.gap' | 'audit.fork' | 'audit.tampered' | 'audit.invalid';
  detail: Record<string, string | number>;
}

export interface ChainCheck {
  /** Entries to store, in order. */
  accepted: Entry[];
  state: ChainState;
  alerts: ChainAlert[];
}

/**
 * `storedHash(seq)` is the hash already stored for an earlier seq (to tell a resend from a rewrite); undefined when
 * none is stored.
 */
export async function checkChain(
  start: ChainState,
  raw: readonly unknown[],
  auditKey: KeyObject,
  storedHash: (seq: number) => Promise<string | undefined>,
): Promise<ChainCheck> {
  const accepted: Entry[] = [];
  const alerts: ChainAlert[] = [];
  let { nextSeq, lastHash } = start;
  for (const item of raw) {
    const parsed = EntrySchema.safeParse(item);
    if (!parsed.success) {
      alerts.push({ kind: 'audit.invalid', detail: { atSeq: nextSeq, reason: 'not a valid audit entry' } });
      continue;
    }
    const e = parsed.data;
    const problem = entryProblem(e, auditKey);
    if (problem) {
      alerts.push({ kind: 'audit.tampered', detail: { seq: e.seq, reason: problem } });
      continue;
    }
    if (lastHash !== null && e.seq < nextSeq) {
      const known = await storedHash(e.seq);
      if (known === e.hash) continue; // sent again: already stored
      alerts.push({
        kind: 'audit.fork',
        detail: { seq: e.seq, reason: 'a different entry for a seq already stored (log rewritten)' },
      });
      continue;
    }
    if (lastHash !== null && e.seq > nextSeq) {
      alerts.push({ kind: 'audit.gap', detail: { fromSeq: nextSeq, toSeq: e.seq - 1 } });
    } else if (lastHash !== null && e.prev !== lastHash) {
      alerts.push({
        kind: 'audit.fork',
        detail: { seq: e.seq, reason: 'does not link to the entry stored before it (log cut and rewritten)' },
      });
    } else if (lastHash === null && e.seq === 0 && e.prev !== GENESIS) {
      alerts.push({ kind: 'audit.fork', detail: { seq: 0, reason: 'first entry does not start a chain' } });
    }
    accepted.push(e);
    nextSeq = e.seq + 1;
    lastHash = e.hash;
  }
  return { accepted, state: { nextSeq, lastHash }, alerts };
}
