import { describe, expect, it } from 'vitest';
import {
  createGestureDetector,
  createGestureRecognizer,
  type GestureDetector,
  type GestureSample,
  type GestureUpdate,
} from '../../../main/liveness/gestures';

// Per-frame signal traces at 15 fps: keyframes [ms, value] linearly interpolated, plus seeded jitter the size of
// what the vision models show on a still face (about ±1.5° of pose, ±0.05 eye probability).
type Keys = Array<[number, number]>;
function interp(keys: Keys, t: number): number {
  let [t0, v0] = keys[0] as [number, number];
  for (const [t1, v1] of keys) {
    if (t1 >= t) return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    [t0, v0] = [t1, v1];
  }
  return v0;
}
function trace(
  durationMs: number,
  keys: Partial<Record<'eyesOpen' | 'yaw' | 'pitch' | 'mouthOpenRatio', Keys>>,
  seed = 1,
): GestureSample[] {
  let s = seed;
  const noise = (amp: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 2 * amp;
  };
  const out: GestureSample[] = [];
  for (let t = 0; t <= durationMs; t += 66) {
    out.push({
      timestampMs: 1000 + t,
      eyesOpen: Math.min(1, Math.max(0, interp(keys.eyesOpen ?? [[0, 0.95]], t) + noise(0.05))),
      yaw: interp(keys.yaw ?? [[0, 2]], t) + noise(1.5),
      pitch: interp(keys.pitch ?? [[0, -3]], t) + noise(1.5),
      mouthOpenRatio: Math.max(0, interp(keys.mouthOpenRatio ?? [[0, 0.03]], t) + noise(0.02)),
    });
  }
  return out;
}
function run(d: GestureDetector, samples: GestureSample[]): GestureUpdate {
  let last: GestureUpdate = { status: 'waiting', progress: 0 };
  for (const s of samples) {
    last = d.update(s);
    if (last.status === 'done' || last.status === 'failed') return last;
  }
  return last;
}

describe('blink', () => {
  it('passes open → closed → open', () => {
    const t = trace(1500, {
      eyesOpen: [
        [0, 0.95],
        [600, 0.95],
        [700, 0.05],
        [800, 0.05],
        [900, 0.95],
      ],
    });
    expect(run(createGestureDetector('blink'), t).status).toBe('done');
  });
  it('does not pass eyes that stay open (a photo)', () => {
    expect(run(createGestureDetector('blink'), trace(4000, {})).status).toBe('waiting');
  });
  it('does not pass eyes that are closed from the start and open (no open → closed)', () => {
    const t = trace(1500, {
      eyesOpen: [
        [0, 0.05],
        [800, 0.05],
        [900, 0.95],
      ],
    });
    expect(run(createGestureDetector('blink'), t).status).toBe('waiting');
  });
  it('fails as too slow when the eyes stay closed', () => {
    const t = trace(3000, {
      eyesOpen: [
        [0, 0.95],
        [300, 0.95],
        [400, 0.05],
        [2000, 0.05],
        [2100, 0.95],
      ],
    });
    expect(run(createGestureDetector('blink'), t)).toMatchObject({ status: 'failed', failure: 'too-slow' });
  });
  it('half-closed eyes inside the hysteresis gap do not count', () => {
    const t = trace(2000, {
      eyesOpen: [
        [0, 0.95],
        [600, 0.95],
        [700, 0.45],
        [900, 0.45],
        [1000, 0.95],
      ],
    });
    expect(run(createGestureDetector('blink'), t).status).toBe('waiting');
  });
});

describe('turns', () => {
  const left: Keys = [
    [0, 2],
    [400, 2],
    [900, 30],
    [1300, 30],
    [1800, 2],
  ];
  it('passes a left turn and back for turn-left', () => {
    expect(run(createGestureDetector('turn-left'), trace(2500, { yaw: left })).status).toBe('done');
  });
  it('fails a left turn for turn-right as wrong direction', () => {
    expect(run(createGestureDetector('turn-right'), trace(2500, { yaw: left }))).toMatchObject({
      status: 'failed',
      failure: 'wrong-direction',
    });
  });
  it('passes a right turn for turn-right', () => {
    const right: Keys = left.map(([t, v]) => [t, 4 - v]);
    expect(run(createGestureDetector('turn-right'), trace(2500, { yaw: right })).status).toBe('done');
  });
  it('does not pass a turn that never comes back', () => {
    const t = trace(2500, {
      yaw: [
        [0, 2],
        [400, 2],
        [900, 30],
      ],
    });
    expect(run(createGestureDetector('turn-left'), t).status).toBe('started');
  });
  it('fails a turn held too long as too slow', () => {
    const t = trace(6000, {
      yaw: [
        [0, 2],
        [400, 2],
        [900, 30],
        [4500, 30],
        [5000, 2],
      ],
    });
    expect(run(createGestureDetector('turn-left'), t)).toMatchObject({
      status: 'failed',
      failure: 'too-slow',
    });
  });
  it('measures from the neutral pose, so an off-axis camera still works', () => {
    const t = trace(2500, { yaw: left.map(([ms, v]) => [ms, v - 15]) });
    expect(run(createGestureDetector('turn-left'), t).status).toBe('done');
    // …and a 15° offset alone, held still, is not a turn.
    expect(run(createGestureDetector('turn-left'), trace(2500, { yaw: [[0, -13]] })).status).toBe('waiting');
  });
  it('uses a given baseline instead of learning one', () => {
    // Already turned 25° from the given neutral at the first sample, then back: counts.
    const t = trace(1500, {
      yaw: [
        [0, 27],
        [500, 27],
        [900, 2],
      ],
    });
    expect(
      run(
        createGestureDetector('turn-left', {}, { baseline: { yaw: 2, pitch: -3, mouthOpenRatio: 0.03 } }),
        t,
      ).status,
    ).toBe('done');
  });
});

describe('nod, shake, mouth', () => {
  const nodKeys: Keys = [
    [0, -3],
    [400, -3],
    [700, -22],
    [1000, -3],
  ];
  it('passes a nod and not a turn', () => {
    expect(run(createGestureDetector('nod'), trace(1800, { pitch: nodKeys })).status).toBe('done');
    const turnOnly = trace(2500, {
      yaw: [
        [0, 2],
        [400, 2],
        [900, 30],
        [1300, 30],
        [1800, 2],
      ],
    });
    expect(run(createGestureDetector('nod'), turnOnly).status).not.toBe('done');
  });
  it('passes a shake (both sides then back) but not a single turn', () => {
    const sh = trace(2500, {
      yaw: [
        [0, 2],
        [300, 2],
        [600, 28],
        [1000, -24],
        [1400, 2],
      ],
    });
    expect(run(createGestureDetector('shake'), sh).status).toBe('done');
    const one = trace(2500, {
      yaw: [
        [0, 2],
        [400, 2],
        [900, 30],
        [1300, 30],
        [1800, 2],
      ],
    });
    expect(run(createGestureDetector('shake'), one).status).not.toBe('done');
  });
  it('recognizer tells nod from shake', () => {
    const nodRec = createGestureRecognizer(['nod', 'shake']);
    const shakeRec = createGestureRecognizer(['nod', 'shake']);
    const first = (r: typeof nodRec, s: GestureSample[]) =>
      s.map((x) => r.update(x)).find((u) => u.status === 'done');
    expect(first(nodRec, trace(1800, { pitch: nodKeys }))?.kind).toBe('nod');
    const sh = trace(2500, {
      yaw: [
        [0, 2],
        [300, 2],
        [600, 28],
        [1000, -24],
        [1400, 2],
      ],
    });
    expect(first(shakeRec, sh)?.kind).toBe('shake');
  });
  it('passes closed → open → closed mouth; a mouth that stays open (a photo) does not', () => {
    const m = trace(2000, {
      mouthOpenRatio: [
        [0, 0.03],
        [400, 0.03],
        [700, 0.5],
        [1000, 0.5],
        [1300, 0.04],
      ],
    });
    expect(run(createGestureDetector('open-mouth'), m).status).toBe('done');
    expect(
      run(createGestureDetector('open-mouth'), trace(3000, { mouthOpenRatio: [[0, 0.45]] })).status,
    ).toBe('waiting');
  });
  it('rejects inconsistent thresholds', () => {
    expect(() => createGestureDetector('blink', { eyeOpen: 0.2, eyeClosed: 0.5 })).toThrow();
  });
});

describe('reset', () => {
  it('after a failed attempt, the rest of that attempt does not count as a new one', () => {
    const d = createGestureDetector('turn-left');
    const t = trace(7000, {
      yaw: [
        [0, 2],
        [400, 2],
        [900, 30],
        [4500, 30],
        [5000, 2],
      ],
    });
    const statuses: string[] = [];
    for (const s of t) {
      const u = d.update(s);
      statuses.push(u.status);
      if (u.status === 'failed') d.reset();
    }
    expect(statuses).toContain('failed');
    expect(statuses).not.toContain('done');
  });
});
