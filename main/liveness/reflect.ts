// Colour-flash ("reflect") liveness. The screen shows a short random sequence of saturated colours; skin
// facing the screen reflects them diffusely, so the chromaticity of the face region follows the sequence with
// a small lag. What it catches: an injected or pre-recorded video (it cannot know this session's random
// sequence), and a replay on a phone/tablet screen (an emissive, glossy surface reflects little of a diffuse
// coloured light). What it does not catch: a printed photo or a mask held in front of the camera (paper
// reflects colour like skin), and it needs a dim-to-normal room: in strong daylight the screen's light is
// swamped and genuine people fail (raise colourMs / lower minAmplitude only after measuring on site).
import type { Box, Frame } from '../vision/types';
import type { RandomSource } from './random';
import { pearson } from '../util/stats';

export const FLASH_COLOURS = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
} as const satisfies Record<string, readonly [number, number, number]>;
export type FlashColour = keyof typeof FLASH_COLOURS;
const NAMES = Object.keys(FLASH_COLOURS) as FlashColour[];

/** A random sequence with no colour twice in a row, in which every RGB channel is both on and off at least once. */
export function drawFlashSequence(length: number, random: RandomSource): FlashColour[] {
  for (;;) {
    const seq: FlashColour[] = [];
    while (seq.length < length) {
      const c = NAMES[random.int(NAMES.length)] as FlashColour;
      if (c !== seq[seq.length - 1]) seq.push(c);
    }
    const varies = [0, 1, 2].every((ch) => new Set(seq.map((c) => FLASH_COLOURS[c][ch])).size === 2);
    if (varies) return seq;
  }
}

/** Mean R, G, B of the central part of the face box (cheeks, nose, forehead; no hair or background). */
export function faceMeanColour(frame: Frame, box: Box): [number, number, number] {
  const w = box.x2 - box.x1;
  const h = box.y2 - box.y1;
  const x1 = Math.max(0, Math.floor(box.x1 + w * 0.25));
  const x2 = Math.min(frame.width, Math.ceil(box.x2 - w * 0.25));
  const y1 = Math.max(0, Math.floor(box.y1 + h * 0.2));
  const y2 = Math.min(frame.height, Math.ceil(box.y2 - h * 0.2));
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const c = frame.channels;
  for (let y = y1; y < y2; y += 2) {
    let i = (y * frame.width + x1) * c;
    for (let x = x1; x < x2; x += 2, i += 2 * c) {
      r += frame.data[i] as number;
      g += frame.data[i + 1] as number;
      b += frame.data[i + 2] as number;
      n++;
    }
  }
  return n ? [r / n, g / n, b / n] : [Number.NaN, Number.NaN, Number.NaN];
}

export interface ReflectSummary {
  enabled: boolean;
  passed: boolean;
  sequence: FlashColour[];
  /** Mean over R, G, B of the correlation between the shown colour and the face's chromaticity, at the best lag. */
  correlation: number | null;
  /** Mean chromaticity swing between a channel being lit and dark. */
  amplitude: number | null;
  lagMs: number | null;
  frames: number;
}

export interface ReflectOptions {
  colourMs: number;
  maxLagMs: number;
  minCorrelation: number;
  minAmplitude: number;
}

/** When each colour was really on screen: bounds[i]..bounds[i+1] is colour i (n + 1 bounds for n colours). */
export interface ShownTimes {
  bounds: readonly number[];
  /** Frames this soon after a change are skipped at least (a gentle fade is still on its way). */
  settleMs: number;
}

/** Collects the face colour per frame while the sequence plays, then scores how well it followed. */
export class ReflectEvaluator {
  private startMs: number | null = null;
  private shown: ShownTimes | null = null;
  private readonly obs: Array<{ t: number; chroma: [number, number, number] }> = [];

  constructor(
    readonly sequence: readonly FlashColour[],
    private readonly options: ReflectOptions,
  ) {}

  /** Total time the sequence needs on the frame clock, including the lag allowance. */
  get durationMs(): number {
    return this.sequence.length * this.options.colourMs + this.options.maxLagMs;
  }

  /** The colour the screen should show at frame time `t` (null once the sequence is over). Starts the clock. */
  colourAt(t: number): FlashColour | null {
    this.startMs ??= t;
    const i = Math.floor((t - this.startMs) / this.options.colourMs);
    return i >= 0 && i < this.sequence.length ? (this.sequence[i] as FlashColour) : null;
  }

  finished(t: number): boolean {
    return this.startMs !== null && t - this.startMs >= this.durationMs;
  }

  /**
   * Judge against the times the screen reported painting each colour (checked by flash-timing.ts) instead of
   * the ideal schedule from the first colourAt call.
   */
  useShownTimes(shown: ShownTimes): void {
    this.shown = { bounds: [...shown.bounds], settleMs: shown.settleMs };
  }

  /** The colour on screen at `t` and how far into it: from the reported times, else the ideal schedule. */
  private segmentAt(t: number): { i: number; elapsed: number; length: number } | null {
    if (this.shown) {
      const b = this.shown.bounds;
      for (let i = 0; i + 1 < b.length && i < this.sequence.length; i++) {
        const from = b[i] as number;
        const to = b[i + 1] as number;
        if (t >= from && t < to) return { i, elapsed: t - from, length: to - from };
      }
      return null;
    }
    if (this.startMs === null) return null;
    const { colourMs } = this.options;
    const i = Math.floor((t - this.startMs) / colourMs);
    if (i < 0 || i >= this.sequence.length) return null;
    return { i, elapsed: t - this.startMs - i * colourMs, length: colourMs };
  }

  add(t: number, rgb: readonly [number, number, number]): void {
    const sum = rgb[0] + rgb[1] + rgb[2];
    if (!(sum > 0)) return;
    this.obs.push({ t, chroma: [rgb[0] / sum, rgb[1] / sum, rgb[2] / sum] });
  }

  summary(): ReflectSummary {
    const { maxLagMs, minCorrelation, minAmplitude } = this.options;
    const base = { enabled: true, sequence: [...this.sequence], frames: this.obs.length };
    const settleMs = this.shown?.settleMs ?? 0;
    if (this.startMs === null && !this.shown)
      return { ...base, passed: false, correlation: null, amplitude: null, lagMs: null };
    let best: { corr: number; amp: number; lag: number } | null = null;
    for (let lag = 0; lag <= maxLagMs; lag += 20) {
      const expected: number[][] = [[], [], []];
      const seen: number[][] = [[], [], []];
      const covered = new Set<number>();
      for (const o of this.obs) {
        const seg = this.segmentAt(o.t - lag);
        // Skip frames near a colour change: the camera's exposure may straddle two colours (or a fade runs).
        if (!seg) continue;
        const frac = seg.elapsed / seg.length;
        if (frac < 0.15 || seg.elapsed < settleMs || frac > 0.9) continue;
        const i = seg.i;
        covered.add(i);
        const rgb = FLASH_COLOURS[this.sequence[i] as FlashColour];
        for (let ch = 0; ch < 3; ch++) {
          (expected[ch] as number[]).push((rgb[ch] as number) / 255);
          (seen[ch] as number[]).push(o.chroma[ch] as number);
        }
      }
      if (covered.size < this.sequence.length) continue;
      let corr = 0;
      let amp = 0;
      for (let ch = 0; ch < 3; ch++) {
        const e = expected[ch] as number[];
        const s = seen[ch] as number[];
        corr += pearson(e, s) / 3;
        const on = s.filter((_, k) => (e[k] as number) > 0.5);
        const off = s.filter((_, k) => (e[k] as number) <= 0.5);
        const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
        amp += on.length && off.length ? (mean(on) - mean(off)) / 3 : 0;
      }
      if (!best || corr > best.corr) best = { corr, amp, lag };
    }
    if (!best) return { ...base, passed: false, correlation: null, amplitude: null, lagMs: null };
    return {
      ...base,
      passed: best.corr >= minCorrelation && best.amp >= minAmplitude,
      correlation: best.corr,
      amplitude: best.amp,
      lagMs: best.lag,
    };
  }
}
