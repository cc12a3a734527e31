// Answer mode: the kiosk asks a yes/no question and the person nods (yes) or shakes the head (no). Evaluated per
// frame from the pose the vision core reports, with the liveness area's gesture detectors (the same signal
// machinery as the liveness challenges). No answer within the time allowed is a timeout, never a "yes".
import { createGestureRecognizer, sampleFromFace } from '../liveness/gestures';
import type { GestureThresholds } from '../liveness/config';
import type { FrameAnalysis } from '../vision/types';

export type AnswerStatus = 'waiting' | 'yes' | 'no' | 'timeout';

export interface AnswerState {
  status: AnswerStatus;
  /** 0..1 progress of the gesture furthest along, for a progress ring. */
  progress: number;
  /** Which gesture is furthest along while waiting. */
  leading: 'nod' | 'shake' | null;
  /** Time since the first frame, by the frames' own clock. */
  elapsedMs: number;
}

export class AnswerTracker {
  private readonly recognizer;
  private startedAt: number | null = null;
  private lastTimestamp = -Infinity;
  private final: AnswerState | null = null;

  constructor(
    private readonly timeoutMs: number,
    thresholds: Partial<GestureThresholds> = {},
  ) {
    this.recognizer = createGestureRecognizer(['nod', 'shake'], thresholds);
  }

  /** Feeds one analysed frame; once yes / no / timeout is reached the answer no longer changes. */
  update(frame: FrameAnalysis): AnswerState {
    if (this.final) return this.final;
    // Frames out of order (or repeated) are ignored: the gesture detectors need advancing time.
    if (!(frame.timestampMs > this.lastTimestamp)) return this.waiting(0, null, frame.timestampMs);
    this.lastTimestamp = frame.timestampMs;
    this.startedAt ??= frame.timestampMs;
    const elapsedMs = frame.timestampMs - this.startedAt;
    const face = frame.primary === null ? undefined : frame.faces[frame.primary];
    let progress = 0;
    let leading: 'nod' | 'shake' | null = null;
    if (face) {
      const u = this.recognizer.update(sampleFromFace(face, frame.timestampMs));
      if (u.status === 'done' && (u.kind === 'nod' || u.kind === 'shake')) {
        this.final = { status: u.kind === 'nod' ? 'yes' : 'no', progress: 1, leading: u.kind, elapsedMs };
        return this.final;
      }
      if (u.kind === 'nod' || u.kind === 'shake') leading = u.kind;
      progress = u.progress;
    }
    if (elapsedMs >= this.timeoutMs) {
      this.final = { status: 'timeout', progress, leading, elapsedMs };
      return this.final;
    }
    return this.waiting(progress, leading, frame.timestampMs);
  }

  private waiting(progress: number, leading: 'nod' | 'shake' | null, ts: number): AnswerState {
    return {
      status: 'waiting',
      progress,
      leading,
      elapsedMs: this.startedAt === null ? 0 : ts - this.startedAt,
    };
  }
}
