// Keeps what a verification leaves behind in the encrypted records, so data-subject requests can find it: the
// keyed-hash link from a session to the person on the card (RecordsService.linkSubject) and the result (decision,
// score, threshold, attempts — never images or embeddings; RecordsService.saveResult), and the device
// environment checked for the session with its trusted-environment verdict (RecordsService.recordEnvironment).
//
// [Note: why an adapter around the ports] The orchestrator already says what happened through its audit events
// (`card.read`, `match.decided`, `session.ended`) and receives the card through its CardSource; this keeper sits on
// both ports instead of adding a third to the orchestrator. The ID number is held only while the card event is
// being delivered: the orchestrator accepts a card (and logs `card.read`) synchronously inside that delivery, so
// the link is made to exactly the card it accepted, and nothing of the card outlives the call.
import type { EnvironmentCheck } from '../../records/environment-monitor';
import type { RecordsService } from '../../records/service';
import type { Logger } from '../../util/log';
import type { AuditSink, CardSource, CardSourceEvent, SessionAuditEvent } from '../ports';

type Kept = Pick<RecordsService, 'append' | 'linkSubject' | 'saveResult'> &
  Partial<Pick<RecordsService, 'recordEnvironment'>>;

export class SessionRecordKeeper implements AuditSink {
  /** The ID number of the card event being delivered right now, else null. */
  private delivering: string | null = null;
  /** Score and threshold of each running session's last match, until it ends. */
  private readonly scores = new Map<string, { score: number; threshold: number }>();

  constructor(
    private readonly records: Kept,
    private readonly log: Pick<Logger, 'error'>,
    /** The environment check made for the session being started (EnvironmentGate runs it just before). */
    private readonly environment: () => EnvironmentCheck | null = () => null,
  ) {}

  /** The card source the orchestrator should use: the same events, observed while they are delivered. */
  cards(source: CardSource): CardSource {
    return {
      subscribe: (listener) =>
        source.subscribe((event: CardSourceEvent) =>
          this.during(event.type === 'card' ? event.card.idNumber : null, () => listener(event)),
        ),
      requestCard: () => source.requestCard(),
      cancelRequest: () => source.cancelRequest(),
    };
  }

  /**
   * Runs `hand` (which hands a card with this ID number to the orchestrator: a reader event, or staff's manual
   * entry) with the number known to the keeper, so the `card.read` logged inside it links the session.
   */
  during<T>(idNumber: string | null, hand: () => T): T {
    this.delivering = idNumber;
    try {
      return hand();
    } finally {
      this.delivering = null;
    }
  }

  append(event: SessionAuditEvent): Promise<void> {
    const written = this.records.append(event);
    const kept = this.keep(event);
    return Promise.all([written, kept]).then(() => undefined);
  }

  private async keep(event: SessionAuditEvent): Promise<void> {
    try {
      switch (event.type) {
        case 'session.started': {
          const check = this.environment();
          if (check && this.records.recordEnvironment)
            await this.records.recordEnvironment(event.sessionId, check.environment, check.verdict);
          return;
        }
        case 'card.read':
          if (this.delivering) await this.records.linkSubject(event.sessionId, this.delivering);
          return;
        case 'match.decided': {
          const { score, threshold } = event.data;
          if (typeof score === 'number' && typeof threshold === 'number')
            this.scores.set(event.sessionId, { score, threshold });
          return;
        }
        case 'session.ended': {
          const match = this.scores.get(event.sessionId);
          this.scores.delete(event.sessionId);
          const { outcome, attempts, resultReason } = event.data;
          if (outcome !== 'pass' && outcome !== 'fail') return;
          await this.records.saveResult({
            sessionId: event.sessionId,
            decision: outcome,
            ...(match ?? {}),
            ...(typeof attempts === 'number' ? { attempts } : {}),
            ...(typeof resultReason === 'string' ? { reason: resultReason } : {}),
          });
          return;
        }
        default:
          return;
      }
    } catch (e) {
      // A lost link or result must not break the person's session; the audit log still has what happened.
      this.log.error(`session records for ${event.sessionId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
