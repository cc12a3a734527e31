// The session's facade: one verification at a time, consent → card → [guardian] → capture → liveness → match →
// [intent] → result. Callers (the IPC handlers, the business-app API, staff tools) see only this class. Which step
// the kiosk is at, where it may go next, every timeout and the scope that cancels a step's async work is the
// statechart in flow.ts (drawn in docs/session.md); what each step does, keeps and wipes is its file under steps/
// (consent, card, guardian, capture, liveness, match, retry, finishing, ended), sharing the core (core.ts). Every
// other part is reached through a port (ports.ts); commands arrive typed, checked once against common/session.ts
// by the dispatcher (main/ipc/dispatcher.ts) — the steps check only what the contract cannot (the step, the prompt).
//
// The intent step (意愿确认) is still here, behind the IntentStep interface the other steps use (core.ts).
import { HexinError } from '../../common/errors';
import {
  intentFailureCodeSchema,
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
  type IntentAnswerGuidance,
  type IntentFailureCode,
  type ReaderStatus,
  type SessionStep,
  type SessionView,
  type StaffSessionRecord,
} from '../../common/session';
import { silentLogger, type Logger } from '../util/log';
import type { FrameAnalysis } from '../vision/types';
import { SessionCore, type IntentStep, type OrchestratorConfig } from './core';
import { RecentSessions, SessionEvents, type SessionEventListener } from './events';
import { SessionFlow, type FlowEvent } from './flow';
import { LockoutTracker } from './lockout';
import type { AuditValue, IntentDialog, SessionCard, SessionPorts } from './ports';
import type { ActiveSession, ResultReason, SessionFrame } from './session-state';
import { confirmCard, enterCardManually, onCardEvent } from './steps/card';
import { submitFrame } from './steps/capture';
import { decideConsent, start, type StartOptions } from './steps/consent';
import { setElderlyMode } from './steps/elderly';
import { endAtCounter, endSession, failSession, onExpired, pass, showAttract } from './steps/ended';
import { confirmGuardian } from './steps/guardian';
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

/** A failure code from main/intent as the view carries it (unknown codes become "no speech", never a crash). */
function intentFailure(code: string | null): IntentFailureCode {
  return intentFailureCodeSchema.safeParse(code).data ?? 'INTENT_NO_SPEECH';
}

export class SessionOrchestrator implements IntentStep {
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
    this.core.intentStep = this;
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
    if (this.core.session) this.touch();
    this.emit();
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
  // The intent step (IntentStep): the commands above, and what the other steps ask of it

  async answerIntent(cmd: IntentAnswerCommand): Promise<SessionView> {
    const s = this.require('intent');
    this.touch();
    const dialog = s.intent;
    const it = dialog?.state;
    if (!dialog || !it || it.mode !== 'answer' || it.promptId !== cmd.promptId) {
      throw new HexinError('SESSION_WRONG_STEP', 'the answer names another prompt than the one shown');
    }
    if (it.checking) throw new HexinError('SESSION_WRONG_STEP', 'the answer is already being recorded');
    let verdict: 'confirmed' | 'declined';
    try {
      // The dialog marks the question decided at once: no frame or second tap counts for it meanwhile.
      verdict = await dialog.answer(cmd.promptId, cmd.answer);
    } catch (e) {
      if (!this.ended(s)) this.failSession(s, e);
      return this.view();
    }
    if (this.ended(s) || s.intent !== dialog || dialog.state?.promptId !== cmd.promptId) return this.view();
    this.answered(s, verdict, 'touch');
    return this.view();
  }

  /**
   * Activity at the intent step that main would not see otherwise — the person started reading (the recording
   * arrives only when it ends) or asked to hear the question again: the idle countdown starts again.
   */
  noteIntentActivity(cmd: IntentActivityCommand): SessionView {
    const s = this.require('intent');
    if (s.intent?.state?.promptId !== cmd.promptId) {
      throw new HexinError('SESSION_WRONG_STEP', 'the activity names another prompt than the one shown');
    }
    this.touch();
    this.emit();
    return this.view();
  }

  /**
   * A read-aloud recording for the sentence shown. Answers once it was checked (voice activity, then the
   * recogniser if configured). The bytes are zeroed whatever happens; only the verdict is audited, never audio.
   */
  async submitIntentAudio(cmd: IntentAudioCommand): Promise<SessionView> {
    try {
      const s = this.require('intent');
      const dialog = s.intent;
      const it = dialog?.state;
      if (!dialog || !it || it.mode !== 'read-aloud' || it.promptId !== cmd.promptId) {
        throw new HexinError('SESSION_WRONG_STEP', 'the recording names another sentence than the one shown');
      }
      if (it.checking) throw new HexinError('SESSION_WRONG_STEP', 'a recording is already being checked');
      this.touch();
      let failure: IntentFailureCode | null;
      try {
        // The dialog marks the sentence as being checked at once; the screen shows it while the check runs.
        const checked = dialog.checkReadAloud(cmd.promptId, cmd.pcm);
        this.emit();
        const verdict = await checked;
        if (this.ended(s)) return this.view();
        if (verdict.passed) {
          this.audit(s, 'intent.confirmed', {
            mode: 'read-aloud',
            contentChecked: verdict.contentChecked,
            speechMs: verdict.speechMs,
          });
          this.nextIntent(s);
          return this.view();
        }
        failure = intentFailure(verdict.failure);
      } catch (e) {
        if (this.ended(s)) return this.view();
        // Bad audio, an expired sentence or a recogniser / VAD hiccup costs an attempt; anything else ends the session.
        failure = e instanceof HexinError ? (intentFailureCodeSchema.safeParse(e.code).data ?? null) : null;
        if (!failure) {
          this.failSession(s, e);
          return this.view();
        }
        this.log.warn(`session ${s.id}: read-aloud check: ${(e as HexinError).code}`);
      }
      this.intentAttemptFailed(s, dialog, failure ?? 'INTENT_NO_SPEECH');
      return this.view();
    } finally {
      cmd.pcm.fill(0);
    }
  }

  /** The renderer could not open the microphone: the read-aloud step cannot run here; the counter can help. */
  reportIntentMicrophone(cmd: IntentMicrophoneCommand): SessionView {
    const s = this.require('intent');
    const it = s.intent?.state;
    if (!it || it.mode !== 'read-aloud' || it.promptId !== cmd.promptId) {
      throw new HexinError('SESSION_WRONG_STEP', 'the report names another sentence than the one shown');
    }
    this.audit(s, 'intent.failed', {
      mode: 'read-aloud',
      reason: 'INTENT_MIC_UNAVAILABLE',
      microphone: cmd.state,
      attemptsLeft: it.attemptsLeft,
    });
    this.endAtCounter(s, 'INTENT_NOT_CONFIRMED', 'INTENT_MIC_UNAVAILABLE');
    return this.view();
  }

  /** Starts the voice-activity worker when the session's purpose will ask for a recording (≈ 1.4 s cold). */
  warm(s: ActiveSession): void {
    const intent = this.ports.intent;
    if (!s.purpose || !intent?.warm) return;
    const mode = intent.mode(s.purpose);
    if (mode !== 'read-aloud' && mode !== 'both') return;
    intent.warm().catch((e: unknown) => {
      // Not fatal here: the first check reports the problem (VAD_MODEL_MISSING, VAD_FAILED) in its own words.
      this.log.warn(`intent warm-up failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /** The next part of the intent step (read-aloud, then the question for 'both'), or the pass when all are done. */
  private nextIntent(s: ActiveSession): void {
    const dialog = s.intent;
    if (!dialog) {
      this.pass(s);
      return;
    }
    try {
      if (dialog.next(this.language) === 'done') {
        this.pass(s);
        return;
      }
    } catch (e) {
      this.failSession(s, e);
      return;
    }
    // Entering the step (again) restarts its timeout for the new prompt.
    this.go({ type: 'prompt' });
  }

  /** Whether camera frames go to the question now (answer mode, nothing decided yet). */
  answering(s: ActiveSession): boolean {
    const it = s.intent?.state;
    return this.step === 'intent' && it?.mode === 'answer' && !it.checking && !this.core.flow.finishing();
  }

  /**
   * One analysed frame while the question waits: it counts only with one face in view that is the person who just
   * passed the match (embedding against the kept probe, when the frame has one); any other frame still moves the
   * question's clock on, so nobody else's nod and no empty camera ever turns into an answer.
   */
  async onFrame(s: ActiveSession, analysis: FrameAnalysis): Promise<void> {
    const dialog = s.intent;
    const promptId = dialog?.state?.promptId;
    if (!dialog || promptId === undefined || !dialog.state?.answer || !this.answering(s)) return;
    const face = analysis.primary === null ? undefined : analysis.faces[analysis.primary];
    let guidance: IntentAnswerGuidance = 'OK';
    if (!face) guidance = 'NO_FACE';
    else if (analysis.guidance === 'ONE_FACE_ONLY') guidance = 'ONE_FACE_ONLY';
    else if (
      s.continuity &&
      face.embedding &&
      !this.ports.matcher.match(face.embedding, s.continuity, 'chip').passed
    )
      guidance = 'OTHER_PERSON';
    // The person in front of the camera is not idle, even while only listening to the question.
    if (guidance === 'OK') this.touch();
    const counted = guidance === 'OK' ? analysis : { ...analysis, primary: null };
    let state;
    try {
      state = await dialog.answerFrame(promptId, counted, guidance);
    } catch (e) {
      if (!this.ended(s)) this.failSession(s, e);
      return;
    }
    // The session may have ended, or another prompt come, while the frame was evaluated.
    if (this.ended(s) || s.intent !== dialog || dialog.state?.promptId !== promptId) return;
    if (state.status === 'waiting') {
      this.emit();
      return;
    }
    if (state.status === 'timeout') {
      this.noAnswer(s, dialog, false);
      return;
    }
    this.touch(); // a recognised gesture is the person acting
    this.answered(s, state.status === 'yes' ? 'confirmed' : 'declined', 'gesture');
  }

  /** The question was answered (by head or button): yes goes on, no ends the flow with the declined screen. */
  private answered(s: ActiveSession, verdict: 'confirmed' | 'declined', by: 'gesture' | 'touch'): void {
    this.audit(s, verdict === 'confirmed' ? 'intent.confirmed' : 'intent.declined', { mode: 'answer', by });
    if (verdict === 'confirmed') this.nextIntent(s);
    else this.endAtCounter(s, 'INTENT_DECLINED');
  }

  /**
   * Neither a nod nor a shake in time: asked once more (the dialog's ANSWER_REPEATS), then the staff counter. Never
   * a yes. `final`: the step itself timed out (no frames at all), which is not asked again.
   */
  private noAnswer(s: ActiveSession, dialog: IntentDialog, final: boolean): void {
    this.audit(s, 'intent.failed', {
      mode: 'answer',
      reason: 'INTENT_NO_ANSWER',
      attemptsLeft: final ? 0 : (dialog.state?.attemptsLeft ?? 0),
    });
    this.askAgainOrCounter(s, dialog, 'INTENT_NO_ANSWER', !final);
  }

  private intentAttemptFailed(s: ActiveSession, dialog: IntentDialog, failure: IntentFailureCode): void {
    this.audit(s, 'intent.failed', {
      mode: 'read-aloud',
      reason: failure,
      attemptsLeft: dialog.state?.attemptsLeft ?? 0,
    });
    // A retry always gets a new sentence: the old one was used up by the check.
    this.askAgainOrCounter(s, dialog, failure, true);
  }

  /**
   * An intent prompt failed with `failure`: the dialog asks a new one while attempts are left (and `mayRepeat`),
   * otherwise the session ends at the staff counter with the failure as the detail.
   */
  private askAgainOrCounter(
    s: ActiveSession,
    dialog: IntentDialog,
    failure: IntentFailureCode,
    mayRepeat: boolean,
  ): void {
    let outcome: 'asked' | 'exhausted';
    try {
      outcome = dialog.again(failure, this.language, mayRepeat);
    } catch (e) {
      this.failSession(s, e);
      return;
    }
    if (outcome === 'asked') {
      // Re-entering restarts the step's timeout for the new prompt.
      this.go({ type: 'prompt' });
      return;
    }
    this.endAtCounter(s, 'INTENT_NOT_CONFIRMED', failure);
  }

  /** After a passed match: the intent step the purpose asks for, its first prompt shown (true), or none (false). */
  begin(s: ActiveSession, probe: Float32Array): boolean {
    const intent = this.ports.intent;
    const mode = s.purpose && intent ? intent.mode(s.purpose) : 'off';
    if (mode === 'answer' || mode === 'both') s.continuity = Float32Array.from(probe);
    if (mode === 'off' || !intent || !s.purpose) return false;
    s.intent = intent.open({ sessionId: s.id, purpose: s.purpose });
    this.nextIntent(s);
    return true;
  }

  /** The intent state's timeout in answer mode: no frames decided it (camera gone?) and no button was pressed. */
  timedOut(s: ActiveSession): boolean {
    if (s.intent?.state?.mode !== 'answer') return false;
    this.noAnswer(s, s.intent, true);
    return true;
  }

  /** Drops the intent step's state and the kept probe with the session. */
  wipe(s: ActiveSession): void {
    s.intent?.close();
    s.intent = null;
    s.continuity?.fill(0);
    s.continuity = null;
  }

  // The core's services under the names the intent step uses.
  private get ports(): SessionPorts {
    return this.core.ports;
  }
  private get log(): Logger {
    return this.core.log;
  }
  private get language() {
    return this.core.language;
  }
  private get step(): SessionStep {
    return this.core.step;
  }
  private ended(s: ActiveSession): boolean {
    return this.core.session !== s;
  }
  private require(step: SessionStep): ActiveSession {
    return this.core.require(step);
  }
  private touch(): void {
    this.core.touch();
  }
  private emit(): void {
    this.core.emit();
  }
  private go(event: FlowEvent): void {
    this.core.go(event);
  }
  private audit(s: ActiveSession, type: string, data: Record<string, AuditValue>): void {
    this.core.audit(s, type, data);
  }
  private failSession(s: ActiveSession, e: unknown): void {
    failSession(this.core, s, e);
  }
  private endAtCounter(s: ActiveSession, reason: ResultReason, detail?: string | null): void {
    endAtCounter(this.core, s, reason, detail);
  }
  private pass(s: ActiveSession): void {
    pass(this.core, s);
  }
}
