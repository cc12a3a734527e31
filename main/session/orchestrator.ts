// The session's facade: one verification at a time, consent → card → [guardian] → capture → liveness → match →
// [intent] → result. Callers (the IPC handlers, the business-app API, staff tools) see only this class. Which step
// the kiosk is at, where it may go next, every timeout and the scope that cancels a step's async work is the
// statechart in flow.ts (drawn in docs/session.md); what each step does, keeps and wipes is its file under steps/
// (consent, card, guardian, capture, liveness, match, intent, retry, finishing, ended), sharing the core (core.ts). Every
// other part is reached through a port (ports.ts); commands arrive typed, checked once against common/session.ts
// by the dispatcher (main/ipc/dispatcher.ts) — the steps check only what the contract cannot (the step, the prompt).
import { HexinError } from '../../common/errors';
import {
  type CancelCommand,
  type CardConfirmationCommand,
  type ConsentDecisionCommand,
  type ElderlyModeCommand,
  type GuardianConfirmationCommand,
  type IntentActivityCommand,
  type IntentAnswerCommand,
  type IntentAudioCommand,
  type IntentMicrophoneCommand,
  type LanguageCommand,
  type RetryCommand,
  type StartCommand,
  type FrameAck,
  type ReaderStatus,
  type SessionView,
  type StaffSessionRecord,
} from '../../common/session';
import { silentLogger, type Logger } from '../util/log';
import { SessionCore, type OrchestratorConfig } from './core';
import { RecentSessions, SessionEvents, type SessionEventListener } from './events';
import { SessionFlow } from './session-flow';
import { LockoutTracker } from './lockout';
import type { SessionCard, SessionPorts } from './ports';
import type { SessionFrame } from './session-state';
import { confirmCard, enterCardManually, onCardEvent } from './steps/card';
import { submitFrame } from './steps/capture';
import { decideConsent, start, type StartOptions } from './steps/consent';
import { setElderlyMode } from './steps/elderly';
import { endSession, onExpired, showAttract } from './steps/ended';
import { confirmGuardian } from './steps/guardian';
import { answerIntent, noteIntentActivity, reportIntentMicrophone, submitIntentAudio } from './steps/intent';
import { retry } from './steps/retry';

export type { OrchestratorConfig } from './core';
export type { StartOptions } from './steps/consent';
export type { SessionFrame } from './session-state';

export interface OrchestratorOptions {
  config: OrchestratorConfig;
  ports: SessionPorts;
  logger?: Logger;
  /** The lock-out rule's memory (persisted by the app); default: in memory with a per-process key. */
  lockout?: LockoutTracker;
}

/** What the orchestrator holds that is personal; all false/zero once a session has ended. */
export interface PersonalDataHeld {
  card: boolean;
  reference: boolean;
  probes: number;
  bestFrame: boolean;
  liveness: boolean;
  frameInAnalysis: boolean;
}

const STAFF_RECORDS_KEPT = 50;

export class SessionOrchestrator {
  private readonly core: SessionCore;
  private readonly unsubscribeCards: () => void;
  private readonly recent = new RecentSessions(STAFF_RECORDS_KEPT);

  constructor({ config, ports, logger = silentLogger, lockout }: OrchestratorOptions) {
    const events = new SessionEvents(logger, (work) => this.core.track(work));
    const flow = new SessionFlow(config.session, ports.clock, (expiry) => onExpired(this.core, expiry));
    this.core = new SessionCore(
      config,
      ports,
      logger,
      lockout ?? new LockoutTracker(config.lockout, ports.clock, ports.random.secret()),
      events,
      flow,
    );
    this.recent.attach(this);
    this.unsubscribeCards = ports.cards.subscribe((event) => onCardEvent(this.core, event));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Subscription and queries

  /** Calls `listener` with every new view; returns the unsubscribe function. */
  onView(listener: (view: SessionView) => void): () => void {
    this.core.listeners.add(listener);
    return () => this.core.listeners.delete(listener);
  }

  /** Calls `listener` with every session event (started, cardAccepted, decided, ended); returns the unsubscribe. */
  onEvent(listener: SessionEventListener): () => void {
    return this.core.events.onEvent(listener);
  }

  view(): SessionView {
    return this.core.view();
  }

  /** Recent sessions for staff mode, newest first: outcomes and scores, never who. */
  staffRecords(): StaffSessionRecord[] {
    return this.recent.newestFirst();
  }

  /** For tests and device health: what personal data is held right now. */
  personalDataHeld(): PersonalDataHeld {
    const s = this.core.session;
    return {
      card: Boolean(s?.card),
      reference: Boolean(s?.reference) || Boolean(s?.referencePromise) || Boolean(s?.continuity),
      probes: s?.probes.size ?? 0,
      bestFrame: Boolean(s?.bestFrame),
      liveness: Boolean(s?.liveness),
      frameInAnalysis: Boolean(s?.analysing),
    };
  }

  /** Health counters for staff mode. */
  health(): { lockedCards: number; auditFailures: number; readerStatus: ReaderStatus } {
    return {
      lockedCards: this.core.lockout.lockedCount(),
      auditFailures: this.core.auditFailures,
      readerStatus: this.core.readerStatus,
    };
  }

  /** Resolves once every frame analysis and match in flight has finished (tests, orderly shutdown). */
  async settled(): Promise<void> {
    while (this.core.pending.size > 0) await Promise.allSettled([...this.core.pending]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands (one method per renderer command; each is its step's: steps/*.ts)

  /**
   * Starts a session. `options` come from a trusted caller in main (the business-app API) — the renderer's
   * command cannot name a third party, so a screen alone can never send a result anywhere.
   */
  start(cmd: StartCommand, options: StartOptions = {}): Promise<SessionView> {
    return start(this.core, cmd, options);
  }

  decideConsent(cmd: ConsentDecisionCommand): Promise<SessionView> {
    return decideConsent(this.core, cmd);
  }

  /** Staff typed the holder's identity from the physical card (manual entry; needs an authority source). */
  enterCardManually(card: SessionCard): SessionView {
    return enterCardManually(this.core, card);
  }

  confirmCard(cmd: CardConfirmationCommand): SessionView {
    return confirmCard(this.core, cmd);
  }

  confirmGuardian(cmd: GuardianConfirmationCommand): Promise<SessionView> {
    return confirmGuardian(this.core, cmd);
  }

  /** A camera frame. Answers at once; the analysis result arrives as a new view (guidance, prompts, next step). */
  submitFrame(frame: SessionFrame): FrameAck {
    return submitFrame(this.core, frame);
  }

  retry(cmd: RetryCommand = {}): SessionView {
    return retry(this.core, cmd);
  }

  /** Ends the session at once (person pressed cancel, camera unavailable…) and returns to attract. */
  cancel(cmd: CancelCommand = {}): SessionView {
    const s = this.core.session;
    if (s)
      endSession(this.core, s, cmd.reason === 'card-removed' ? 'card-removed' : 'cancel', {
        step: 'attract',
      });
    else showAttract(this.core);
    return this.view();
  }

  setLanguage(cmd: LanguageCommand): SessionView {
    if (!this.core.config.languages.available.includes(cmd.language)) {
      throw new HexinError('SESSION_BAD_COMMAND', `language ${cmd.language} is not offered on this kiosk`);
    }
    this.core.language = cmd.language;
    if (this.core.session) this.core.touch();
    this.core.emit();
    return this.view();
  }

  /** Elderly mode chosen (or left) during the session: the card screen's offer (steps/elderly.ts). */
  setElderlyMode(cmd: ElderlyModeCommand): SessionView {
    return setElderlyMode(this.core, cmd);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Staff

  /** Staff reset: ends whatever session is running and returns to attract. */
  reset(): SessionView {
    const s = this.core.session;
    if (s) endSession(this.core, s, 'reset', { step: 'attract' });
    else showAttract(this.core);
    return this.view();
  }

  /** Staff action: lift every card lock-out. */
  clearLockouts(): void {
    this.core.lockout.clear();
  }

  /** Ends any session, stops every timer and the card subscription. */
  dispose(): void {
    this.reset();
    this.unsubscribeCards();
    this.core.stopTicking();
    this.core.terminalDeadlineMs = null;
    this.core.listeners.clear();
    this.core.events.clear();
    this.core.flow.stop();
  }

  // -------------------------------------------------------------------------------------------------------------
  // The intent step (steps/intent.ts)

  answerIntent(cmd: IntentAnswerCommand): Promise<SessionView> {
    return answerIntent(this.core, cmd);
  }

  /** Activity at the intent step main would not see otherwise (reading started, question replayed): not idle. */
  noteIntentActivity(cmd: IntentActivityCommand): SessionView {
    return noteIntentActivity(this.core, cmd);
  }

  /** A read-aloud recording for the sentence shown; the bytes are zeroed whatever happens. */
  submitIntentAudio(cmd: IntentAudioCommand): Promise<SessionView> {
    return submitIntentAudio(this.core, cmd);
  }

  /** The renderer could not open the microphone: the read-aloud step cannot run here; the counter can help. */
  reportIntentMicrophone(cmd: IntentMicrophoneCommand): SessionView {
    return reportIntentMicrophone(this.core, cmd);
  }
}
