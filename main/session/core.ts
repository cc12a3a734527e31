// What every step of the session shares: the config and ports, the flow (flow.ts: the step, its timeout and its
// scope), the running session and the end screen, and the few services every step uses — the audit log, the
// view to the screen, the idle touch, moving the flow on, tracking async work. The steps (steps/*.ts) are functions
// of this core and the running session; SessionOrchestrator (orchestrator.ts) is the facade callers see.
import { errorMessage, HexinError } from '../../common/errors';
import type { Language, ReaderStatus, SessionStep, SessionView } from '../../common/session';
import type { AppConfig } from '../config/schema';
import type { Logger } from '../util/log';
import type { SessionEvents } from './events';
import type { FlowEvent } from './flow';
import type { SessionFlow } from './session-flow';
import type { LockoutTracker } from './lockout';
import type { AuditValue, SessionPorts, TimerHandle } from './ports';
import type { ActiveSession, TerminalScreen } from './session-state';
import { toSessionView } from './view';

export type OrchestratorConfig = Pick<
  AppConfig,
  'kiosk' | 'languages' | 'session' | 'lockout' | 'guardian' | 'accessibility'
> & {
  /** Only the match policy: which of the local match and the authority must pass (main/verify/authority). */
  authority: Pick<AppConfig['authority'], 'policy'>;
};

export const SECOND_MS = 1000;

export class SessionCore {
  readonly listeners = new Set<(view: SessionView) => void>();
  readonly pending = new Set<Promise<void>>();
  language: Language;
  session: ActiveSession | null = null;
  terminal: TerminalScreen = { step: 'attract' };
  terminalDeadlineMs: number | null = null;
  readerStatus: ReaderStatus = 'unknown';
  auditFailures = 0;
  private tickTimer: TimerHandle | null = null;

  constructor(
    readonly config: OrchestratorConfig,
    readonly ports: SessionPorts,
    readonly log: Logger,
    readonly lockout: LockoutTracker,
    readonly events: SessionEvents,
    readonly flow: SessionFlow,
  ) {
    this.language = config.languages.default;
  }

  /** The step the screen shows (the flow's; while the decision is signed, the step that decided). */
  get step(): SessionStep {
    return this.flow.step();
  }

  view(): SessionView {
    return toSessionView({
      step: this.step,
      session: this.session,
      terminal: this.terminal,
      language: this.language,
      readerStatus: this.readerStatus,
      nowMs: this.ports.clock.now(),
      config: this.config.session,
    });
  }

  /** The running session at `step`; a command for another step (or while the result is signed) is refused. */
  require(step: SessionStep): ActiveSession {
    const s = this.session;
    if (!s) throw new HexinError('SESSION_NOT_ACTIVE', 'no session is running');
    if (this.flow.finishing()) throw new HexinError('SESSION_WRONG_STEP', 'the result is being recorded');
    if (this.step !== step)
      throw new HexinError('SESSION_WRONG_STEP', `expected step ${step}, the session is at ${this.step}`);
    return s;
  }

  /** Moves the flow on (flow.ts says where to, and starts the new step's timeout) and shows the new step. */
  go(event: FlowEvent): void {
    this.flow.send(event);
    const s = this.session;
    if (s) {
      // The countdown shown; the timeout itself is the flow's delayed transition of the same length.
      s.stepDeadlineMs = this.flow.deadlineMs();
      this.audit(s, 'step.entered', { step: this.step });
    }
    this.emit();
  }

  /** The person did something: the idle countdown starts again. */
  touch(): void {
    const s = this.session;
    if (!s) return;
    const ms = this.config.session.idleTimeoutSeconds * this.flow.pace() * SECOND_MS;
    s.idleDeadlineMs = this.ports.clock.now() + ms;
    // The countdown itself is the flow's idle region (started afresh when the session starts).
    if (this.flow.can({ type: 'touch' })) this.flow.send({ type: 'touch' });
  }

  audit(s: ActiveSession, type: string, data: Record<string, AuditValue>): void {
    const event = {
      type,
      sessionId: s.id,
      kioskId: this.config.kiosk.id,
      atMs: this.ports.clock.now(),
      data,
    };
    const failed = (e: unknown) => {
      this.auditFailures += 1;
      this.log.error(`audit append failed: ${errorMessage(e)}`);
    };
    try {
      const r = this.ports.audit.append(event);
      if (r instanceof Promise) r.catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  /** Keeps `p` until it settles, so settled() waits for it; never an unhandled rejection. */
  track(p: Promise<void>): void {
    const tracked = p.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  emit(): void {
    if (this.listeners.size === 0) return;
    const view = this.view();
    for (const listener of this.listeners) {
      try {
        listener(view);
      } catch (e) {
        this.log.error(`session view listener threw: ${errorMessage(e)}`);
      }
    }
  }

  /** Shows the visible countdowns moving once a second while a session or an end screen is up. */
  startTicking(): void {
    if (this.tickTimer) return;
    const tick = () => {
      this.tickTimer = null;
      if (!this.session && this.terminalDeadlineMs === null) return;
      this.emit();
      this.tickTimer = this.ports.clock.setTimeout(tick, SECOND_MS);
    };
    this.tickTimer = this.ports.clock.setTimeout(tick, SECOND_MS);
  }

  stopTicking(): void {
    if (this.tickTimer) this.ports.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
  }
}
