// Whatever arrives per frame (NaN signals, faces missing, a primary index out of range, timestamps out of order),
// the evaluator answers with a step and never throws; the small parts behave at their edges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLivenessConfig } from '../../../main/liveness/config';
import { FaceContinuity } from '../../../main/liveness/continuity';
import { PassiveAggregator } from '../../../main/liveness/passive';
import { seededRandom } from '../../../main/liveness/random';
import { frameFingerprint } from '../../../main/liveness/replay-guard';
import { LivenessSession } from '../../../main/liveness/session';
import type { FaceAnalysis, FrameAnalysis } from '../../../main/vision/types';

const weird = fc.oneof(
  fc.double({ min: -1e6, max: 1e6 }),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
);
const face = fc.record({
  box: fc.record({ x1: weird, y1: weird, x2: weird, y2: weird, score: weird }),
  landmarks: fc.array(fc.tuple(weird, weird), { maxLength: 68 }),
  fivePoints: fc.array(fc.tuple(weird, weird), { maxLength: 5 }),
  pose: fc.record({ yaw: weird, pitch: weird, roll: weird }),
  eyes: fc.record({ left: weird, right: weird }),
  mouthOpenRatio: weird,
  quality: fc.record({
    sizeRatio: weird,
    centerOffset: weird,
    brightness: weird,
    contrast: weird,
    sharpness: weird,
  }),
  live: fc.option(weird, { nil: undefined }),
  embedding: fc.option(fc.float32Array({ minLength: 0, maxLength: 8 }), { nil: undefined }),
}) as fc.Arbitrary<FaceAnalysis>;
const analysis = fc.record({
  width: fc.integer({ min: 1, max: 640 }),
  height: fc.integer({ min: 1, max: 480 }),
  timestampMs: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constant(Number.NaN)),
  faces: fc.array(face, { maxLength: 3 }),
  primary: fc.option(fc.integer({ min: -1, max: 4 }), { nil: null }),
  guidance: fc.constantFrom('OK', 'NO_FACE', 'ONE_FACE_ONLY', 'MOVE_CLOSER', 'OPEN_EYES'),
}) as fc.Arbitrary<FrameAnalysis>;

describe('robustness', () => {
  it('onFrame never throws on arbitrary analyses, and a done session stays done', () => {
    fc.assert(
      fc.property(fc.array(analysis, { maxLength: 40 }), fc.boolean(), (frames, sorted) => {
        const s = new LivenessSession(parseLivenessConfig({}), { random: seededRandom(1) });
        if (sorted) frames.sort((a, b) => a.timestampMs - b.timestampMs);
        let done = false;
        for (const f of frames) {
          const step = s.onFrame(f, { nonce: s.nonce });
          expect(step.progress).toBeGreaterThanOrEqual(0);
          expect(step.progress).toBeLessThanOrEqual(1);
          if (done) expect(step.done).toBe(true);
          done = step.done;
        }
        const r = s.end();
        expect(typeof r.passed).toBe('boolean');
        if (!r.passed) expect(r.reason).toMatch(/^LIVENESS_[A-Z_]+$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parts at their edges', () => {
  it('passive ignores scores that are not probabilities and needs minFrames', () => {
    const p = new PassiveAggregator({ enabled: true, minFrames: 3, maxFrames: 4, threshold: 0.5 });
    for (const v of [Number.NaN, -1, 2, undefined, Number.POSITIVE_INFINITY]) p.add(v);
    expect(p.count).toBe(0);
    p.add(0.9);
    p.add(0.1);
    expect(p.summary()).toMatchObject({ passed: false, frames: 2 });
    p.add(0.8);
    expect(p.summary()).toMatchObject({ passed: true, score: 0.8, min: 0.1, max: 0.9 });
    // Only the most recent maxFrames count: a spoof after a live start is judged on the spoof.
    for (let i = 0; i < 4; i++) p.add(0.05);
    expect(p.summary()).toMatchObject({ passed: false, score: 0.05, frames: 4 });
  });

  it('the fingerprint tells identical frames from nearly identical ones', () => {
    const f = (x: number): FrameAnalysis => ({
      width: 10,
      height: 10,
      timestampMs: 0,
      primary: 0,
      guidance: 'OK',
      faces: [
        {
          box: { x1: x, y1: 1, x2: 5, y2: 5, score: 1 },
          landmarks: [[x, 2]],
          fivePoints: [],
          pose: { yaw: 0, pitch: 0, roll: 0 },
          eyes: { left: 1, right: 1 },
          mouthOpenRatio: 0,
          quality: { sizeRatio: 0, centerOffset: 0, brightness: 0, contrast: 0, sharpness: 0 },
        },
      ],
    });
    expect(frameFingerprint(f(1.25))).toBe(frameFingerprint(f(1.25)));
    expect(frameFingerprint(f(1.25))).not.toBe(frameFingerprint(f(1.2501)));
    expect(frameFingerprint({ ...f(1), faces: [] })).toBeNull();
    const px = new Uint8Array(300).fill(7);
    const px2 = px.slice();
    px2[0] = 8;
    expect(frameFingerprint({ ...f(1), faces: [] }, px)).not.toBe(
      frameFingerprint({ ...f(1), faces: [] }, px2),
    );
  });

  it('continuity flags a box that jumps and an embedding of another length', () => {
    const c = new FaceContinuity({ sameFaceMinSimilarity: 0.35, referenceEmbeddings: 1, maxBoxJump: 0.8 });
    const at = (x: number, e?: Float32Array): FaceAnalysis =>
      ({
        box: { x1: x, y1: 0, x2: x + 100, y2: 100, score: 1 },
        ...(e ? { embedding: e } : {}),
      }) as FaceAnalysis;
    expect(c.check(at(0, new Float32Array([1, 0])))).toBeNull();
    expect(c.check(at(30))).toBeNull();
    expect(c.check(at(200))).toBe('LIVENESS_FACE_CHANGED');
    c.lost();
    expect(c.check(at(400, new Float32Array([1, 0, 0])))).toBe('LIVENESS_FACE_CHANGED');
  });
});
