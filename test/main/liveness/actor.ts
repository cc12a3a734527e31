// A scripted person in front of a simulated camera, for session tests: produces FrameAnalysis traces at a
// fixed frame rate and performs whatever challenge the session asks for, after a reaction time. Signal levels
// and jitter are those the vision models give on a still face; deviations (slow, wrong way, face swap, frozen
// feed, spoof score) are switches so each test changes one thing.
import type { FaceAnalysis, FrameAnalysis } from '../../../main/vision/types';
import type { ChallengeType } from '../../../main/liveness/config';
import type { LivenessSession, LivenessStep } from '../../../main/liveness/session';

export interface ActorOptions {
  fps?: number;
  reactionMs?: number;
  /** Multiplies the duration of every gesture (2 = twice as slow). */
  slowness?: number;
  /** Turns the other way when asked to turn. */
  wrongWay?: boolean;
  /** Never performs any gesture (a photo). */
  still?: boolean;
  /** From this frame time on, a different person's embedding (a swap). */
  swapAtMs?: number;
  /** From this frame time on, the same analysis is sent again and again (a frozen feed). */
  freezeAtMs?: number;
  /** Frame times with no face. */
  noFace?: (t: number) => boolean;
  /** Frame times when a second face is as prominent as the person's (guidance ONE_FACE_ONLY). */
  secondFace?: (t: number) => boolean;
  /** Live probability the anti-spoofing model gives. */
  live?: number;
  /** Include embeddings. */
  embed?: boolean;
  maxMs?: number;
  seed?: number;
}

export function unitVector(seed: number, dim = 512): Float32Array {
  let s = seed >>> 0 || 1;
  const v = new Float32Array(dim);
  let n = 0;
  for (let i = 0; i < dim; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
    n += (v[i] as number) ** 2;
  }
  for (let i = 0; i < dim; i++) v[i] = (v[i] as number) / Math.sqrt(n);
  return v;
}

type Signals = { eyes: number; yaw: number; pitch: number; mouth: number };
const NEUTRAL: Signals = { eyes: 0.95, yaw: 2, pitch: -3, mouth: 0.03 };

/** Signals during a gesture, `dt` ms after it started; null once the gesture is over. */
function gesture(type: ChallengeType, dt: number, k: number, wrongWay: boolean): Partial<Signals> | null {
  const ramp = (a: number, b: number, x0: number, x1: number): number =>
    a + (b - a) * Math.min(1, Math.max(0, (dt - x0) / (x1 - x0)));
  const sign = (type === 'turn-left' ? 1 : -1) * (wrongWay ? -1 : 1);
  switch (type) {
    case 'blink':
      if (dt > 400 * k) return null;
      return { eyes: dt > 100 * k && dt < 300 * k ? 0.04 : 0.95 };
    case 'turn-left':
    case 'turn-right': {
      if (dt > 1300 * k) return null;
      const a = dt < 600 * k ? ramp(0, 32, 0, 500 * k) : ramp(32, 0, 800 * k, 1300 * k);
      return { yaw: NEUTRAL.yaw + sign * a };
    }
    case 'nod': {
      if (dt > 900 * k) return null;
      const a = dt < 400 * k ? ramp(0, 20, 0, 350 * k) : ramp(20, 0, 450 * k, 850 * k);
      return { pitch: NEUTRAL.pitch - a };
    }
    case 'open-mouth': {
      if (dt > 1200 * k) return null;
      return { mouth: dt > 200 * k && dt < 900 * k ? 0.5 : NEUTRAL.mouth };
    }
  }
}

export interface ActorRun {
  steps: LivenessStep[];
  frames: FrameAnalysis[];
  last: LivenessStep;
}

/** Drives `session` until it is done (or maxMs of frames), performing each challenge it prompts. */
export function act(session: LivenessSession, o: ActorOptions = {}): ActorRun {
  const fps = o.fps ?? 15;
  const react = o.reactionMs ?? 500;
  const k = o.slowness ?? 1;
  let rnd = o.seed ?? 7;
  const jitter = (amp: number): number => {
    rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
    return (rnd / 2 ** 32 - 0.5) * 2 * amp;
  };
  const personA = unitVector(11);
  const personB = unitVector(99);
  const steps: LivenessStep[] = [];
  const frames: FrameAnalysis[] = [];
  let seenChallenge = -1;
  let gestureStart: number | null = null;
  let gestureType: ChallengeType | null = null;
  let frozen: FrameAnalysis | null = null;
  let step: LivenessStep | null = null;
  for (let t = 0; t <= (o.maxMs ?? 60_000); t += 1000 / fps) {
    const ts = 5000 + Math.round(t);
    let a: FrameAnalysis;
    if (frozen) a = { ...frozen, timestampMs: ts };
    else {
      const s = { ...NEUTRAL };
      if (gestureType && gestureStart !== null && ts >= gestureStart) {
        const g = gesture(gestureType, ts - gestureStart, k, o.wrongWay ?? false);
        if (g) Object.assign(s, g);
        else gestureStart = gestureType = null;
      }
      const face = o.noFace?.(t)
        ? null
        : makeFace(s, jitter, o, o.swapAtMs !== undefined && t >= o.swapAtMs ? personB : personA);
      a = {
        width: 640,
        height: 480,
        timestampMs: ts,
        faces: face ? [face] : [],
        primary: face ? 0 : null,
        guidance: !face ? 'NO_FACE' : o.secondFace?.(t) ? 'ONE_FACE_ONLY' : 'OK',
      };
      if (o.freezeAtMs !== undefined && t >= o.freezeAtMs) frozen = a;
    }
    frames.push(a);
    step = session.onFrame(a, { nonce: session.nonce });
    steps.push(step);
    if (step.done) break;
    const c = step.challenge;
    if (c && c.index !== seenChallenge && !o.still) {
      seenChallenge = c.index;
      gestureType = c.type;
      gestureStart = ts + react;
    }
  }
  return { steps, frames, last: step as LivenessStep };
}

function makeFace(
  s: Signals,
  jitter: (a: number) => number,
  o: ActorOptions,
  person: Float32Array,
): FaceAnalysis {
  const cx = 320 + jitter(2) + s.yaw * 1.5;
  const cy = 220 + jitter(2);
  const landmarks = Array.from(
    { length: 68 },
    (_, i) =>
      [cx - 60 + (i % 10) * 12 + jitter(0.5), cy - 60 + Math.floor(i / 10) * 17 + jitter(0.5)] as const,
  );
  let embedding: Float32Array | undefined;
  if (o.embed ?? true) {
    embedding = new Float32Array(person.length);
    for (let i = 0; i < person.length; i++) embedding[i] = (person[i] as number) + jitter(0.02);
  }
  return {
    box: { x1: cx - 100, y1: cy - 110, x2: cx + 100, y2: cy + 110, score: 0.99 },
    landmarks,
    fivePoints: landmarks.slice(0, 5),
    pose: { yaw: s.yaw + jitter(1.5), pitch: s.pitch + jitter(1.5), roll: jitter(1) },
    eyes: { left: clamp(s.eyes + jitter(0.04)), right: clamp(s.eyes + jitter(0.04)) },
    mouthOpenRatio: Math.max(0, s.mouth + jitter(0.015)),
    quality: { sizeRatio: 0.46, centerOffset: 0.02, brightness: 120, contrast: 40, sharpness: 300 },
    live: clamp((o.live ?? 0.93) + jitter(0.04)),
    embedding,
  };
}

const clamp = (v: number): number => Math.min(1, Math.max(0, v));
