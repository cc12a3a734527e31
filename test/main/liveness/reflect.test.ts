// Colour-flash liveness on simulated camera frames: skin lit by room light plus the screen's colour (with a
// camera latency) against surfaces that do not respond to this session's colours (a replayed video, a screen).
import { describe, expect, it } from 'vitest';
import { parseLivenessConfig } from '../../../main/liveness/config';
import { seededRandom } from '../../../main/liveness/random';
import {
  drawFlashSequence,
  faceMeanColour,
  FLASH_COLOURS,
  ReflectEvaluator,
  type FlashColour,
} from '../../../main/liveness/reflect';
import { LivenessSession, type LivenessStep } from '../../../main/liveness/session';
import type { Box, Frame, FrameAnalysis } from '../../../main/vision/types';

const W = 160;
const H = 120;
const BOX: Box = { x1: 50, y1: 20, x2: 110, y2: 100, score: 0.99 };
const SKIN = [0.78, 0.57, 0.46];
const OPTS = { colourMs: 300, maxLagMs: 400, minCorrelation: 0.7, minAmplitude: 0.004 };
const N_COLOURS = 8;

function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** A camera frame: background grey, the face box skin lit by room light + `screen` light (0..1 per channel). */
function frame(t: number, screen: readonly number[], rnd: () => number, gain = 0.25): Frame {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const inFace = x >= BOX.x1 && x < BOX.x2 && y >= BOX.y1 && y < BOX.y2;
      for (let c = 0; c < 3; c++) {
        const v = inFace ? 255 * (SKIN[c] as number) * (0.7 + gain * (screen[c] as number)) : 90;
        data[(y * W + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v + rnd() * 6)));
      }
    }
  return { width: W, height: H, channels: 3, data, timestampMs: t };
}

const rgb01 = (c: FlashColour | null): number[] =>
  c ? FLASH_COLOURS[c].map((v) => v / 255) : [0.3, 0.3, 0.3];

/** Feeds an evaluator frames at 15 fps; the camera sees colour `seen(t)`. */
function feed(ev: ReflectEvaluator, seen: (t: number) => number[], seed = 1, gain = 0.25): void {
  const rnd = noise(seed);
  for (let t = 1000; !ev.finished(t); t += 66) {
    ev.colourAt(t);
    ev.add(t, faceMeanColour(frame(t, seen(t), rnd, gain), BOX));
  }
}

describe('flash sequence', () => {
  it('never repeats a colour back to back, lights and darkens every channel, and is reproducible from a seed', () => {
    for (let seed = 1; seed < 200; seed++) {
      const seq = drawFlashSequence(5, seededRandom(seed));
      expect(seq).toHaveLength(5);
      for (let i = 1; i < seq.length; i++) expect(seq[i]).not.toBe(seq[i - 1]);
      for (let ch = 0; ch < 3; ch++) expect(new Set(seq.map((c) => FLASH_COLOURS[c][ch])).size).toBe(2);
    }
    expect(drawFlashSequence(5, seededRandom(9))).toEqual(drawFlashSequence(5, seededRandom(9)));
  });
});

describe('ReflectEvaluator', () => {
  const seq = drawFlashSequence(N_COLOURS, seededRandom(4));

  it('skin following the sequence with 120 ms camera latency passes', () => {
    const ev = new ReflectEvaluator(seq, OPTS);
    feed(ev, (t) => {
      // What the camera sees at t is what the screen showed at t − 120.
      const probe = new ReflectEvaluator(seq, OPTS);
      probe.colourAt(1000);
      return rgb01(probe.colourAt(t - 120));
    });
    const s = ev.summary();
    expect(s.passed).toBe(true);
    expect(s.correlation).toBeGreaterThan(0.8);
    expect(s.lagMs).toBeGreaterThanOrEqual(60);
    expect(s.lagMs).toBeLessThanOrEqual(200);
  });

  it('a surface that does not respond (a replayed video, constant light) fails', () => {
    const ev = new ReflectEvaluator(seq, OPTS);
    feed(ev, () => [0.3, 0.3, 0.3]);
    expect(ev.summary().passed).toBe(false);
  });

  it('a response too weak to tell from noise fails on amplitude', () => {
    const ev = new ReflectEvaluator(seq, OPTS);
    const probe = new ReflectEvaluator(seq, OPTS);
    probe.colourAt(1000);
    feed(ev, (t) => rgb01(probe.colourAt(t - 100)), 2, 0.005);
    const s = ev.summary();
    expect(s.passed).toBe(false);
    expect(s.amplitude ?? 0).toBeLessThan(OPTS.minAmplitude);
  });

  it('a recording that follows another session’s sequence rarely passes (measured false accepts)', () => {
    // Face colour computed directly (no pixels) so that many trials stay fast.
    const respond = (shown: readonly FlashColour[], lag: number, seed: number): ReflectEvaluator => {
      const rnd = noise(seed);
      const probe = new ReflectEvaluator(shown, OPTS);
      probe.colourAt(1000);
      const ev = new ReflectEvaluator(seq, OPTS);
      for (let t = 1000; !ev.finished(t); t += 66) {
        ev.colourAt(t);
        const c = rgb01(probe.colourAt(t - lag));
        ev.add(
          t,
          [0, 1, 2].map(
            (ch) => 255 * (SKIN[ch] as number) * (0.7 + 0.25 * (c[ch] as number)) + rnd() * 4,
          ) as [number, number, number],
        );
      }
      return ev;
    };
    let accepted = 0;
    const trials = 300;
    for (let k = 0; k < trials; k++) {
      if (respond(drawFlashSequence(N_COLOURS, seededRandom(1000 + k)), 100, k).summary().passed) accepted++;
    }
    expect(accepted / trials).toBeLessThan(0.03);
    // …while the genuine response passes at every latency up to the allowance.
    for (const lag of [0, 100, 200, 300, 400]) expect(respond(seq, lag, lag).summary().passed).toBe(true);
  });
});

describe('LivenessSession with colour flash', () => {
  function runSession(respond: boolean, withPixels = true): LivenessStep[] {
    const s = new LivenessSession(parseLivenessConfig({ active: false, reflect: { enabled: true } }), {
      random: seededRandom(8),
    });
    const rnd = noise(5);
    const shown: Array<{ t: number; colour: number[] }> = [];
    const steps: LivenessStep[] = [];
    for (let t = 0; t < 20_000; t += 66) {
      // The camera sees what the screen showed about 100 ms ago.
      const onScreen = [...shown].reverse().find((x) => x.t <= t - 100)?.colour ?? [0.3, 0.3, 0.3];
      const f = frame(t, respond ? onScreen : [0.3, 0.3, 0.3], rnd);
      const a: FrameAnalysis = {
        width: W,
        height: H,
        timestampMs: t,
        faces: [
          {
            box: BOX,
            landmarks: [[80 + rnd(), 60 + rnd()]],
            fivePoints: [],
            pose: { yaw: rnd(), pitch: rnd(), roll: 0 },
            eyes: { left: 1, right: 1 },
            mouthOpenRatio: 0.02,
            quality: { sizeRatio: 0.6, centerOffset: 0, brightness: 120, contrast: 30, sharpness: 100 },
            live: 0.95,
          },
        ],
        primary: 0,
        guidance: 'OK',
      };
      const step = s.onFrame(a, withPixels ? { nonce: s.nonce, frame: f } : { nonce: s.nonce });
      steps.push(step);
      if (step.done) break;
      if (step.flash !== undefined) shown.push({ t, colour: rgb01(step.flash?.colour ?? null) });
    }
    return steps;
  }

  it('tells the renderer which colour to show, and a responding face passes', () => {
    const steps = runSession(true);
    const colours = steps.filter((s) => s.phase === 'reflect').map((s) => s.flash?.colour);
    expect(new Set(colours.filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    expect(steps.some((s) => s.prompt.key === 'liveness.reflect')).toBe(true);
    const last = steps.at(-1)?.result;
    expect(last).toMatchObject({ passed: true, reflect: { enabled: true, passed: true } });
  });

  it('a face that does not respond fails as a reflect mismatch', () => {
    const last = runSession(false).at(-1)?.result;
    expect(last).toMatchObject({ passed: false, reason: 'LIVENESS_REFLECT_MISMATCH' });
  });

  it('colour flash without the raw frame is a programming error', () => {
    expect(() => runSession(true, false)).toThrow(/raw frame/);
  });
});
