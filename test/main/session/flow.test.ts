// The session flow statechart on its own (main/session/flow.ts), started mid-flow at a given step with a simulated
// clock: each step's timeout, the idle countdown in its parallel region, the end screens' time, and the moves each
// step takes (and refuses).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../main/config/load';
import { ManualClock } from '../../../main/session/clock';
import { SessionFlow, type Expiry, type FlowEvent } from '../../../main/session/flow';

const config = parseConfig({}).session;
const S = 1000;

/** The events that bring a new session to each step (the shortest way there). */
const PATH: Record<string, FlowEvent[]> = {
  consent: [{ type: 'start' }],
  card: [{ type: 'start' }, { type: 'agreed' }],
  guardian: [{ type: 'start' }, { type: 'agreed' }, { type: 'guardianNeeded' }],
  capture: [{ type: 'start' }, { type: 'agreed' }, { type: 'cardConfirmed' }],
  liveness: [{ type: 'start' }, { type: 'agreed' }, { type: 'cardConfirmed' }, { type: 'faceSettled' }],
  match: [
    { type: 'start' },
    { type: 'agreed' },
    { type: 'cardConfirmed' },
    { type: 'faceSettled' },
    { type: 'livenessPassed' },
  ],
};
PATH.intent = [...PATH.match!, { type: 'prompt' }];
PATH.result = [...PATH.capture!, { type: 'attemptFailed' }];

/** A flow at `step`, on a simulated clock, recording what expired. */
function flowAt(step: string) {
  const clock = new ManualClock();
  const expired: Expiry[] = [];
  const flow = new SessionFlow(config, clock, (e) => expired.push(e));
  for (const event of PATH[step] ?? []) flow.send(event);
  expect(flow.step()).toBe(step);
  return { clock, expired, flow };
}

describe('session flow', () => {
  it.each(['consent', 'card', 'guardian', 'capture', 'liveness', 'match', 'intent'] as const)(
    '%s times out after its configured seconds, not a moment before',
    (step) => {
      const { clock, expired, flow } = flowAt(step);
      const ms = config.stepTimeoutsSeconds[step] * S;
      // The person keeps touching, so only the step's own timeout can expire.
      for (let t = 0; t < ms - S; t += 10 * S) {
        clock.advance(Math.min(10 * S, ms - S - t));
        flow.send({ type: 'touch' });
      }
      expect(expired).toEqual([]);
      clock.advance(S);
      expect(expired).toEqual([{ kind: 'step', step }]);
    },
  );

  it('the retry offer has no timeout of its own: the idle countdown ends it', () => {
    const { clock, expired } = flowAt('result');
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
});
