// The orchestrator of one verification at a time: consent → card → [guardian] → capture → liveness → match →
// [intent] → result. It owns the session's in-memory state, bounded retries, the card lock-out rule and — whatever
// way a session ends — wiping everything personal it held (card, photo, reference and live embeddings, frames,
// liveness state). Which step the kiosk is at, where it may go next and every timeout (each step's, the idle
// countdown, the end screen's) is the statechart in flow.ts (drawn in docs/session.md). Every other part is
// reached through a port (ports.ts); commands arrive typed, checked once against common/session.ts by the
// dispatcher (main/ipc/dispatcher.ts) — this checks only what the contract cannot (the step, the prompt shown).
import { HexinError } from '../../common/errors';
import { personMessages } from '../../common/messages';
import {
  intentFailureCodeSchema,
  type CancelCommand,
  type CardConfirmationCommand,
  type ConsentDecisionCommand,
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
  type Language,
  type ReaderStatus,
  type SessionEndReason,
  type SessionStep,
  type SessionView,
  type StaffSessionRecord,
} from '../../common/session';
import type { AppConfig } from '../config/schema';
import { silentLogger, type Logger } from '../util/log';
import type { MatchPolicy } from '../verify/authority/config';
import { decideMatch, type LocalMatch } from '../verify/authority/policy';
import type { Frame, FrameAnalysis } from '../vision/types';
import { ageOn, isExpired } from './card-rules';
import { SessionFlow, type Expiry, type FlowEvent } from './flow';
import { RecentSessions, SessionEvents, type Decided, type SessionEventListener } from './events';
import { LockoutTracker } from './lockout';
import type {
  AnswerQuestion,
  AuditValue,
  AuthorityResult,
  CardSourceEvent,
  IntentCheck,
  ReadAloudChallenge,
  ResultDelivery,
  SessionCard,
  SessionPorts,
  SessionThirdParty,
  TimerHandle,
} from './ports';
import { ProbeCollector } from './probe';
import type { ActiveSession, IntentState, ResultReason, SessionFrame, TerminalScreen } from './session-state';
import { thirdPartyName, toSessionView } from './view';

export type OrchestratorConfig = Pick<
  AppConfig,
  'kiosk' | 'languages' | 'session' | 'lockout' | 'guardian'
> & {
  /** Only the match policy: which of the local match and the authority must pass (main/verify/authority). */
  authority: Pick<AppConfig['authority'], 'policy'>;
};

export type { SessionFrame } from './session-state';

/** What a trusted caller (the business-app API, never the renderer) adds when it starts a session. */
export interface StartOptions {
  /** The third party the person will be asked to authorise; the signed result goes to it only. */
  thirdParty?: SessionThirdParty;
}

const THIRD_PARTY_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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

/** Where a session's decision is signed for, when it is: the port, the authorised party, the purpose, the card. */
interface SignedResultTarget {
  delivery: ResultDelivery;
  thirdParty: SessionThirdParty;
  purpose: string;
  card: SessionCard;
}

const SECOND_MS = 1000;
/**
 * Answer mode: how many times the question is asked again when neither a nod nor a shake (nor a button) was seen in
 * time. Once: a person who missed the question gets it again with "we could not see your answer"; a second silence
 * goes to the staff counter rather than keep someone who cannot answer by head waiting. A "no" is never asked again.
 */
const ANSWER_REPEATS = 1;
const MINUTE_MS = 60_000;
const STAFF_RECORDS_KEPT = 50;
/** Steps after a card was read: pulling the card out there ends the session. */
const CARD_HELD_STEPS: ReadonlySet<SessionStep> = new Set([
  'card',
  'guardian',
  'capture',
  'liveness',
  'match',
  'intent',
  'result',
]);
/** Failures that count toward the card lock-out (not timeouts, which are as likely the kiosk's fault). */
const LOCKOUT_REASONS: ReadonlySet<ResultReason> = new Set([
  'NOT_MATCHED',
  'LIVENESS_FAILED',
  'AUTHORITY_MISMATCH',
]);

/** The lock-out screen for a card locked until `untilMs`, with its whole minutes left as of `nowMs`. */
function lockedScreen(untilMs: number, nowMs: number): TerminalScreen {
  return { step: 'locked', minutesLeft: Math.ceil((untilMs - nowMs) / MINUTE_MS) };
}

/** A failure code from main/intent as the view carries it (unknown codes become "no speech", never a crash). */
function intentFailure(code: string | null): IntentFailureCode {
  return intentFailureCodeSchema.safeParse(code).data ?? 'INTENT_NO_SPEECH';
}

/**
 * The result reason for a match under the policy (main/verify/authority decideMatch is the rule). An authority
 * that could not answer fails a policy that needs it — unless the local match already failed under `both`, where
 * the authority was never asked.
 */
function matchReason(
  policy: MatchPolicy,
  local: LocalMatch,
  authority: AuthorityResult | null,
): ResultReason {
  if (policy === 'both' && local === 'no_match') return 'NOT_MATCHED';
  if (policy !== 'local' && (authority === null || authority.status === 'unavailable'))
    return 'AUTHORITY_UNAVAILABLE';
  const verdict =
    authority === null || authority.status === 'unavailable'
      ? undefined
      : { result: authority.status === 'mismatch' ? ('no_match' as const) : authority.status };
  const decided = decideMatch(policy, local, verdict);
  if (decided.decision === 'pass') return 'MATCHED';
  if (decided.reasons.includes('local_no_match')) return 'NOT_MATCHED';
  if (decided.reasons.includes('authority_no_photo')) return 'AUTHORITY_NO_PHOTO';
  return 'AUTHORITY_MISMATCH';
}

export class SessionOrchestrator {
  private readonly config: OrchestratorConfig;
  private readonly ports: SessionPorts;
  private readonly log: Logger;
  private readonly lockout: LockoutTracker;
  private readonly listeners = new Set<(view: SessionView) => void>();
  private readonly unsubscribeCards: () => void;
  private readonly pending = new Set<Promise<void>>();
  private readonly events: SessionEvents;
  private readonly recent = new RecentSessions(STAFF_RECORDS_KEPT);

  /** Which step the kiosk is at, what may come next, and every timeout: the statechart (flow.ts). */
  private readonly flow: SessionFlow;
  private language: Language;
  private session: ActiveSession | null = null;
  private terminal: TerminalScreen = { step: 'attract' };
  private terminalDeadlineMs: number | null = null;
  private readerStatus: ReaderStatus = 'unknown';
  private tickTimer: TimerHandle | null = null;
  private auditFailures = 0;

  constructor({ config, ports, logger = silentLogger, lockout }: OrchestratorOptions) {
    this.config = config;
    this.ports = ports;
    this.log = logger;
    this.language = config.languages.default;
    this.lockout = lockout ?? new LockoutTracker(config.lockout, ports.clock, ports.random.secret());
    this.events = new SessionEvents(logger, (work) => this.track(work));
    this.recent.attach(this);
    this.flow = new SessionFlow(config.session, ports.clock, (expiry) => this.onExpired(expiry));
    this.unsubscribeCards = ports.cards.subscribe((event) => this.onCardEvent(event));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Subscription and queries

  private get step(): SessionStep {
    return this.flow.step();
  }

  /** Calls `listener` with every new view; returns the unsubscribe function. */
  onView(listener: (view: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every session event (started, cardAccepted, decided, ended); returns the unsubscribe. */
  onEvent(listener: SessionEventListener): () => void {
    return this.events.onEvent(listener);
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

  /** Recent sessions for staff mode, newest first: outcomes and scores, never who. */
  staffRecords(): StaffSessionRecord[] {
    return this.recent.newestFirst();
  }

  /** For tests and device health: what personal data is held right now. */
  personalDataHeld(): PersonalDataHeld {
    const s = this.session;
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
      lockedCards: this.lockout.lockedCount(),
      auditFailures: this.auditFailures,
      readerStatus: this.readerStatus,
    };
  }

  /** Resolves once every frame analysis and match in flight has finished (tests, orderly shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands (one method per renderer command)

  /**
   * Starts a session. `options` come from a trusted caller in main (the business-app API) — the renderer's
   * command cannot name a third party, so a screen alone can never send a result anywhere.
   */
  async start(cmd: StartCommand, options: StartOptions = {}): Promise<SessionView> {
    // Every start — the screen's and the business app's — passes the admission check once (the trusted
    // environment: main/session/adapters/environment-gate.ts) before anything of a session exists.
    await this.ports.admission?.admit();
    if (this.session) throw new HexinError('SESSION_WRONG_STEP', 'a session is already running');
    const thirdParty = options.thirdParty ?? null;
    if (
      thirdParty &&
      (!THIRD_PARTY_ID.test(thirdParty.id) || !thirdParty.name || thirdParty.name.length > 200)
    ) {
      throw new HexinError('THIRD_PARTY_UNKNOWN', 'the third party has no valid id or display name');
    }
    // A result is signed for a purpose: a party without one would silently receive nothing.
    if (thirdParty && !cmd.purpose) {
      throw new HexinError('SESSION_BAD_COMMAND', 'a session for a third party needs a purpose');
    }
    this.clearTerminal();
    this.terminal = { step: 'attract' };
    if (cmd.language && this.config.languages.available.includes(cmd.language)) this.language = cmd.language;
    const now = this.ports.clock.now();
    const s: ActiveSession = {
      id: this.ports.random.uuid(),
      startedAtMs: now,
      purpose: cmd.purpose ?? null,
      thirdParty,
      ended: false,
      finishing: false,
      recording: false,
      agreement: null,
      confirmations: [],
      card: null,
      cardKey: null,
      age: null,
      cardError: null,
      reference: null,
      referencePromise: null,
      probes: new ProbeCollector(this.config.session.probeEmbeddings),
      bestFrame: null,
      liveness: null,
      livenessView: null,
      guidance: 'NO_FACE',
      goodFrames: 0,
      retriesLeft: this.config.session.maxRetries,
      failures: 0,
      analysing: false,
      lastAcceptedAtMs: null,
      lastTimestampMs: null,
      score: null,
      threshold: null,
      authorityScore: null,
      awaitingAuthority: false,
      retryReason: null,
      retryDetail: null,
      intent: null,
      continuity: null,
      idleDeadlineMs: now,
      stepDeadlineMs: null,
      decisionTold: false,
      token: null,
      delivering: null,
    };
    this.session = s;
    this.audit(s, 'session.started', { purpose: s.purpose, language: this.language });
    this.events.emit({
      type: 'started',
      sessionId: s.id,
      atMs: now,
      purpose: s.purpose,
      language: this.language,
      thirdPartyId: thirdParty?.id ?? null,
    });
    this.warmIntent(s);
    this.touch();
    this.startTicking();
    this.go({ type: 'start' });
    try {
      const agreement = await this.ports.agreements.current(
        this.language,
        thirdParty ? { thirdParty: this.thirdPartyName(thirdParty) } : {},
      );
      if (s.ended) return this.view();
      s.agreement = agreement;
      this.emit();
    } catch (e) {
      this.failSession(s, e);
    }
    return this.view();
  }

  async decideConsent(cmd: ConsentDecisionCommand): Promise<SessionView> {
    const s = this.require('consent');
    this.touch();
    const a = s.agreement;
    if (!a) throw new HexinError('SESSION_WRONG_STEP', 'the agreement is not shown yet');
    if (
      cmd.agreementId !== a.id ||
      cmd.version !== a.version ||
      cmd.sha256 !== a.sha256 ||
      cmd.language !== a.language
    ) {
      throw new HexinError('CONSENT_STALE', 'the decision names another agreement than the one shown', {
        shown: `${a.id}@${a.version}`,
      });
    }
    if (cmd.decision === 'agree') {
      const missing = a.confirmations
        .filter((c) => c.required && !cmd.confirmations.includes(c.id))
        .map((c) => c.id);
      if (!cmd.scrolledToEnd || missing.length > 0) {
        throw new HexinError(
          'CONSENT_INCOMPLETE',
          'agree needs the text scrolled to the end and every confirmation',
          {
            scrolledToEnd: cmd.scrolledToEnd,
            missing,
          },
        );
      }
    }
    const decision = cmd.decision === 'agree' ? 'agree' : 'refuse';
    if (s.recording) throw new HexinError('SESSION_WRONG_STEP', 'the decision is already being recorded');
    s.confirmations = a.confirmations.filter((c) => cmd.confirmations.includes(c.id)).map((c) => c.id);
    await this.recordOnce(s, () => this.recordConsent(s, decision, s.confirmations, false));
    if (s.ended) return this.view();
    this.audit(s, decision === 'agree' ? 'consent.agreed' : 'consent.refused', {
      agreement: `${a.id}@${a.version}`,
    });
    if (decision === 'refuse') {
      this.endSession(s, 'refused', { step: 'refused' });
    } else {
      this.go({ type: 'agreed' });
      this.ports.cards.requestCard();
    }
    return this.view();
  }

  /**
   * Staff typed the holder's identity from the physical card because the reader could not read it (the bank
   * counter's manual entry; main/session/adapters/manual-card.ts builds the card). With no chip photo the face can
   * only be compared with the authority's photo, so this is refused when no authority check is wired.
   */
  enterCardManually(card: SessionCard): SessionView {
    if (card.source !== 'manual' || card.photo !== null)
      throw new Error('enterCardManually takes a manual card');
    if (!this.ports.authority) {
      throw new HexinError(
        'MANUAL_ENTRY_NEEDS_AUTHORITY',
        'manual card entry needs an authority source to compare the face with (authority config)',
      );
    }
    const s = this.require('card');
    if (s.card) throw new HexinError('SESSION_WRONG_STEP', 'a card was already read for this session');
    this.touch();
    this.acceptCard(s, card);
    return this.view();
  }

  confirmCard(cmd: CardConfirmationCommand): SessionView {
    const s = this.require('card');
    this.touch();
    if (!s.card || s.age === null) throw new HexinError('SESSION_WRONG_STEP', 'no card has been read yet');
    if (!cmd.confirmed) {
      // Not their card (or not the one they meant): drop it and wait for another.
      this.audit(s, 'card.declined', {});
      this.dropCard(s);
      this.ports.cards.requestCard();
      this.emit();
      return this.view();
    }
    this.audit(s, 'card.confirmed', { minor: s.age < this.config.guardian.guardianAge });
    const g = this.config.guardian;
    if (g.enabled && s.age < g.staffAssistedAge) {
      this.endSession(s, 'staff-required', { step: 'staff-required' });
    } else if (g.enabled && s.age < g.guardianAge) {
      this.go({ type: 'guardianNeeded' });
    } else {
      this.enterCapture(s, 'cardConfirmed');
    }
    return this.view();
  }

  async confirmGuardian(cmd: GuardianConfirmationCommand): Promise<SessionView> {
    const s = this.require('guardian');
    this.touch();
    const a = s.agreement;
    if (!cmd.confirmed) {
      this.audit(s, 'guardian.declined', {});
      this.endSession(s, 'refused', { step: 'refused' });
      return this.view();
    }
    // The guardian's confirmation is a consent receipt of its own, on the agreement the person already accepted.
    if (s.recording) throw new HexinError('SESSION_WRONG_STEP', 'the confirmation is already being recorded');
    if (a) await this.recordOnce(s, () => this.recordConsent(s, 'agree', s.confirmations, true));
    if (s.ended) return this.view();
    this.audit(s, 'guardian.confirmed', {});
    this.enterCapture(s, 'guardianConfirmed');
    return this.view();
  }

  /** A camera frame. Answers at once; the analysis result arrives as a new view (guidance, prompts, next step). */
  submitFrame(frame: SessionFrame): FrameAck {
    const s = this.session;
    if (
      !s ||
      s.finishing ||
      !(this.step === 'capture' || this.step === 'liveness' || this.answeringByHead(s))
    )
      return { accepted: false, reason: 'not-capturing' };
    // One analysis at a time: a frame arriving while the last is analysed is dropped, never queued, so a slow
    // model cannot build a backlog of frames (and of personal data) in memory.
    if (s.analysing) return { accepted: false, reason: 'busy' };
    if (s.lastTimestampMs !== null && frame.timestampMs <= s.lastTimestampMs) {
      return { accepted: false, reason: 'stale-timestamp' };
    }
    const now = this.ports.clock.now();
    if (
      s.lastAcceptedAtMs !== null &&
      now - s.lastAcceptedAtMs < SECOND_MS / this.config.session.maxFramesPerSecond
    ) {
      return { accepted: false, reason: 'rate' };
    }
    if (this.cameraRefuses(s, frame)) return { accepted: false, reason: 'not-capturing' };
    s.analysing = true;
    s.lastAcceptedAtMs = now;
    s.lastTimestampMs = frame.timestampMs;
    this.track(this.analyse(s, frame));
    return { accepted: true, reason: 'analysing' };
  }

  /** Camera injection (ports.camera): records the camera a session uses and ends the session on a refusal. */
  private cameraRefuses(s: ActiveSession, frame: Frame): boolean {
    const verdict = this.ports.camera?.checkFrame(s.id, frame);
    if (verdict?.used) this.audit(s, 'camera.used', verdict.used);
    if (!verdict?.refusal) return false;
    this.audit(s, 'camera.refused', { code: verdict.refusal.code, detail: verdict.refusal.detail });
    this.endSession(s, 'error', { step: 'error', code: verdict.refusal.code });
    return true;
  }

  retry(_cmd: RetryCommand = {}): SessionView {
    const s = this.require('result');
    if (!s.retryReason || s.retriesLeft <= 0) throw new HexinError('SESSION_WRONG_STEP', 'no retry is left');
    this.touch();
    s.retriesLeft -= 1;
    s.retryReason = null;
    s.retryDetail = null;
    s.decisionTold = false;
    this.audit(s, 'attempt.retry', { retriesLeft: s.retriesLeft });
    this.enterCapture(s, 'retry');
    return this.view();
  }

  /** Ends the session at once (person pressed cancel, camera unavailable…) and returns to attract. */
  cancel(cmd: CancelCommand = {}): SessionView {
    const s = this.session;
    if (s) this.endSession(s, cmd.reason === 'card-removed' ? 'card-removed' : 'cancel', { step: 'attract' });
    else this.showAttract();
    return this.view();
  }

  async answerIntent(cmd: IntentAnswerCommand): Promise<SessionView> {
    const s = this.require('intent');
    this.touch();
    const it = s.intent;
    const intent = this.ports.intent;
    if (!intent || !it || it.mode !== 'answer' || it.promptId !== cmd.promptId) {
      throw new HexinError('SESSION_WRONG_STEP', 'the answer names another prompt than the one shown');
    }
    if (it.checking) throw new HexinError('SESSION_WRONG_STEP', 'the answer is already being recorded');
    it.checking = true;
    let verdict: 'confirmed' | 'declined';
    try {
      verdict = await intent.answer(s.id, cmd.promptId, cmd.answer);
    } catch (e) {
      if (!s.ended) this.failSession(s, e);
      return this.view();
    } finally {
      it.checking = false;
    }
    if (s.ended || s.intent !== it || it.promptId !== cmd.promptId) return this.view();
    this.answered(s, verdict, 'touch');
    return this.view();
  }

  /**
   * Activity at the intent step that main would not see otherwise — the person started reading (the recording
   * arrives only when it ends) or asked to hear the question again: the idle countdown starts again.
   */
  noteIntentActivity(cmd: IntentActivityCommand): SessionView {
    const s = this.require('intent');
    if (s.intent?.promptId !== cmd.promptId) {
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
      const it = s.intent;
      const intent = this.ports.intent;
      if (!intent || !it || it.mode !== 'read-aloud' || it.promptId !== cmd.promptId) {
        throw new HexinError('SESSION_WRONG_STEP', 'the recording names another sentence than the one shown');
      }
      if (it.checking) throw new HexinError('SESSION_WRONG_STEP', 'a recording is already being checked');
      this.touch();
      it.checking = true;
      this.emit();
      let failure: IntentFailureCode | null;
      try {
        const verdict = await intent.checkReadAloud(s.id, cmd.promptId, cmd.pcm);
        if (s.ended) return this.view();
        if (verdict.passed) {
          this.audit(s, 'intent.confirmed', {
            mode: 'read-aloud',
            contentChecked: verdict.contentChecked,
            speechMs: verdict.speechMs,
          });
          it.checking = false;
          this.nextIntent(s);
          return this.view();
        }
        failure = intentFailure(verdict.failure);
      } catch (e) {
        if (s.ended) return this.view();
        // Bad audio, an expired sentence or a recogniser / VAD hiccup costs an attempt; anything else ends the session.
        failure = e instanceof HexinError ? (intentFailureCodeSchema.safeParse(e.code).data ?? null) : null;
        if (!failure) {
          this.failSession(s, e);
          return this.view();
        }
        this.log.warn(`session ${s.id}: read-aloud check: ${(e as HexinError).code}`);
      } finally {
        it.checking = false;
      }
      this.intentAttemptFailed(s, it, failure ?? 'INTENT_NO_SPEECH');
      return this.view();
    } finally {
      cmd.pcm.fill(0);
    }
  }

  /** The renderer could not open the microphone: the read-aloud step cannot run here; the counter can help. */
  reportIntentMicrophone(cmd: IntentMicrophoneCommand): SessionView {
    const s = this.require('intent');
    const it = s.intent;
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

  setLanguage(cmd: LanguageCommand): SessionView {
    if (!this.config.languages.available.includes(cmd.language)) {
      throw new HexinError('SESSION_BAD_COMMAND', `language ${cmd.language} is not offered on this kiosk`);
    }
    this.language = cmd.language;
    if (this.session) this.touch();
    this.emit();
    return this.view();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Staff

  /** Staff reset: ends whatever session is running and returns to attract. */
  reset(): SessionView {
    const s = this.session;
    if (s) this.endSession(s, 'reset', { step: 'attract' });
    else this.showAttract();
    return this.view();
  }

  /** Staff action: lift every card lock-out. */
  clearLockouts(): void {
    this.lockout.clear();
  }

  /** Ends any session, stops every timer and the card subscription. */
  dispose(): void {
    this.reset();
    this.unsubscribeCards();
    this.stopTicking();
    this.clearTerminal();
    this.listeners.clear();
    this.events.clear();
    this.flow.stop();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Card events

  private onCardEvent(event: CardSourceEvent): void {
    const s = this.session;
    switch (event.type) {
      case 'status':
        this.readerStatus = event.status;
        if (this.step === 'card') this.emit();
        return;
      case 'read-error':
        if (s && this.step === 'card' && !s.card) {
          s.cardError = event.code;
          this.audit(s, 'card.read-failed', { code: event.code });
          this.emit();
        }
        return;
      case 'card-removed':
        if (s && s.card && CARD_HELD_STEPS.has(this.step)) {
          this.endSession(s, 'card-removed', { step: 'error', code: 'SESSION_CARD_REMOVED' });
        }
        return;
      case 'card':
        if (!s || this.step !== 'card' || s.card) {
          // Not asked for: never keep it.
          event.card.photo?.data.fill(0);
          return;
        }
        this.acceptCard(s, event.card);
        return;
    }
  }

  private acceptCard(s: ActiveSession, card: SessionCard): void {
    this.ports.cards.cancelRequest();
    const now = this.ports.clock.now();
    const age = ageOn(card.birthDate, now);
    const rejection = isExpired(card.validUntil, now)
      ? 'SESSION_CARD_EXPIRED'
      : age === null
        ? 'SESSION_CARD_INVALID'
        : null;
    if (rejection) {
      card.photo?.data.fill(0);
      s.cardError = rejection;
      this.audit(s, 'card.rejected', { code: rejection });
      this.ports.cards.requestCard();
      this.emit();
      return;
    }
    const key = this.lockout.keyFor(card.idNumber);
    const lock = this.lockout.state(key);
    if (lock.locked && lock.untilMs !== null) {
      card.photo?.data.fill(0);
      this.audit(s, 'card.locked-out', {});
      this.endSession(s, 'locked', lockedScreen(lock.untilMs, now));
      return;
    }
    s.card = card;
    s.cardKey = key;
    s.age = age;
    s.cardError = null;
    this.audit(s, 'card.read', { cardType: card.summary.cardType });
    this.events.emit({
      type: 'cardAccepted',
      sessionId: s.id,
      atMs: now,
      idNumber: card.idNumber,
      source: card.source === 'manual' ? 'manual' : 'chip',
    });
    if (!card.photo) {
      // Typed in by staff: no chip photo to embed; the authority's photo is the reference (runMatch).
      this.emit();
      return;
    }
    // Embed the chip photo now, while the person reads the summary, so the match does not wait for it.
    const pending = this.ports.faces.embedReference(card.photo).then(
      (reference) => {
        if (s.ended || s.card !== card) {
          reference.fill(0);
          return null;
        }
        s.reference = reference;
        return reference;
      },
      (e: unknown) => {
        // Kept as a failed promise: the match step reports it (SESSION_REFERENCE_UNUSABLE).
        throw e;
      },
    );
    // Observed in runMatch; tracked so settled() also waits for it, and never an unhandled rejection.
    this.track(
      pending.then(
        () => undefined,
        () => undefined,
      ),
    );
    s.referencePromise = pending;
    this.emit();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Capture, liveness, match

  private enterCapture(s: ActiveSession, why: 'cardConfirmed' | 'guardianConfirmed' | 'retry'): void {
    this.dropAttempt(s);
    s.guidance = 'NO_FACE';
    s.goodFrames = 0;
    this.go({ type: why });
  }

  private async analyse(s: ActiveSession, frame: SessionFrame): Promise<void> {
    let analysis: FrameAnalysis;
    // The question only needs the pose (and the embedding, for who is nodding); liveness was proven already.
    const answering = this.step === 'intent';
    try {
      analysis = await this.ports.faces.analyze(
        frame,
        answering ? { embed: s.continuity !== null, antiSpoof: false } : { embed: true, antiSpoof: true },
      );
    } catch (e) {
      s.analysing = false;
      frame.data.fill(0);
      if (!s.ended) this.failSession(s, e);
      return;
    }
    s.analysing = false;
    try {
      if (!s.ended && this.session === s && (this.step === 'capture' || this.step === 'liveness')) {
        this.onAnalysis(s, analysis, frame);
      } else if (answering && !s.ended && this.session === s && this.answeringByHead(s)) {
        await this.onAnswerFrame(s, analysis);
      }
    } finally {
      // The frame and the embeddings are ours once parsed; nothing keeps them after this frame (the probe
      // collector and the best-frame keeper hold their own copies, wiped with the session).
      frame.data.fill(0);
      for (const face of analysis.faces) face.embedding?.fill(0);
    }
  }

  private onAnalysis(s: ActiveSession, analysis: FrameAnalysis, frame: SessionFrame): void {
    const face = analysis.primary === null ? undefined : analysis.faces[analysis.primary];
    s.guidance = analysis.guidance;
    // A person in front of the camera is not idle, even without touching the screen.
    if (face) this.touch();
    const good = analysis.guidance === 'OK' && face !== undefined;
    if (good) {
      s.probes.offer(face);
      if (this.asksAuthority(s))
        this.keepBestFrame(s, frame, Math.abs(face.pose.yaw) + Math.abs(face.pose.pitch));
    }
    if (this.step === 'capture') {
      s.goodFrames = good ? s.goodFrames + 1 : 0;
      if (s.goodFrames >= this.config.session.settleFrames) {
        s.liveness = this.ports.liveness.create({ sessionId: s.id });
        s.livenessView = { prompt: null, progress: 0 };
        this.audit(s, 'capture.ready', {});
        this.go({ type: 'faceSettled' });
        return;
      }
      this.emit();
      return;
    }
    // The frame carries the screen's paint log of the colour-flash plan (validated by the liveness check).
    const update = s.liveness?.onFrame(analysis, frame, frame.flash);
    if (!update || update.state === 'running') {
      if (update) {
        s.livenessView = {
          prompt: update.prompt,
          ...(update.params ? { params: update.params } : {}),
          progress: Math.min(1, Math.max(0, update.progress)),
          ...(update.flash ? { flash: update.flash } : {}),
        };
      }
      this.emit();
      return;
    }
    this.dropLiveness(s);
    if (update.state === 'failed') {
      this.audit(s, 'liveness.failed', { reason: update.reason });
      this.failAttempt(s, 'LIVENESS_FAILED', update.reason);
      return;
    }
    this.audit(s, 'liveness.passed', {});
    this.go({ type: 'livenessPassed' });
    this.track(this.runMatch(s));
  }

  private keepBestFrame(s: ActiveSession, frame: SessionFrame, offFrontal: number): void {
    if (s.bestFrame && s.bestFrame.offFrontal <= offFrontal) return;
    s.bestFrame?.frame.data.fill(0);
    s.bestFrame = { frame: { ...frame, data: Uint8Array.from(frame.data) }, offFrontal };
  }

  private dropBestFrame(s: ActiveSession): void {
    s.bestFrame?.frame.data.fill(0);
    s.bestFrame = null;
  }

  private dropLiveness(s: ActiveSession): void {
    s.liveness?.dispose();
    s.liveness = null;
    s.livenessView = null;
  }

  /** Drops what one capture attempt gathered (probes, the kept frame, liveness): on retry, failure and wipe. */
  private dropAttempt(s: ActiveSession): void {
    s.probes.wipe();
    this.dropBestFrame(s);
    this.dropLiveness(s);
  }

  private async runMatch(s: ActiveSession): Promise<void> {
    let probe: Float32Array | null = null;
    try {
      const manual = s.card?.source === 'manual';
      let reference: Float32Array | null;
      try {
        reference = s.referencePromise ? await s.referencePromise : null;
      } catch (e) {
        this.log.warn(`session ${s.id}: card photo unusable: ${e instanceof Error ? e.message : String(e)}`);
        if (!s.ended) this.endSession(s, 'error', { step: 'error', code: 'SESSION_REFERENCE_UNUSABLE' });
        return;
      }
      if (s.ended) return;
      probe = s.probes.probe();
      if ((!reference && !manual) || !probe) {
        this.endSession(s, 'error', {
          step: 'error',
          code: reference || manual ? 'SESSION_ANALYSIS_FAILED' : 'SESSION_REFERENCE_UNUSABLE',
        });
        return;
      }
      // A card typed in by staff has no chip photo: no local match, the authority decides (policyFor).
      const outcome = reference ? this.ports.matcher.match(probe, reference, 'chip') : null;
      s.score = outcome?.score ?? null;
      s.threshold = outcome?.threshold ?? null;
      const policy = this.policyFor(s);
      const local: LocalMatch = outcome?.passed ? 'match' : 'no_match';
      // The authority is asked only when the policy needs it, and under `both` only after the local match passed:
      // a face that already failed here is not sent anywhere.
      let authority: AuthorityResult | null = null;
      if (policy === 'authority' || (policy === 'both' && local === 'match')) {
        authority = await this.checkAuthority(s);
        // The match step may have timed out meanwhile (ended, or finishing with AUTHORITY_UNAVAILABLE).
        if (s.ended || s.finishing) return;
      }
      const reason = matchReason(policy, local, authority);
      this.audit(s, 'match.decided', {
        passed: reason === 'MATCHED',
        score: s.score,
        threshold: s.threshold,
        policy,
        manual,
        authority: authority?.status ?? null,
        reason,
      });
      if (reason === 'AUTHORITY_UNAVAILABLE' || reason === 'AUTHORITY_NO_PHOTO') {
        // Trying again here would not help the person: the authority is down or has no photo of them. Staff can
        // verify them at the counter. Not the person's failure, so it does not count toward the lock-out.
        this.dropBestFrame(s);
        this.endAtCounter(s, reason);
        return;
      }
      if (reason !== 'MATCHED') {
        this.failAttempt(s, reason);
        return;
      }
      const mode = s.purpose && this.ports.intent ? this.ports.intent.mode(s.purpose) : 'off';
      if (mode === 'answer' || mode === 'both') s.continuity = Float32Array.from(probe);
      if (mode !== 'off') {
        s.intent = {
          mode: 'read-aloud',
          queue: mode === 'both' ? ['read-aloud', 'answer'] : [mode],
          promptId: '',
          text: '',
          audio: null,
          attemptsLeft: 0,
          failure: null,
          checking: false,
          spoken: null,
          answer: null,
        };
        this.nextIntent(s);
        return;
      }
      this.pass(s);
    } catch (e) {
      if (!s.ended) this.failSession(s, e);
    } finally {
      probe?.fill(0);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Intent confirmation

  /** Starts the voice-activity worker when the session's purpose will ask for a recording (≈ 1.4 s cold). */
  private warmIntent(s: ActiveSession): void {
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
    const it = s.intent;
    const intent = this.ports.intent;
    const next = it?.queue.shift();
    if (!it || !intent || !next || !s.purpose) {
      this.pass(s);
      return;
    }
    try {
      it.mode = next;
      it.failure = null;
      it.checking = false; // the last part's decision is done; the next part starts open
      if (next === 'read-aloud') {
        it.attemptsLeft = Math.max(0, intent.attempts - 1);
        this.showSentence(s, it, intent.startReadAloud(s.id, s.purpose, this.language));
      } else {
        it.attemptsLeft = ANSWER_REPEATS; // a "no" is final; only no answer at all is asked again
        this.showQuestion(it, intent.startAnswer(s.id, s.purpose, this.language));
      }
    } catch (e) {
      this.failSession(s, e);
    }
  }

  private showSentence(s: ActiveSession, it: IntentState, c: ReadAloudChallenge): void {
    it.promptId = c.promptId;
    it.text = c.text;
    it.audio = { minMs: c.minMs, maxMs: c.maxMs };
    it.spoken = null;
    it.answer = null;
    // Re-entering restarts the step's timeout for the new sentence.
    this.go({ type: 'prompt' });
  }

  private showQuestion(it: IntentState, q: AnswerQuestion): void {
    it.mode = 'answer';
    it.promptId = q.promptId;
    it.text = q.text;
    it.audio = null;
    it.spoken = q.spoken;
    it.checking = false;
    it.answer = { guidance: 'NO_FACE', progress: 0, leading: null, timeoutMs: q.timeoutMs, elapsedMs: 0 };
    // Entering the step (again) restarts its timeout for this question.
    this.go({ type: 'prompt' });
  }

  /** Whether camera frames go to the question now (answer mode, nothing decided yet). */
  private answeringByHead(s: ActiveSession): boolean {
    return this.step === 'intent' && s.intent?.mode === 'answer' && !s.intent.checking && !s.finishing;
  }

  /**
   * One analysed frame while the question waits: it counts only with one face in view that is the person who just
   * passed the match (embedding against the kept probe, when the frame has one); any other frame still moves the
   * question's clock on, so nobody else's nod and no empty camera ever turns into an answer.
   */
  private async onAnswerFrame(s: ActiveSession, analysis: FrameAnalysis): Promise<void> {
    const it = s.intent;
    const intent = this.ports.intent;
    if (!it?.answer || !intent) return;
    const promptId = it.promptId;
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
      state = await intent.answerFrame(s.id, promptId, counted);
    } catch (e) {
      if (!s.ended) this.failSession(s, e);
      return;
    }
    // A button may have answered, or the session ended, while the frame was evaluated.
    if (s.ended || s.intent !== it || it.promptId !== promptId || !it.answer || it.checking) return;
    it.answer.guidance = guidance;
    it.answer.progress = state.progress;
    it.answer.leading = state.leading;
    it.answer.elapsedMs = state.elapsedMs;
    if (state.status === 'waiting') {
      this.emit();
      return;
    }
    if (state.status === 'timeout') {
      this.noAnswer(s, it, false);
      return;
    }
    this.touch(); // a recognised gesture is the person acting
    this.answered(s, state.status === 'yes' ? 'confirmed' : 'declined', 'gesture');
  }

  /** The question was answered (by head or button): yes goes on, no ends the flow with the declined screen. */
  private answered(s: ActiveSession, verdict: 'confirmed' | 'declined', by: 'gesture' | 'touch'): void {
    const it = s.intent;
    if (it) it.checking = true; // decided: no further frame or button counts for this question
    this.audit(s, verdict === 'confirmed' ? 'intent.confirmed' : 'intent.declined', { mode: 'answer', by });
    if (verdict === 'confirmed') this.nextIntent(s);
    else this.endAtCounter(s, 'INTENT_DECLINED');
  }

  /**
   * Neither a nod nor a shake in time: asked once more (ANSWER_REPEATS), then the staff counter. Never a yes.
   * `final`: the step itself timed out (no frames at all), which is not asked again.
   */
  private noAnswer(s: ActiveSession, it: IntentState, final: boolean): void {
    this.audit(s, 'intent.failed', {
      mode: 'answer',
      reason: 'INTENT_NO_ANSWER',
      attemptsLeft: final ? 0 : it.attemptsLeft,
    });
    this.askAgainOrCounter(s, it, 'INTENT_NO_ANSWER', !final, (intent, purpose) =>
      this.showQuestion(it, intent.startAnswer(s.id, purpose, this.language, true)),
    );
  }

  private intentAttemptFailed(s: ActiveSession, it: IntentState, failure: IntentFailureCode): void {
    this.audit(s, 'intent.failed', { mode: 'read-aloud', reason: failure, attemptsLeft: it.attemptsLeft });
    // A retry always gets a new sentence: the old one was used up by the check.
    this.askAgainOrCounter(s, it, failure, true, (intent, purpose) =>
      this.showSentence(s, it, intent.startReadAloud(s.id, purpose, this.language)),
    );
  }

  /**
   * An intent prompt failed with `failure`: `ask` shows a new one while attempts are left (and `mayRepeat`),
   * otherwise the session ends at the staff counter with the failure as the detail.
   */
  private askAgainOrCounter(
    s: ActiveSession,
    it: IntentState,
    failure: IntentFailureCode,
    mayRepeat: boolean,
    ask: (intent: IntentCheck, purpose: string) => void,
  ): void {
    const intent = this.ports.intent;
    if (mayRepeat && it.attemptsLeft > 0 && intent && s.purpose) {
      it.attemptsLeft -= 1;
      it.failure = failure;
      try {
        ask(intent, s.purpose);
      } catch (e) {
        this.failSession(s, e);
      }
      return;
    }
    it.checking = true; // decided: nothing more counts for this prompt
    this.endAtCounter(s, 'INTENT_NOT_CONFIRMED', failure);
  }

  /** The verification passed (and intent, where asked, was confirmed); endSession signs it for the third party. */
  private pass(s: ActiveSession): void {
    if (!s.ended) {
      this.endSession(s, 'result', {
        step: 'result',
        result: { outcome: 'pass', reason: 'MATCHED', next: 'done' },
      });
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Authority and the signed result

  /** The third party's display name in `language` (the session's by default), its plain name otherwise. */
  private thirdPartyName(party: SessionThirdParty, language: Language = this.language): string {
    return thirdPartyName(party, language);
  }

  /** Whether the policy needs the authority's verdict (and there is one to ask): only then is a frame kept. */
  private asksAuthority(s: ActiveSession): boolean {
    return this.policyFor(s) !== 'local' && this.ports.authority !== undefined;
  }

  /**
   * The match policy of this session: the configured one, except for a card typed in by staff, which has no chip
   * photo to compare with — its only reference is the authority's photo.
   */
  private policyFor(s: ActiveSession): MatchPolicy {
    return s.card?.source === 'manual' ? 'authority' : this.config.authority.policy;
  }

  /**
   * Asks the authority with the best frame, then zeroes that frame. Anything short of an answer — no port wired,
   * no frame kept, an error — is `unavailable`, which never passes a policy that needs the authority.
   */
  private async checkAuthority(s: ActiveSession): Promise<AuthorityResult> {
    const port = this.ports.authority;
    const card = s.card;
    const best = s.bestFrame;
    if (!port || !card || !best) {
      this.audit(s, 'authority.checked', {
        status: 'unavailable',
        why: port ? 'no-frame' : 'not-configured',
      });
      return { status: 'unavailable' };
    }
    let result: AuthorityResult;
    s.awaitingAuthority = true;
    try {
      result = await port.check({ idNumber: card.idNumber, name: card.name, face: best.frame });
    } catch (e) {
      this.log.error(`session ${s.id}: authority check threw: ${e instanceof Error ? e.message : String(e)}`);
      result = { status: 'unavailable' };
    } finally {
      s.awaitingAuthority = false;
      this.dropBestFrame(s);
    }
    if (!s.ended) {
      s.authorityScore =
        typeof result.score === 'number' && Number.isFinite(result.score) ? result.score : null;
      this.audit(s, 'authority.checked', { status: result.status });
    }
    return result;
  }

  /**
   * Where to sign this end's decision, when it carries one the business app that started the session is waiting
   * for: a result (pass or fail), or a lock-out after failed attempts. Those are signed for its third party before
   * the session ends; cancel, idle, refusal and errors reach the app as a status only (main/api). Null otherwise.
   */
  private signedResultFor(
    s: ActiveSession,
    reason: SessionEndReason,
    screen: TerminalScreen,
  ): SignedResultTarget | null {
    const { thirdParty, purpose, card } = s;
    const delivery = this.ports.delivery;
    if (!thirdParty || !purpose || !card || !delivery) return null;
    const decided =
      (reason === 'result' && screen.step === 'result') || (reason === 'locked' && s.failures > 0);
    return decided ? { delivery, thirdParty, purpose, card } : null;
  }

  /** Signs and queues the result for the session's third party (and only it), then ends the session. */
  private async deliverThenEnd(
    s: ActiveSession,
    { delivery, thirdParty, purpose, card }: SignedResultTarget,
    reason: SessionEndReason,
    screen: TerminalScreen,
  ): Promise<void> {
    s.finishing = true;
    // Aborted when the session ends another way meanwhile (reset, cancel, idle, card out): then nothing is issued.
    const abort = new AbortController();
    s.delivering = abort;
    const result = screen.step === 'result' ? screen.result : null;
    const decision = result?.outcome ?? 'fail';
    let final = screen;
    try {
      const issued = await delivery.deliver(
        {
          sessionId: s.id,
          thirdPartyId: thirdParty.id,
          purpose,
          decision,
          reason: result?.reason ?? 'LOCKED',
          matchPolicy: this.policyFor(s),
          idNumber: card.idNumber,
          score: s.score,
          threshold: s.threshold,
          ...(s.authorityScore !== null ? { authorityScore: s.authorityScore } : {}),
        },
        abort.signal,
      );
      if (abort.signal.aborted) return; // a port that finished anyway: the session has ended, told no token
      s.token = issued.token;
      this.audit(s, 'result.issued', { decision, thirdParty: thirdParty.id });
    } catch (e) {
      if (abort.signal.aborted) return; // ended meanwhile: nothing was issued, and the end was told already
      this.log.warn(`session ${s.id}: result delivery failed: ${e instanceof Error ? e.message : String(e)}`);
      this.audit(s, 'result.undelivered', { decision });
      // A pass nobody can rely on is no pass: the person goes to staff. A fail stays the fail it was.
      if (decision === 'pass') {
        final = {
          step: 'result',
          result: { outcome: 'fail', reason: 'DELIVERY_FAILED', next: 'staff-counter' },
        };
      }
    }
    this.endSession(s, reason, final);
  }

  /** A failed attempt: retry while retries are left, lock the card out when the risk rule says so. */
  private failAttempt(s: ActiveSession, reason: ResultReason, detailCode?: string): void {
    s.failures += 1;
    // Only codes with words for the person reach the screen; anything else stays in the audit log.
    const detail = detailCode && personMessages[detailCode] ? detailCode : null;
    this.dropAttempt(s);
    this.audit(s, 'attempt.failed', { reason, detail: detailCode ?? null, retriesLeft: s.retriesLeft });
    const lock = s.cardKey && LOCKOUT_REASONS.has(reason) ? this.lockout.recordFailure(s.cardKey) : null;
    const lockedUntil = lock?.locked ? lock.untilMs : null;
    this.decided(
      s,
      'fail',
      reason,
      lockedUntil !== null ? 'locked' : s.retriesLeft > 0 ? 'retry' : 'staff-counter',
    );
    if (lockedUntil !== null) {
      this.audit(s, 'card.locked', { minutes: this.config.lockout.lockMinutes });
      this.endSession(s, 'locked', lockedScreen(lockedUntil, this.ports.clock.now()));
      return;
    }
    if (s.retriesLeft > 0) {
      s.retryReason = reason;
      s.retryDetail = detail;
      this.go({ type: 'attemptFailed' });
      return;
    }
    this.endAtCounter(s, reason, detail);
  }

  /** Tells the attempt's decision (every one is recorded: issue 14 item 9), once per attempt. */
  private decided(
    s: ActiveSession,
    outcome: 'pass' | 'fail',
    reason: ResultReason,
    next: Decided['next'],
  ): void {
    s.decisionTold = true;
    // A score belongs to a decision that a match took part in; capture and liveness failures had none.
    const matched = reason !== 'CAPTURE_TIMEOUT' && reason !== 'LIVENESS_FAILED';
    this.events.emit({
      type: 'decided',
      sessionId: s.id,
      atMs: this.ports.clock.now(),
      outcome,
      reason,
      attempts: s.failures + (outcome === 'pass' ? 1 : 0),
      score: matched ? s.score : null,
      threshold: matched ? s.threshold : null,
      next,
    });
  }

  /** Ends the session with a failure the person takes to the staff counter (no retry offered from here). */
  private endAtCounter(s: ActiveSession, reason: ResultReason, detail?: string | null): void {
    this.endSession(s, 'result', {
      step: 'result',
      result: { outcome: 'fail', reason, next: 'staff-counter', ...(detail ? { detail } : {}) },
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Steps, timers, ending

  private require(step: SessionStep): ActiveSession {
    const s = this.session;
    if (!s) throw new HexinError('SESSION_NOT_ACTIVE', 'no session is running');
    if (s.finishing) throw new HexinError('SESSION_WRONG_STEP', 'the result is being recorded');
    if (this.step !== step)
      throw new HexinError('SESSION_WRONG_STEP', `expected step ${step}, the session is at ${this.step}`);
    return s;
  }

  /** Moves the flow on (flow.ts says where to, and starts the new step's timeout) and shows the new step. */
  private go(event: FlowEvent): void {
    this.flow.send(event);
    const s = this.session;
    const step = this.step;
    if (s) {
      // The countdown shown; the timeout itself is the flow's delayed transition of the same length.
      const seconds = this.stepTimeoutSeconds(step);
      s.stepDeadlineMs = seconds === null ? null : this.ports.clock.now() + seconds * SECOND_MS;
      this.audit(s, 'step.entered', { step });
    }
    this.emit();
  }

  /** A timeout of the flow expired (handed over by SessionFlow once the machine has finished its transition). */
  private onExpired(expiry: Expiry): void {
    const s = this.session;
    if (expiry.kind === 'terminal') {
      if (!s) this.showAttract();
      return;
    }
    if (!s) return;
    if (expiry.kind === 'idle') {
      this.audit(s, 'session.idle', { step: this.step });
      this.endSession(s, 'idle', { step: 'attract' });
      return;
    }
    this.onStepTimeout(s, expiry.step);
  }

  private stepTimeoutSeconds(step: SessionStep): number | null {
    const t = this.config.session.stepTimeoutsSeconds;
    switch (step) {
      case 'consent':
      case 'card':
      case 'guardian':
      case 'capture':
      case 'liveness':
      case 'match':
      case 'intent':
        return t[step];
      case 'result':
        return null; // the retry offer waits for the person; the idle countdown ends it
      default:
        return null;
    }
  }

  private onStepTimeout(s: ActiveSession, step: SessionStep): void {
    if (this.step !== step || s.finishing) return;
    this.audit(s, 'step.timeout', { step });
    if (step === 'capture') this.failAttempt(s, 'CAPTURE_TIMEOUT');
    else if (step === 'liveness') this.failAttempt(s, 'LIVENESS_FAILED');
    else if (step === 'match' && s.awaitingAuthority)
      // The authority did not answer within the match step: it is unavailable, never a pass.
      this.endAtCounter(s, 'AUTHORITY_UNAVAILABLE');
    else if (step === 'match')
      this.endSession(s, 'error', { step: 'error', code: 'SESSION_ANALYSIS_FAILED' });
    else if (step === 'intent' && s.intent?.mode === 'answer')
      // No frames decided it (camera gone?) and no button was pressed: the same "no answer" end, never a yes.
      this.noAnswer(s, s.intent, true);
    else this.endSession(s, 'timeout', { step: 'error', code: 'SESSION_TIMEOUT' });
  }

  /** The person did something: the idle countdown starts again. */
  private touch(): void {
    const s = this.session;
    if (!s) return;
    const ms = this.config.session.idleTimeoutSeconds * SECOND_MS;
    s.idleDeadlineMs = this.ports.clock.now() + ms;
    // The countdown itself is the flow's idle region (started afresh when the session starts).
    if (this.flow.can({ type: 'touch' })) this.flow.send({ type: 'touch' });
  }

  private startTicking(): void {
    if (this.tickTimer) return;
    const tick = () => {
      this.tickTimer = null;
      if (!this.session && this.terminalDeadlineMs === null) return;
      this.emit(); // the visible countdowns moved
      this.tickTimer = this.ports.clock.setTimeout(tick, SECOND_MS);
    };
    this.tickTimer = this.ports.clock.setTimeout(tick, SECOND_MS);
  }

  private stopTicking(): void {
    this.cancelTimer('tickTimer');
  }

  private cancelTimer(name: 'tickTimer'): void {
    const handle = this[name];
    if (handle) this.ports.clock.clearTimeout(handle);
    this[name] = null;
  }

  /** Ends the session for any reason: wipes everything personal, records it, shows the end screen. */
  private endSession(s: ActiveSession, reason: SessionEndReason, screen: TerminalScreen): void {
    if (s.ended) return;
    // A decision for a business app's session is signed for its third party first, while the card number (for
    // the token's keyed hash) is still held; the app learns the session ended only once the token exists.
    const target = s.finishing ? null : this.signedResultFor(s, reason, screen);
    if (target) {
      this.track(this.deliverThenEnd(s, target, reason, screen));
      return;
    }
    const outcome = screen.step === 'result' ? screen.result : null;
    // The final result is a decision of its own unless the failed attempt before it was told already.
    if (outcome && !s.decisionTold)
      this.decided(s, outcome.outcome, outcome.reason, outcome.next === 'done' ? 'done' : 'staff-counter');
    s.ended = true;
    // A result being signed when the session ends another way is withdrawn: no token for an ended session.
    s.delivering?.abort();
    s.delivering = null;
    // Every failed attempt, and the passing one.
    const attempts = s.failures + (outcome?.outcome === 'pass' ? 1 : 0);
    this.audit(s, 'session.ended', {
      reason,
      outcome: outcome?.outcome ?? null,
      resultReason: outcome?.reason ?? null,
      attempts,
    });
    const endedAtMs = this.ports.clock.now();
    this.events.emit({
      type: 'ended',
      sessionId: s.id,
      atMs: endedAtMs,
      reason,
      token: s.token,
      record: {
        sessionId: s.id,
        startedAtMs: s.startedAtMs,
        endedAtMs,
        endReason: reason,
        outcome: outcome?.outcome ?? null,
        resultReason: outcome?.reason ?? null,
        score: s.score,
        threshold: s.threshold,
        referenceType: s.threshold === null ? null : 'chip', // runMatch's local match is against the chip photo
        attempts,
      },
    });
    this.ports.cards.cancelRequest();
    this.wipe(s);
    this.session = null;
    this.terminal = screen;
    if (screen.step === 'attract') {
      this.showAttract();
      return;
    }
    // The end screen stays for its time (the flow's delayed transition), then attract.
    this.flow.send({ type: 'end', screen: screen.step });
    const ms = this.config.session.stepTimeoutsSeconds.terminal * SECOND_MS;
    this.terminalDeadlineMs = this.ports.clock.now() + ms;
    this.emit();
  }

  /** Drops every personal thing the session holds, zeroing the buffers so no copy outlives it. */
  private wipe(s: ActiveSession): void {
    this.dropCard(s);
    this.dropAttempt(s);
    if (s.intent) this.ports.intent?.endSession(s.id);
    s.intent = null;
    s.continuity?.fill(0);
    s.continuity = null;
    s.agreement = null;
    s.score = null;
    s.threshold = null;
    s.authorityScore = null;
    s.token = null;
  }

  private dropCard(s: ActiveSession): void {
    s.card?.photo?.data.fill(0);
    s.card = null;
    s.cardKey = null;
    s.age = null;
    s.reference?.fill(0);
    s.reference = null;
    s.referencePromise = null; // a late embedding sees s.card changed and zeroes itself
  }

  private showAttract(): void {
    this.clearTerminal();
    this.stopTicking();
    this.terminal = { step: 'attract' };
    if (this.flow.can({ type: 'end', screen: 'attract' })) this.flow.send({ type: 'end', screen: 'attract' });
    else if (this.flow.can({ type: 'toAttract' })) this.flow.send({ type: 'toAttract' });
    this.language = this.config.languages.default;
    this.emit();
  }

  private clearTerminal(): void {
    this.terminalDeadlineMs = null;
  }

  private failSession(s: ActiveSession, e: unknown): void {
    const code = e instanceof HexinError ? e.code : 'INTERNAL';
    if (!(e instanceof HexinError))
      this.log.error(`session ${s.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    else this.log.warn(`session ${s.id}: ${e.code}: ${e.message}`);
    this.endSession(s, 'error', { step: 'error', code });
  }

  private async recordOnce(s: ActiveSession, write: () => Promise<void>): Promise<void> {
    s.recording = true;
    try {
      await write();
    } finally {
      s.recording = false;
    }
  }

  private async recordConsent(
    s: ActiveSession,
    decision: 'agree' | 'refuse',
    confirmations: readonly string[],
    guardian: boolean,
  ): Promise<void> {
    const a = s.agreement;
    if (!a) return;
    try {
      await this.ports.consent.record({
        sessionId: s.id,
        kioskId: this.config.kiosk.id,
        atMs: this.ports.clock.now(),
        agreementId: a.id,
        version: a.version,
        language: a.language,
        sha256: a.sha256,
        decision,
        confirmations,
        guardian,
        // The receipt names the party exactly as the agreement text shown named it.
        ...(s.thirdParty
          ? { thirdParty: { id: s.thirdParty.id, name: this.thirdPartyName(s.thirdParty, a.language) } }
          : {}),
      });
    } catch (e) {
      // Without a receipt there is no consent on record: the session cannot go on.
      this.failSession(s, e);
    }
  }

  private audit(s: ActiveSession, type: string, data: Record<string, AuditValue>): void {
    const event = {
      type,
      sessionId: s.id,
      kioskId: this.config.kiosk.id,
      atMs: this.ports.clock.now(),
      data,
    };
    try {
      const r = this.ports.audit.append(event);
      if (r instanceof Promise) {
        r.catch((e: unknown) => {
          this.auditFailures += 1;
          this.log.error(`audit append failed: ${e instanceof Error ? e.message : String(e)}`);
        });
      }
    } catch (e) {
      this.auditFailures += 1;
      this.log.error(`audit append failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private track(p: Promise<void>): void {
    const tracked = p.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const view = this.view();
    for (const listener of this.listeners) {
      try {
        listener(view);
      } catch (e) {
        this.log.error(`session view listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
