// When a capture or liveness guidance code may be spoken — the debounce rule, pure so a unit test can walk it on a
// made-up clock. The view changes several times a second while a person finds the frame; speaking each change
// would be noise nobody can follow. So a guidance is spoken only when:
//   1. it has stayed the same for `settleMs` (a code that flickers past is not spoken);
//   2. nothing is playing, and the last prompt ended at least `gapMs` ago (time to act on it);
//   3. the same guidance was not spoken in the last `repeatMs` (said again only if it still applies later).
// Elderly mode multiplies the three by its pace factor (accessibility.elderly.timeoutFactor).

export interface GuidanceTimes {
  settleMs: number;
  gapMs: number;
  repeatMs: number;
}

export class GuidanceGate {
  private current: { id: string; since: number } | null = null;
  private readonly lastSpoken = new Map<string, number>();
  private lastEnded = -Infinity;

  constructor(private times: GuidanceTimes) {}

  setTimes(times: GuidanceTimes): void {
    this.times = times;
  }

  /** The guidance on screen now (null: none). A new code restarts its settle time. */
  observe(id: string | null, now: number): void {
    if (id === null) this.current = null;
    else if (this.current?.id !== id) this.current = { id, since: now };
  }

  /** A prompt (any prompt) finished or was stopped at `now`. */
  ended(now: number): void {
    this.lastEnded = now;
  }

  /** The guidance to speak at `now`, or null; `busy` while any prompt plays. Marks what it returns as spoken. */
  due(now: number, busy: boolean): string | null {
    const c = this.current;
    if (!c || busy) return null;
    if (now - c.since < this.times.settleMs) return null;
    if (now - this.lastEnded < this.times.gapMs) return null;
    const last = this.lastSpoken.get(c.id);
    if (last !== undefined && now - last < this.times.repeatMs) return null;
    this.lastSpoken.set(c.id, now);
    return c.id;
  }

  /** A new person or a new step: nothing waiting, nothing remembered. */
  reset(): void {
    this.current = null;
    this.lastSpoken.clear();
    this.lastEnded = -Infinity;
  }
}
