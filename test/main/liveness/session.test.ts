import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_TYPES,
  parseLivenessConfig,
  type LivenessConfigInput,
} from '../../../main/liveness/config';
import { LivenessSession } from '../../../main/liveness/session';
import { seededRandom } from '../../../main/liveness/random';
import type { ChallengeType } from '../../../main/liveness/config';
import { act } from './actor';

const session = (plan?: ChallengeType[], cfg: LivenessConfigInput = {}, seed = 1) =>
  new LivenessSession(parseLivenessConfig(cfg), { random: seededRandom(seed), ...(plan ? { plan } : {}) });

describe('LivenessSession: genuine people pass', () => {
  it.each(CHALLENGE_TYPES.map((t) => [t]))('%s', (type) => {
    const { last } = act(session([type]));
    expect(last.result?.reason).toBeNull();
    expect(last.result?.passed).toBe(true);
    expect(last.result?.challenges).toEqual([expect.objectContaining({ type, passed: true, reason: null })]);
  });

  it('random plans of the configured size, from a seeded source, all passed by a compliant person', () => {
    const plans = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const s = session(undefined, { challengeCount: 3 }, seed);
      expect(new Set(s.plan).size).toBe(3);
      plans.add(s.plan.join(','));
      const { last } = act(s, { seed });
      expect(last.result).toMatchObject({ passed: true, reason: null });
      expect(last.result?.challenges.map((c) => c.passed)).toEqual([true, true, true]);
    }
    expect(plans.size).toBeGreaterThan(4);
    // Same seed, same plan: reproducible offline.
    expect(session(undefined, {}, 5).plan).toEqual(session(undefined, {}, 5).plan);
    expect(session().plan).toHaveLength(2);
  });

  it('reports steps with prompt keys and rising progress', () => {
    const { steps } = act(session(['blink', 'turn-left']));
    expect(steps[0]?.prompt.key).toMatch(/^liveness\.guide\./);
    expect(
      steps.some((s) => s.prompt.key === 'liveness.challenge.blink' && s.prompt.params?.index === 1),
    ).toBe(true);
    expect(
      steps.some((s) => s.prompt.key === 'liveness.challenge.turn-left' && s.prompt.params?.total === 2),
    ).toBe(true);
    const progress = steps.map((s) => s.progress);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual((progress[i - 1] as number) - 0.5 / 3);
    expect(steps.at(-1)).toMatchObject({ done: true, progress: 1, prompt: { key: 'liveness.passed' } });
  });

  it('passive only when active challenges are off (the e2e setting)', () => {
    const s = session(undefined, { active: false });
    expect(s.plan).toEqual([]);
    const { last } = act(s, { still: true });
    expect(last.result).toMatchObject({ passed: true, challenges: [] });
    expect(last.result?.passive.frames).toBeGreaterThanOrEqual(5);
  });
});

describe('LivenessSession: attacks and failures', () => {
  it('a still photo never does the challenge: times out with a clear reason', () => {
    const { last } = act(session(['blink', 'turn-left']), { still: true });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_CHALLENGE_TIMEOUT' });
    expect(last.result?.challenges).toEqual([
      expect.objectContaining({ type: 'blink', passed: false, reason: 'LIVENESS_CHALLENGE_TIMEOUT' }),
      expect.objectContaining({ type: 'turn-left', passed: false, reason: 'NOT_REACHED' }),
    ]);
    expect(last.result?.detail).toMatch(/blink not seen within 6000 ms/);
  });

  it('each challenge type can have its own timeout', () => {
    const { last } = act(session(['blink'], { challengeTimeouts: { blink: 2500 } }), { still: true });
    expect(last.result?.detail).toBe('blink not seen within 2500 ms');
    expect(last.result?.challenges[0]?.durationMs).toBeLessThan(3000);
    expect(() => parseLivenessConfig({ challengeTimeouts: { wink: 1000 } })).toThrow(
      expect.objectContaining({ code: 'LIVENESS_CONFIG' }),
    );
  });

  it('too slow: gestures that take far too long fail as too slow, with a retry hint on the way', () => {
    const { last, steps } = act(session(['turn-right']), { slowness: 4 });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_TOO_SLOW' });
    expect(steps.some((s) => s.hint === 'too-slow' && s.prompt.key === 'liveness.retry.too-slow')).toBe(true);
    const blink = act(session(['blink']), { slowness: 6 }).last;
    expect(blink.result?.reason).toBe('LIVENESS_TOO_SLOW');
  });

  it('a slightly slow person still passes', () => {
    expect(act(session(['turn-left', 'blink']), { slowness: 1.8 }).last.result?.passed).toBe(true);
  });

  it('wrong direction fails at once', () => {
    const { last } = act(session(['turn-left']), { wrongWay: true });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_WRONG_DIRECTION' });
    expect(last.result?.challenges[0]).toMatchObject({
      type: 'turn-left',
      reason: 'LIVENESS_WRONG_DIRECTION',
    });
  });

  it('a face swap mid-challenge fails as face changed', () => {
    const { last } = act(session(['blink', 'nod']), { swapAtMs: 1500 });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_FACE_CHANGED' });
    expect(last.result?.minSameFaceSimilarity).toBeLessThan(0.35);
  });

  it('frozen frames fail as a frozen feed', () => {
    const { last } = act(session(['blink', 'turn-left']), { freezeAtMs: 800 });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_FROZEN_FEED' });
  });

  it('the face leaving the frame during a challenge fails after faceLostMs, not before', () => {
    const short = act(session(['turn-left']), { noFace: (t) => t > 700 && t < 1500 });
    expect(short.last.result?.passed).toBe(true);
    const long = act(session(['turn-left']), { noFace: (t) => t > 700 && t < 4000 });
    expect(long.last.result).toMatchObject({ passed: false, reason: 'LIVENESS_FACE_LOST' });
  });

  it('a second face in view for too long fails as multiple faces', () => {
    const { last, steps } = act(session(['nod']), { secondFace: (t) => t > 600 });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_MULTIPLE_FACES' });
    expect(steps.some((s) => s.prompt.key === 'liveness.guide.ONE_FACE_ONLY')).toBe(true);
  });

  it('a low live score fails the passive check even when the challenges pass', () => {
    const { last } = act(session(['blink']), { live: 0.2 });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_PASSIVE_SPOOF' });
    expect(last.result?.challenges[0]?.passed).toBe(true);
    expect(last.result?.passive.score).toBeLessThan(0.5);
  });

  it('rejects frames of another session, timestamps that do not advance, and gaps', () => {
    const s = session(['blink']);
    const { frames } = act(session(['blink']), { maxMs: 500 });
    const f0 = frames[0]!;
    expect(s.onFrame(f0, { nonce: 'not-the-nonce' }).result?.reason).toBe('LIVENESS_NONCE_MISMATCH');

    const s2 = session(['blink']);
    s2.onFrame(frames[1]!, { nonce: s2.nonce });
    expect(s2.onFrame(frames[0]!, { nonce: s2.nonce }).result?.reason).toBe('LIVENESS_TIMESTAMP');

    const s3 = session(['blink']);
    s3.onFrame(frames[0]!, { nonce: s3.nonce });
    expect(
      s3.onFrame({ ...frames[1]!, timestampMs: f0.timestampMs + 5000 }, { nonce: s3.nonce }).result?.reason,
    ).toBe('LIVENESS_FRAME_GAP');
  });

  it('bounds the total time on the wall clock too', () => {
    let now = 0;
    const s = new LivenessSession(parseLivenessConfig({ guards: { maxTotalMs: 1000 } }), {
      clock: () => (now += 400),
      plan: ['blink'],
    });
    const { last } = act(s, { still: true });
    expect(last.result?.reason).toBe('LIVENESS_TIMEOUT');
  });

  it('no face at all fails as no face after the positioning timeout', () => {
    const { last } = act(session(['blink'], { positionTimeoutMs: 3000 }), { noFace: () => true });
    expect(last.result).toMatchObject({ passed: false, reason: 'LIVENESS_NO_FACE' });
  });

  it('end() gives a result for input that stops early', () => {
    const s = session(['blink']);
    act(s, { still: true, maxMs: 2000 });
    expect(s.end()).toMatchObject({ passed: false, reason: 'LIVENESS_CHALLENGE_TIMEOUT' });
    expect(s.result?.reason).toBe('LIVENESS_CHALLENGE_TIMEOUT');
  });
});
