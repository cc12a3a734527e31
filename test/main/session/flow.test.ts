// The session flow statechart on its own (main/session/flow.ts), started mid-flow at a given step with a simulated
// clock: each step's timeout, the idle countdown in its parallel region, the end screens' time, and the moves each
// step takes (and refuses).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../main/config/load';
import { TIMED_STEPS } from '../../../main/session/flow';
import { expectStepExpiresAfter, flowAt } from './harness';

const config = parseConfig({}).session;
const S = 1000;

describe('session flow', () => {
  it.each(TIMED_STEPS)('%s times out after its configured seconds, not a moment before', (step) => {
    expectStepExpiresAfter(flowAt(step), step, config.stepTimeoutsSeconds[step] * S);
  });

  it('the retry offer has no timeout of its own: the idle countdown ends it', () => {
    const { clock, expired } = flowAt('retry');
    clock.advance(config.idleTimeoutSeconds * S - 1);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual([{ kind: 'idle' }]);
  });

  it('a touch starts the idle countdown again; the step timeout runs on regardless', () => {
    const { clock, expired, flow } = flowAt('consent');
    clock.advance(50 * S);
    flow.send({ type: 'touch' });
    clock.advance(50 * S);
    expect(expired).toEqual([]);
    clock.advance(10 * S);
    expect(expired).toEqual([{ kind: 'idle' }]);
  });

  it('a new intent prompt restarts the intent timeout', () => {
    const { clock, expired, flow } = flowAt('intent');
    clock.advance(50 * S);
    flow.send({ type: 'touch' });
    flow.send({ type: 'prompt' });
    clock.advance(50 * S);
    flow.send({ type: 'touch' });
    expect(expired).toEqual([]);
    clock.advance(40 * S);
    expect(expired).toEqual([{ kind: 'step', step: 'intent' }]);
  });

  it('an end shows its screen, stops every session timer, and the screen expires to attract', () => {
    const { clock, expired, flow } = flowAt('capture');
    flow.send({ type: 'end', screen: 'locked' });
    expect(flow.step()).toBe('locked');
    clock.advance(config.stepTimeoutsSeconds.terminal * S);
    expect(expired).toEqual([{ kind: 'terminal' }]);
    flow.send({ type: 'toAttract' });
    expect(flow.step()).toBe('attract');
    clock.advance(10 * 60 * S);
    expect(expired).toEqual([{ kind: 'terminal' }]);
  });

  it('a new session may start from an end screen; its time no longer runs', () => {
    const { clock, expired, flow } = flowAt('match');
    flow.send({ type: 'end', screen: 'result' });
    flow.send({ type: 'start' });
    expect(flow.step()).toBe('consent');
    clock.advance(config.stepTimeoutsSeconds.terminal * S);
    expect(expired).toEqual([]);
  });

  it('refuses a move the step does not take (a retry during liveness, a card at consent)', () => {
    const { flow } = flowAt('liveness');
    expect(flow.can({ type: 'retry' })).toBe(false);
    expect(() => flow.send({ type: 'retry' })).toThrow(/retry is not taken at liveness/);
    const at = flowAt('consent').flow;
    expect(at.can({ type: 'cardConfirmed' })).toBe(false);
    expect(at.step()).toBe('consent');
  });

  it.each(TIMED_STEPS)('%s shows the deadline of its own delayed transition', (step) => {
    const { clock, flow } = flowAt(step);
    expect(flow.deadlineMs()).toBe(clock.now() + config.stepTimeoutsSeconds[step] * S);
  });

  it("cancels a step's work by its scope: aborted on leaving the state, a new one for a re-entered prompt", () => {
    const { flow } = flowAt('match');
    const atMatch = flow.signal();
    const session = flow.sessionSignal();
    expect(atMatch.aborted).toBe(false);
    flow.send({ type: 'authorityAsked' }); // a sub-state of match: still the match's work
    expect(atMatch.aborted).toBe(false);
    flow.send({ type: 'prompt' });
    expect(atMatch.aborted).toBe(true);
    const firstPrompt = flow.signal();
    flow.send({ type: 'prompt' });
    expect(firstPrompt.aborted).toBe(true);
    expect(flow.signal().aborted).toBe(false);
    expect(session.aborted).toBe(false);
    flow.send({ type: 'end', screen: 'result' });
    expect(flow.signal().aborted).toBe(true);
    expect(session.aborted).toBe(true);
  });

  it('a timeout leaves the state (its scope aborted) only when the step ends it, never by itself', () => {
    const { clock, expired, flow } = flowAt('capture');
    const scope = flow.signal();
    clock.advance(config.stepTimeoutsSeconds.capture * S);
    expect(expired).toEqual([{ kind: 'step', step: 'capture' }]);
    expect(scope.aborted).toBe(false); // the capture step decides: here, a failed attempt
    flow.send({ type: 'attemptFailed' });
    expect(scope.aborted).toBe(true);
    expect(flow.step()).toBe('retry');
    expect(flow.deadlineMs()).toBeNull(); // the retry offer has no timeout of its own
  });

  it('the match step knows when it waits for the authority', () => {
    const { clock, expired, flow } = flowAt('match');
    expect(flow.awaitingAuthority()).toBe(false);
    clock.advance(5 * S);
    flow.send({ type: 'authorityAsked' });
    expect(flow.awaitingAuthority()).toBe(true);
    expect(flow.step()).toBe('match');
    // Asking the authority does not restart the match step's time.
    flow.send({ type: 'touch' });
    clock.advance(config.stepTimeoutsSeconds.match * S - 5 * S);
    expect(expired).toEqual([{ kind: 'step', step: 'match' }]);
  });

  it.each(['capture', 'liveness', 'match', 'intent'] as const)(
    'finishing from %s: the screen keeps the step, no step timeout, idle still runs, an end aborts the signature',
    (step) => {
      const { clock, expired, flow } = flowAt(step);
      flow.send({ type: 'finish' });
      expect(flow.finishing()).toBe(true);
      expect(flow.step()).toBe(step);
      const signing = flow.signal();
      expect(signing.aborted).toBe(false);
      expect(flow.can({ type: 'retry' })).toBe(false);
      expect(flow.can({ type: 'prompt' })).toBe(false);
      clock.advance(config.idleTimeoutSeconds * S - 1);
      expect(expired).toEqual([]); // the step's own timeout no longer runs
      clock.advance(1);
      expect(expired).toEqual([{ kind: 'idle' }]);
      flow.send({ type: 'end', screen: 'attract' });
      expect(signing.aborted).toBe(true);
      expect(flow.step()).toBe('attract');
    },
  );
});
