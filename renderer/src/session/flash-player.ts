// Plays main's colour-flash plan on the screen and keeps the log of when each colour was painted. Driven by
// requestAnimationFrame timestamps (the same performance.now clock the frames are stamped with), so main can judge
// the face's colour against when each colour really appeared. Pure: the page passes ticks and a paint callback,
// tests pass a fake clock.
//
// Photosensitivity (common/flash.ts): a colour is never replaced before its duration has passed — the plan's
// durations are at least FLASH_MIN_COLOUR_MS, so the screen changes at most three times a second — and the
// explanation stays up for the plan's introMs first, with the choice of a gentle mode (longer colours that fade in).
import type { FlashPlan, FlashReport } from '../../../common/flash';

export type FlashPhase = 'intro' | 'playing' | 'done';

export interface FlashPaint {
  /** The colour to fill the screen with; null = back to the normal screen. */
  rgb: readonly [number, number, number] | null;
  /** Fade to it over this long (gentle mode), 0 = at once. */
  fadeMs: number;
  index: number;
}

export class FlashPlayer {
  private readonly introEndsMs: number;
  private readonly painted: number[] = [];
  private gentleMode = false;

  constructor(
    readonly plan: FlashPlan,
    /** When the screen received the plan (performance.now): the explanation runs from here. */
    receivedAtMs: number,
    /** Applies a colour; called synchronously inside the animation-frame tick that is logged as its time. */
    private readonly paint: (p: FlashPaint) => void,
  ) {
    this.introEndsMs = receivedAtMs + plan.introMs;
  }

  get phase(): FlashPhase {
    if (this.painted.length === 0) return 'intro';
    return this.painted.length > this.plan.colours.length ? 'done' : 'playing';
  }

  get gentle(): boolean {
    return this.gentleMode;
  }

  /** How long each colour stays on screen in the chosen mode. */
  get colourMs(): number {
    return this.gentleMode ? this.plan.gentleColourMs : this.plan.colourMs;
  }

  /** The gentle mode can be chosen (or unchosen) only while the explanation is up. Returns whether it took. */
  setGentle(on: boolean): boolean {
    if (this.phase !== 'intro') return false;
    this.gentleMode = on;
    return true;
  }

  /** Milliseconds until the first colour at time `now`. */
  introRemainingMs(now: number): number {
    return Math.max(0, this.introEndsMs - now);
  }

  /** Total time the colours take in the chosen mode. */
  get playMs(): number {
    return this.plan.colours.length * this.colourMs;
  }

  /** One animation frame at timestamp `ts`: paints the next colour when it is due. */
  tick(ts: number): void {
    if (!Number.isFinite(ts)) return;
    const n = this.plan.colours.length;
    const i = this.painted.length;
    if (i > n) return;
    const last = this.painted[i - 1];
    const due = last === undefined ? this.introEndsMs : last + this.colourMs;
    // Never early: a colour stays at least its full duration whatever the ticks do.
    if (ts < due) return;
    this.paint({
      rgb: i < n ? (this.plan.colours[i] ?? null) : null,
      fadeMs: this.gentleMode ? this.plan.fadeMs : 0,
      index: i,
    });
    this.painted.push(ts);
  }

  /** What goes to main with a frame grabbed now (a copy: later paints do not change a sent frame). */
  report(): FlashReport {
    return { planId: this.plan.planId, gentle: this.gentleMode, painted: [...this.painted] };
  }
}
