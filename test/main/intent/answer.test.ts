// Nod / shake / no-answer traces → yes / no / timeout, through the liveness area's gesture detectors.
import { describe, expect, it } from 'vitest';
import { AnswerTracker } from '../../../main/intent/answer';
import type { FaceAnalysis, FrameAnalysis } from '../../../main/vision/types';

const FPS = 15;
const STEP = 1000 / FPS;

function face(yaw: number, pitch: number): FaceAnalysis {
  return {
    box: { x1: 100, y1: 80, x2: 220, y2: 230, score: 0.99 },
    landmarks: [],
    fivePoints: [],
    pose: { yaw, pitch, roll: 0 },
    eyes: { left: 0.95, right: 0.95 },
    mouthOpenRatio: 0.05,
    quality: { sizeRatio: 0.45, centerOffset: 0.02, brightness: 120, contrast: 40, sharpness: 200 },
  };
}

/** A trace from a list of [yaw, pitch] poses (null = no face in that frame), at 15 frames per second. */
function trace(poses: ([number, number] | null)[], startMs = 5000): FrameAnalysis[] {
  return poses.map((p, i) => ({
    width: 320,
    height: 240,
    timestampMs: startMs + i * STEP,
    faces: p ? [face(p[0], p[1])] : [],
    primary: p ? 0 : null,
    guidance: p ? 'OK' : 'NO_FACE',
  }));
}

/** Small natural jitter around a neutral pose (deterministic). */
const still = (n: number, yaw = 3, pitch = -4): [number, number][] =>
  Array.from({ length: n }, (_, i) => [yaw + Math.sin(i * 1.3) * 1.5, pitch + Math.cos(i * 0.7) * 1.5]);

/** A smooth excursion of one angle from 0 to `peak` and back over `frames` frames. */
const swing = (frames: number, peak: number) =>
  Array.from({ length: frames }, (_, i) => peak * Math.sin((Math.PI * i) / (frames - 1)));

const nod = (): [number, number][] => swing(12, 20).map((d) => [3, -4 + d]);
const shake = (): [number, number][] => [
  ...swing(8, 28).map((d): [number, number] => [3 + d, -4]),
  ...swing(8, -28).map((d): [number, number] => [3 + d, -4]),
];

function run(frames: FrameAnalysis[], timeoutMs = 10_000) {
  const t = new AnswerTracker(timeoutMs);
  return frames.map((f) => t.update(f));
}

describe('answer by head gesture', () => {
  it('a nod is yes', () => {
    const states = run(trace([...still(10), ...nod(), ...still(10)]));
    expect(states.at(-1)).toMatchObject({ status: 'yes' });
    // It is decided when the head comes back, not before the nod began.
    expect(states.slice(0, 10).every((s) => s.status === 'waiting')).toBe(true);
  });

  it('a head shake is no', () => {
    const states = run(trace([...still(10), ...shake(), ...still(10)]));
    expect(states.at(-1)).toMatchObject({ status: 'no' });
  });

  it('holding still until the time is up is a timeout, never a yes', () => {
    const states = run(trace(still(Math.ceil((10_000 / 1000) * FPS) + 5)));
    expect(states.at(-1)).toMatchObject({ status: 'timeout' });
    expect(states.some((s) => s.status === 'yes' || s.status === 'no')).toBe(false);
  });

  it('a turn to one side only is not an answer', () => {
    const turnOnly = swing(12, 30).map((d): [number, number] => [3 + d, -4]);
    const states = run(trace([...still(10), ...turnOnly, ...still(70)]), 5000);
    expect(states.at(-1)?.status).toBe('timeout');
  });

  it('no face in view is a timeout, and the answer counts once the face is back', () => {
    const absent = Array.from({ length: 30 }, () => null);
    expect(run(trace([...absent, ...absent]), 3000).at(-1)?.status).toBe('timeout');
    expect(run(trace([...absent, ...still(10), ...nod(), ...still(5)])).at(-1)?.status).toBe('yes');
  });

  it('keeps the first answer: a shake after a nod does not turn yes into no', () => {
    const states = run(trace([...still(10), ...nod(), ...still(5), ...shake(), ...still(5)]));
    expect(states.at(-1)?.status).toBe('yes');
  });

  it('ignores frames whose timestamps do not advance', () => {
    const frames = trace([...still(10), ...nod(), ...still(10)]);
    const t = new AnswerTracker(10_000);
    for (const f of frames.slice(0, 15)) t.update(f);
    // Replaying earlier frames (a stale or repeated frame) changes nothing.
    expect(t.update(frames[3]!).status).toBe('waiting');
    let last = t.update(frames[15]!);
    for (const f of frames.slice(16)) last = t.update(f);
    expect(last.status).toBe('yes');
  });
});
