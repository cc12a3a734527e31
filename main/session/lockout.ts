// The risk rule: repeated failures with one card lock that card out for a while (default 5 failures within 30 min
// → locked for 30 min). Cards are known only by a keyed hash (HMAC-SHA-256 with a key that lives in memory only), so
// the tracker, which outlives sessions, never holds a card number.
import { createHmac } from 'node:crypto';
import type { LockoutConfig } from '../config/schema';
import type { Clock } from './ports';

const MINUTE_MS = 60_000;

export interface LockState {
  locked: boolean;
  /** When the lock ends (ms since epoch); null when not locked. */
  untilMs: number | null;
}

export class LockoutTracker {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly rule: LockoutConfig,
    private readonly clock: Clock,
    private readonly secret: Uint8Array,
  ) {}

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
    return this.state(key);
  }

  /** Staff reset of every lock (staff mode). */
  clear(): void {
    this.failures.clear();
    this.lockedUntil.clear();
  }

  /** Cards currently locked (a count for staff; never which ones). */
  lockedCount(): number {
    this.prune();
    return this.lockedUntil.size;
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
