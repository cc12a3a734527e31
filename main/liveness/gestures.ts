// Head, eye and mouth gesture detectors over per-frame signals: blink, turn left/right, nod, shake, open mouth.
// Used by liveness challenges and reusable as-is for intent answers (nod = yes, shake = no).
//
// API in short:
//   const d = createGestureDetector('nod', thresholds?, { baseline? });
//   for each frame: const u = d.update(sampleFromFace(face, timestampMs));   // u.status: waiting|started|done|failed
//   const r = createGestureRecognizer(['nod', 'shake']); r.update(sample) → { kind, status, … } of the leader.
// Each detector is a small state machine with hysteresis: a gesture must leave the neutral state beyond an "on"
// threshold and come back inside an "off" threshold, within gestureMaxMs. Angles are relative to a neutral pose
// (the median of the first samples, or a baseline passed in), so a kiosk camera mounted off-axis still works.
import type { FaceAnalysis } from '../vision/types';
import { gestureThresholdsSchema, type GestureThresholds } from './config';

export const GESTURE_KINDS = ['blink', 'turn-left', 'turn-right', 'nod', 'shake', 'open-mouth'] as const;
export type GestureKind = (typeof GESTURE_KINDS)[number];

/** The few signals a gesture needs from one frame. */
export interface GestureSample {
  timestampMs: number;
  /** Mean probability that the eyes are open, 0..1. */
  eyesOpen: number;
  /** Degrees; positive = the person turns to their left (see main/vision/types.ts HeadPose). */
  yaw: number;
  pitch: number;
  mouthOpenRatio: number;
}

/** Neutral pose the excursions are measured from. */
export interface Neutral {
  yaw: number;
  pitch: number;
  mouthOpenRatio: number;
}

export type GestureFailure = 'wrong-direction' | 'too-slow';

export interface GestureUpdate {
  /** waiting: neutral (or still learning it); started: left neutral; done: completed; failed: see `failure`. */
  status: 'waiting' | 'started' | 'done' | 'failed';
  /** 0..1, for a progress ring. */
  progress: number;
  failure?: GestureFailure;
}

export interface GestureDetector {
  readonly kind: GestureKind;
  /** Feed one frame's signals (timestamps must advance). After done/failed, call reset() to look again. */
  update(sample: GestureSample): GestureUpdate;
  /** Forget progress but keep the neutral pose. */
  reset(): void;
  /** The neutral pose in use, once known. */
  neutral(): Neutral | null;
}

export function sampleFromFace(face: FaceAnalysis, timestampMs: number): GestureSample {
  return {
    timestampMs,
    eyesOpen: (face.eyes.left + face.eyes.right) / 2,
    yaw: face.pose.yaw,
    pitch: face.pose.pitch,
    mouthOpenRatio: face.mouthOpenRatio,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function neutralOf(samples: readonly GestureSample[]): Neutral {
  return {
    yaw: median(samples.map((s) => s.yaw)),
    pitch: median(samples.map((s) => s.pitch)),
    mouthOpenRatio: median(samples.map((s) => s.mouthOpenRatio)),
  };
}

/** Head near the neutral pose, mouth closed (eyes are handled by the blink detector's own open state). */
function isNeutral(s: GestureSample, n: Neutral, t: GestureThresholds): boolean {
  return (
    Math.abs(s.yaw - n.yaw) <= t.returnAngle &&
    Math.abs(s.pitch - n.pitch) <= t.returnAngle &&
    s.mouthOpenRatio - n.mouthOpenRatio <= t.mouthClosed
  );
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

type Step = (s: GestureSample, n: Neutral) => GestureUpdate;

/** When the current attempt left neutral; cleared when it drifts back before it was a real gesture. */
interface GestureClock {
  started: (ts: number) => void;
  clearStart: () => void;
  startedAt: () => number | null;
}

/** Progress at or above this means the gesture passed its "on" threshold (turned, eyes closed, mouth open…). */
const ENGAGED = 0.5;

/** Base: learns the neutral pose, tracks when the gesture left neutral, enforces gestureMaxMs. */
function detector(
  kind: GestureKind,
  t: GestureThresholds,
  baseline: Neutral | undefined,
  makeStep: (ctx: GestureClock) => {
    step: Step;
    reset: () => void;
  },
): GestureDetector {
  let neutral: Neutral | null = baseline ?? null;
  const learning: GestureSample[] = [];
  let startedAt: number | null = null;
  // After a reset the person may still be mid-gesture (e.g. head still turned after a too-slow attempt);
  // the second half of an old attempt must not count as a new one, so wait for neutral first.
  let needNeutral = false;
  const inner = makeStep({
    started: (ts) => {
      if (startedAt === null) startedAt = ts;
    },
    clearStart: () => {
      startedAt = null;
    },
    startedAt: () => startedAt,
  });
  return {
    kind,
    neutral: () => neutral,
    reset() {
      startedAt = null;
      needNeutral = true;
      inner.reset();
    },
    update(s) {
      if (!neutral) {
        learning.push(s);
        if (learning.length < t.baselineSamples) return { status: 'waiting', progress: 0 };
        neutral = neutralOf(learning);
      }
      if (needNeutral) {
        if (!isNeutral(s, neutral, t)) return { status: 'waiting', progress: 0 };
        needNeutral = false;
      }
      const u = inner.step(s, neutral);
      // Only an engaged gesture can be too slow: pose jitter that wanders out of the neutral band (a still
      // photo panned by a video shows ±5° of yaw) is not an attempt, and "too slow" would be the wrong reason.
      if (
        u.status === 'started' &&
        u.progress >= ENGAGED &&
        startedAt !== null &&
        s.timestampMs - startedAt > t.gestureMaxMs
      ) {
        return { status: 'failed', progress: u.progress, failure: 'too-slow' };
      }
      return u;
    },
  };
}

function blink(t: GestureThresholds, baseline?: Neutral): GestureDetector {
  // open → closed → open. Eye probabilities are absolute, so no neutral is needed; the hysteresis is the gap
  // between eyeClosed and eyeOpen, which keeps a noisy half-open eye from counting twice.
  return detector('blink', t, baseline ?? { yaw: 0, pitch: 0, mouthOpenRatio: 0 }, (ctx) => {
    let state: 'need-open' | 'open' | 'closed' = 'need-open';
    return {
      reset: () => (state = 'need-open'),
      step(s) {
        if (state === 'need-open') {
          if (s.eyesOpen >= t.eyeOpen) state = 'open';
          return { status: 'waiting', progress: 0 };
        }
        if (state === 'open') {
          if (s.eyesOpen <= t.eyeClosed) {
            state = 'closed';
            ctx.started(s.timestampMs);
            return { status: 'started', progress: 0.5 };
          }
          return { status: 'waiting', progress: 0 };
        }
        const closedFor = s.timestampMs - (ctx.startedAt() ?? s.timestampMs);
        if (s.eyesOpen >= t.eyeOpen) {
          if (closedFor > t.blinkMaxClosedMs) return { status: 'failed', progress: 0.5, failure: 'too-slow' };
          return { status: 'done', progress: 1 };
        }
        if (closedFor > t.blinkMaxClosedMs) return { status: 'failed', progress: 0.5, failure: 'too-slow' };
        return { status: 'started', progress: 0.5 };
      },
    };
  });
}

function turn(kind: 'turn-left' | 'turn-right', t: GestureThresholds, baseline?: Neutral): GestureDetector {
  // Positive yaw is the person's left (HeadPose), so a left turn is a positive excursion.
  const sign = kind === 'turn-left' ? 1 : -1;
  return detector(kind, t, baseline, (ctx) => {
    let turned = false;
    return {
      reset: () => (turned = false),
      step(s, n) {
        const d = (s.yaw - n.yaw) * sign;
        if (d <= -t.turnYaw) return { status: 'failed', progress: 0, failure: 'wrong-direction' };
        if (!turned) {
          if (Math.abs(d) > t.returnAngle) ctx.started(s.timestampMs);
          else ctx.clearStart();
          if (d >= t.turnYaw) turned = true;
          else if (ctx.startedAt() === null) return { status: 'waiting', progress: 0 };
          if (!turned) return { status: 'started', progress: 0.5 * clamp01(d / t.turnYaw) };
        }
        if (Math.abs(d) <= t.returnAngle) return { status: 'done', progress: 1 };
        return {
          status: 'started',
          progress: 0.5 + 0.5 * clamp01((t.turnYaw - d) / (t.turnYaw - t.returnAngle)),
        };
      },
    };
  });
}

function nod(t: GestureThresholds, baseline?: Neutral): GestureDetector {
  // Pitch away from neutral and back, with the yaw staying near neutral so a turn or shake is not a nod.
  // Either pitch sign counts: pose models disagree on it, and "down then up" and "up then down" both are nods.
  return detector('nod', t, baseline, (ctx) => {
    let moved = false;
    return {
      reset: () => (moved = false),
      step(s, n) {
        const p = Math.abs(s.pitch - n.pitch);
        const yawOff = Math.abs(s.yaw - n.yaw) > t.turnYaw / 2;
        if (!moved) {
          if (p > t.returnAngle && !yawOff) ctx.started(s.timestampMs);
          else ctx.clearStart();
          if (p >= t.nodPitch && !yawOff) moved = true;
          else if (ctx.startedAt() === null) return { status: 'waiting', progress: 0 };
          if (!moved) return { status: 'started', progress: 0.5 * clamp01(p / t.nodPitch) };
        }
        if (p <= t.returnAngle) return { status: 'done', progress: 1 };
        return { status: 'started', progress: 0.75 };
      },
    };
  });
}

function shake(t: GestureThresholds, baseline?: Neutral): GestureDetector {
  // Yaw beyond the turn threshold on both sides (either order), then back to neutral.
  return detector('shake', t, baseline, (ctx) => {
    let left = false;
    let right = false;
    return {
      reset: () => (left = right = false),
      step(s, n) {
        const d = s.yaw - n.yaw;
        if (Math.abs(d) > t.returnAngle) ctx.started(s.timestampMs);
        else if (!left && !right) ctx.clearStart();
        if (d >= t.turnYaw) left = true;
        if (d <= -t.turnYaw) right = true;
        if (left && right && Math.abs(d) <= t.returnAngle) return { status: 'done', progress: 1 };
        if (ctx.startedAt() === null) return { status: 'waiting', progress: 0 };
        const engaged = left || right ? ENGAGED : 0;
        return { status: 'started', progress: engaged + (left && right ? 0.25 : 0) };
      },
    };
  });
}

function openMouth(t: GestureThresholds, baseline?: Neutral): GestureDetector {
  // closed → open → closed, relative to the neutral mouth: a photo with an open mouth never changes, so it
  // never passes, and a person whose mouth rests slightly open is not penalised.
  return detector('open-mouth', t, baseline, (ctx) => {
    let opened = false;
    return {
      reset: () => (opened = false),
      step(s, n) {
        const m = s.mouthOpenRatio - n.mouthOpenRatio;
        if (!opened) {
          if (m > t.mouthClosed) ctx.started(s.timestampMs);
          else ctx.clearStart();
          if (m >= t.mouthOpen) opened = true;
          else if (ctx.startedAt() === null) return { status: 'waiting', progress: 0 };
          if (!opened) return { status: 'started', progress: 0.5 * clamp01(m / t.mouthOpen) };
        }
        if (m <= t.mouthClosed) return { status: 'done', progress: 1 };
        return { status: 'started', progress: 0.75 };
      },
    };
  });
}

/** A detector for one gesture. `thresholds` are merged over the defaults; `baseline` skips learning neutral. */
export function createGestureDetector(
  kind: GestureKind,
  thresholds: Partial<GestureThresholds> = {},
  options: { baseline?: Neutral } = {},
): GestureDetector {
  const t = gestureThresholdsSchema.parse(thresholds);
  switch (kind) {
    case 'blink':
      return blink(t, options.baseline);
    case 'turn-left':
    case 'turn-right':
      return turn(kind, t, options.baseline);
    case 'nod':
      return nod(t, options.baseline);
    case 'shake':
      return shake(t, options.baseline);
    case 'open-mouth':
      return openMouth(t, options.baseline);
  }
}

export interface RecognizerUpdate extends GestureUpdate {
  /** The gesture this update is about: the completed one, or the one furthest along. Null while all wait. */
  kind: GestureKind | null;
}

/**
 * Runs several detectors on the same samples and reports the first to complete, e.g. ['nod', 'shake'] for a
 * yes/no answer. A detector that fails is reset and keeps watching (a person may start again).
 */
export function createGestureRecognizer(
  kinds: readonly GestureKind[],
  thresholds: Partial<GestureThresholds> = {},
  options: { baseline?: Neutral } = {},
): { update(sample: GestureSample): RecognizerUpdate; reset(): void } {
  const detectors = kinds.map((k) => createGestureDetector(k, thresholds, options));
  return {
    reset: () => detectors.forEach((d) => d.reset()),
    update(sample) {
      let best: RecognizerUpdate = { kind: null, status: 'waiting', progress: 0 };
      for (const d of detectors) {
        const u = d.update(sample);
        if (u.status === 'done') return { ...u, kind: d.kind };
        if (u.status === 'failed') d.reset();
        else if (u.status === 'started' && u.progress >= best.progress) best = { ...u, kind: d.kind };
      }
      return best;
    },
  };
}
