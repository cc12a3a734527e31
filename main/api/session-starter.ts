// Implements the API's VerificationStarter over the session orchestrator: starts a session for the purpose and
// the third party the business app named (the person sees that party's name at consent, the session signs its
// result for it alone), keeps the token issued for the session, and turns the session's end (from the
// orchestrator's staff record, which carries the end reason) into the API's outcome.
import { HexinError, isHexinError } from '../../common/errors';
import type { SessionView, StaffSessionRecord } from '../../common/session';
import type { StartOptions } from '../session/orchestrator';
import type { SessionThirdParty } from '../session/ports';
import type { IssuedResult } from '../verify/delivery/issuer';
import type {
  StartedVerification,
  VerificationOutcome,
  VerificationRequest,
  VerificationStarter,
} from './port';

/** The part of SessionOrchestrator this adapter drives. */
export interface SessionDriver {
  view(): SessionView;
  start(raw: unknown, options?: StartOptions): Promise<SessionView>;
  cancel(raw: unknown): SessionView;
  onView(listener: (view: SessionView) => void): () => void;
  staffRecords(): StaffSessionRecord[];
}

/**
 * The sessions the API started (with the party named for each) and the result signed in them. Shared by the
 * starter (writes the authorisation, collects the token at the end) and the ResultDeliveryAdapter's `onIssued`
 * (reports the issued token). The party itself travels with the session (SessionOrchestrator.start options).
 */
export class SessionAuthorisations {
  private readonly parties = new Map<string, string>();
  private readonly issued = new Map<string, IssuedResult>();

  authorise(sessionId: string, thirdPartyId: string): void {
    this.parties.set(sessionId, thirdPartyId);
  }

  recordIssued(sessionId: string, issued: IssuedResult): void {
    if (this.parties.has(sessionId)) this.issued.set(sessionId, issued);
  }

  /** Forgets the session, returning what was issued for it. */
  release(sessionId: string): IssuedResult | undefined {
    const issued = this.issued.get(sessionId);
    this.parties.delete(sessionId);
    this.issued.delete(sessionId);
    return issued;
  }
}

export interface SessionStarterOptions {
  session: SessionDriver;
  authorisations: SessionAuthorisations;
  /** The configured party's id and display names; throws THIRD_PARTY_UNKNOWN for an unconfigured one. */
  thirdParty: (thirdPartyId: string) => SessionThirdParty;
  now?: () => Date;
}

export class SessionVerificationStarter implements VerificationStarter {
  constructor(private readonly options: SessionStarterOptions) {}

  async start(request: VerificationRequest): Promise<StartedVerification> {
    const { session, authorisations } = this.options;
    const thirdParty = this.options.thirdParty(request.thirdPartyId);
    if (session.view().sessionId !== null) throw new HexinError('API_BUSY', 'a session is already running');
    let view: SessionView;
    try {
      view = await session.start(
        { purpose: request.purpose, ...(request.language ? { language: request.language } : {}) },
        { thirdParty },
      );
    } catch (e) {
      if (isHexinError(e) && e.code === 'SESSION_WRONG_STEP') throw new HexinError('API_BUSY', e.message);
      throw e;
    }
    const sessionId = view.sessionId;
    if (sessionId === null) {
      // The session ended while starting (e.g. the agreement could not be loaded).
      return { sessionId: 'none', outcome: Promise.resolve(this.outcomeOf('none')), cancel: () => undefined };
    }
    authorisations.authorise(sessionId, request.thirdPartyId);
    const outcome = new Promise<VerificationOutcome>((resolve) => {
      const unsubscribe = session.onView((v) => {
        if (v.sessionId === sessionId) return;
        unsubscribe();
        resolve(this.outcomeOf(sessionId));
      });
      // It may have ended between start() returning and the subscription.
      if (session.view().sessionId !== sessionId) {
        unsubscribe();
        resolve(this.outcomeOf(sessionId));
      }
    });
    return {
      sessionId,
      outcome,
      cancel: () => {
        if (session.view().sessionId === sessionId) session.cancel({ reason: 'user' });
      },
    };
  }

  private outcomeOf(sessionId: string): VerificationOutcome {
    const issued = this.options.authorisations.release(sessionId);
    const finishedAt = this.options.now?.() ?? new Date();
    const record = this.options.session.staffRecords().find((r) => r.sessionId === sessionId);
    if (!record) return { status: 'error', code: 'INTERNAL', finishedAt };
    switch (record.endReason) {
      case 'result':
        // Every decision is signed for the party (pass and fail alike); one without a token was not issued.
        if (!issued) return { status: 'error', code: 'DELIVERY_FAILED', finishedAt };
        return {
          status: 'completed',
          decision: record.outcome === 'pass' ? 'pass' : 'fail',
          token: issued.token,
          finishedAt,
        };
      case 'locked':
        // Locked out after failed attempts: a signed fail. Locked before any attempt (the card was already
        // locked when read): no verification took place, so a status only.
        return issued
          ? { status: 'completed', decision: 'fail', token: issued.token, finishedAt }
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
