// Staff mode: unlocked by the PIN whose scrypt hash is in config, for a bounded time; locks itself again.
// Failed attempts are rate-limited (a kiosk keypad must not be brute-forced by a patient customer).
import { HexinError } from '../../common/errors';
import type { StaffStatus } from '../../common/contract';
import { verifyPin } from '../config/pin';

export interface StaffModeOptions {
  pinHash: string | null;
  /** How long staff mode stays unlocked without being locked by hand. */
  unlockSeconds?: number;
  /** Failed attempts before the keypad is refused for `backoffSeconds`. */
  maxFailures?: number;
  backoffSeconds?: number;
  now?: () => number;
}

export class StaffMode {
  private unlockedUntil = 0;
  private failures = 0;
  private blockedUntil = 0;
  private readonly listeners = new Set<(s: StaffStatus) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: StaffModeOptions) {
    this.now = options.now ?? Date.now;
  }

  isUnlocked(): boolean {
    return this.now() < this.unlockedUntil;
  }

  status(): StaffStatus {
    const left = Math.max(0, Math.ceil((this.unlockedUntil - this.now()) / 1000));
    return { unlocked: left > 0, secondsLeft: left, pinConfigured: this.options.pinHash !== null };
  }

  async unlock(pin: string): Promise<StaffStatus> {
    if (!this.options.pinHash)
      throw new HexinError('STAFF_PIN_NOT_SET', 'no staff PIN is configured (staff.pinHash)');
    if (this.now() < this.blockedUntil)
      throw new HexinError('STAFF_PIN_BLOCKED', 'too many wrong PINs; wait');
    if (!(await verifyPin(pin, this.options.pinHash))) {
      this.failures += 1;
      if (this.failures >= (this.options.maxFailures ?? 5)) {
        this.failures = 0;
        this.blockedUntil = this.now() + (this.options.backoffSeconds ?? 300) * 1000;
      }
      throw new HexinError('STAFF_PIN_WRONG', 'wrong staff PIN');
    }
    this.failures = 0;
    const seconds = this.options.unlockSeconds ?? 300;
    this.unlockedUntil = this.now() + seconds * 1000;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed(), seconds * 1000 + 50);
    this.timer.unref?.();
    this.changed();
    return this.status();
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
