// The risk rule: repeated failures with one card lock that card out for a while (default 5 failures within 30 min
// → locked for 30 min). Cards are known only by a keyed hash (HMAC-SHA-256), so the tracker, which outlives
// sessions, never holds a card number. What it knows is kept through a LockoutStore: in memory (tests), or an
// encrypted file with a persistent key (lockout-store.ts) so a restart or a kill -9 does not lift a lock-out.
import { createHmac } from 'node:crypto';
import type { LockoutConfig } from '../config/schema';
import type { Clock } from './ports';

const MINUTE_MS = 60_000;

export interface LockState {
  locked: boolean;
  /** When the lock ends (ms since epoch); null when not locked. */
  untilMs: number | null;
}

/** Everything the tracker knows, by card key (keyed hash): recent failure times and running locks (ms since epoch). */
export interface LockoutSnapshot {
  failures: Record<string, number[]>;
  lockedUntil: Record<string, number>;
}

/**
 * Where lock-outs are kept. `save` is synchronous and durable when it returns: the lock screen is shown only after
 * the lock is on disk. (A store shared between kiosks would merge here.)
 */
export interface LockoutStore {
  load(): LockoutSnapshot;
  save(snapshot: LockoutSnapshot): void;
}

export const emptyLockoutSnapshot = (): LockoutSnapshot => ({ failures: {}, lockedUntil: {} });

/** Nothing survives the process (tests, and the default when no store is given). */
export class MemoryLockoutStore implements LockoutStore {
  private snapshot = emptyLockoutSnapshot();
  load(): LockoutSnapshot {
    return structuredClone(this.snapshot);
  }
  save(snapshot: LockoutSnapshot): void {
    this.snapshot = structuredClone(snapshot);
  }
}

export class LockoutTracker {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly rule: LockoutConfig,
    private readonly clock: Clock,
    private readonly secret: Uint8Array,
    private readonly store: LockoutStore = new MemoryLockoutStore(),
  ) {
    const stored = store.load();
    for (const [key, times] of Object.entries(stored.failures)) this.failures.set(key, [...times]);
    for (const [key, until] of Object.entries(stored.lockedUntil)) this.lockedUntil.set(key, until);
    this.prune();
  }

  /** The tracker's name for a card: a keyed hash of its number. */
  keyFor(idNumber: string): string {
    return createHmac('sha256', this.secret).update(idNumber.toUpperCase()).digest('base64url');
  }

  state(key: string): LockState {
    this.prune();
    const until = this.lockedUntil.get(key);
    return until === undefined ? { locked: false, untilMs: null } : { locked: true, untilMs: until };
  }

  /** Records one failure; returns the state after it (locked once the rule's count is reached in the window). */
  recordFailure(key: string): LockState {
    this.prune();
    const now = this.clock.now();
    const list = this.failures.get(key) ?? [];
    list.push(now);
    this.failures.set(key, list);
    if (list.length >= this.rule.maxFailures) {
      this.lockedUntil.set(key, now + this.rule.lockMinutes * MINUTE_MS);
      this.failures.delete(key);
    }
    this.persist();
    return this.state(key);
  }

  /**
   * A lock decided elsewhere (another kiosk, through the fleet back office) for this card: kept like one of ours,
   * and never shortens a lock already running here.
   */
  noteLock(key: string, untilMs: number): LockState {
    this.prune();
    if (untilMs > this.clock.now() && untilMs > (this.lockedUntil.get(key) ?? 0)) {
      this.lockedUntil.set(key, untilMs);
      this.persist();
    }
    return this.state(key);
  }

  /** Staff reset of every lock (staff mode). */
  clear(): void {
    this.failures.clear();
    this.lockedUntil.clear();
    this.persist();
  }

  /** Cards currently locked (a count for staff; never which ones). */
  lockedCount(): number {
    this.prune();
    return this.lockedUntil.size;
  }

  private persist(): void {
    this.store.save({
      failures: Object.fromEntries(this.failures),
      lockedUntil: Object.fromEntries(this.lockedUntil),
    });
  }

  private prune(): void {
    const now = this.clock.now();
    const windowStart = now - this.rule.windowMinutes * MINUTE_MS;
    for (const [key, list] of this.failures) {
      const recent = list.filter((t) => t > windowStart);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
    for (const [key, until] of this.lockedUntil) if (until <= now) this.lockedUntil.delete(key);
  }
}
