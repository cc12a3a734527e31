// Staff mode: unlocked by the PIN whose scrypt hash is in config, for a bounded time; locks itself again.
// Failed attempts are rate-limited (a kiosk keypad must not be brute-forced by a patient customer): checks run one
// at a time, each attempt is counted (and stored) before its scrypt runs and forgiven only when the PIN matched, so
// neither parallel guesses nor a restart mid-check get past the rule (5 wrong → 300 s by default).
import { HexinError } from '../../common/errors';
import type { StaffStatus } from '../../common/contract';
import { verifyPin } from '../config/pin';
import { MemoryPinAttemptStore, type PinAttempts, type PinAttemptStore } from './pin-attempts';

export interface StaffModeOptions {
  pinHash: string | null;
  /** How long staff mode stays unlocked without being locked by hand. */
  unlockSeconds?: number;
  /** Failed attempts before the keypad is refused for `backoffSeconds`. */
  maxFailures?: number;
  backoffSeconds?: number;
  now?: () => number;
  /** Where the failure count and block are kept (a file in the data dir: they survive restarts); default memory. */
  attempts?: PinAttemptStore;
}

export const DEFAULT_PIN_MAX_FAILURES = 5;
export const DEFAULT_PIN_BACKOFF_SECONDS = 300;

export class StaffMode {
  private unlockedUntil = 0;
  private attempts: PinAttempts | null = null;
  /** The one check in progress; the next waits for it (serialised, so the count is never read stale). */
  private checks: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(s: StaffStatus) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  private readonly store: PinAttemptStore;

  constructor(private readonly options: StaffModeOptions) {
    this.now = options.now ?? Date.now;
    this.store = options.attempts ?? new MemoryPinAttemptStore();
  }

  isUnlocked(): boolean {
    return this.now() < this.unlockedUntil;
  }

  status(): StaffStatus {
    const left = Math.max(0, Math.ceil((this.unlockedUntil - this.now()) / 1000));
    return { unlocked: left > 0, secondsLeft: left, pinConfigured: this.options.pinHash !== null };
  }

  unlock(pin: string): Promise<StaffStatus> {
    const run = this.checks.then(() => this.check(pin));
    this.checks = run.catch(() => undefined);
    return run;
  }

  private async check(pin: string): Promise<StaffStatus> {
    const pinHash = this.options.pinHash;
    if (!pinHash) throw new HexinError('STAFF_PIN_NOT_SET', 'no staff PIN is configured (staff.pinHash)');
    this.attempts ??= this.store.load();
    if (this.now() < this.attempts.blockedUntil)
      throw new HexinError('STAFF_PIN_BLOCKED', 'too many wrong PINs; wait');
    // Counted (and on disk) before the scrypt: a guess killed mid-check still counts.
    const failures = this.attempts.failures + 1;
    const blocked = failures >= (this.options.maxFailures ?? DEFAULT_PIN_MAX_FAILURES);
    const counted: PinAttempts = blocked
      ? {
          failures: 0,
          blockedUntil: this.now() + (this.options.backoffSeconds ?? DEFAULT_PIN_BACKOFF_SECONDS) * 1000,
        }
      : { failures, blockedUntil: this.attempts.blockedUntil };
    // Blocking is decided before the check, but a matching PIN still gets in: the block is for what follows.
    const before = this.attempts;
    await this.save(counted);
    if (!(await verifyPin(pin, pinHash))) throw new HexinError('STAFF_PIN_WRONG', 'wrong staff PIN');
    await this.save({ failures: 0, blockedUntil: blocked ? before.blockedUntil : counted.blockedUntil });
    const seconds = this.options.unlockSeconds ?? 300;
    this.unlockedUntil = this.now() + seconds * 1000;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed(), seconds * 1000 + 50);
    this.timer.unref?.();
    this.changed();
    return this.status();
  }

  private async save(state: PinAttempts): Promise<void> {
    this.attempts = state;
    await this.store.save(state);
  }

  lock(): StaffStatus {
    this.unlockedUntil = 0;
    if (this.timer) clearTimeout(this.timer);
    this.changed();
    return this.status();
  }

  onChange(listener: (s: StaffStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private changed(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
