// Colour flash through the session orchestrator on a fake clock: the real liveness session (main/liveness) hands
// its plan to the screen in the capture view (checked against the contract's schema by the harness), the renderer's
// real FlashPlayer plays it on 60 Hz animation frames, and frames carry its paint log back through submitFrame.
// Only the camera and the face models are simulated: a face box whose skin is lit by what the screen showed 100 ms
// earlier — or, for a video of a still photo, not lit by it at all.
import { describe, expect, it } from 'vitest';
import type { FlashReport } from '../../../common/flash';
import { parseLivenessConfig } from '../../../main/liveness/config';
import { LivenessSessionFactory } from '../../../main/session/adapters/liveness-evaluator';
import type { FaceAnalyzer } from '../../../main/session/ports';
import type { Frame, FrameAnalysis } from '../../../main/vision/types';
import { FlashPlayer } from '../../../renderer/src/session/flash-player';
import { at, makeHarness, toCapture, unitVector, type Harness } from './harness';

const W = 32;
const H = 24;
const BOX = { x1: 8, y1: 4, x2: 24, y2: 20, score: 0.99 };
const SKIN = [0.78, 0.57, 0.46];
const NORMAL = [0.3, 0.3, 0.3];

/** Face analysis of a simulated camera: one well-placed face, the frame's own timestamp, a live score. */
class SimulatedFaces implements FaceAnalyzer {
  private n = 0;
  async analyze(frame: Frame): Promise<FrameAnalysis> {
    this.n++;
    return {
      width: frame.width,
      height: frame.height,
      timestampMs: frame.timestampMs,
      faces: [
        {
          box: BOX,
          landmarks: [[16, 12]],
          fivePoints: [],
          pose: { yaw: (this.n % 5) * 0.2, pitch: 0, roll: 0 },
          eyes: { left: 0.9, right: 0.9 },
          mouthOpenRatio: 0,
          quality: { sizeRatio: 0.4, centerOffset: 0.02, brightness: 120, contrast: 40, sharpness: 200 },
          live: 0.95,
          embedding: unitVector(1),
        },
      ],
      primary: 0,
      guidance: 'OK',
    };
  }
  async embedReference(): Promise<Float32Array> {
    return unitVector(1);
  }
}

async function run(options: { respond: boolean; report?: (r: FlashReport) => unknown }): Promise<Harness> {
  const faces = new SimulatedFaces();
  const h0: { h?: Harness } = {};
  const liveness = new LivenessSessionFactory(
    parseLivenessConfig({ active: false, reflect: { enabled: true } }),
    () => h0.h?.clock.now() ?? 0,
  );
  const h = await makeHarness({}, { faces, liveness });
  h0.h = h;
  await toCapture(h);
  let seed = 11;
  const noise = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const shown: Array<{ t: number; colour: number[] }> = [];
  let player: FlashPlayer | null = null;
  let now = 0;
  let nextFrame = 1000;
  for (let tick = 0; tick < 60 * 40; tick++) {
    const t = 1000 + tick * (1000 / 60);
    now = t;
    player?.tick(t);
    if (t < nextFrame) continue;
    nextFrame += 125;
    const step = h.orchestrator.view().step;
    if (step !== 'capture' && step !== 'liveness') break;
    const view = h.orchestrator.view();
    const plan = view.step === 'liveness' ? view.liveness.flash : undefined;
    if (plan && !player) {
      player = new FlashPlayer(plan, t, (p) =>
        shown.push({ t: now, colour: p.rgb ? p.rgb.map((v) => v / 255) : NORMAL }),
      );
    }
    const lit = [...shown].reverse().find((x) => x.t <= t - 100)?.colour ?? NORMAL;
    const light = options.respond ? lit : NORMAL;
    const data = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const inFace = x >= BOX.x1 && x < BOX.x2 && y >= BOX.y1 && y < BOX.y2;
        for (let c = 0; c < 3; c++) {
          const v = inFace ? 255 * (SKIN[c] as number) * (0.7 + 0.25 * (light[c] as number)) : 90;
          data[(y * W + x) * 4 + c] = Math.max(0, Math.min(255, Math.round(v + noise() * 6)));
        }
        data[(y * W + x) * 4 + 3] = 255;
      }
    const report = player?.report() ?? null;
    h.clock.advance(125);
    // Through the dispatcher, as the screen sends it: the contract checks the paint log first.
    const r = await h.call('submitFrame', {
      width: W,
      height: H,
      channels: 4,
      data,
      timestampMs: t,
      ...(report ? { flash: options.report ? options.report(report) : report } : {}),
    });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    await h.orchestrator.settled();
  }
  return h;
}

describe('colour flash through the orchestrator', () => {
  it('carries the plan to the screen and passes a face lit by the colours the screen painted', async () => {
    const h = await run({ respond: true });
    const liveness = h.views.flatMap((v) => (v.step === 'liveness' ? [v.liveness] : []));
    const plan = liveness.find((l) => l.flash)?.flash;
    expect(plan?.colours).toHaveLength(8);
    expect(plan?.colourMs).toBeGreaterThanOrEqual(334);
    expect(plan?.introMs).toBeGreaterThan(0);
    // The plan stays the same from view to view (the screen keys its player on planId).
    const ids = new Set(liveness.map((l) => l.flash?.planId).filter(Boolean));
    expect(ids.size).toBe(1);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass', reason: 'MATCHED' });
  });

  it('a video of a still photo fails, and the person is told to face the screen in person', async () => {
    const h = await run({ respond: false });
    expect(at(h.orchestrator.view(), 'retry').retry).toMatchObject({
      reason: 'LIVENESS_FAILED',
      detail: 'LIVENESS_REFLECT_MISMATCH',
    });
  });

  it('a paint log the contract cannot hold is refused at the door', async () => {
    await expect(
      run({ respond: true, report: (r) => ({ ...r, painted: Array.from({ length: 40 }, (_, i) => i) }) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a screen whose log breaks the plan fails on timing, and the audit says so', async () => {
    const h = await run({
      respond: true,
      // Claims every colour was painted at once, 1 ms apart: a strobe.
      report: (r) => ({ ...r, painted: r.painted.map((_, i) => (r.painted[0] as number) + i) }),
    });
    expect(at(h.orchestrator.view(), 'retry').retry).toMatchObject({ reason: 'LIVENESS_FAILED' });
    expect(
      h.audit.all().some((e) => e.type === 'liveness.failed' && e.data.reason === 'LIVENESS_REFLECT_TIMING'),
    ).toBe(true);
  });
});
