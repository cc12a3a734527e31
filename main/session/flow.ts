// The session's flow as an XState v5 statechart: which step the kiosk is at, what moves it on, each step's timeout
// as a delayed transition, the idle countdown as a parallel region, and the end screens with their timeout back
// to attract. The orchestrator decides what happened (a card was confirmed, liveness passed, an attempt failed) and
// tells it here as an event; this is the one place that says where the flow may go next. docs/session.md draws it
// (scripts/session-diagram.mjs; a test keeps the drawing and the machine in step).
//
// Timeouts do not call back into the orchestrator while the machine is processing: a delayed transition's action
// only notes what expired (`expired`), and the clock wrapper the orchestrator gives createActor hands the notes over
// once XState's timer callback has finished (see SessionFlow in session-flow.ts), so whatever the orchestrator then sends is handled
// at once, never queued behind the transition that raised it.
//
// Async work is cancelled by the machine (the small equivalent of invoked actors that the orchestrator's own
// promises need): every step of the flow has a scope, an AbortController made on entering the state and aborted on
// leaving it (a re-entered intent prompt gets a new one), and the running session has one aborted on leaving
// `active`. Work started in a step takes its signal (SessionFlow.signal(), session-flow.ts) and drops its reply once it is aborted:
// an analysis, a match, an authority check, a signature, a recording's check can never move a step it no longer
// belongs to. `finishing` (the decision being signed for the third party) is a state of its own, so a reset or an
// idle end aborts the signature too. Each timed state's deadline (shown as the countdown) is computed from the same
// delay as its delayed transition.
import { assign, setup } from 'xstate';
import type { AppConfig } from '../config/schema';

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
  | { type: 'authorityAsked' }
  | { type: 'finish' }
  | { type: 'touch' }
  | { type: 'end'; screen: EndScreen }
  | { type: 'toAttract' }
  /** Elderly mode (长辈模式): every step and idle time from now on is `factor` times the configured one. */
  | { type: 'pace'; factor: number };

/** What expired: a step's timeout, the idle countdown, or the end screen's time. */
export type Expiry = { kind: 'step'; step: TimedStep } | { kind: 'idle' } | { kind: 'terminal' };

/** The states of the flow region that have a scope (and the view a step): every direct child of `flow`. */
export type FlowState = TimedStep | 'retryOffer' | 'finishing';

export interface FlowInput {
  timeouts: Pick<AppConfig['session'], 'stepTimeoutsSeconds' | 'idleTimeoutSeconds'>;
  /** Told each expiry; the orchestrator drains them after the timer callback (SessionFlow). */
  expired: (expiry: Expiry) => void;
  /** A flow state was entered (`timeoutMs`: its delayed transition's delay, null for none) or left: its scope. */
  entered: (state: FlowState, timeoutMs: number | null) => void;
  left: (state: FlowState) => void;
  /** The running session (`active`) was entered or left: the session's scope. */
  activeEntered: () => void;
  activeLeft: () => void;
}

export interface FlowContext extends FlowInput {
  /** Multiplies every step and idle time (elderly mode's accessibility.elderly.timeoutFactor; 1 otherwise). */
  pace: number;
}

const SECOND_MS = 1000;
const endTo = (screen: EndScreen) => ({
  guard: ({ event }: { event: FlowEvent }) => event.type === 'end' && event.screen === screen,
  target: screen === 'attract' ? '#session.attract' : `#session.ended.${screen}`,
});
/** The one place a step's timeout is computed: its delayed transition and its shown deadline both read it. */
function stepTimeoutMs(context: FlowContext, step: TimedStep | 'terminal'): number {
  return context.timeouts.stepTimeoutsSeconds[step] * context.pace * SECOND_MS;
}
const scoped = (state: FlowState) => ({
  entry: { type: 'entered' as const, params: { state } },
  exit: { type: 'left' as const, params: { state } },
});
const timeout = (step: TimedStep) => ({
  ...scoped(step),
  after: { [step]: { actions: { type: 'expired' as const, params: { kind: 'step', step } as Expiry } } },
});

export const sessionFlow = setup({
  types: {
    context: {} as FlowContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
  },
  actions: {
    expired: ({ context }, expiry: Expiry) => context.expired(expiry),
    // A timer already running keeps its length; the next step and the next idle restart take the new pace.
    pace: assign({ pace: ({ event }) => (event.type === 'pace' ? event.factor : 1) }),
    entered: ({ context }, { state }: { state: FlowState }) =>
      context.entered(
        state,
        state === 'retryOffer' || state === 'finishing' ? null : stepTimeoutMs(context, state),
      ),
    left: ({ context }, { state }: { state: FlowState }) => context.left(state),
    activeEntered: ({ context }) => context.activeEntered(),
    activeLeft: ({ context }) => context.activeLeft(),
  },
  delays: {
    consent: ({ context }) => stepTimeoutMs(context, 'consent'),
    card: ({ context }) => stepTimeoutMs(context, 'card'),
    guardian: ({ context }) => stepTimeoutMs(context, 'guardian'),
    capture: ({ context }) => stepTimeoutMs(context, 'capture'),
    liveness: ({ context }) => stepTimeoutMs(context, 'liveness'),
    match: ({ context }) => stepTimeoutMs(context, 'match'),
    intent: ({ context }) => stepTimeoutMs(context, 'intent'),
    terminal: ({ context }) => stepTimeoutMs(context, 'terminal'),
    idle: ({ context }) => context.timeouts.idleTimeoutSeconds * context.pace * SECOND_MS,
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({ ...input, pace: 1 }),
  initial: 'attract',
  // Taken anywhere: the orchestrator sets the pace before a session starts and when the person chooses the mode.
  on: { pace: { actions: 'pace' } },
  states: {
    attract: { on: { start: 'active' } },
    active: {
      type: 'parallel',
      entry: 'activeEntered',
      exit: 'activeLeft',
      on: { end: END_SCREENS.map(endTo) },
      states: {
        flow: {
          initial: 'consent',
          // The decision is being signed for the third party: no step takes anything more; only an end leaves.
          on: { finish: '.finishing' },
          states: {
            consent: { ...timeout('consent'), on: { agreed: 'card' } },
            card: { ...timeout('card'), on: { cardConfirmed: 'capture', guardianNeeded: 'guardian' } },
            guardian: { ...timeout('guardian'), on: { guardianConfirmed: 'capture' } },
            capture: { ...timeout('capture'), on: { faceSettled: 'liveness', attemptFailed: 'retryOffer' } },
            liveness: {
              ...timeout('liveness'),
              on: { livenessPassed: 'match', attemptFailed: 'retryOffer' },
            },
            match: {
              ...timeout('match'),
              initial: 'comparing',
              on: { prompt: 'intent', attemptFailed: 'retryOffer' },
              states: {
                comparing: { on: { authorityAsked: 'authority' } },
                // The authority is asked: the match step's timeout now means it is unavailable (never a pass).
                authority: {},
              },
            },
            // Every new prompt (a new sentence, the question, asked again) starts the step's time again.
            intent: { ...timeout('intent'), on: { prompt: { target: 'intent', reenter: true } } },
            // The retry offer waits for the person; only the idle countdown ends it.
            retryOffer: { ...scoped('retryOffer'), on: { retry: 'capture' } },
            finishing: scoped('finishing'),
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
