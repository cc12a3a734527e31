// Clocks for the session: the system clock, and a manual clock that tests (and replays) advance by hand so idle
// timers, step timeouts and lock-out windows are exercised without waiting and without timing assertions.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, Random, TimerHandle } from './ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const cryptoRandom: Random = {
  uuid: () => randomUUID(),
  secret: () => new Uint8Array(randomBytes(32)),
};

interface ManualTimer {
  handle: TimerHandle;
  dueMs: number;
  seq: number;
  fn: () => void;
}

/** Time moves only when advance() is called; due timers fire in order of due time, then of creation. */
export class ManualClock implements Clock {
  private nowMs: number;
  private timers: ManualTimer[] = [];
  private seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 15, 2, 0, 0)) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = { __timer: true };
    this.timers.push({ handle, dueMs: this.nowMs + Math.max(0, ms), seq: this.seq++, fn });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones set while firing). */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.timers
        .filter((t) => t.dueMs <= target)
        .sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = Math.max(this.nowMs, next.dueMs);
      next.fn();
    }
    this.nowMs = target;
  }

  /** Number of timers waiting; a finished session must leave none behind. */
  pending(): number {
    return this.timers.length;
  }
}
