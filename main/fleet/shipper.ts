// Ships the fleet outbox in signed batches, one at a time and in order: the queued items plus the audit entries
// not shipped yet (read from the audit log by seq), plus health and environment when they changed. A batch is
// written to disk before it is sent and sent again until the back office has it (ingest is idempotent), so a crash
// or days offline lose nothing; the kiosk never waits for any of this. A log shorter than what was already shipped
// is reported (someone cut it).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type FleetBatch, type FleetItem } from '../../common/fleet';
import { AUDIT_ANCHOR_FILE, AUDIT_FILE } from '../records/audit';
import { replaceFile } from '../records/durable-file';
import type { SigningKey } from '../verify/delivery/signing-key';
import { FleetRefusal, signBatch, type FleetClient } from './client';
import type { FleetQueue } from './queue';
import { errorMessage } from '../../common/errors';

const ProgressSchema = z.strictObject({
  /** The last batch the back office acknowledged. */
  batchSeq: z.number().int().min(0),
  /** The last audit seq shipped (-1: none) and its hash. */
  auditShippedSeq: z.number().int().min(-1),
  auditShippedHash: z.string().nullable(),
  /** The shipped seq a truncation was last reported at (reported once per cut). */
  truncationReportedAt: z.number().int().nullable(),
  /** JSON of the last health/environment shipped, to ship them again only when they change. */
  lastHealth: z.string().nullable(),
  lastEnvironment: z.string().nullable(),
});
type Progress = z.infer<typeof ProgressSchema>;

const PendingSchema = z.strictObject({
  seq: z.number().int().min(1),
  jws: z.string(),
  auditUpTo: z.number().int().min(-1),
  auditUpToHash: z.string().nullable(),
  queueNames: z.array(z.string()),
  progress: ProgressSchema,
});
type Pending = z.infer<typeof PendingSchema>;

export interface ShipperOptions {
  kioskId: string;
  stateDir: string;
  auditDir: string;
  queue: FleetQueue;
  key: SigningKey;
  client: FleetClient;
  maxItems: number;
  /** Current health and environment items (shipped when they differ from the last shipped). */
  snapshot: () => { health: FleetItem | null; environment: FleetItem | null };
  log: (line: string) => void;
}

export type ShipOutcome = 'sent' | 'idle' | 'offline';

export class FleetShipper {
  constructor(private readonly o: ShipperOptions) {}

  private get progressFile(): string {
    return path.join(this.o.stateDir, 'progress.json');
  }
  private get pendingFile(): string {
    return path.join(this.o.stateDir, 'pending.json');
  }

  async progress(): Promise<Progress> {
    const text = await readFile(this.progressFile, 'utf8').catch(() => null);
    if (text === null)
      return {
        batchSeq: 0,
        auditShippedSeq: -1,
        auditShippedHash: null,
        truncationReportedAt: null,
        lastHealth: null,
        lastEnvironment: null,
      };
    return ProgressSchema.parse(JSON.parse(text));
  }

  /** Ships until nothing is left or the link fails. */
  async shipAll(): Promise<ShipOutcome> {
    let outcome: ShipOutcome = 'idle';
    for (;;) {
      const step = await this.shipOne();
      if (step !== 'sent') return outcome === 'sent' && step === 'idle' ? 'sent' : step;
      outcome = 'sent';
    }
  }

  /** Sends the pending batch, or builds and sends the next one. */
  async shipOne(): Promise<ShipOutcome> {
    const pending = (await this.readPending()) ?? (await this.build());
    if (!pending) return 'idle';
    try {
      await this.o.client.sendBatch(pending.jws);
    } catch (e) {
      if (e instanceof FleetRefusal && e.expectedSeq !== undefined) {
        // The back office counts batches differently (this kiosk's state was restored or lost): renumber and resend.
        this.o.log(
          `fleet: batch ${pending.seq} refused (${e.code}); the back office expects ${e.expectedSeq}`,
        );
        await this.writeProgress({ ...pending.progress, batchSeq: e.expectedSeq - 1 });
        await rm(this.pendingFile, { force: true });
        return 'sent';
      }
      this.o.log(`fleet: batch ${pending.seq} not sent: ${errorMessage(e)}`);
      return 'offline';
    }
    await this.writeProgress({
      ...pending.progress,
      batchSeq: pending.seq,
      auditShippedSeq: pending.auditUpTo,
      auditShippedHash: pending.auditUpToHash,
    });
    await this.o.queue.remove(pending.queueNames);
    await rm(this.pendingFile, { force: true });
    return 'sent';
  }

  private async readPending(): Promise<Pending | null> {
    const text = await readFile(this.pendingFile, 'utf8').catch(() => null);
    return text === null ? null : PendingSchema.parse(JSON.parse(text));
  }

  private async writeProgress(p: Progress): Promise<void> {
    await replaceFile(this.progressFile, JSON.stringify(p));
  }

  private async build(): Promise<Pending | null> {
    const progress = await this.progress();
    const items: FleetItem[] = [];
    const now = new Date().toISOString();
    const { entries, lastSeq, anchorSeq } = await this.readAudit();
    // Cut: the log ends before what was shipped, or holds another entry where the shipped one was. Not a cut: a
    // retention purge, which leaves a signed anchor at or past the entries it dropped.
    const shippedNow = entries.find((e) => e.seq === progress.auditShippedSeq);
    const cut =
      progress.auditShippedSeq >= 0 &&
      (shippedNow ? shippedNow.hash !== progress.auditShippedHash : anchorSeq < progress.auditShippedSeq);
    if (cut && progress.truncationReportedAt !== progress.auditShippedSeq) {
      items.push({
        kind: 'audit-truncated',
        at: now,
        shippedUpToSeq: progress.auditShippedSeq,
        logEndsAtSeq: lastSeq,
      });
      progress.truncationReportedAt = progress.auditShippedSeq;
    }
    const { health, environment } = this.o.snapshot();
    for (const [item, field] of [
      [health, 'lastHealth'],
      [environment, 'lastEnvironment'],
    ] as const) {
      if (!item) continue;
      const { at: _at, ...rest } = item as FleetItem & { at: string };
      const json = JSON.stringify(rest);
      if (json !== progress[field]) {
        items.push(item);
        progress[field] = json;
      }
    }
    const queued = await this.o.queue.peek(this.o.maxItems - items.length);
    items.push(...queued.map((q) => q.item));
    let auditUpTo = progress.auditShippedSeq;
    let auditUpToHash = progress.auditShippedHash;
    for (const entry of entries) {
      if (items.length >= this.o.maxItems) break;
      const seq = entry.seq as number;
      if (seq <= progress.auditShippedSeq) continue;
      items.push({ kind: 'audit', entry });
      auditUpTo = seq;
      auditUpToHash = typeof entry.hash === 'string' ? entry.hash : null;
    }
    if (items.length === 0) return null;
    const seq = progress.batchSeq + 1;
    const batch: FleetBatch = { v: 1, kioskId: this.o.kioskId, seq, createdAt: now, items };
    const pending: Pending = {
      seq,
      jws: await signBatch(batch, this.o.key),
      auditUpTo,
      auditUpToHash,
      queueNames: queued.map((q) => q.name),
      progress,
    };
    await replaceFile(this.pendingFile, JSON.stringify(pending));
    return pending;
  }

  /**
   * The complete entries of the audit log (a torn last line is left for the log to repair), the last seq, and the
   * seq of the purge anchor (-1: never purged).
   */
  private async readAudit(): Promise<{
    entries: Record<string, unknown>[];
    lastSeq: number;
    anchorSeq: number;
  }> {
    const anchor = await readFile(path.join(this.o.auditDir, AUDIT_ANCHOR_FILE), 'utf8').catch(() => null);
    const anchorSeq = anchor ? Number((JSON.parse(anchor) as { seq?: unknown }).seq ?? -1) : -1;
    const text = await readFile(path.join(this.o.auditDir, AUDIT_FILE), 'utf8').catch(() => '');
    const lines = text.split('\n');
    lines.pop(); // after the last newline: empty, or a torn line
    const entries: Record<string, unknown>[] = [];
    for (const line of lines) {
      try {
        const e = JSON.parse(line) as Record<string, unknown>;
        if (typeof e.seq === 'number') entries.push(e);
      } catch {
        // an unreadable line is shipped as nothing; the back office sees the gap in seq and alerts
      }
    }
    return {
      entries,
      lastSeq: entries.length ? (entries[entries.length - 1]!.seq as number) : -1,
      anchorSeq,
    };
  }
}
