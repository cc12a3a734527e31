// What the orchestrator holds about the running session (ActiveSession, with its intent dialog) and the
// screen a session ended on (TerminalScreen): the data the orchestrator changes and toSessionView (view.ts) reads.
import type { FlashReport } from '../../common/flash';
import type { ResultView } from '../../common/session';
import type { ElderlyModeConfig } from '../accessibility/config';
import type { Frame } from '../vision/types';
import type { IntentDialog, SessionThirdParty } from './ports';
import type { CaptureSlice } from './steps/capture';
import type { CardSlice } from './steps/card';
import type { ConsentSlice } from './steps/consent';
import type { FinishingSlice } from './steps/finishing';
import type { MatchSlice } from './steps/match';
import type { RetrySlice } from './steps/retry';

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

/** What the session is, whatever step it is at: who started it, for whom, and its visible countdowns. */
export interface SessionBase {
  readonly id: string;
  readonly startedAtMs: number;
  readonly purpose: string | null;
  /** Named by the business app that started the session; null when started at the screen. */
  readonly thirdParty: SessionThirdParty | null;
  /** The intent step (意愿确认) while it runs: its dialog owns the prompt shown, attempts, the last failure. */
  intent: IntentDialog | null;
  /**
   * Copy of the live probe embedding that passed the match, kept only while the question is answered by head, so a
   * nod from someone else stepping in front of the camera does not count. Zeroed with the session.
   */
  continuity: Float32Array | null;
  idleDeadlineMs: number;
  /** The step's timeout as shown (the flow's deadline for the state, flow.ts). */
  stepDeadlineMs: number | null;
  /** Elderly mode (长辈模式) as configured, while the person has it on; null at the normal pace (steps/elderly.ts). */
  elderly: ElderlyModeConfig | null;
}

/**
 * The running session: its base and each step's slice, declared and wiped by the step that owns it
 * (steps/consent.ts, card.ts, capture.ts with liveness.ts, match.ts, retry.ts, finishing.ts).
 */
export type ActiveSession = SessionBase &
  ConsentSlice &
  CardSlice &
  CaptureSlice &
  MatchSlice &
  RetrySlice &
  FinishingSlice;
