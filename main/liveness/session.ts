// One liveness check, driven frame by frame by the session orchestrator (or offline by the CLI).
// Phases: position (a well-placed face for a few frames, which also fixes the neutral pose) → the randomly drawn
// active challenges, each with its own timeout → optional colour flash → hold until the passive verdict has
// enough frames → result. Every frame also goes through the replay guard, the same-face check and the passive
// aggregator. All timing is on the frame clock (plus an optional wall clock bound), so a run is reproducible
// from a recorded trace.
import type { FlashPlan, FlashReport } from '../../common/flash';
import type { FaceAnalysis, Frame, FrameAnalysis } from '../vision/types';
import type { LivenessPromptKey } from '../../common/messages/liveness';
import { challengeTimeout, type ChallengeType, type LivenessConfig } from './config';
import { FaceContinuity } from './continuity';
import { PaintLog } from './flash-timing';
import {
  createGestureDetector,
  sampleFromFace,
  neutralOf,
  type GestureDetector,
  type GestureSample,
  type Neutral,
} from './gestures';
import { PassiveAggregator, type PassiveSummary } from './passive';
import { cryptoRandom, drawDistinct, newNonce, type RandomSource } from './random';
import {
  drawFlashSequence,
  faceMeanColour,
  FLASH_COLOURS,
  ReflectEvaluator,
  type FlashColour,
  type ReflectSummary,
} from './reflect';
import { ReplayGuard, type GuardFailure } from './replay-guard';

/** Every code a liveness check can fail with; each has the person's words in common/messages/liveness.ts. */
export const LIVENESS_FAILURES = [
  'LIVENESS_NONCE_MISMATCH',
  'LIVENESS_TIMESTAMP',
  'LIVENESS_FRAME_GAP',
  'LIVENESS_FROZEN_FEED',
  'LIVENESS_TIMEOUT',
  'LIVENESS_FACE_CHANGED',
  'LIVENESS_NO_FACE',
  'LIVENESS_MULTIPLE_FACES',
  'LIVENESS_FACE_LOST',
  'LIVENESS_CHALLENGE_TIMEOUT',
  'LIVENESS_TOO_SLOW',
  'LIVENESS_WRONG_DIRECTION',
  'LIVENESS_PASSIVE_SPOOF',
  'LIVENESS_PASSIVE_NO_SCORES',
  'LIVENESS_REFLECT_MISMATCH',
  'LIVENESS_REFLECT_TIMING',
] as const;
export type LivenessFailure = (typeof LIVENESS_FAILURES)[number];

export interface ChallengeResult {
  type: ChallengeType;
  passed: boolean;
  /** Failure code, 'NOT_REACHED' when an earlier step ended the check, null when passed. */
  reason: LivenessFailure | 'NOT_REACHED' | null;
  durationMs: number | null;
}

export interface LivenessResult {
  passed: boolean;
  /** Failure code (a key of common/messages/liveness.ts livenessMessages), null when passed. */
  reason: LivenessFailure | null;
  /** Technical words for logs and operators; never shown to the person. */
  detail: string | null;
  nonce: string;
  passive: PassiveSummary;
  challenges: ChallengeResult[];
  reflect: ReflectSummary | null;
  /** Lowest embedding similarity to the reference face seen (null without embeddings). */
  minSameFaceSimilarity: number | null;
  /** Range of each signal over the frames with a face: tells an operator what the camera actually saw. */
  observed: ObservedRanges | null;
  frames: number;
  durationMs: number;
}

export interface ObservedRanges {
  eyesOpen: [number, number];
  yaw: [number, number];
  pitch: [number, number];
  mouthOpenRatio: [number, number];
}

export interface Prompt {
  key: LivenessPromptKey;
  params?: Record<string, string | number>;
}

export type LivenessPhase = 'position' | 'challenge' | 'reflect' | 'hold' | 'done';

/** What the renderer should show after a frame. */
export interface LivenessStep {
  phase: LivenessPhase;
  prompt: Prompt;
  /** Overall progress 0..1. */
  progress: number;
  challenge?: { type: ChallengeType; index: number; total: number; progress: number; remainingMs: number };
  /** Why the last attempt at the current challenge did not count (the person may try again until the timeout). */
  hint?: 'too-slow';
  /** Reflect phase: the colour plan the screen plays (after its explanation) and reports paint times for. */
  flash?: FlashPlan;
  done: boolean;
  result?: LivenessResult;
}

export interface LivenessSessionOptions {
  /** Random source for the plan and the colour sequence (default: the OS CSPRNG). */
  random?: RandomSource;
  /** Per-session nonce (default: 128 random bits). Every frame must carry it back. */
  nonce?: string;
  /** Wall clock in ms for the total-time bound (e.g. performance.now); omit offline. */
  clock?: () => number;
  /** A fixed challenge list instead of a random draw (the offline CLI's --challenges). */
  plan?: readonly ChallengeType[];
}

export interface FrameInput {
  /** The session nonce the frame was captured for. */
  nonce: string;
  /** Raw pixels: needed for colour flash, and used by the frozen-feed check when present. */
  frame?: Frame;
  /** Colour flash: when the screen painted each colour (the renderer sends it with every frame). */
  flash?: FlashReport;
}

export class LivenessSession {
  readonly nonce: string;
  readonly plan: readonly ChallengeType[];
  readonly flashSequence: readonly FlashColour[] | null;
  /** What the screen is told to show during the colour flash (null when reflect is off). */
  readonly flashPlan: FlashPlan | null;

  private readonly guard: ReplayGuard;
  private readonly continuity: FaceContinuity;
  private readonly passive: PassiveAggregator;
  private readonly reflect: ReflectEvaluator | null;
  /** The screen's paint times, from the frame that handed out the plan on. */
  private paints: PaintLog | null = null;
  private readonly challengeResults: ChallengeResult[];

  private phase: LivenessPhase = 'position';
  private phaseStart: number | null = null;
  private settled: GestureSample[] = [];
  private neutral: Neutral | null = null;
  private challengeIndex = 0;
  private detector: GestureDetector | null = null;
  private hint: 'too-slow' | undefined;
  private lostSince: number | null = null;
  private lastGuidance: FrameAnalysis['guidance'] = 'NO_FACE';
  private frames = 0;
  private lastTs = 0;
  private final: LivenessStep | null = null;
  private observed: ObservedRanges | null = null;

  constructor(
    private readonly config: LivenessConfig,
    options: LivenessSessionOptions = {},
  ) {
    const random = options.random ?? cryptoRandom;
    this.nonce = options.nonce ?? newNonce();
    this.plan = !config.active
      ? []
      : options.plan
        ? [...options.plan]
        : drawDistinct([...new Set(config.challengeTypes)], config.challengeCount, random);
    this.flashSequence = config.reflect.enabled ? drawFlashSequence(config.reflect.colours, random) : null;
    this.guard = new ReplayGuard(this.nonce, config.guards, options.clock);
    this.continuity = new FaceContinuity(config);
    this.passive = new PassiveAggregator(config.passive);
    this.reflect = this.flashSequence ? new ReflectEvaluator(this.flashSequence, config.reflect) : null;
    const r = config.reflect;
    this.flashPlan = this.flashSequence
      ? {
          planId: randomId(random),
          colours: this.flashSequence.map((c) => [...FLASH_COLOURS[c]] as [number, number, number]),
          colourMs: r.colourMs,
          gentleColourMs: r.gentleColourMs,
          fadeMs: r.fadeMs,
          introMs: r.introMs,
        }
      : null;
    this.challengeResults = this.plan.map((type) => ({
      type,
      passed: false,
      reason: 'NOT_REACHED',
      durationMs: null,
    }));
  }

  /** The result once done, else null. */
  get result(): LivenessResult | null {
    return this.final?.result ?? null;
  }

  /** Feeds one analysed frame; returns what to show next. After `done`, returns the same final step. */
  onFrame(analysis: FrameAnalysis, input: FrameInput): LivenessStep {
    if (this.final) return this.final;
    const fail = this.guard.check(analysis, input.nonce, input.frame?.data);
    if (fail) return this.finish(fail, guardDetail(fail, analysis.timestampMs, this.lastTs));
    const ts = analysis.timestampMs;
    this.frames++;
    this.lastTs = ts;
    this.phaseStart ??= ts;
    this.lastGuidance = analysis.guidance;

    const face = primaryFace(analysis);
    if (face) {
      this.lostSince = null;
      const changed = this.continuity.check(face);
      if (changed)
        return this.finish(
          changed,
          `face changed at ${ts} ms (box jump or embedding similarity below ${this.config.sameFaceMinSimilarity})`,
        );
      this.passive.add(face.live);
      this.observe(sampleFromFace(face, ts));
    } else {
      this.continuity.lost();
      this.lostSince ??= ts;
    }

    switch (this.phase) {
      case 'position':
        return this.position(analysis, face, ts);
      case 'challenge':
        return this.challenge(face, ts);
      case 'reflect':
        return this.flash(face, ts, input.frame, input.flash);
      default:
        return this.hold(ts);
    }
  }

  /** The input ended (offline run) or the orchestrator gave up: the result as of now. */
  end(why = 'input ended'): LivenessResult {
    if (this.final?.result) return this.final.result;
    const at = `${why} after ${this.guard.elapsedMs()} ms in phase ${this.phase}`;
    switch (this.phase) {
      case 'position':
        return this.finish(
          this.lastGuidance === 'ONE_FACE_ONLY' ? 'LIVENESS_MULTIPLE_FACES' : 'LIVENESS_NO_FACE',
          at,
        ).result as LivenessResult;
      case 'challenge': {
        const type = this.plan[this.challengeIndex] as ChallengeType;
        const code = this.hint === 'too-slow' ? 'LIVENESS_TOO_SLOW' : 'LIVENESS_CHALLENGE_TIMEOUT';
        return this.finishChallenge(code, `${at}: ${type} not completed`).result as LivenessResult;
      }
      case 'reflect':
        return this.finish('LIVENESS_REFLECT_MISMATCH', `${at}: colour sequence not finished`)
          .result as LivenessResult;
      default:
        return this.finish('LIVENESS_PASSIVE_NO_SCORES', `${at}: ${this.passive.count} scored frames`)
          .result as LivenessResult;
    }
  }

  private observe(s: GestureSample): void {
    const widen = (r: [number, number] | undefined, v: number): [number, number] =>
      r ? [Math.min(r[0], v), Math.max(r[1], v)] : [v, v];
    const o = this.observed;
    this.observed = {
      eyesOpen: widen(o?.eyesOpen, s.eyesOpen),
      yaw: widen(o?.yaw, s.yaw),
      pitch: widen(o?.pitch, s.pitch),
      mouthOpenRatio: widen(o?.mouthOpenRatio, s.mouthOpenRatio),
    };
  }

  private position(analysis: FrameAnalysis, face: FaceAnalysis | null, ts: number): LivenessStep {
    if (face && analysis.guidance === 'OK') this.settled.push(sampleFromFace(face, ts));
    else this.settled = [];
    if (this.settled.length >= this.config.settleFrames) {
      this.neutral = neutralOf(this.settled);
      return this.next(ts);
    }
    if (ts - (this.phaseStart as number) > this.config.positionTimeoutMs) {
      const code = analysis.guidance === 'ONE_FACE_ONLY' ? 'LIVENESS_MULTIPLE_FACES' : 'LIVENESS_NO_FACE';
      return this.finish(
        code,
        `no well-placed face within ${this.config.positionTimeoutMs} ms (last guidance ${analysis.guidance})`,
      );
    }
    const key: LivenessPromptKey =
      analysis.guidance === 'OK' ? 'liveness.guide.OK' : `liveness.guide.${analysis.guidance}`;
    return this.step('position', { key }, (this.settled.length / this.config.settleFrames) * 0.5);
  }

  /** Moves to the next phase at frame time ts and handles that frame's step. */
  private next(ts: number): LivenessStep {
    this.phaseStart = ts;
    this.hint = undefined;
    if (this.phase === 'position' && this.plan.length > 0) {
      this.phase = 'challenge';
      this.startChallenge();
      return this.challengeStep(ts, 0);
    }
    if ((this.phase === 'position' || this.phase === 'challenge') && this.reflect && this.flashPlan) {
      this.phase = 'reflect';
      // The screen gets the plan with this step, so it cannot paint anything before this frame's time.
      this.paints = new PaintLog(this.flashPlan, ts, this.config.reflect);
      return this.flashStep();
    }
    this.phase = 'hold';
    return this.hold(ts);
  }

  private startChallenge(): void {
    const type = this.plan[this.challengeIndex] as ChallengeType;
    this.detector = createGestureDetector(
      type,
      this.config.gestures,
      this.neutral ? { baseline: this.neutral } : {},
    );
  }

  private challenge(face: FaceAnalysis | null, ts: number): LivenessStep {
    const type = this.plan[this.challengeIndex] as ChallengeType;
    const elapsed = ts - (this.phaseStart as number);
    if (!face) {
      if (ts - (this.lostSince as number) > this.config.faceLostMs) {
        const code = this.lastGuidance === 'ONE_FACE_ONLY' ? 'LIVENESS_MULTIPLE_FACES' : 'LIVENESS_FACE_LOST';
        return this.finishChallenge(
          code,
          `face not in frame for over ${this.config.faceLostMs} ms during ${type}`,
        );
      }
    } else {
      const u = (this.detector as GestureDetector).update(sampleFromFace(face, ts));
      if (u.status === 'done') {
        const r = this.challengeResults[this.challengeIndex] as ChallengeResult;
        Object.assign(r, { passed: true, reason: null, durationMs: elapsed });
        this.challengeIndex++;
        if (this.challengeIndex < this.plan.length) {
          this.phaseStart = ts;
          this.hint = undefined;
          this.startChallenge();
          return this.challengeStep(ts, 0);
        }
        return this.next(ts);
      }
      if (u.status === 'failed' && u.failure === 'wrong-direction') {
        return this.finishChallenge(
          'LIVENESS_WRONG_DIRECTION',
          `${type}: head turned the other way at ${ts} ms`,
        );
      }
      if (u.status === 'failed') {
        // Too slow: say so and let the person try again until the challenge's timeout.
        this.hint = 'too-slow';
        (this.detector as GestureDetector).reset();
      }
      if (elapsed <= challengeTimeout(this.config, type))
        return this.challengeStep(ts, u.status === 'failed' ? 0 : u.progress);
    }
    const timeout = challengeTimeout(this.config, type);
    if (elapsed > timeout) {
      const code = this.hint === 'too-slow' ? 'LIVENESS_TOO_SLOW' : 'LIVENESS_CHALLENGE_TIMEOUT';
      const what = this.hint === 'too-slow' ? 'only too slow attempts' : 'not seen';
      return this.finishChallenge(code, `${type} ${what} within ${timeout} ms`);
    }
    const away: LivenessPromptKey =
      this.lastGuidance === 'ONE_FACE_ONLY' ? 'liveness.guide.ONE_FACE_ONLY' : 'liveness.guide.NO_FACE';
    return this.challengeStep(ts, 0, face ? undefined : away);
  }

  private challengeStep(ts: number, progress: number, override?: LivenessPromptKey): LivenessStep {
    const type = this.plan[this.challengeIndex] as ChallengeType;
    const total = this.plan.length;
    const index = this.challengeIndex + 1;
    const key: LivenessPromptKey =
      override ?? (this.hint ? 'liveness.retry.too-slow' : `liveness.challenge.${type}`);
    const remainingMs = Math.max(0, challengeTimeout(this.config, type) - (ts - (this.phaseStart as number)));
    const s = this.step('challenge', { key, params: { index, total } }, 0.5 + this.challengeIndex + progress);
    s.challenge = { type, index, total, progress, remainingMs };
    if (this.hint) s.hint = this.hint;
    return s;
  }

  private flash(
    face: FaceAnalysis | null,
    ts: number,
    frame: Frame | undefined,
    report: FlashReport | undefined,
  ): LivenessStep {
    const reflect = this.reflect as ReflectEvaluator;
    const paints = this.paints as PaintLog;
    if (!frame) throw new Error('colour-flash liveness needs the raw frame in onFrame(…, { frame })');
    const wrong = paints.update(report, ts);
    if (wrong)
      return this.finish('LIVENESS_REFLECT_TIMING', `the screen did not keep to the colour plan: ${wrong}`);
    // While the explanation is on screen the person may look at it rather than the camera; once colours play,
    // the face must stay in view.
    const playing = paints.times.length > 0;
    if (playing && !face && ts - (this.lostSince as number) > this.config.faceLostMs) {
      return this.finish(
        'LIVENESS_FACE_LOST',
        `face not in frame for over ${this.config.faceLostMs} ms during the colour flash`,
      );
    }
    if (face && playing) reflect.add(ts, faceMeanColour(frame, face.box));
    const end = paints.endMs;
    if (end !== null && ts >= end + this.config.reflect.maxLagMs) {
      // Judge against when each colour was really on screen; a gentle fade is skipped as it runs.
      reflect.useShownTimes({
        bounds: paints.times,
        settleMs: paints.gentle ? this.config.reflect.fadeMs : 0,
      });
      const s = reflect.summary();
      if (!s.passed) {
        return this.finish(
          'LIVENESS_REFLECT_MISMATCH',
          s.correlation === null
            ? `too few frames in each colour to judge (${s.frames} frames; a slow camera or analysis)`
            : // The gentle-mode choice is left out on purpose: it hints at a health condition (photosensitivity).
              `face colour did not follow the flash (correlation ${fmt(s.correlation)}, amplitude ${fmt(s.amplitude)})`,
        );
      }
      return this.next(ts);
    }
    return this.flashStep();
  }

  private flashStep(): LivenessStep {
    const s = this.step('reflect', { key: 'liveness.reflect' }, 0.5 + this.plan.length + 0.5);
    if (this.flashPlan) s.flash = this.flashPlan;
    return s;
  }

  private hold(ts: number): LivenessStep {
    if (this.passive.ready) return this.finish(null, null);
    if (ts - (this.phaseStart as number) > this.config.challengeTimeoutMs) {
      return this.finish(
        'LIVENESS_PASSIVE_NO_SCORES',
        `only ${this.passive.count} frames with a live score (need ${this.config.passive.minFrames})`,
      );
    }
    return this.step('hold', { key: 'liveness.hold' }, this.totalSteps() - 0.5);
  }

  private totalSteps(): number {
    return 1 + this.plan.length + (this.reflect ? 1 : 0);
  }

  private step(phase: LivenessPhase, prompt: Prompt, stepsDone: number): LivenessStep {
    return { phase, prompt, progress: Math.min(1, Math.max(0, stepsDone / this.totalSteps())), done: false };
  }

  private finishChallenge(code: LivenessFailure, detail: string): LivenessStep {
    const r = this.challengeResults[this.challengeIndex];
    if (r)
      Object.assign(r, {
        passed: false,
        reason: code,
        durationMs: this.lastTs - (this.phaseStart ?? this.lastTs),
      });
    return this.finish(code, detail);
  }

  private finish(code: LivenessFailure | null, detail: string | null): LivenessStep {
    const passive = this.passive.summary();
    let reason = code;
    let why = detail;
    if (!reason && !passive.passed) {
      reason = passive.score === null ? 'LIVENESS_PASSIVE_NO_SCORES' : 'LIVENESS_PASSIVE_SPOOF';
      why = `median live score ${fmt(passive.score)} over ${passive.frames} frames, threshold ${passive.threshold}`;
    }
    const result: LivenessResult = {
      passed: reason === null,
      reason,
      detail: why,
      nonce: this.nonce,
      passive,
      challenges: this.challengeResults.map((c) => ({ ...c })),
      reflect:
        this.reflect && this.phase !== 'position' && this.phase !== 'challenge'
          ? this.reflect.summary()
          : null,
      minSameFaceSimilarity: this.continuity.minSimilarity,
      observed: this.observed,
      frames: this.frames,
      durationMs: this.guard.elapsedMs(),
    };
    this.phase = 'done';
    this.final = {
      phase: 'done',
      // On failure the reason code goes along: the renderer shows its livenessMessages text (why it failed).
      prompt: result.passed
        ? { key: 'liveness.passed' }
        : { key: 'liveness.failed', params: { reason: reason as string } },
      progress: 1,
      done: true,
      result,
    };
    return this.final;
  }
}

function primaryFace(a: FrameAnalysis): FaceAnalysis | null {
  if (a.primary === null || a.guidance === 'ONE_FACE_ONLY') return null;
  return a.faces[a.primary] ?? null;
}

/** A short id for the flash plan (not secret: it only ties paint reports to the plan). */
function randomId(random: RandomSource): string {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz';
  let id = '';
  for (let i = 0; i < 12; i++) id += digits[random.int(digits.length)];
  return id;
}

function fmt(v: number | null): string {
  return v === null ? 'n/a' : v.toFixed(3);
}

function guardDetail(code: GuardFailure, ts: number, last: number): string {
  switch (code) {
    case 'LIVENESS_NONCE_MISMATCH':
      return 'frame carries a nonce of another session';
    case 'LIVENESS_TIMESTAMP':
      return `frame timestamp ${ts} does not advance past ${last}`;
    case 'LIVENESS_FRAME_GAP':
      return `gap of ${ts - last} ms between frames`;
    case 'LIVENESS_FROZEN_FEED':
      return 'identical consecutive frames: the camera feed is frozen';
    case 'LIVENESS_TIMEOUT':
      return 'the check took longer than its total time bound';
  }
}
