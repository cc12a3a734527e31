// The session's flow as an XState v5 statechart: which step the kiosk is at, what moves it on, each step's timeout
// as a delayed transition, the idle countdown as a parallel region, and the end screens with their timeout back
// to attract. The orchestrator decides what happened (a card was confirmed, liveness passed, an attempt failed) and
// tells it here as an event; this is the one place that says where the flow may go next. docs/session.md draws it
// (scripts/session-diagram.mjs; a test keeps the drawing and the machine in step).
//
// Timeouts do not call back into the orchestrator while the machine is processing: a delayed transition's action
// only notes what expired (`expired`), and the clock wrapper the orchestrator gives createActor hands the notes over
// once XState's timer callback has finished (see SessionFlow), so whatever the orchestrator then sends is handled
// at once, never queued behind the transition that raised it.
import { createActor, setup, type Snapshot } from 'xstate';
import type { SessionStep } from '../../common/session';
import type { AppConfig } from '../config/schema';
import type { Clock } from './ports';

/** The steps that have a timeout of their own (config session.stepTimeoutsSeconds). */
export const TIMED_STEPS = ['consent', 'card', 'guardian', 'capture', 'liveness', 'match', 'intent'] as const;
export type TimedStep = (typeof TIMED_STEPS)[number];

/** The screens a session can end on (attract: straight back to the start screen). */
export const END_SCREENS = ['attract', 'result', 'refused', 'staff-required', 'locked', 'error'] as const;
export type EndScreen = (typeof END_SCREENS)[number];

export type FlowEvent =
  | { type: 'start' }
  | { type: 'agreed' }
  | { type: 'cardConfirmed' }
  | { type: 'guardianNeeded' }
  | { type: 'guardianConfirmed' }
  | { type: 'faceSettled' }
  | { type: 'livenessPassed' }
  | { type: 'prompt' }
  | { type: 'attemptFailed' }
  | { type: 'retry' }
  | { type: 'touch' }
  | { type: 'end'; screen: EndScreen }
  | { type: 'toAttract' };

/** What expired: a step's timeout, the idle countdown, or the end screen's time. */
export type Expiry = { kind: 'step'; step: TimedStep } | { kind: 'idle' } | { kind: 'terminal' };

export interface FlowInput {
  timeouts: Pick<AppConfig['session'], 'stepTimeoutsSeconds' | 'idleTimeoutSeconds'>;
  /** Told each expiry; the orchestrator drains them after the timer callback (SessionFlow). */
  expired: (expiry: Expiry) => void;
}

const SECOND_MS = 1000;
const endTo = (screen: EndScreen) => ({
  guard: ({ event }: { event: FlowEvent }) => event.type === 'end' && event.screen === screen,
  target: screen === 'attract' ? '#session.attract' : `#session.ended.${screen}`,
});
const timeout = (step: TimedStep) => ({
  after: { [step]: { actions: { type: 'expired' as const, params: { kind: 'step', step } as Expiry } } },
});

export const sessionFlow = setup({
  types: {
    context: {} as FlowInput,
    events: {} as FlowEvent,
    input: {} as FlowInput,
  },
  actions: {
    expired: ({ context }, expiry: Expiry) => context.expired(expiry),
  },
  delays: {
    consent: ({ context }) => context.timeouts.stepTimeoutsSeconds.consent * SECOND_MS,
    card: ({ context }) => context.timeouts.stepTimeoutsSeconds.card * SECOND_MS,
    guardian: ({ context }) => context.timeouts.stepTimeoutsSeconds.guardian * SECOND_MS,
    capture: ({ context }) => context.timeouts.stepTimeoutsSeconds.capture * SECOND_MS,
    liveness: ({ context }) => context.timeouts.stepTimeoutsSeconds.liveness * SECOND_MS,
    match: ({ context }) => context.timeouts.stepTimeoutsSeconds.match * SECOND_MS,
    intent: ({ context }) => context.timeouts.stepTimeoutsSeconds.intent * SECOND_MS,
    terminal: ({ context }) => context.timeouts.stepTimeoutsSeconds.terminal * SECOND_MS,
    idle: ({ context }) => context.timeouts.idleTimeoutSeconds * SECOND_MS,
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => input,
  initial: 'attract',
  states: {
    attract: { on: { start: 'active' } },
    active: {
      type: 'parallel',
      on: { end: END_SCREENS.map(endTo) },
      states: {
        flow: {
          initial: 'consent',
          states: {
            consent: { ...timeout('consent'), on: { agreed: 'card' } },
            card: { ...timeout('card'), on: { cardConfirmed: 'capture', guardianNeeded: 'guardian' } },
            guardian: { ...timeout('guardian'), on: { guardianConfirmed: 'capture' } },
            capture: { ...timeout('capture'), on: { faceSettled: 'liveness', attemptFailed: 'retryOffer' } },
            liveness: {
              ...timeout('liveness'),
              on: { livenessPassed: 'match', attemptFailed: 'retryOffer' },
            },
            match: { ...timeout('match'), on: { prompt: 'intent', attemptFailed: 'retryOffer' } },
            // Every new prompt (a new sentence, the question, asked again) starts the step's time again.
            intent: { ...timeout('intent'), on: { prompt: { target: 'intent', reenter: true } } },
            // The retry offer waits for the person; only the idle countdown ends it.
            retryOffer: { on: { retry: 'capture' } },
          },
        },
        idle: {
          initial: 'counting',
          states: {
            counting: {
              after: { idle: { actions: { type: 'expired', params: { kind: 'idle' } as Expiry } } },
              on: { touch: { target: 'counting', reenter: true } },
            },
          },
        },
      },
    },
    ended: {
      // Always entered at the screen `end` names (endTo); `initial` only satisfies the compound state.
      initial: 'error',
      after: { terminal: { actions: { type: 'expired', params: { kind: 'terminal' } as Expiry } } },
      on: { start: '#session.active', toAttract: '#session.attract' },
      states: {
        result: {},
        refused: {},
        'staff-required': {},
        locked: {},
        error: {},
      },
    },
  },
});

type FlowSnapshot = Snapshot<unknown> & { value: unknown };

/** The step a snapshot of the flow is at, as the screen knows steps (common/session.ts SessionStep). */
export function stepOf(value: unknown): SessionStep {
  if (value === 'attract') return 'attract';
  const v = value as { active?: { flow: string }; ended?: string };
  if (v.active) return v.active.flow === 'retryOffer' ? 'result' : (v.active.flow as SessionStep);
  return (v.ended ?? 'attract') as SessionStep;
}

/**
 * The running flow for one kiosk: sends events, says the step, and hands expiries to `onExpired` only once
 * XState's own timer callback has finished (so the orchestrator's reaction runs outside the machine's processing).
 */
export class SessionFlow {
  private readonly actor;
  private readonly expiries: Expiry[] = [];

  constructor(
    timeouts: FlowInput['timeouts'],
    clock: Clock,
    private readonly onExpired: (expiry: Expiry) => void,
  ) {
    this.actor = createActor(sessionFlow, {
      input: { timeouts, expired: (e) => this.expiries.push(e) },
      clock: {
        setTimeout: (fn: (...args: unknown[]) => void, ms: number) =>
          clock.setTimeout(() => {
            fn();
            this.drain();
          }, ms),
        clearTimeout: (handle: unknown) => clock.clearTimeout(handle as never),
      },
    });
    this.actor.start();
  }

  /** Whether `event` moves the flow from where it is (a command the step does not take is refused before). */
  can(event: FlowEvent): boolean {
    return this.actor.getSnapshot().can(event);
  }

  /** Sends `event`; an event the flow cannot take here is a bug in the caller, so it throws. */
  send(event: FlowEvent): void {
    if (!this.can(event)) throw new Error(`session flow: ${event.type} is not taken at ${this.step()}`);
    this.actor.send(event);
  }

  step(): SessionStep {
    return stepOf((this.actor.getSnapshot() as FlowSnapshot).value);
  }

  stop(): void {
    this.actor.stop();
  }

  private drain(): void {
    for (let e = this.expiries.shift(); e; e = this.expiries.shift()) this.onExpired(e);
  }
}
