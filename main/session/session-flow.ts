// The running session flow for one kiosk: the statechart of flow.ts as an actor on the session's clock. It sends
// events, says the step the screen shows, keeps each state's scope (the AbortController its entry action makes and
// its exit action aborts) and the shown deadline, and hands expiries to the steps only once XState's own timer
// callback has finished, so what they send in reaction is handled at once.
import { createActor, type Snapshot } from 'xstate';
import type { SessionStep } from '../../common/session';
import { sessionFlow, type Expiry, type FlowContext, type FlowEvent, type FlowInput } from './flow';
import type { Clock } from './ports';

type FlowSnapshot = Snapshot<unknown> & { value: unknown };

/** The step a snapshot of the flow is at, as the screen knows steps (common/session.ts SessionStep). */
export function stepOf(value: unknown): SessionStep {
  if (value === 'attract') return 'attract';
  const v = value as { active?: { flow: string | Record<string, unknown> }; ended?: string };
  if (v.active) {
    const flow = typeof v.active.flow === 'string' ? v.active.flow : Object.keys(v.active.flow)[0]!;
    return flow === 'retryOffer' ? 'retry' : (flow as SessionStep);
  }
  return (v.ended ?? 'attract') as SessionStep;
}

/** An aborted signal: the scope of no step (attract, an end screen). */
function abortedScope(): AbortController {
  const c = new AbortController();
  c.abort();
  return c;
}

/**
 * The running flow for one kiosk: sends events, says the step, and hands expiries to `onExpired` only once
 * XState's own timer callback has finished (so the orchestrator's reaction runs outside the machine's processing).
 */
export class SessionFlow {
  private readonly actor;
  private readonly expiries: Expiry[] = [];
  private stepScope = abortedScope();
  private sessionScope = abortedScope();
  private deadline: number | null = null;
  /** The step the screen shows: while `finishing`, the one the decision was made at. */
  private shown: SessionStep = 'attract';

  constructor(
    timeouts: FlowInput['timeouts'],
    private readonly clock: Clock,
    private readonly onExpired: (expiry: Expiry) => void,
  ) {
    this.actor = createActor(sessionFlow, {
      input: {
        timeouts,
        expired: (e) => this.expiries.push(e),
        entered: (state, timeoutMs) => {
          this.stepScope = new AbortController();
          if (state === 'finishing') return; // the screen stays at the step that decided, its countdown stopped
          this.deadline = timeoutMs === null ? null : this.clock.now() + timeoutMs;
          this.shown = state === 'retryOffer' ? 'retry' : state;
        },
        left: () => {
          this.stepScope.abort();
          this.deadline = null;
        },
        activeEntered: () => {
          this.sessionScope = new AbortController();
        },
        activeLeft: () => this.sessionScope.abort(),
      },
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
    if (!this.can(event)) throw new Error(`session flow: ${event.type} is not taken at ${this.state()}`);
    this.actor.send(event);
  }

  /** The step the screen shows (while finishing: the step that decided). */
  step(): SessionStep {
    const step = stepOf((this.actor.getSnapshot() as FlowSnapshot).value);
    return step === ('finishing' as SessionStep) ? this.shown : step;
  }

  /** The flow's own state: the step, or `finishing` while the decision is signed. */
  state(): SessionStep | 'finishing' {
    return stepOf((this.actor.getSnapshot() as FlowSnapshot).value);
  }

  /** Whether the decision is being signed for the third party (no step takes anything until the end). */
  finishing(): boolean {
    return this.state() === 'finishing';
  }

  /** Whether the match step waits for the authority (its timeout then means: unavailable). */
  awaitingAuthority(): boolean {
    return this.actor.getSnapshot().matches({ active: { flow: { match: 'authority' } } });
  }

  /** Aborted when the flow leaves the state it is in now (work started here must drop its reply then). */
  signal(): AbortSignal {
    return this.stepScope.signal;
  }

  /** Aborted when the running session ends (work that may outlive its step, such as the card photo's embedding). */
  sessionSignal(): AbortSignal {
    return this.sessionScope.signal;
  }

  /** When the step shown times out (its delayed transition's time), null for a step without a timeout. */
  deadlineMs(): number | null {
    return this.deadline;
  }

  /** Elderly mode: step and idle times from now on are `factor` × the configured ones (1: the normal pace). */
  setPace(factor: number): void {
    this.send({ type: 'pace', factor });
  }

  /** The pace now: the factor every step and idle time is multiplied by. */
  pace(): number {
    return (this.actor.getSnapshot() as { context: FlowContext }).context.pace;
  }

  stop(): void {
    this.actor.stop();
  }

  private drain(): void {
    for (let e = this.expiries.shift(); e; e = this.expiries.shift()) this.onExpired(e);
  }
}
