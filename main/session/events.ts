// What happened in a session, told as typed events to whoever keeps something of it: the record keeper (the
// environment at start, the subject link, every decision), the business-app API (the end, with the signed token),
// the staff list (the end). Listeners learn only from these — no audit-type strings to switch on, no fields that
// exist only while a card is handed over, no watching the screen's session id change.
import type { Language, ResultView, SessionEndReason, StaffSessionRecord } from '../../common/session';
import type { Logger } from '../util/log';
import { errorMessage } from '../../common/errors';

export interface SessionStarted {
  type: 'started';
  sessionId: string;
  atMs: number;
  purpose: string | null;
  language: Language;
  /** The party the business app named, null for a session started at the screen. */
  thirdPartyId: string | null;
}

/**
 * The session took this card (read from the chip or typed in by staff) as the holder's. The ID number is for
 * in-process listeners that link records to the person by a keyed hash; it is never logged or sent anywhere.
 */
export interface CardAccepted {
  type: 'cardAccepted';
  sessionId: string;
  atMs: number;
  idNumber: string;
  source: 'chip' | 'manual';
}

/**
 * One verification decision: a failed attempt (whatever comes after it: a retry offer, the counter, a lock-out) or
 * the final result. Every decision is told, so each is recorded even when the session then ends by cancel or idle.
 */
export interface Decided {
  type: 'decided';
  sessionId: string;
  atMs: number;
  outcome: 'pass' | 'fail';
  reason: ResultView['reason'];
  /** Attempts decided so far in this session, this one included (a failure that is not the person's adds none). */
  attempts: number;
  /** The local 1:1 score and threshold of the attempt, when a match ran. */
  score: number | null;
  threshold: number | null;
  /** What follows: another attempt offered, the staff counter, the card locked out, or done (a pass). */
  next: 'retry' | 'staff-counter' | 'locked' | 'done';
}

/** The session is over and wiped. `token` is the result signed for the business app's party, when one was. */
export interface Ended {
  type: 'ended';
  sessionId: string;
  atMs: number;
  reason: SessionEndReason;
  /** The summary the staff list shows (outcome, scores, attempts; never who). */
  record: StaffSessionRecord;
  token: string | null;
}

export type SessionEvent = SessionStarted | CardAccepted | Decided | Ended;

/** A listener may be async (records are written to disk); its failure is logged, never thrown at the session. */
export type SessionEventListener = (event: SessionEvent) => void | Promise<void>;

/** Anything that tells session events (the orchestrator). */
export interface SessionEventSource {
  onEvent(listener: SessionEventListener): () => void;
}

export class SessionEvents implements SessionEventSource {
  private readonly listeners = new Set<SessionEventListener>();

  constructor(
    private readonly log: Pick<Logger, 'error'>,
    /** Told every async listener's promise, so the session can wait for them (settled()). */
    private readonly track: (work: Promise<void>) => void = () => undefined,
  ) {}

  onEvent(listener: SessionEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SessionEvent): void {
    for (const listener of this.listeners) {
      try {
        const r = listener(event);
        if (r instanceof Promise) this.track(r.catch((e: unknown) => this.failed(event, e)));
      } catch (e) {
        this.failed(event, e);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }

  private failed(event: SessionEvent, e: unknown): void {
    this.log.error(`session ${event.sessionId}: ${event.type} listener failed: ${errorMessage(e)}`);
  }
}

/** The last few sessions for staff mode, newest first: outcomes and scores, never who. */
export class RecentSessions {
  private readonly records: StaffSessionRecord[] = [];

  constructor(private readonly kept: number) {}

  /** Subscribes to `source`; returns the unsubscribe function. */
  attach(source: SessionEventSource): () => void {
    return source.onEvent((e) => {
      if (e.type !== 'ended') return;
      this.records.push(e.record);
      if (this.records.length > this.kept) this.records.shift();
    });
  }

  newestFirst(): StaffSessionRecord[] {
    return [...this.records].reverse();
  }
}
