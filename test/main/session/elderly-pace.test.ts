// Elderly mode (长辈模式, issue 17) on the session side, on a simulated clock: every step and the idle countdown take
// accessibility.elderly.timeoutFactor times longer, the idle warning comes as much earlier, and the liveness check
// is created with one challenge and a longer window. Chosen at the start (the attract screen's button) or during
// the session (the offer when the card says 65 or older); the normal pace is unchanged.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../main/config/load';
import { ManualClock } from '../../../main/session/clock';
import type { Expiry } from '../../../main/session/flow';
import { SessionFlow } from '../../../main/session/session-flow';
import type { LivenessEvaluatorFactory } from '../../../main/session/ports';
import {
  agree,
  at,
  expectStepExpiresAfter,
  feedFrames,
  flowAt,
  makeCard,
  makeHarness,
  toCapture,
} from './harness';

const S = 1000;
const session = parseConfig({}).session;

describe('session flow at elderly pace', () => {
  it('a pace set before the start doubles the first step and the idle countdown', () => {
    const clock = new ManualClock();
    const expired: Expiry[] = [];
    const flow = new SessionFlow(session, clock, (e) => expired.push(e));
    flow.setPace(2);
    flow.send({ type: 'start' });
    clock.advance(session.idleTimeoutSeconds * S);
    expect(expired).toEqual([]);
    flow.send({ type: 'touch' });
    clock.advance(2 * session.idleTimeoutSeconds * S - 1);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual([{ kind: 'idle' }]);
  });

  it.each(['consent', 'card', 'capture', 'liveness', 'match'] as const)(
    '%s times out after twice its configured seconds',
    (step) => {
      expectStepExpiresAfter(flowAt(step, 2), step, 2 * session.stepTimeoutsSeconds[step] * S);
    },
  );

  it('a timer already running keeps its length; the next step takes the new pace', () => {
    const clock = new ManualClock();
    const expired: Expiry[] = [];
    const flow = new SessionFlow(session, clock, (e) => expired.push(e));
    flow.send({ type: 'start' });
    flow.send({ type: 'agreed' });
    flow.setPace(2);
    flow.send({ type: 'touch' });
    clock.advance(session.stepTimeoutsSeconds.card * S);
    expect(expired).toEqual([{ kind: 'step', step: 'card' }]);
    flow.send({ type: 'cardConfirmed' });
    flow.send({ type: 'touch' });
    clock.advance(session.stepTimeoutsSeconds.capture * S);
    expect(expired).toHaveLength(1);
    flow.send({ type: 'touch' });
    clock.advance(session.stepTimeoutsSeconds.capture * S);
    expect(expired.at(-1)).toEqual({ kind: 'step', step: 'capture' });
  });
});

/** A liveness factory that records what each check was created with (and never finishes). */
function recordingLiveness() {
  const created: Parameters<LivenessEvaluatorFactory['create']>[0][] = [];
  const factory: LivenessEvaluatorFactory = {
    create: (options) => {
      created.push(options);
      return {
        onFrame: () => ({ state: 'running', prompt: 'blink', progress: 0 }),
        dispose: () => undefined,
      };
    },
  };
  return { created, factory };
}

describe('orchestrator in elderly mode', () => {
  it('started in elderly mode: the view says so, idle ends the session after 120 s, not 60', async () => {
    const normal = await makeHarness();
    await normal.orchestrator.start({});
    expect(at(normal.orchestrator.view(), 'consent').elderly).toBe(false);
    normal.clock.advance(60 * S);
    expect(normal.orchestrator.view().step).toBe('attract');

    const h = await makeHarness();
    await h.orchestrator.start({ elderly: true });
    expect(h.orchestrator.view()).toMatchObject({
      step: 'consent',
      elderly: true,
      idle: { secondsLeft: 120 },
    });
    h.clock.advance(60 * S);
    expect(h.orchestrator.view()).toMatchObject({
      step: 'consent',
      idle: { secondsLeft: 60, warning: false },
    });
    // The warning comes as much earlier as the countdown is longer (15 s × 2).
    h.clock.advance(30 * S);
    expect(at(h.orchestrator.view(), 'consent').idle).toEqual({ secondsLeft: 30, warning: true });
    h.clock.advance(30 * S);
    expect(h.orchestrator.view().step).toBe('attract');
    expect(h.audit.types()).toContain('session.idle');
    normal.orchestrator.dispose();
    h.orchestrator.dispose();
  });

  it('capture shows and keeps twice its time (60 s), then fails the attempt as a capture timeout', async () => {
    const h = await makeHarness({ accessibility: { elderly: { timeoutFactor: 2 } } });
    await toCapture(h, makeCard(), { elderly: true });
    h.faces.guidance = 'NO_FACE';
    expect(h.orchestrator.view()).toMatchObject({ step: 'capture', capture: { secondsLeft: 60 } });
    h.clock.advance(59 * S);
    expect(h.orchestrator.view().step).toBe('capture');
    h.clock.advance(S);
    expect(h.orchestrator.view()).toMatchObject({
      step: 'retry',
      retry: { reason: 'CAPTURE_TIMEOUT' },
    });
    h.orchestrator.dispose();
  });

  it('chosen when the card is shown (the age offer): the idle countdown and the next steps slow down', async () => {
    const h = await makeHarness({ accessibility: { elderly: { timeoutFactor: 3 } } });
    await h.orchestrator.start({});
    await agree(h);
    h.cards.insert(makeCard({ birthDate: '1954-01-01' }));
    expect(h.orchestrator.view()).toMatchObject({ step: 'card', elderly: false, idle: { secondsLeft: 60 } });
    // Through the dispatcher, as the screen calls it: checked against the contract.
    expect(await h.call('setElderlyMode', { enabled: true })).toMatchObject({
      ok: true,
      value: { step: 'card', elderly: true, idle: { secondsLeft: 180 } },
    });
    expect(await h.call('setElderlyMode', { enabled: 'yes' })).toMatchObject({ ok: false });
    h.orchestrator.confirmCard({ confirmed: true });
    expect(h.orchestrator.view()).toMatchObject({ step: 'capture', capture: { secondsLeft: 90 } });
    expect(h.audit.types()).toContain('session.elderly');
    h.orchestrator.dispose();
  });

  it('liveness is created with the configured challenges and window factor in elderly mode only', async () => {
    const config = { accessibility: { elderly: { livenessChallenges: 1, livenessWindowFactor: 2.5 } } };
    const normal = recordingLiveness();
    const n = await makeHarness(config, { liveness: normal.factory });
    await toCapture(n);
    await feedFrames(n, 5);
    expect(normal.created).toEqual([{ sessionId: expect.any(String) }]);

    const elderly = recordingLiveness();
    const h = await makeHarness(config, { liveness: elderly.factory });
    await toCapture(h, makeCard(), { elderly: true });
    await feedFrames(h, 5);
    expect(h.orchestrator.view().step).toBe('liveness');
    expect(elderly.created).toEqual([
      { sessionId: expect.any(String), pace: { challenges: 1, windowFactor: 2.5 } },
    ]);
    n.orchestrator.dispose();
    h.orchestrator.dispose();
  });

  it('the next session after an elderly one is at the normal pace again', async () => {
    const h = await makeHarness();
    await h.orchestrator.start({ elderly: true });
    h.orchestrator.cancel({ reason: 'user' });
    await h.orchestrator.start({});
    expect(h.orchestrator.view()).toMatchObject({ elderly: false, idle: { secondsLeft: 60 } });
    await agree(h);
    h.cards.insert(makeCard());
    h.orchestrator.confirmCard({ confirmed: true });
    expect(at(h.orchestrator.view(), 'capture').capture.secondsLeft).toBe(30);
    h.orchestrator.dispose();
  });

  it('refused where the kiosk has the mode off, and outside a session', async () => {
    const off = await makeHarness({ accessibility: { elderly: { enabled: false } } });
    expect(await off.call('startSession', { elderly: true })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_BAD_COMMAND' },
    });
    await off.orchestrator.start({});
    expect(await off.call('setElderlyMode', { enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_BAD_COMMAND' },
    });
    const h = await makeHarness();
    expect(await h.call('setElderlyMode', { enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_ACTIVE' },
    });
    off.orchestrator.dispose();
    h.orchestrator.dispose();
  });
});
