// The screen's side of colour flash, as main checks it. The renderer paints each colour on a requestAnimationFrame
// tick and sends the paint times (same clock as the frames' timestamps) with every frame; the reflect evaluator
// then judges the face's colour against the times the colours were really on screen, not against when main asked
// for them — the IPC round trip and the analysis time would otherwise blur a 400 ms colour. Because those times
// come from the page, they are checked here before they are believed: they must extend what was reported before,
// strictly increase, respect the explanation time and each colour's duration (never shorter: photosensitivity,
// see common/flash.ts; not much longer: a stalled screen), and never lie in the future of the frame carrying them.
import type { FlashPlan, FlashReport } from '../../common/flash';

export interface PaintTimingOptions {
  /** Extra time a colour may stay beyond its duration (one late animation frame, a busy page). */
  paintSlackMs: number;
  /** Time after the explanation by which the first colour must have been painted. */
  startGraceMs: number;
}

/** Float tolerance on durations: rAF times are fractional milliseconds and survive the wire unchanged. */
const EPSILON_MS = 0.5;

export class PaintLog {
  private painted: number[] = [];
  private gentleMode: boolean | null = null;

  constructor(
    readonly plan: FlashPlan,
    /** Timestamp of the frame whose analysis handed out the plan: the screen cannot have had it earlier. */
    readonly issuedAtMs: number,
    private readonly options: PaintTimingOptions,
  ) {}

  get times(): readonly number[] {
    return this.painted;
  }

  get gentle(): boolean {
    return this.gentleMode ?? false;
  }

  /** How long each colour stays on screen in the mode the screen chose. */
  get colourMs(): number {
    return this.gentle ? this.plan.gentleColourMs : this.plan.colourMs;
  }

  /** Every colour and the return to the normal screen were painted. */
  get complete(): boolean {
    return this.painted.length === this.plan.colours.length + 1;
  }

  /** Time the normal screen came back, once complete. */
  get endMs(): number | null {
    return this.complete ? (this.painted.at(-1) ?? null) : null;
  }

  /**
   * Takes the report a frame at `frameTs` carried (a report for another plan is ignored) and checks that the
   * screen is keeping to the plan. Returns what is wrong in technical words, or null.
   */
  update(report: FlashReport | undefined, frameTs: number): string | null {
    if (report && report.planId === this.plan.planId) {
      const wrong = this.accept(report, frameTs);
      if (wrong) return wrong;
    }
    return this.overdue(frameTs);
  }

  private accept(report: FlashReport, frameTs: number): string | null {
    const old = this.painted;
    const next = report.painted;
    const n = this.plan.colours.length;
    if (next.length > n + 1) return `paint log has ${next.length} entries for ${n} colours`;
    if (next.length < old.length) return 'paint log shrank';
    for (let i = 0; i < old.length; i++) {
      if (next[i] !== old[i]) return `paint time ${i} changed from ${old[i]} to ${next[i]}`;
    }
    if (old.length > 0 && this.gentleMode !== report.gentle)
      return 'gentle mode changed after the first colour';
    if (next.length === 0) return null;
    const gentle = report.gentle;
    const colourMs = gentle ? this.plan.gentleColourMs : this.plan.colourMs;
    const first = next[0] as number;
    if (first < this.issuedAtMs + this.plan.introMs) {
      return `first colour at ${first.toFixed(1)} ms, before the explanation ended (${this.issuedAtMs} + ${this.plan.introMs} ms)`;
    }
    for (let i = 1; i < next.length; i++) {
      const d = (next[i] as number) - (next[i - 1] as number);
      if (d < colourMs - EPSILON_MS)
        return `colour ${i - 1} shown ${d.toFixed(1)} ms, shorter than ${colourMs} ms`;
      if (d > colourMs + this.options.paintSlackMs)
        return `colour ${i - 1} shown ${d.toFixed(1)} ms, longer than ${colourMs} + ${this.options.paintSlackMs} ms`;
    }
    const last = next.at(-1) as number;
    if (last > frameTs) return `paint time ${last.toFixed(1)} lies after the frame carrying it (${frameTs})`;
    this.painted = [...next];
    this.gentleMode = gentle;
    return null;
  }

  /** The screen should have moved on by frame time `frameTs` and has not (or never started). */
  private overdue(frameTs: number): string | null {
    if (this.complete) return null;
    const last = this.painted.at(-1);
    const due =
      last === undefined
        ? this.issuedAtMs + this.plan.introMs + this.options.startGraceMs
        : last + this.colourMs + this.options.paintSlackMs;
    if (frameTs <= due) return null;
    return last === undefined
      ? `no colour painted by ${frameTs} ms (plan handed out at ${this.issuedAtMs} ms)`
      : `colour ${this.painted.length - 1} still on screen at ${frameTs} ms, due to change by ${due.toFixed(1)} ms`;
  }
}

/**
 * The paint log of a well-behaved screen that started the first colour at `startMs` and paints on a display
 * refreshing every `frameMs` (a rAF tick at or after each due time), as known at time `nowMs`. For tests, the
 * benchmark and simulations; the renderer's real player is renderer/src/session/flash-player.ts.
 */
export function idealPaintLog(
  plan: FlashPlan,
  startMs: number,
  nowMs: number,
  options: { gentle?: boolean; frameMs?: number } = {},
): number[] {
  const colourMs = options.gentle ? plan.gentleColourMs : plan.colourMs;
  const frameMs = options.frameMs ?? 0;
  const out: number[] = [];
  let t = startMs;
  for (let i = 0; i <= plan.colours.length && t <= nowMs; i++) {
    out.push(t);
    const due = t + colourMs;
    t = frameMs > 0 ? startMs + Math.ceil((due - startMs) / frameMs) * frameMs : due;
  }
  return out;
}
