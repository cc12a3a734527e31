// Passive anti-spoofing verdict: the anti-spoofing model's live probability aggregated over several frames of
// one capture. A single frame never decides: the model is noisy frame to frame, and an attacker only needs one
// lucky frame if the best frame counts. The median of the most recent frames is robust to a few outliers.
import { median } from './gestures';

export interface PassiveSummary {
  enabled: boolean;
  passed: boolean;
  /** Median live probability of the frames used, or null if none. */
  score: number | null;
  threshold: number;
  frames: number;
  min: number | null;
  max: number | null;
}

export class PassiveAggregator {
  private readonly scores: number[] = [];

  constructor(
    private readonly options: { enabled: boolean; minFrames: number; maxFrames: number; threshold: number },
  ) {}

  /** Adds one frame's live probability (ignored when not a finite number in 0..1). */
  add(live: number | undefined): void {
    if (live === undefined || !Number.isFinite(live) || live < 0 || live > 1) return;
    this.scores.push(live);
    if (this.scores.length > this.options.maxFrames) this.scores.shift();
  }

  get count(): number {
    return this.scores.length;
  }

  /** True once enough frames were scored for a verdict (always true when passive is disabled). */
  get ready(): boolean {
    return !this.options.enabled || this.scores.length >= this.options.minFrames;
  }

  summary(): PassiveSummary {
    const { enabled, threshold } = this.options;
    const n = this.scores.length;
    const score = n ? median(this.scores) : null;
    return {
      enabled,
      passed: !enabled || (this.ready && score !== null && score >= threshold),
      score,
      threshold,
      frames: n,
      min: n ? Math.min(...this.scores) : null,
      max: n ? Math.max(...this.scores) : null,
    };
  }
}
