// Elderly mode's liveness (issue 17): fewer challenges, one at a time, each with a longer window — the same
// LivenessSession on a config derived by atElderlyPace, driven by the scripted person of actor.ts.
import { describe, expect, it } from 'vitest';
import { atElderlyPace, parseLivenessConfig, type LivenessConfigInput } from '../../../main/liveness/config';
import { seededRandom } from '../../../main/liveness/random';
import { LivenessSession } from '../../../main/liveness/session';
import { act } from './actor';

const PACE = { challenges: 1, windowFactor: 2 };
const session = (cfg: LivenessConfigInput = {}, pace: typeof PACE | null = PACE, seed = 3) => {
  const config = parseLivenessConfig(cfg);
  return new LivenessSession(pace ? atElderlyPace(config, pace) : config, { random: seededRandom(seed) });
};

describe('liveness at elderly pace', () => {
  it('asks the configured number of challenges (one), where the normal pace asks two', () => {
    for (let seed = 1; seed <= 8; seed++) {
      expect(session({}, null, seed).plan).toHaveLength(2);
      expect(session({}, PACE, seed).plan).toHaveLength(1);
    }
    expect(session({ challengeCount: 3 }, { challenges: 2, windowFactor: 1 }).plan).toHaveLength(2);
  });

  it('never asks more than the normal pace, nor more than the distinct types allowed', () => {
    expect(session({ challengeCount: 1 }, { challenges: 3, windowFactor: 2 }).plan).toHaveLength(1);
    const two = parseLivenessConfig({ challengeCount: 2, challengeTypes: ['blink', 'nod'] });
    expect(atElderlyPace(two, { challenges: 3, windowFactor: 1 }).challengeCount).toBe(2);
  });

  it('the challenge prompt says 1 of 1 and its window is twice as long', () => {
    const { steps } = act(session(), { still: true });
    const challenge = steps.find((s) => s.challenge)?.challenge;
    expect(challenge).toMatchObject({ index: 1, total: 1 });
    expect(challenge?.remainingMs).toBeGreaterThan(6000);
    expect(challenge?.remainingMs).toBeLessThanOrEqual(12_000);
  });

  it('a still photo is given the longer window before it fails (12 s instead of 6 s)', () => {
    const normal = act(session({}, null), { still: true }).last.result;
    const slow = act(session(), { still: true }).last.result;
    expect(normal?.detail).toMatch(/not seen within 6000 ms/);
    expect(slow).toMatchObject({ passed: false, reason: 'LIVENESS_CHALLENGE_TIMEOUT' });
    expect(slow?.detail).toMatch(/not seen within 12000 ms/);
    expect(slow?.challenges[0]?.durationMs).toBeGreaterThanOrEqual(12_000);
    // Per-type windows grow too.
    const blink = act(
      session({ challengeTimeouts: { blink: 2500 }, challengeTypes: ['blink'], challengeCount: 1 }),
      {
        still: true,
      },
    ).last.result;
    expect(blink?.detail).toBe('blink not seen within 5000 ms');
  });

  it('a person who turns slowly passes at elderly pace and fails as too slow at the normal one', () => {
    const cfg: LivenessConfigInput = { challengeTypes: ['turn-right'], challengeCount: 1 };
    expect(act(session(cfg, null), { slowness: 4 }).last.result?.reason).toBe('LIVENESS_TOO_SLOW');
    expect(act(session(cfg), { slowness: 4 }).last.result).toMatchObject({ passed: true, reason: null });
  });

  it('every bound stays within the schema (a factor of 4 on the largest windows is still a valid config)', () => {
    const max = parseLivenessConfig({ challengeTimeoutMs: 600_000, guards: { maxTotalMs: 600_000 } });
    const slow = atElderlyPace(max, { challenges: 1, windowFactor: 4 });
    expect(() => parseLivenessConfig(slow)).not.toThrow();
    expect(slow.challengeTimeoutMs).toBe(600_000);
  });
});
