// Replay guards on the frame stream of one liveness session: the session's nonce must come back with every
// frame, timestamps must advance, gaps are bounded, a frozen feed (identical consecutive frames) is rejected,
// and the whole check is bounded in time on the frame clock and, when given, the wall clock.
import type { FrameAnalysis } from '../vision/types';

export type GuardFailure =
  | 'LIVENESS_NONCE_MISMATCH'
  | 'LIVENESS_TIMESTAMP'
  | 'LIVENESS_FRAME_GAP'
  | 'LIVENESS_FROZEN_FEED'
  | 'LIVENESS_TIMEOUT';

export interface GuardOptions {
  maxIdenticalFrames: number;
  maxFrameGapMs: number;
  maxTotalMs: number;
}

/**
 * A fingerprint of what the vision core saw. The models are deterministic, so two identical frames give
 * bit-identical boxes and landmarks; a live camera's sensor noise makes them differ in the low bits.
 * When the raw pixels are at hand, they are hashed too (sparsely: a frozen feed repeats every byte).
 */
export function frameFingerprint(analysis: FrameAnalysis, pixels?: Uint8Array): string | null {
  // Without pixels, a frame with no face carries nothing to compare: two empty analyses are equal for any
  // two different pictures of an empty room.
  if (!pixels && analysis.faces.length === 0) return null;
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h = Math.imul(h ^ (v | 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ Math.round((v - Math.trunc(v)) * 1e6), 0x01000193) >>> 0;
  };
  mix(analysis.faces.length);
  for (const f of analysis.faces) {
    mix(f.box.x1);
    mix(f.box.y1);
    mix(f.box.x2);
    mix(f.box.y2);
    for (const [x, y] of f.landmarks) {
      mix(x);
      mix(y);
    }
    mix(f.pose.yaw);
    mix(f.eyes.left);
  }
  if (pixels) {
    const step = Math.max(1, Math.floor(pixels.length / 4096));
    for (let i = 0; i < pixels.length; i += step) h = Math.imul(h ^ (pixels[i] as number), 0x01000193) >>> 0;
  }
  return h.toString(16);
}

export class ReplayGuard {
  private firstTs: number | null = null;
  private lastTs: number | null = null;
  private firstWall: number | null = null;
  private lastPrint: string | null = null;
  private identicalRun = 1;

  constructor(
    readonly nonce: string,
    private readonly options: GuardOptions,
    private readonly clock?: () => number,
  ) {}

  /** Checks one frame; returns the failure code, or null when the frame may be used. */
  check(analysis: FrameAnalysis, nonce: string | undefined, pixels?: Uint8Array): GuardFailure | null {
    if (nonce !== this.nonce) return 'LIVENESS_NONCE_MISMATCH';
    const ts = analysis.timestampMs;
    if (!Number.isFinite(ts)) return 'LIVENESS_TIMESTAMP';
    if (this.lastTs !== null) {
      if (ts <= this.lastTs) return 'LIVENESS_TIMESTAMP';
      if (ts - this.lastTs > this.options.maxFrameGapMs) return 'LIVENESS_FRAME_GAP';
    }
    this.firstTs ??= ts;
    this.lastTs = ts;
    if (this.clock) {
      const now = this.clock();
      this.firstWall ??= now;
      if (now - this.firstWall > this.options.maxTotalMs) return 'LIVENESS_TIMEOUT';
    }
    if (ts - this.firstTs > this.options.maxTotalMs) return 'LIVENESS_TIMEOUT';
    const print = frameFingerprint(analysis, pixels);
    this.identicalRun = print !== null && print === this.lastPrint ? this.identicalRun + 1 : 1;
    this.lastPrint = print;
    // A renderer polling faster than the camera may send the same picture twice; a run longer than the
    // allowance is a frozen or looped-still feed.
    if (this.identicalRun > this.options.maxIdenticalFrames) return 'LIVENESS_FROZEN_FEED';
    return null;
  }

  /** Frame-clock time since the first frame. */
  elapsedMs(): number {
    return this.firstTs === null || this.lastTs === null ? 0 : this.lastTs - this.firstTs;
  }
}
