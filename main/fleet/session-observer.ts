// Where the fleet meets the session: before a card reaches the session (on the session's card source) the kiosk
// asks the back office whether the card is locked anywhere in the fleet (within a short deadline; offline, its own
// list decides), and the session's typed events (main/session/events.ts) become fleet items: the result of each
// session, and a lock-out decided here, reported at once.
import type { FleetItem, FleetKey, FleetSubject } from '../../common/fleet';
import type { SessionEvent, SessionEventSource } from '../session/events';
import type { LockoutTracker } from '../session/lockout';
import type { CardSource, CardSourceEvent } from '../session/ports';
import { fleetSubjects } from './subject';
import { errorMessage } from '../../common/errors';

export interface FleetLinkPort {
  /** The fleet keys (newest first use); empty before enrolment. */
  keys(): readonly FleetKey[];
  /** The back office's answer for a card, or null when it cannot be had in time. */
  checkLockout(subjects: FleetSubject[]): Promise<{ locked: boolean; until: string | null } | null>;
  /** Tell the back office now (best effort; the queued item carries it otherwise). */
  reportLockout(subject: FleetSubject, until: string): void;
  queue(item: FleetItem): Promise<void>;
  /** Keep, with the session's records, which fleet subjects this card holder has (for erasure orders). */
  noteSubject(sessionId: string, idNumber: string, subjects: FleetSubject[]): Promise<void>;
}

export class FleetSessionObserver {
  /** A session is running (between its start and its end). */
  busy = false;
  /** The fleet subject of the last card handed to the session. */
  private lastDelivered: FleetSubject | null = null;
  private readonly subjects = new Map<string, FleetSubject>();
  /** Card events go on in the order they came, each after the look-up before it. */
  private chain: Promise<void> = Promise.resolve();

  /** Called when a session ends (what waited for an idle moment may go now). */
  onIdle: () => void = () => undefined;

  constructor(
    private readonly link: FleetLinkPort,
    private readonly lockout: LockoutTracker,
    /** Read at each lock (a fleet config may change it while the kiosk runs). */
    private readonly lockMinutes: () => number,
    private readonly log: (line: string) => void,
  ) {}

  cards(source: CardSource): CardSource {
    return {
      subscribe: (listener) =>
        source.subscribe((event: CardSourceEvent) => {
          this.chain = this.chain.then(() => this.deliver(event, listener));
        }),
      requestCard: () => source.requestCard(),
      cancelRequest: () => source.cancelRequest(),
    };
  }

  private async deliver(event: CardSourceEvent, listener: (e: CardSourceEvent) => void): Promise<void> {
    if (event.type === 'card') await this.screen(event.card.idNumber);
    try {
      listener(event);
    } catch (e) {
      this.log(`fleet: card event: ${errorMessage(e)}`);
    }
  }

  /**
   * Asks the fleet about a card before the session is handed it: a lock decided elsewhere becomes a lock in this
   * kiosk's own list, which the session checks when it accepts the card. For the reader's cards (cards()) and for
   * a number staff typed in (manual entry), so neither gets past a fleet lock-out.
   */
  async screen(idNumber: string): Promise<void> {
    if (this.link.keys().length === 0) return;
    const subjects = fleetSubjects(this.link.keys(), idNumber);
    const answer = await this.link.checkLockout(subjects);
    if (answer?.locked && answer.until) {
      this.lockout.noteLock(this.lockout.keyFor(idNumber), Date.parse(answer.until));
      this.log('fleet: card locked out elsewhere in the fleet');
    }
    this.lastDelivered = subjects[0]!;
  }

  /** Turns `source`'s session events into fleet items from now on; returns the unsubscribe function. */
  attach(source: SessionEventSource): () => void {
    return source.onEvent((event) => this.observe(event));
  }

  private observe(event: SessionEvent): void {
    const at = new Date(event.atMs).toISOString();
    const queue = (item: FleetItem): void =>
      void this.link.queue(item).catch((e: unknown) => this.log(`fleet: queue: ${String(e)}`));
    switch (event.type) {
      case 'started':
        this.busy = true;
        this.lastDelivered = null;
        return;
      case 'cardAccepted': {
        const keys = this.link.keys();
        if (keys.length === 0) return;
        const subjects = fleetSubjects(keys, event.idNumber);
        this.subjects.set(event.sessionId, subjects[0]!);
        void this.link
          .noteSubject(event.sessionId, event.idNumber, subjects)
          .catch((e: unknown) => this.log(`fleet: subject note: ${String(e)}`));
        return;
      }
      case 'decided': {
        const subject = this.subjects.get(event.sessionId);
        if (event.next !== 'locked' || !subject) return;
        const until = new Date(event.atMs + this.lockMinutes() * 60_000).toISOString();
        queue({ kind: 'lockout', at, subject, until });
        this.link.reportLockout(subject, until);
        return;
      }
      case 'ended': {
        this.busy = false;
        this.onIdle();
        // A card turned away as locked never became the session's: its subject is the card last handed over.
        const subject =
          this.subjects.get(event.sessionId) ?? (event.reason === 'locked' ? this.lastDelivered : null);
        this.subjects.delete(event.sessionId);
        const outcome = event.record.outcome;
        const decision = event.reason === 'locked' ? 'locked' : outcome;
        if (!decision) return;
        queue({
          kind: 'result',
          sessionId: event.sessionId,
          at,
          decision,
          reason: event.record.resultReason,
          subject: subject ?? null,
        });
        return;
      }
    }
  }
}
