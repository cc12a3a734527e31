// A circuit breaker for one remote provider: after `failureThreshold` consecutive failures it opens and fails
// fast for `cooldownMs` (so a dead authority does not make every person wait for timeouts), then lets a single
// trial call through (half-open); the trial's outcome closes or re-opens it. The clock is injectable so tests
// can step time instead of sleeping.
import { HexinError } from '../../../common/errors';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  /** Told about every state change, for logs and the health view. */
  onStateChange?: (state: BreakerState) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: BreakerState = 'closed';
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(
    private readonly name: string,
    private readonly options: BreakerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs)
      this.set('half-open');
    return this.current;
  }

  /**
   * Runs `call` unless the breaker is open. `isFailure` says which outcomes count against the provider's
   * health (a thrown error counts unless it returns false; a clean "no match" answer is a success).
   */
  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new HexinError('AUTHORITY_CIRCUIT_OPEN', `${this.name}: circuit open after repeated failures`, {
        provider: this.name,
      });
    }
    const trial = state === 'half-open';
    if (trial) this.trialInFlight = true;
    try {
      const value = await call();
      this.failures = 0;
      this.set('closed');
      return value;
    } catch (e) {
      if (isFailure(e)) this.recordFailure(trial);
      else if (trial) this.set('closed');
      throw e;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private recordFailure(trial: boolean): void {
    this.failures += 1;
    if (trial || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.set('open');
    }
  }

  private set(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
