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
import type { FlashReport } from '../../../common/flash';
import { FlashPlayer } from '../../../renderer/src/session/flash-player';

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

describe('ReflectEvaluator against the times the screen really painted', () => {
  const seq = drawFlashSequence(N_COLOURS, seededRandom(6));

  it('a screen that paints late and unevenly is judged by its paint times, not by the ideal schedule', () => {
    // Each colour stays 300 ms plus up to 250 ms of jank; the face follows what was really shown (80 ms camera lag).
    const jank = noise(3);
    const bounds = [1000];
    for (let i = 0; i < N_COLOURS; i++)
      bounds.push((bounds[i] as number) + 300 + Math.round((jank() + 0.5) * 250));
    const shownAt = (t: number): number[] => {
      const i = bounds.findIndex((b, k) => t >= b && t < (bounds[k + 1] ?? -Infinity));
      return rgb01(i >= 0 ? (seq[i] as FlashColour) : null);
    };
    const rnd = noise(4);
    const byPaint = new ReflectEvaluator(seq, OPTS);
    const bySchedule = new ReflectEvaluator(seq, OPTS);
    byPaint.useShownTimes({ bounds, settleMs: 0 });
    for (let t = 1000; t < (bounds.at(-1) as number) + 400; t += 66) {
      bySchedule.colourAt(t);
      const rgb = faceMeanColour(frame(t, shownAt(t - 80), rnd), BOX);
      byPaint.add(t, rgb);
      bySchedule.add(t, rgb);
    }
    const judged = byPaint.summary();
    expect(judged.passed).toBe(true);
    expect(judged.correlation ?? 0).toBeGreaterThan(bySchedule.summary().correlation ?? 0);
    expect(bySchedule.summary().passed).toBe(false);
  });
});

const FACE = {
  landmarks: [[80, 60]] as Array<[number, number]>,
  fivePoints: [],
  pose: { yaw: 0, pitch: 0, roll: 0 },
  eyes: { left: 1, right: 1 },
  mouthOpenRatio: 0.02,
  quality: { sizeRatio: 0.6, centerOffset: 0, brightness: 120, contrast: 30, sharpness: 100 },
  live: 0.95,
};

interface Screen {
  /** The report the screen sends with a frame grabbed at `t`; null = send none. */
  report(t: number): FlashReport | null;
  /** Screen colour (0..1 per channel) at `t`. */
  colourAt(t: number): number[];
}

/**
 * A kiosk on a fake clock: the renderer's real FlashPlayer on a 60 Hz display, a camera at 15 fps seeing the
 * screen's light 100 ms late (or not at all: a replayed video), and main's LivenessSession. `screen` replaces the
 * player to model a broken or lying page.
 */
function runKiosk(options: {
  respond: boolean;
  gentle?: boolean;
  config?: object;
  screen?: (plan: NonNullable<LivenessStep['flash']>, receivedAt: number) => Screen;
}): { steps: LivenessStep[]; paints: number[] } {
  const s = new LivenessSession(
    parseLivenessConfig({ active: false, reflect: { enabled: true, ...(options.config ?? {}) } }),
    { random: seededRandom(8) },
  );
  const rnd = noise(5);
  const history: Array<{ t: number; colour: number[]; fadeMs: number; from: number[] }> = [];
  const normal = [0.3, 0.3, 0.3];
  const colourOf = (t: number): number[] => {
    const h = [...history].reverse().find((x) => x.t <= t);
    if (!h) return normal;
    const k = h.fadeMs > 0 ? Math.min(1, (t - h.t) / h.fadeMs) : 1;
    return h.colour.map((c, ch) => (h.from[ch] as number) * (1 - k) + c * k);
  };
  let screen: Screen | null = null;
  let player: FlashPlayer | null = null;
  let now = 0;
  const steps: LivenessStep[] = [];
  const frameEvery = 66;
  let nextFrame = 0;
  for (let tick = 0; tick < 60 * 40; tick++) {
    const t = tick * (1000 / 60);
    now = t;
    player?.tick(t);
    if (t < nextFrame) continue;
    nextFrame += frameEvery;
    const seen = options.respond ? (screen ? screen.colourAt(t - 100) : colourOf(t - 100)) : normal;
    const f = frame(t, seen, rnd);
    const a: FrameAnalysis = {
      width: W,
      height: H,
      timestampMs: t,
      faces: [{ box: BOX, ...FACE, pose: { yaw: rnd(), pitch: rnd(), roll: 0 } }],
      primary: 0,
      guidance: 'OK',
    };
    const report = screen ? screen.report(t) : (player?.report() ?? null);
    const step = s.onFrame(a, { nonce: s.nonce, frame: f, ...(report ? { flash: report } : {}) });
    steps.push(step);
    if (step.done) break;
    if (step.flash && !player && !screen) {
      // The view reaches the page a little after the frame was analysed.
      const receivedAt = t + 40;
      if (options.screen) screen = options.screen(step.flash, receivedAt);
      else {
        player = new FlashPlayer(step.flash, receivedAt, (p) => {
          history.push({
            t: now,
            colour: p.rgb ? p.rgb.map((v) => v / 255) : normal,
            fadeMs: p.fadeMs,
            from: colourOf(now),
          });
        });
        if (options.gentle) player.setGentle(true);
      }
    }
  }
  return { steps, paints: player?.report().painted ?? [] };
}

describe('LivenessSession with colour flash, played by the renderer’s FlashPlayer', () => {
  it('hands the plan to the screen, and a face lit by the colours the screen painted passes', () => {
    const { steps, paints } = runKiosk({ respond: true });
    const plan = steps.find((st) => st.phase === 'reflect')?.flash;
    expect(plan?.colours).toHaveLength(8);
    expect(plan?.colourMs).toBeGreaterThanOrEqual(334);
    expect(steps.some((st) => st.prompt.key === 'liveness.reflect')).toBe(true);
    expect(paints).toHaveLength(9);
    for (let i = 1; i < paints.length; i++)
      expect((paints[i] as number) - (paints[i - 1] as number)).toBeGreaterThanOrEqual(400);
    expect(steps.at(-1)?.result).toMatchObject({ passed: true, reflect: { enabled: true, passed: true } });
  });

  it('gentle mode (slow colours that fade in) passes too', () => {
    const { steps, paints } = runKiosk({ respond: true, gentle: true });
    for (let i = 1; i < paints.length; i++)
      expect((paints[i] as number) - (paints[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    expect(steps.at(-1)?.result).toMatchObject({ passed: true, reflect: { passed: true } });
  });

  it('a face that does not respond (a video of a still photo) fails as a reflect mismatch', () => {
    const last = runKiosk({ respond: false }).steps.at(-1)?.result;
    expect(last).toMatchObject({ passed: false, reason: 'LIVENESS_REFLECT_MISMATCH' });
  });

  it('a screen that never paints fails on timing, not as a spoof', () => {
    const last = runKiosk({
      respond: true,
      screen: () => ({ report: () => null, colourAt: () => [0.3, 0.3, 0.3] }),
    }).steps.at(-1)?.result;
    expect(last).toMatchObject({ passed: false, reason: 'LIVENESS_REFLECT_TIMING' });
    expect(last?.detail).toMatch(/no colour painted/);
  });

  const lying = (
    painted: (plan: NonNullable<LivenessStep['flash']>, receivedAt: number, t: number) => number[],
  ) =>
    runKiosk({
      respond: true,
      screen: (plan, receivedAt) => ({
        report: (t) => ({ planId: plan.planId, gentle: false, painted: painted(plan, receivedAt, t) }),
        colourAt: () => [0.3, 0.3, 0.3],
      }),
    }).steps.at(-1)?.result;

  it('refuses colours shorter than the plan (a strobing screen)', () => {
    const r = lying((plan, rx, t) => {
      const start = rx + plan.introMs;
      const out: number[] = [];
      for (let i = 0; i <= plan.colours.length && start + i * 200 <= t; i++) out.push(start + i * 200);
      return out;
    });
    expect(r).toMatchObject({ reason: 'LIVENESS_REFLECT_TIMING' });
    expect(r?.detail).toMatch(/shorter than 400 ms/);
  });

  it('refuses a first colour painted before the explanation ended', () => {
    const r = lying((plan, rx, t) => (t > rx ? [rx] : []));
    expect(r?.detail).toMatch(/before the explanation ended/);
  });

  it('refuses paint times after the frame that carries them, and a log that changes its past', () => {
    const future = lying((plan, rx, t) => (t > rx + plan.introMs ? [t + 50] : []));
    expect(future?.detail).toMatch(/after the frame carrying it/);
    const rewritten = lying((plan, rx, t) => {
      const start = rx + plan.introMs;
      if (t < start) return [];
      return t < start + 200 ? [start] : [start + 1, start + 401];
    });
    expect(rewritten?.detail).toMatch(/changed/);
  });

  it('colour flash without the raw frame is a programming error', () => {
    const s = new LivenessSession(parseLivenessConfig({ active: false, reflect: { enabled: true } }), {
      random: seededRandom(8),
    });
    const a: FrameAnalysis = {
      width: W,
      height: H,
      timestampMs: 0,
      faces: [{ box: BOX, ...FACE }],
      primary: 0,
      guidance: 'OK',
    };
    expect(() => {
      for (let t = 0; t < 2000; t += 66) {
        // A moving head, so the frozen-feed guard does not end it first.
        const face = { box: BOX, ...FACE, pose: { yaw: t / 1000, pitch: 0, roll: 0 } };
        s.onFrame({ ...a, faces: [face], timestampMs: t }, { nonce: s.nonce });
      }
    }).toThrow(/raw frame/);
  });
});
