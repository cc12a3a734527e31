// toSessionView is pure: the same state gives the same view, and only the current step's section is filled.
import { describe, expect, it } from 'vitest';
import { sessionViewSchema } from '../../../common/session';
import { toSessionView, type ViewInput } from '../../../main/session/view';
import { makeHarness, toCapture } from './harness';

const config = { idleWarningSeconds: 15, maxRetries: 3 };
const base: ViewInput = {
  step: 'attract',
  session: null,
  terminal: { step: 'attract' },
  language: 'zh-CN',
  readerStatus: 'ready',
  nowMs: 0,
  config,
};

describe('toSessionView', () => {
  it('an end screen with no session: its own section only, no countdown', () => {
    const locked = toSessionView({ ...base, step: 'locked', terminal: { step: 'locked', minutesLeft: 30 } });
    expect(sessionViewSchema.parse(locked)).toMatchObject({
      step: 'locked',
      sessionId: null,
      idle: null,
      lock: { minutesLeft: 30 },
      result: null,
      error: null,
    });
    const error = toSessionView({
      ...base,
      step: 'error',
      terminal: { step: 'error', code: 'SESSION_TIMEOUT' },
    });
    expect(error).toMatchObject({ error: { code: 'SESSION_TIMEOUT' }, lock: null });
  });

  it('is the same for the same state, and counts down from the deadlines', async () => {
    const h = await makeHarness();
    await toCapture(h);
    const session = (h.orchestrator as unknown as { core: { session: ViewInput['session'] } }).core.session!;
    const input: ViewInput = { ...base, step: 'capture', session, nowMs: h.clock.now() };
    expect(toSessionView(input)).toEqual(toSessionView(input));
    expect(toSessionView(input)).toEqual(h.orchestrator.view());
    const later = toSessionView({ ...input, nowMs: h.clock.now() + 50_000 });
    expect(later.idle).toEqual({ secondsLeft: 10, warning: true });
    expect(later.capture?.secondsLeft).toBe(0);
    expect(later).toMatchObject({ agreement: null, card: null, intent: null, result: null });
    h.orchestrator.dispose();
  });
});
