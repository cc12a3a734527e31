// Replays a recorded per-frame signal trace through LivenessSession. The fixture was recorded with
// `hexin liveness ../shared/faces/camera-barack_obama.y4m --challenges blink --trace …` (the vision models on
// the fake-camera video of a still photo): its yaw wanders over ~11° and its eyes never close, which is the real
// noise a detector must tolerate. Gestures injected on top of that noise must still be recognised.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_TYPES, parseLivenessConfig, type ChallengeType } from '../../../main/liveness/config';
import { LivenessSession, type LivenessResult } from '../../../main/liveness/session';
import { parseSignalTrace, traceFrame, traceToAnalyses } from '../../../main/liveness/trace';
import type { FrameAnalysis } from '../../../main/vision/types';

const trace = parseSignalTrace(
  JSON.parse(readFileSync(new URL('./fixtures/obama-still-trace.json', import.meta.url), 'utf8')),
);
const recorded = traceToAnalyses(trace);

/** The recording looped `times` times with the clock running on (as the browser's fake camera does). */
function looped(times: number): FrameAnalysis[] {
  const period = recorded.length * 100;
  return Array.from({ length: times }, (_, k) =>
    recorded.map((a) => ({ ...a, timestampMs: a.timestampMs + k * period })),
  ).flat();
}

function run(plan: ChallengeType[], frames: FrameAnalysis[]): LivenessResult {
  const s = new LivenessSession(parseLivenessConfig({}), { plan });
  for (const f of frames) {
    const step = s.onFrame(f, { nonce: s.nonce });
    if (step.done) return step.result as LivenessResult;
  }
  return s.end();
}

/** Adds a gesture to frames [from, from + shape.length) of a copy of the trace. */
function inject(
  frames: FrameAnalysis[],
  from: number,
  edit: (f: FrameAnalysis['faces'][number], k: number) => void,
  n: number,
): FrameAnalysis[] {
  return frames.map((a, i) => {
    if (i < from || i >= from + n || !a.faces[0]) return a;
    const face = structuredClone(a.faces[0]);
    edit(face, i - from);
    return { ...a, faces: [face] };
  });
}

describe('recorded trace of a still photo', () => {
  it('is what the recorder wrote', () => {
    expect(recorded).toHaveLength(40);
    expect(recorded.every((a) => a.faces.length === 1 && a.guidance === 'OK')).toBe(true);
    const yaws = recorded.map((a) => a.faces[0]!.pose.yaw);
    expect(Math.max(...yaws) - Math.min(...yaws)).toBeGreaterThan(8);
    expect(traceFrame(recorded[0]!)).toEqual(trace.frames[0]);
  });

  it.each(CHALLENGE_TYPES.map((c) => [c]))(
    'fails %s by timeout — not as too slow or wrong direction',
    (c) => {
      const r = run([c], looped(3));
      expect(r).toMatchObject({ passed: false, reason: 'LIVENESS_CHALLENGE_TIMEOUT' });
      expect(r.challenges[0]).toMatchObject({ type: c, reason: 'LIVENESS_CHALLENGE_TIMEOUT' });
    },
  );
});

describe('gestures on top of the recorded noise', () => {
  const ramp = [0.3, 0.7, 1, 1, 1, 0.7, 0.3, 0];
  it('a turn to the left passes turn-left and fails turn-right as wrong direction', () => {
    const frames = inject(
      looped(2),
      12,
      (f, k) => void (f.pose.yaw += 32 * (ramp[k] as number)),
      ramp.length,
    );
    expect(run(['turn-left'], frames)).toMatchObject({ passed: true });
    expect(run(['turn-right'], frames)).toMatchObject({ passed: false, reason: 'LIVENESS_WRONG_DIRECTION' });
  });

  it('a blink of two frames passes; a nod passes nod', () => {
    const blink = inject(looped(2), 14, (f) => void (f.eyes = { left: 0.02, right: 0.05 }), 2);
    expect(run(['blink'], blink)).toMatchObject({ passed: true });
    const nod = inject(looped(2), 12, (f, k) => void (f.pose.pitch -= 20 * (ramp[k] as number)), ramp.length);
    expect(run(['nod'], nod)).toMatchObject({ passed: true });
  });

  it('a mouth opening passes open-mouth, and two gestures in the plan need both', () => {
    const mouth = inject(
      looped(2),
      12,
      (f, k) => void (f.mouthOpenRatio += 0.4 * (ramp[k] as number)),
      ramp.length,
    );
    expect(run(['open-mouth'], mouth)).toMatchObject({ passed: true });
    const r = run(['open-mouth', 'blink'], mouth);
    expect(r).toMatchObject({ passed: false, reason: 'LIVENESS_CHALLENGE_TIMEOUT' });
    expect(r.challenges.map((c) => c.passed)).toEqual([true, false]);
  });
});

describe('parseSignalTrace', () => {
  it('rejects malformed traces with a code', () => {
    expect(() => parseSignalTrace({ version: 2 })).toThrow(
      expect.objectContaining({ code: 'LIVENESS_INPUT' }),
    );
    expect(() => parseSignalTrace({ ...trace, frames: [{ t: 'x' }] })).toThrow(
      expect.objectContaining({ code: 'LIVENESS_INPUT' }),
    );
    expect(() => parseSignalTrace(null)).toThrow(expect.objectContaining({ code: 'LIVENESS_INPUT' }));
  });
});
