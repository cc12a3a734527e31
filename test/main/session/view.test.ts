// toSessionView is pure (the same state gives the same view) and the view is a union keyed on the step: each step's
// variant carries that screen's sections and nothing of another step, even when the session holds data for all.
import { describe, expect, it } from 'vitest';
import {
  SESSION_STEPS,
  sessionViewSchema,
  type SessionStep,
  type SessionView,
} from '../../../common/session';
import { sessionFlow } from '../../../main/session/flow';
import { stepOf } from '../../../main/session/session-flow';
import type { IntentDialog } from '../../../main/session/ports';
import type { ActiveSession, TerminalScreen } from '../../../main/session/session-state';
import { toSessionView, type ViewInput } from '../../../main/session/view';
import { at, makeCard, makeHarness, toCapture } from './harness';

const config = { idleWarningSeconds: 15 };
const base: ViewInput = {
  step: 'attract',
  session: null,
  terminal: { step: 'attract' },
  language: 'zh-CN',
  readerStatus: 'ready',
  nowMs: 0,
  config,
};

/** What every view names, whatever the step. */
const COMMON = ['step', 'sessionId', 'language'];
/** What every view of a running session carries: its idle countdown and whether elderly mode is on. */
const RUNNING = ['idle', 'elderly'];
/** The sections each step's screen shows. */
const SECTIONS: Record<SessionStep, string[]> = {
  attract: [],
  consent: [...RUNNING, 'agreement', 'recipient'],
  refused: [],
  card: [...RUNNING, 'card'],
  guardian: [...RUNNING, 'guardian'],
  'staff-required': [],
  capture: [...RUNNING, 'capture'],
  liveness: [...RUNNING, 'capture', 'liveness'],
  match: [...RUNNING],
  intent: [...RUNNING, 'intent'],
  retry: [...RUNNING, 'retry'],
  result: ['result'],
  locked: ['lock'],
  error: ['error'],
};
const ALL_SECTIONS = [...new Set(Object.values(SECTIONS).flat())];

/** The end screen a session ended on, for each end step (attract for the others). */
function terminalFor(step: SessionStep): TerminalScreen {
  switch (step) {
    case 'result':
      return { step, result: { outcome: 'fail', reason: 'NOT_MATCHED', next: 'staff-counter' } };
    case 'locked':
      return { step, minutesLeft: 30 };
    case 'error':
      return { step, code: 'SESSION_TIMEOUT' };
    case 'refused':
    case 'staff-required':
      return { step };
    default:
      return { step: 'attract' };
  }
}

/** A running session that holds something for every step at once: agreement, card, liveness, intent, retry. */
async function fullSession(): Promise<ActiveSession> {
  const h = await makeHarness();
  await toCapture(h, makeCard(), { purpose: 'open-account' });
  const agreement = h.views.flatMap((v) => (v.step === 'consent' && v.agreement ? [v.agreement] : []))[0]!;
  // A copy taken before the end wipes the session (age, card, agreement).
  const s = { ...(h.orchestrator as unknown as { core: { session: ActiveSession } }).core.session };
  h.orchestrator.dispose();
  return {
    ...s,
    agreement,
    livenessView: { prompt: 'liveness.challenge.blink', progress: 0.5 },
    // The view reads only the dialog's prompt state.
    intent: {
      state: {
        mode: 'read-aloud',
        promptId: 'p-1',
        text: '本人自愿办理开户',
        audio: { minMs: 1000, maxMs: 15_000 },
        attemptsLeft: 1,
        failure: null,
        checking: false,
        spoken: null,
        answer: null,
      },
    } as unknown as IntentDialog,
    retryReason: 'NOT_MATCHED',
    retryDetail: null,
  };
}

describe('toSessionView', () => {
  it('an end screen: its own section only, no session and no countdown', () => {
    const locked = toSessionView({ ...base, step: 'locked', terminal: { step: 'locked', minutesLeft: 30 } });
    expect(sessionViewSchema.parse(locked)).toEqual({
      step: 'locked',
      sessionId: null,
      language: 'zh-CN',
      lock: { minutesLeft: 30 },
    });
    const error = toSessionView({
      ...base,
      step: 'error',
      terminal: { step: 'error', code: 'SESSION_TIMEOUT' },
    });
    expect(error).toEqual({
      step: 'error',
      sessionId: null,
      language: 'zh-CN',
      error: { code: 'SESSION_TIMEOUT' },
    });
  });

  it('is the same for the same state, and counts down from the deadlines', async () => {
    const h = await makeHarness();
    await toCapture(h);
    const session = (h.orchestrator as unknown as { core: { session: ViewInput['session'] } }).core.session!;
    const input: ViewInput = { ...base, step: 'capture', session, nowMs: h.clock.now() };
    expect(toSessionView(input)).toEqual(toSessionView(input));
    expect(toSessionView(input)).toEqual(h.orchestrator.view());
    const later = at(toSessionView({ ...input, nowMs: h.clock.now() + 50_000 }), 'capture');
    expect(later.idle).toEqual({ secondsLeft: 10, warning: true });
    expect(later.capture.secondsLeft).toBe(0);
    h.orchestrator.dispose();
  });

  it('every step of the machine has a variant, and every variant is a step', () => {
    const variants = sessionViewSchema.options.map((o) => o.shape.step.value);
    expect([...variants].sort()).toEqual([...SESSION_STEPS].sort());
    // Each leaf state of the flow statechart, as the screen knows steps.
    const leaves: string[][] = [];
    const walk = (node: { path: string[]; states: Record<string, unknown> }) => {
      const children = Object.values(node.states) as (typeof node)[];
      if (children.length === 0) leaves.push(node.path);
      children.forEach(walk);
    };
    walk(sessionFlow.root);
    const none = () => undefined;
    const context = {
      timeouts: base.config as never,
      expired: none,
      entered: none,
      left: none,
      activeEntered: none,
      activeLeft: none,
    };
    const steps = new Set(
      leaves.map((path) => {
        const value = path.reduceRight<unknown>(
          (inner, key) => (inner === null ? key : { [key]: inner }),
          null,
        );
        return stepOf(sessionFlow.resolveState({ value: value as never, context: context as never }).value);
      }),
    );
    // Signing the result for the third party is a state, not a screen: the screen stays at the step that decided.
    expect(steps.delete('finishing' as SessionStep)).toBe(true);
    expect([...steps].sort()).toEqual([...SESSION_STEPS].sort());
    // The retry offer is a step of its own, not a kind of result.
    expect(stepOf({ active: { flow: 'retryOffer', idle: 'counting' } })).toBe('retry');
  });

  it("carries the current step's sections only, though the session holds data for every step", async () => {
    const session = await fullSession();
    const views = new Map<SessionStep, SessionView>();
    for (const step of SESSION_STEPS) {
      const view = toSessionView({ ...base, step, session, terminal: terminalFor(step), nowMs: 1000 });
      expect(sessionViewSchema.parse(view)).toEqual(view);
      expect(Object.keys(view).sort(), step).toEqual([...COMMON, ...SECTIONS[step]].sort());
      const shape = sessionViewSchema.options.find((o) => o.shape.step.value === step)!.shape;
      expect(Object.keys(shape).sort(), step).toEqual([...COMMON, ...SECTIONS[step]].sort());
      views.set(step, view);
    }
    expect(views.get('retry')).toMatchObject({
      sessionId: session.id,
      retry: { reason: 'NOT_MATCHED', retriesLeft: 3 },
    });
    expect(views.get('result')).toMatchObject({ sessionId: null, result: { next: 'staff-counter' } });
  });

  it("refuses a view with another step's section (strict variants)", async () => {
    const session = await fullSession();
    const sample = new Map<string, unknown>();
    for (const step of SESSION_STEPS) {
      const view = toSessionView({ ...base, step, session, terminal: terminalFor(step), nowMs: 1000 });
      for (const [key, value] of Object.entries(view)) if (!sample.has(key)) sample.set(key, value);
    }
    expect([...sample.keys()]).toEqual(expect.arrayContaining(ALL_SECTIONS));
    let refused = 0;
    for (const step of SESSION_STEPS) {
      const view = toSessionView({ ...base, step, session, terminal: terminalFor(step), nowMs: 1000 });
      for (const section of ALL_SECTIONS.filter((k) => !SECTIONS[step].includes(k))) {
        const withForeign = { ...view, [section]: sample.get(section) };
        expect(sessionViewSchema.safeParse(withForeign).success, `${step} + ${section}`).toBe(false);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
    // Nor can a step leave out what it guarantees, or an end screen name a session.
    const retry = toSessionView({ ...base, step: 'retry', session, nowMs: 1000 });
    expect(sessionViewSchema.safeParse({ ...retry, retry: null }).success).toBe(false);
    const result = toSessionView({ ...base, step: 'result', terminal: terminalFor('result') });
    expect(sessionViewSchema.safeParse({ ...result, sessionId: session.id }).success).toBe(false);
    expect(
      sessionViewSchema.safeParse({ ...result, result: { ...terminalFor('result'), next: 'retry' } }).success,
    ).toBe(false);
  });

  it('throws when the step and what the orchestrator holds disagree (a bug, never a half-empty screen)', () => {
    expect(() => toSessionView({ ...base, step: 'capture' })).toThrow(/capture without a running session/);
    expect(() => toSessionView({ ...base, step: 'locked' })).toThrow(/locked but the end screen is attract/);
  });
});
