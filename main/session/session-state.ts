// What the orchestrator holds about the running session (ActiveSession, with its intent prompt state) and the
// screen a session ended on (TerminalScreen): the data the orchestrator changes and toSessionView (view.ts) reads.
import type { FlashPlan, FlashReport } from '../../common/flash';
import type {
  AgreementView,
  IntentAnswerGuidance,
  IntentFailureCode,
  ResultView,
} from '../../common/session';
import type { Frame, GuidanceCode } from '../vision/types';
import type { LivenessEvaluator, SessionCard, SessionThirdParty } from './ports';
import type { ProbeCollector } from './probe';

/** A camera frame as the contract carries it (common/session.ts frameCommandSchema, checked by the dispatcher). */
export type SessionFrame = Frame & { flash?: FlashReport };

export type ResultReason = ResultView['reason'];

/** The screen shown once a session has ended, until the terminal timeout returns to attract. */
export type TerminalScreen =
  | { step: 'attract' }
  | { step: 'result'; result: ResultView }
  | { step: 'refused' }
  | { step: 'staff-required' }
  | { step: 'locked'; minutesLeft: number }
  | { step: 'error'; code: string };

export interface ActiveSession {
  readonly id: string;
  readonly startedAtMs: number;
  readonly purpose: string | null;
  /** Named by the business app that started the session; null when started at the screen. */
  readonly thirdParty: SessionThirdParty | null;
  ended: boolean;
  /** The final result is being signed for the third party: no command or frame may move the session on. */
  finishing: boolean;
  /** A consent receipt is being written: a second tap must not write another or move on twice. */
  recording: boolean;
  agreement: AgreementView | null;
  /** Ids of the agreement's confirmations the person ticked. */
  confirmations: string[];
  card: SessionCard | null;
  cardKey: string | null;
  age: number | null;
  cardError: string | null;
  reference: Float32Array | null;
  referencePromise: Promise<Float32Array | null> | null;
  probes: ProbeCollector;
  /** Copy of the most frontal good frame, kept only when an authority check will need it. */
  bestFrame: { frame: SessionFrame; offFrontal: number } | null;
  liveness: LivenessEvaluator | null;
  livenessView: {
    prompt: string | null;
    params?: Record<string, string | number>;
    progress: number;
    /** Colour flash: the plan the screen plays while liveness is in its reflect phase. */
    flash?: FlashPlan;
  } | null;
  guidance: GuidanceCode;
  goodFrames: number;
  retriesLeft: number;
  failures: number;
  analysing: boolean;
  lastAcceptedAtMs: number | null;
  lastTimestampMs: number | null;
  score: number | null;
  threshold: number | null;
  /** The authority's score of the last check, for the token where scores are enabled. */
  authorityScore: number | null;
  /** An authority check is in flight: a match-step timeout now means the authority is unavailable. */
  awaitingAuthority: boolean;
  retryReason: ResultReason | null;
  /** Message code saying more about the failure (e.g. LIVENESS_MULTIPLE_FACES), when the person can act on it. */
  retryDetail: string | null;
  /** The intent step (意愿确认) while it runs: the prompt shown, attempts, the last failure. */
  intent: IntentState | null;
  /**
   * Copy of the live probe embedding that passed the match, kept only while the question is answered by head, so a
   * nod from someone else stepping in front of the camera does not count. Zeroed with the session.
   */
  continuity: Float32Array | null;
  idleDeadlineMs: number;
  stepDeadlineMs: number | null;
  /** The current attempt's decision was told already (a failed attempt that then ends at the counter). */
  decisionTold: boolean;
  /** The result token signed for the third party, once issued (told with the end). */
  token: string | null;
  /** While `finishing`: aborts the delivery when the session ends another way first (no token is issued then). */
  delivering: AbortController | null;
}

export interface IntentState {
  /** What is asked now, and what comes after it (mode 'both': read aloud, then the question). */
  mode: 'read-aloud' | 'answer';
  queue: Array<'read-aloud' | 'answer'>;
  promptId: string;
  text: string;
  audio: { minMs: number; maxMs: number } | null;
  attemptsLeft: number;
  failure: IntentFailureCode | null;
  /** A recording is being checked (or an answer recorded): a second one for the same prompt is refused. */
  checking: boolean;
  /** The spoken prompt for the text shown (answer mode), null when the kiosk has none. */
  spoken: string | null;
  /** Answer mode: the answer by head as the camera frames show it. */
  answer: {
    guidance: IntentAnswerGuidance;
    progress: number;
    leading: 'nod' | 'shake' | null;
    timeoutMs: number;
    elapsedMs: number;
  } | null;
}
