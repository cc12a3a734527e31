// Liveness cost per frame, for `hexin liveness <video> --bench`: the time LivenessSession.onFrame adds on top
// of the vision analysis, measured on real analyses of a recording, in the three ways the kiosk can run it
// (signals only; with the pixel fingerprint of the frozen-feed check; with colour flash's face colour).
import type { Frame, FrameAnalysis } from '../vision/types';
import { parseLivenessConfig } from './config';
import { idealPaintLog } from './flash-timing';
import { seededRandom } from './random';
import { LivenessSession } from './session';

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  const r = (v: number): number => Number(v.toFixed(3));
  return { n: s.length, p50: r(at(0.5)), p95: r(at(0.95)) };
}

export interface LivenessBench {
  /** onFrame with analysis only (a challenge running). */
  signals: Percentiles;
  /** onFrame with the raw frame too (frozen-feed pixel fingerprint). */
  withPixels: Percentiles;
  /** onFrame during colour flash (pixel fingerprint + face colour). */
  reflect: Percentiles;
}

/** Times onFrame over `analyses` (with their `frames`), replayed `rounds` times with the clock running on. */
export function benchLiveness(
  analyses: readonly FrameAnalysis[],
  frames: readonly Frame[],
  rounds = 5,
): LivenessBench {
  // Timeouts out of the way so every frame is evaluated; a still recording never completes the challenge.
  const long = {
    challengeTimeoutMs: 600_000,
    positionTimeoutMs: 600_000,
    guards: { maxTotalMs: 600_000, maxIdenticalFrames: 100 },
  };
  const run = (cfg: object, pixels: boolean): Percentiles => {
    const s = new LivenessSession(parseLivenessConfig({ ...long, ...cfg }), {
      random: seededRandom(1),
      plan: ['blink'],
    });
    const period = analyses.length * 100 + 100;
    const samples: number[] = [];
    // Colour flash: a screen that paints the plan on time, from the frame that handed it out.
    let issuedAt: number | null = null;
    for (let k = 0; k < rounds; k++) {
      analyses.forEach((a, i) => {
        const analysis = { ...a, timestampMs: k * period + i * 100 };
        const plan = s.flashPlan;
        const flash =
          plan && issuedAt !== null
            ? {
                planId: plan.planId,
                gentle: false,
                painted: idealPaintLog(plan, issuedAt + plan.introMs, analysis.timestampMs),
              }
            : undefined;
        const t0 = performance.now();
        const step = s.onFrame(
          analysis,
          pixels
            ? { nonce: s.nonce, frame: frames[i] as Frame, ...(flash ? { flash } : {}) }
            : { nonce: s.nonce },
        );
        samples.push(performance.now() - t0);
        if (step.done) throw new Error(`bench session ended early: ${step.result?.reason}`);
        if (step.flash && issuedAt === null) issuedAt = analysis.timestampMs;
      });
    }
    return percentiles(samples);
  };
  return {
    signals: run({}, false),
    withPixels: run({}, true),
    reflect: run(
      { active: false, reflect: { enabled: true, colours: 16, colourMs: 3000, gentleColourMs: 3000 } },
      true,
    ),
  };
}
