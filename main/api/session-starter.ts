// Implements the API's VerificationStarter over the session orchestrator: starts a session for the purpose and
// the third party the business app named (the person sees that party's name at consent, the session signs its
// result for it alone) and turns the session's `ended` event — end reason, outcome, the token signed for the
// party — into the API's outcome.
import { HexinError, isHexinError } from '../../common/errors';
import type { SessionView } from '../../common/session';
import type { Ended, SessionEventSource } from '../session/events';
import type { StartOptions } from '../session/orchestrator';
import type { SessionThirdParty } from '../session/ports';
import type {
  StartedVerification,
  VerificationOutcome,
  VerificationRequest,
  VerificationStarter,
} from './port';

/** The part of SessionOrchestrator this adapter drives. */
export interface SessionDriver extends SessionEventSource {
  view(): SessionView;
  start(raw: unknown, options?: StartOptions): Promise<SessionView>;
  cancel(raw: unknown): SessionView;
}

export interface SessionStarterOptions {
  session: SessionDriver;
  /** The configured party's id and display names; throws THIRD_PARTY_UNKNOWN for an unconfigured one. */
  thirdParty: (thirdPartyId: string) => SessionThirdParty;
  now?: () => Date;
}

export class SessionVerificationStarter implements VerificationStarter {
  constructor(private readonly options: SessionStarterOptions) {}

  async start(request: VerificationRequest): Promise<StartedVerification> {
    const { session } = this.options;
    const thirdParty = this.options.thirdParty(request.thirdPartyId);
    if (session.view().sessionId !== null) throw new HexinError('API_BUSY', 'a session is already running');
    // Listening from before the start: a session may end before start() returns (the agreement did not load).
    const ends = new Map<string, Ended>();
    let waiting: { sessionId: string; resolve: (e: Ended) => void } | null = null;
    const unsubscribe = session.onEvent((e) => {
      if (e.type !== 'ended') return;
      if (waiting?.sessionId === e.sessionId) waiting.resolve(e);
      else if (waiting === null) ends.set(e.sessionId, e);
    });
    let view: SessionView;
    try {
      view = await session.start(
        { purpose: request.purpose, ...(request.language ? { language: request.language } : {}) },
        { thirdParty },
      );
    } catch (e) {
      unsubscribe();
      if (isHexinError(e) && e.code === 'SESSION_WRONG_STEP') throw new HexinError('API_BUSY', e.message);
      throw e;
    }
    const sessionId = view.sessionId;
    if (sessionId === null) {
      // The session ended while starting (e.g. the agreement could not be loaded).
      unsubscribe();
      return { sessionId: 'none', outcome: Promise.resolve(this.outcomeOf(null)), cancel: () => undefined };
    }
    const outcome = new Promise<VerificationOutcome>((resolve) => {
      const done = (e: Ended) => {
        unsubscribe();
        resolve(this.outcomeOf(e));
      };
      const already = ends.get(sessionId);
      if (already) done(already);
      else waiting = { sessionId, resolve: done };
    });
    return {
      sessionId,
      outcome,
      cancel: () => {
        if (session.view().sessionId === sessionId) session.cancel({ reason: 'user' });
      },
    };
  }

  private outcomeOf(ended: Ended | null): VerificationOutcome {
    const finishedAt = this.options.now?.() ?? new Date();
    if (!ended) return { status: 'error', code: 'INTERNAL', finishedAt };
    const { record, token } = ended;
    switch (record.endReason) {
      case 'result':
        // Every decision is signed for the party (pass and fail alike); one without a token was not issued.
        if (!token) return { status: 'error', code: 'DELIVERY_FAILED', finishedAt };
        return {
          status: 'completed',
          decision: record.outcome === 'pass' ? 'pass' : 'fail',
          token,
          finishedAt,
        };
      case 'locked':
        // Locked out after failed attempts: a signed fail. Locked before any attempt (the card was already
        // locked when read): no verification took place, so a status only.
        return token
          ? { status: 'completed', decision: 'fail', token, finishedAt }
          : { status: 'error', code: 'LOCKED', finishedAt };
      case 'refused':
        return { status: 'consent_refused', finishedAt };
      case 'cancel':
      case 'card-removed':
      case 'reset':
        return { status: 'cancelled', finishedAt };
      case 'idle':
      case 'timeout':
        return { status: 'timed_out', finishedAt };
      default:
        return { status: 'error', code: record.endReason.toUpperCase().replace(/-/g, '_'), finishedAt };
    }
  }
}
